// Checks of a request's arguments against its operation's schemas, before anything is sent. The
// generator writes each request schema as the subset of JSON Schema read here; what the subset
// leaves out (patterns, formats) is the server's to judge.
import { ValidationError } from './errors';

/** A request schema as the generated operation tables write it: a subset of JSON Schema. */
export type Schema = {
  /** A JSON Schema type, or `binary` for a file (a Blob). */
  readonly type?: string | readonly string[];
  /** Allowed values (`const` is written as a one-value enum). */
  readonly enum?: readonly unknown[];
  /** Fewest characters of a string. */
  readonly minLength?: number;
  /** Most characters of a string. */
  readonly maxLength?: number;
  /** Smallest number allowed. */
  readonly minimum?: number;
  /** Largest number allowed. */
  readonly maximum?: number;
  /** Numbers must be greater. */
  readonly exclusiveMinimum?: number;
  /** Numbers must be smaller. */
  readonly exclusiveMaximum?: number;
  /** Fewest items of an array. */
  readonly minItems?: number;
  /** Most items of an array. */
  readonly maxItems?: number;
  /** Checks of an object's members. */
  readonly properties?: { readonly [name: string]: Schema };
  /** Members an object must have. */
  readonly required?: readonly string[];
  /** Checks of each item of an array. */
  readonly items?: Schema;
  /** The value must match one of these (the spec's oneOf or anyOf). */
  readonly anyOf?: readonly Schema[];
  /** `x-authspec-secret`: the value is a secret; it is never echoed and is scrubbed from errors. */
  readonly secret?: boolean;
};

type Problem = { path: string; problem: string };

/** Throw a ValidationError naming the first place where `value` breaks `schema`. */
export function validate(value: unknown, schema: Schema, path: string, operationId: string): void {
  const found = problemOf(value, schema, path, false);
  if (found) throw new ValidationError(found.path, found.problem, operationId);
}

/** The first problem of `value` against `schema`, or undefined when it fits. */
export function problemOf(
  value: unknown,
  schema: Schema,
  path: string,
  secret: boolean,
): Problem | undefined {
  const hidden = secret || schema.secret === true;
  if (schema.anyOf) {
    const problem = variantProblem(value, schema.anyOf, path, hidden);
    if (problem) return problem;
  }
  if (schema.type !== undefined && !typeMatches(value, schema.type)) {
    return { path, problem: `must be ${article(schema.type)} (got ${describe(value, hidden)})` };
  }
  if (schema.enum && !schema.enum.includes(value)) {
    const allowed = schema.enum.map((v) => JSON.stringify(v)).join(', ');
    return {
      path,
      problem: `must be ${schema.enum.length === 1 ? allowed : `one of ${allowed}`} (got ${describe(value, hidden)})`,
    };
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      return {
        path,
        problem:
          schema.minLength === 1
            ? 'must not be empty'
            : `must be at least ${schema.minLength} characters long`,
      };
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      return { path, problem: `must be at most ${schema.maxLength} characters long (got ${value.length})` };
    }
  } else if (typeof value === 'number') {
    const got = hidden ? '' : ` (got ${value})`;
    if (schema.minimum !== undefined && value < schema.minimum)
      return { path, problem: `must be >= ${schema.minimum}${got}` };
    if (schema.maximum !== undefined && value > schema.maximum)
      return { path, problem: `must be <= ${schema.maximum}${got}` };
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
      return { path, problem: `must be > ${schema.exclusiveMinimum}${got}` };
    }
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
      return { path, problem: `must be < ${schema.exclusiveMaximum}${got}` };
    }
  } else if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      return { path, problem: `must have at least ${schema.minItems} items (got ${value.length})` };
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      return { path, problem: `must have at most ${schema.maxItems} items (got ${value.length})` };
    }
    if (schema.items) {
      for (let i = 0; i < value.length; i++) {
        const problem = problemOf(value[i], schema.items, `${path}[${i}]`, hidden);
        if (problem) return problem;
      }
    }
  } else if (isObject(value)) {
    for (const name of schema.required ?? []) {
      if (value[name] === undefined) return { path: `${path}.${name}`, problem: 'is required' };
    }
    if (schema.properties) {
      for (const name in schema.properties) {
        const child = value[name];
        if (child === undefined) continue;
        const problem = problemOf(child, schema.properties[name] as Schema, `${path}.${name}`, hidden);
        if (problem) return problem;
      }
    }
  }
  return undefined;
}

/**
 * Which of several shapes `value` may take. Shapes told apart by a member with fixed values
 * (`type: 'password'`) get a precise answer: that member's allowed values, or the problem within
 * the one shape it selects.
 */
function variantProblem(value: unknown, variants: readonly Schema[], path: string, secret: boolean) {
  const problems: Problem[] = [];
  for (const variant of variants) {
    const problem = problemOf(value, variant, path, secret);
    if (!problem) return undefined;
    problems.push(problem);
  }
  const tag = isObject(value) ? discriminator(variants) : undefined;
  if (tag && isObject(value)) {
    const index = variants.findIndex((v) => v.properties?.[tag]?.enum?.includes(value[tag]));
    if (index !== -1) return problems[index];
    const allowed = variants.flatMap((v) => v.properties?.[tag]?.enum ?? []);
    return {
      path: `${path}.${tag}`,
      problem: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')} (got ${describe(value[tag], false)})`,
    };
  }
  // The problem found deepest is the most telling.
  return problems.reduce((a, b) => (b.path.length > a.path.length ? b : a));
}

function discriminator(variants: readonly Schema[]): string | undefined {
  const first = variants[0]?.properties;
  if (!first) return undefined;
  for (const name in first) {
    if (variants.every((v) => v.properties?.[name]?.enum && v.required?.includes(name))) return name;
  }
  return undefined;
}

/** Every string value under a secret member of `value` (the member itself or anything inside it). */
export function secretValues(
  value: unknown,
  schema: Schema | undefined,
  out: string[],
  secret = false,
): void {
  if (value === undefined || value === null) return;
  const hidden = secret || schema?.secret === true;
  if (typeof value === 'string') {
    if (hidden) out.push(value);
    return;
  }
  if (typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) secretValues(item, schema?.items, out, hidden);
    return;
  }
  const record = value as Record<string, unknown>;
  // A shape with variants: follow every variant, so a secret member of any of them counts.
  for (const variant of schema?.anyOf ?? []) secretValues(value, variant, out, hidden);
  for (const name in record) secretValues(record[name], schema?.properties?.[name], out, hidden);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typeMatches(value: unknown, type: string | readonly string[]): boolean {
  if (typeof type !== 'string') return type.some((t) => typeMatches(value, t));
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'null':
      return value === null;
    case 'binary':
      return typeof Blob !== 'undefined' && value instanceof Blob;
    default:
      return true;
  }
}

function article(type: string | readonly string[]): string {
  if (typeof type !== 'string') return type.map(article).join(' or ');
  if (type === 'binary') return 'a Blob or File';
  return type === 'integer' || type === 'array' || type === 'object'
    ? `an ${type}`
    : type === 'null'
      ? 'null'
      : `a ${type}`;
}

/** What a rejected value was, for messages; a secret is never shown. */
export function describe(value: unknown, secret: boolean): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    if (secret) return 'a string';
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return secret ? typeof value : String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}
