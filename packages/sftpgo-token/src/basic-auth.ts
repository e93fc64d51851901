import { requireString, ValidationError } from '@authspec/core';

/** `Basic base64(username:password)` with both encoded as UTF-8 (RFC 7617). */
export function basicAuthorization(username: unknown, password: unknown, operationId: string): string {
  const user = requireString(username, 'username', operationId);
  const pass = requireString(password, 'password', operationId);
  if (user.includes(':')) {
    throw new ValidationError('username', 'must not contain ":" (HTTP Basic cannot carry it)', operationId);
  }
  const bytes = new TextEncoder().encode(`${user}:${pass}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
