import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a request body up to `limit` bytes. Past the limit it stops listening and rejects, so a
 * huge upload costs no more memory than the limit; the caller answers 413 and closes.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

export type ParsedBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'malformed-json'; raw: string; error: string }
  | { kind: 'form'; value: URLSearchParams }
  /** A body whose media type the sandbox does not parse; operations see no body at all. */
  | { kind: 'other'; mediaType: string };

const mediaTypeOf = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/**
 * The one pre-step before spec validation: decode JSON (`application/json`, `*+json`) and form
 * bodies. Anything else is treated like the real services treat it: as no body, which the spec
 * validation then reports.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { kind: 'none' };
  const mediaType = mediaTypeOf(contentType);
  const text = raw.toString('utf8');
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    try {
      return { kind: 'json', value: JSON.parse(text) };
    } catch (error) {
      return { kind: 'malformed-json', raw: text, error: (error as Error).message };
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    return { kind: 'form', value: new URLSearchParams(text) };
  }
  return { kind: 'other', mediaType };
}
