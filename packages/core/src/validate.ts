// Checks of options and hand-written arguments that run before anything is sent. Each failure
// is a ValidationError that names the argument, so a caller sees "id must be a non-empty string",
// not a 404 later. (Operation arguments are checked against their spec, in schema.ts.)
import { ValidationError } from './errors';
import type { ClientOptions, RequestOptions } from './runtime';
import { describe } from './schema';

/**
 * What an HTTP field value may hold (RFC 9110): visible ASCII, space, tab and the Latin-1 range.
 * Anything else (control characters, characters beyond U+00FF) cannot be sent.
 */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** An RFC 9110 token: what a header name or a method name may be. */
export const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** False when a string holds an unpaired surrogate (it cannot be encoded as UTF-8). */
export const isWellFormed: (text: string) => boolean =
  // Native where there is one (Node 20, current browsers); a regular expression elsewhere.
  typeof ('' as WellFormed).isWellFormed === 'function'
    ? (text) => (text as WellFormed).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);
/** `String.prototype.isWellFormed` (ES2024), beyond the ES2022 library the package compiles with. */
type WellFormed = string & { isWellFormed(): boolean };

/** Why a string cannot be sent as a header value, or undefined when it can. */
export function headerValueProblem(text: string): string | undefined {
  if (HEADER_VALUE.test(text)) return undefined;
  if (/[\r\n\0]/.test(text)) return 'must not contain CR, LF or NUL characters';
  // What is left outside the allowed set is either beyond Latin-1 or a control character.
  return [...text].some((c) => (c.codePointAt(0) as number) > 0xff)
    ? 'must contain only Latin-1 characters (it is sent in an HTTP header)'
    : 'must not contain control characters';
}

const fail = (argument: string, problem: string, operationId?: string): never => {
  throw new ValidationError(argument, problem, operationId);
};

/** A non-empty, non-blank string, or a ValidationError naming `argument`. */
export function requireString(value: unknown, argument: string, operationId?: string): string {
  return typeof value === 'string' && value.trim() !== ''
    ? value
    : fail(argument, `must be a non-empty string (got ${describe(value, true)})`, operationId);
}

/** Undefined, or a non-empty string. */
export function optionalString(value: unknown, argument: string, operationId?: string): string | undefined {
  return value === undefined ? undefined : requireString(value, argument, operationId);
}

/** A non-empty string that can be sent in a header. */
export function requireHeaderValue(value: unknown, argument: string, operationId?: string): string {
  const text = requireString(value, argument, operationId);
  const problem = headerValueProblem(text);
  return problem ? fail(argument, problem, operationId) : text;
}

/** A plain object (not null, not an array), or a ValidationError naming `argument`. */
export function requireObject<T extends object>(value: unknown, argument: string, operationId?: string): T {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as T)
    : fail(argument, `must be an object (got ${describe(value, false)})`, operationId);
}

/** One of `allowed`, or a ValidationError naming `argument` and the allowed values. */
export function requireOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  argument: string,
  operationId?: string,
): T {
  return (allowed as readonly unknown[]).includes(value)
    ? (value as T)
    : fail(argument, `must be one of ${allowed.join(', ')} (got ${describe(value, false)})`, operationId);
}

/** Undefined, or a finite number within `rule`. */
export function optionalNumber(
  value: unknown,
  argument: string,
  rule: { min?: number; max?: number; integer?: boolean },
  operationId?: string,
): number | undefined {
  const { min = -Infinity, max = Infinity } = rule;
  if (
    value === undefined ||
    (typeof value === 'number' &&
      (rule.integer ? Number.isInteger(value) : Number.isFinite(value)) &&
      value >= min &&
      value <= max)
  ) {
    return value;
  }
  const range = [min > -Infinity && `>= ${min}`, max < Infinity && `<= ${max}`].filter(Boolean).join(' and ');
  return fail(
    argument,
    `must be ${rule.integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''} (got ${describe(value, false)})`,
    operationId,
  );
}

/** Check a headers object given by the caller; returns a plain copy. */
export function checkHeaders(headers: unknown, argument: string, operationId?: string) {
  if (headers === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(
    requireObject<Record<string, unknown>>(headers, argument, operationId),
  )) {
    const where = `${argument}["${name}"]`;
    if (!HTTP_TOKEN.test(name)) fail(where, 'is not a valid header name', operationId);
    out[name] = requireHeaderValue(value, where, operationId);
  }
  return out;
}

/** The options every client takes, checked before anything is sent. */
export function checkClientOptions(options: ClientOptions): ClientOptions {
  requireObject(options, 'options');
  if (options.fetch !== undefined && typeof options.fetch !== 'function') fail('fetch', 'must be a function');
  if (options.logger !== undefined && typeof options.logger?.debug !== 'function') {
    fail('logger', 'must have a debug(message, details) method');
  }
  optionalNumber(options.timeoutMs, 'timeoutMs', { min: 0 });
  optionalNumber(options.maxRetries, 'maxRetries', { min: 0, integer: true });
  checkHeaders(options.headers, 'headers');
  if (options.userAgent !== undefined) requireHeaderValue(options.userAgent, 'userAgent');
  return options;
}

/** The options of one call, checked; `headers` as a plain copy. */
export function checkRequestOptions(options: unknown, operationId: string): RequestOptions {
  const o = requireObject<RequestOptions>(options, 'options', operationId);
  optionalNumber(o.timeoutMs, 'options.timeoutMs', { min: 0 }, operationId);
  optionalNumber(o.maxRetries, 'options.maxRetries', { min: 0, integer: true }, operationId);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    fail('options.signal', 'must be an AbortSignal', operationId);
  }
  return o.headers === undefined
    ? o
    : { ...o, headers: checkHeaders(o.headers, 'options.headers', operationId) };
}

/** An absolute http(s) URL without credentials, query or fragment; answered without a trailing slash. */
export function checkBaseUrl(value: unknown, argument: string): string {
  const text = requireString(value, argument);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol)) fail(argument, 'must be an absolute http(s) URL');
  if (url?.username || url?.password) fail(argument, 'must not contain credentials');
  if (/[?#]/.test(text)) {
    fail(argument, 'must not contain a query or a fragment (every request would go to the wrong URL)');
  }
  return text.replace(/\/+$/, '');
}
