// What the runtime needs to know about SFTPGo as a service.
import type { ServiceFacts } from '@authspec/core';

/** SFTPGo error bodies: `{ message, error }`; `error` is left out when there is nothing to add. */
export function describeError(body: unknown): ReturnType<ServiceFacts['describeError']> {
  if (typeof body !== 'object' || body === null) return {};
  const { message, error } = body as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return { code: text(error) ?? text(message), detail: text(message) };
}
