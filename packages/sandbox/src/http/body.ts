import type { IncomingMessage } from 'node:http';
import { boundaryOf, type MultipartBody, parseMultipart } from './multipart.js';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads a request body up to `limit` bytes. Past the limit it stops listening and rejects, so a
 * huge upload costs no more memory than the limit; the caller answers 413 and closes.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  // Most requests of an API client have no body: answer without waiting for a data event.
  if (declared === '0' || (declared === undefined && req.headers['transfer-encoding'] === undefined)) {
    if (req.complete) return Promise.resolve(EMPTY);
  }
  return new Promise((resolve, reject) => {
    if (declared !== undefined && Number(declared) > limit) {
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
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
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
  | { kind: 'malformed-json'; error: string }
  | { kind: 'form'; value: URLSearchParams }
  | { kind: 'multipart'; value: MultipartBody }
  | { kind: 'malformed-multipart'; error: string }
  /** A body whose media type the sandbox does not parse; operations see no body at all. */
  | { kind: 'other'; mediaType: string };

const mediaTypeOf = (contentType: string | undefined) => {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
};

/**
 * The one pre-step before spec validation: decode JSON (`application/json`, `*+json`), form and
 * multipart bodies. JSON nested deeper than `maxDepth` is refused before it is parsed: a deep enough
 * document costs the parser, the validator and every later reply that would carry it. Anything
 * else is treated like the real services treat it: as no body, which the spec validation then
 * reports.
 */
export function parseBody(raw: Buffer, contentType: string | undefined, maxDepth: number): ParsedBody {
  if (raw.length === 0) return { kind: 'none' };
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    const depth = jsonDepthExceeds(raw, maxDepth);
    if (depth) return { kind: 'malformed-json', error: `JSON nested deeper than ${maxDepth} levels` };
    try {
      return { kind: 'json', value: JSON.parse(raw.toString('utf8')) };
    } catch (error) {
      return { kind: 'malformed-json', error: (error as Error).message };
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    return { kind: 'form', value: new URLSearchParams(raw.toString('utf8')) };
  }
  if (mediaType === 'multipart/form-data') {
    const boundary = boundaryOf(contentType ?? '');
    if (!boundary) return { kind: 'malformed-multipart', error: 'multipart/form-data without a boundary' };
    try {
      return { kind: 'multipart', value: parseMultipart(raw, boundary) };
    } catch (error) {
      return { kind: 'malformed-multipart', error: (error as Error).message };
    }
  }
  return { kind: 'other', mediaType };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** Whether the JSON text opens more than `maxDepth` nested objects or arrays (one linear scan). */
export function jsonDepthExceeds(raw: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
