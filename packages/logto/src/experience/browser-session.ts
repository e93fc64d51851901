import type { SessionStrategy } from './client';

/** In a browser the interaction cookie is the browser's business: send it with every call. */
export const browserSession: SessionStrategy = { name: 'browser', requestInit: { credentials: 'include' } };
