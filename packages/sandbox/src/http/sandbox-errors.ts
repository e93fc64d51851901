import type { MountErrors } from '../module.js';
import { json } from './reply.js';

/** The sandbox's own error shape, for paths no emulated API claims (and its own pages). */
export const sandboxErrors: MountErrors = {
  notFound: () => json(404, { error: 'not_found', message: 'Not Found' }),
  methodNotAllowed: () => json(405, { error: 'method_not_allowed', message: 'Method Not Allowed' }),
  badRequest: (message) => json(400, { error: 'bad_request', message }),
  payloadTooLarge: (limit) =>
    json(413, { error: 'payload_too_large', message: `Request body exceeds ${limit} bytes` }),
  internalError: () => json(500, { error: 'internal_error', message: 'Internal server error' }),
};
