// A client keeps how its requests travel (base URL, headers, fetch, authentication) under a
// symbol, so that the openapi-fetch escape hatch (`@authspec/core/api`) can send requests the
// same way without being part of the client's own bundle.
import { ValidationError } from './errors';
import type { Transport } from './runtime';

const TRANSPORT = Symbol.for('@authspec/core.transport');

/** Attach a runtime's transport to the client object built on it. */
export function withTransport<T extends object>(client: T, transport: Transport): T {
  Object.defineProperty(client, TRANSPORT, { value: transport, enumerable: false });
  return client;
}

/** The transport of a client made by an @authspec package. */
export function transportOf(client: unknown): Transport {
  const transport =
    typeof client === 'object' && client !== null
      ? (client as { [TRANSPORT]?: Transport })[TRANSPORT]
      : undefined;
  if (!transport) throw new ValidationError('client', 'must be a client created by an @authspec package');
  return transport;
}
