// Argument checks that run before anything is sent. Each failure is a ValidationError that
// names the argument, so a caller sees "id must be a non-empty string", not a 404 later.
import { ValidationError } from './errors';

/**
 * What an HTTP field value may hold (RFC 9110): visible ASCII, space, tab and the Latin-1 range.
 * Anything else (control characters, characters beyond U+00FF) cannot be sent.
 */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False when a string holds an unpaired surrogate (it cannot be encoded as UTF-8). */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Why a string cannot be sent as a header value, or undefined when it can. */
export function headerValueProblem(text: string): string | undefined {
  if (HEADER_VALUE.test(text)) return undefined;
  if (/[\r\n\0]/.test(text)) return 'must not contain CR, LF or NUL characters';
  // What is left outside the allowed set is either a control character or beyond Latin-1.
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code > 0xff) return 'must contain only Latin-1 characters (it is sent in an HTTP header)';
  }
  return 'must not contain control characters';
}
/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A non-empty, non-blank string, or a ValidationError naming `argument`. */
export function requireString(value: unknown, argument: string, operationId?: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(argument, `must be a non-empty string (got ${describe(value)})`, operationId);
  }
  return value;
}

/** Undefined, or a non-empty string. */
export function optionalString(value: unknown, argument: string, operationId?: string): string | undefined {
  return value === undefined ? undefined : requireString(value, argument, operationId);
}

/**
 * A value that goes into a URL path segment. It is percent-encoded when sent; `.` and `..`
 * would still be read as dot-segments by URL parsers, so they cannot name anything.
 */
export function requirePathSegment(value: unknown, argument: string, operationId?: string): string {
  const text = requireString(value, argument, operationId);
  if (text === '.' || text === '..') {
    throw new ValidationError(
      argument,
      `cannot be "${text}" (a dot-segment cannot be sent in a URL path)`,
      operationId,
    );
  }
  return text;
}

/** A value that is sent in a header. */
export function requireHeaderValue(value: unknown, argument: string, operationId?: string): string {
  const text = requireString(value, argument, operationId);
  const problem = headerValueProblem(text);
  if (problem) throw new ValidationError(argument, problem, operationId);
  return text;
}

/** A plain object (not null, not an array), or a ValidationError naming `argument`. */
export function requireObject<T extends object>(value: unknown, argument: string, operationId?: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(argument, `must be an object (got ${describe(value)})`, operationId);
  }
  return value as T;
}

/** One of `allowed`, or a ValidationError naming `argument` and the allowed values. */
export function requireOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  argument: string,
  operationId?: string,
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const got = typeof value === 'string' ? JSON.stringify(value) : describe(value);
    throw new ValidationError(argument, `must be one of ${allowed.join(', ')} (got ${got})`, operationId);
  }
  return value as T;
}

/** Undefined, or a finite number within `rule`. */
export function optionalNumber(
  value: unknown,
  argument: string,
  rule: { min?: number; max?: number; integer?: boolean },
  operationId?: string,
): number | undefined {
  if (value === undefined) return undefined;
  const { min, max } = rule;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (min === undefined || value >= min) &&
    (max === undefined || value <= max);
  if (!ok) {
    const kind = rule.integer ? 'an integer' : 'a number';
    let range = min === undefined ? '' : ` >= ${min}`;
    if (max !== undefined) range += `${range && ' and'} <= ${max}`;
    throw new ValidationError(argument, `must be ${kind}${range} (got ${describe(value)})`, operationId);
  }
  return value as number;
}

/** Check a headers object given by the caller; returns a plain copy. */
export function checkHeaders(
  headers: Record<string, string> | undefined,
  argument: string,
  operationId?: string,
): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  requireObject(headers, argument, operationId);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) {
      throw new ValidationError(`${argument}["${name}"]`, 'is not a valid header name', operationId);
    }
    if (typeof value !== 'string') {
      throw new ValidationError(
        `${argument}["${name}"]`,
        `must be a string (got ${describe(value)})`,
        operationId,
      );
    }
    const problem = headerValueProblem(value);
    if (problem) throw new ValidationError(`${argument}["${name}"]`, problem, operationId);
    out[name] = value;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return value === '' ? 'an empty string' : value.trim() === '' ? 'a blank string' : 'a string';
  return typeof value;
}
