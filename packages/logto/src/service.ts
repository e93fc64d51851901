// What the runtime needs to know about Logto as a service, shared by both Logto APIs.
import type { ServiceFacts } from '@authspec/core';

/** Logto sends the request id to report in this header on every answer. */
export const REQUEST_ID_HEADERS = ['logto-core-request-id'];

/** Logto error bodies: `{ code, message }` (the OAuth token endpoint adds `error`, `error_description`). */
export function describeError(body: unknown): ReturnType<ServiceFacts['describeError']> {
  if (typeof body !== 'object' || body === null) return {};
  const { code, message, error, error_description } = body as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return { code: text(code) ?? text(error), detail: text(message) ?? text(error_description) };
}
