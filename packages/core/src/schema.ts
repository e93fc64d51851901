// Checks of a request's arguments against its operation's schemas, before anything is sent. The
// generator writes each request schema as the subset of JSON Schema read here; what the subset
// leaves out (patterns, formats) is the server's to judge.

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

/** Where a value breaks its schema, and how. */
export type Problem = { path: string; problem: string };

/** The first problem of `value` against `schema`, or undefined when it fits. */
export function problemOf(
  value: unknown,
  schema: Schema,
  path: string,
  secret?: boolean,
): Problem | undefined {
  const hidden = secret || schema.secret;
  const at = (problem: string, where = path) => ({ path: where, problem });
  const got = () => ` (got ${describe(value, hidden)})`;
  const {
    type,
    enum: allowed,
    minLength,
    maxLength,
    minimum = -Infinity,
    maximum = Infinity,
    exclusiveMinimum = -Infinity,
    exclusiveMaximum = Infinity,
    minItems = 0,
    maxItems = Infinity,
  } = schema;
  if (schema.anyOf) {
    const problem = variantProblem(value, schema.anyOf, path, hidden);
    if (problem) return problem;
  }
  if (type !== undefined && !typeMatches(value, type)) return at(`must be ${article(type)}${got()}`);
  if (allowed && !allowed.includes(value)) {
    const list = allowed.map((v) => JSON.stringify(v)).join(', ');
    return at(`must be ${allowed.length === 1 ? list : `one of ${list}`}${got()}`);
  }
  if (typeof value === 'string') {
    if (minLength && value.length < minLength) {
      return at(minLength === 1 ? 'must not be empty' : `must be at least ${minLength} characters long`);
    }
    if (maxLength !== undefined && value.length > maxLength) {
      return at(`must be at most ${maxLength} characters long (got ${value.length})`);
    }
  } else if (typeof value === 'number') {
    const range =
      value < minimum
        ? `>= ${minimum}`
        : value > maximum
          ? `<= ${maximum}`
          : value <= exclusiveMinimum
            ? `> ${exclusiveMinimum}`
            : value >= exclusiveMaximum
              ? `< ${exclusiveMaximum}`
              : '';
    if (range) return at(`must be ${range}${got()}`);
  } else if (Array.isArray(value)) {
    if (value.length < minItems || value.length > maxItems) {
      return at(`must have ${minItems} to ${maxItems} items (got ${value.length})`);
    }
    for (let i = 0; i < value.length && schema.items; i++) {
      const problem = problemOf(value[i], schema.items, `${path}[${i}]`, hidden);
      if (problem) return problem;
    }
  } else if (isObject(value)) {
    for (const name of schema.required ?? [])
      if (value[name] === undefined) return at('is required', `${path}.${name}`);
    for (const name in schema.properties) {
      const child = value[name];
      const problem =
        child === undefined
          ? undefined
          : problemOf(child, schema.properties[name] as Schema, `${path}.${name}`, hidden);
      if (problem) return problem;
    }
  }
  return undefined;
}

/**
 * Which of several shapes `value` may take. Shapes told apart by a member with fixed values
 * (`type: 'password'`) get a precise answer: that member's allowed values, or the problem within
 * the one shape it selects. Otherwise the problem found deepest is the most telling.
 */
function variantProblem(value: unknown, variants: readonly Schema[], path: string, secret?: boolean) {
  const problems: Problem[] = [];
  for (const variant of variants) {
    const problem = problemOf(value, variant, path, secret);
    if (!problem) return undefined;
    problems.push(problem);
  }
  const first = variants[0]?.properties ?? {};
  const tag = Object.keys(first).find((name) =>
    variants.every((v) => v.properties?.[name]?.enum && v.required?.includes(name)),
  );
  if (tag && isObject(value)) {
    const index = variants.findIndex((v) => v.properties?.[tag]?.enum?.includes(value[tag]));
    if (index !== -1) return problems[index];
    const allowed = variants.flatMap((v) => v.properties?.[tag]?.enum ?? []);
    return {
      path: `${path}.${tag}`,
      problem: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')} (got ${describe(value[tag], false)})`,
    };
  }
  return problems.reduce((a, b) => (b.path.length > a.path.length ? b : a));
}

/** Every string value under a secret member of `value` (the member itself or anything inside it). */
export function secretValues(
  value: unknown,
  schema: Schema | undefined,
  out: string[],
  secret?: boolean,
): void {
  const hidden = secret || schema?.secret;
  if (typeof value === 'string') {
    if (hidden) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) secretValues(item, schema?.items, out, hidden);
  } else if (isObject(value)) {
    // A shape with variants: follow every variant, so a secret member of any of them counts.
    for (const variant of schema?.anyOf ?? []) secretValues(value, variant, out, hidden);
    for (const name in value) secretValues(value[name], schema?.properties?.[name], out, hidden);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typeMatches(value: unknown, type: string | readonly string[]): boolean {
  if (typeof type !== 'string') return type.some((t) => typeMatches(value, t));
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'number') return Number.isFinite(value);
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return isObject(value);
  if (type === 'null') return value === null;
  if (type === 'binary') return typeof Blob !== 'undefined' && value instanceof Blob;
  return typeof value === type;
}

function article(type: string | readonly string[]): string {
  if (typeof type !== 'string') return type.map(article).join(' or ');
  if (type === 'binary') return 'a Blob or File';
  return type === 'null' ? type : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** What a rejected value was, for messages; a secret is never shown. */
export function describe(value: unknown, secret?: boolean): string {
  if (typeof value === 'string') {
    if (value.trim() === '') return value === '' ? 'an empty string' : 'a blank string';
    return secret ? 'a string' : JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean')
    return secret ? `a ${typeof value}` : String(value);
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
