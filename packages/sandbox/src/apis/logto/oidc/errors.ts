import { json } from '../../../http/reply.js';

/** An OAuth error as oidc-provider answers it: `{ error, error_description }`. */
export const oauthError = <S extends number>(status: S, error: string, description: string) =>
  json(status, { error, error_description: description }, { 'Cache-Control': 'no-store' });
