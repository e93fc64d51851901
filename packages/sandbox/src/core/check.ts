// Checks of what tests hand the sandbox (options, seeds, `add*` inputs, settings). A shape is a
// mapped type over the interface it checks, so the compiler keeps every member of the public
// type and its check together: a member added to one and not the other does not compile.

/** Checks a value found at `path` and answers it typed; throws a TypeError naming the place. */
export type Check<T> = (value: unknown, path: string) => T;

/** One check per member of `T`, optional members included. */
export type Shape<T> = { [K in keyof T]-?: Check<T[K]> };

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)}`;

/** A value of the wrong type is a TypeError; one of the right type but out of range, a RangeError. */
const fail = (path: string, expected: string, value: unknown, Type: typeof TypeError = TypeError): never => {
  throw new Type(`${path} must be ${expected}, got ${describe(value)}`);
};

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const string: Check<string> = (value, path) =>
  typeof value === 'string' ? value : fail(path, 'a string', value);

export const nonEmptyString: Check<string> = (value, path) =>
  typeof value === 'string' && value.trim() !== ''
    ? value
    : fail(path, 'a non-empty string', value, typeof value === 'string' ? RangeError : TypeError);

export const boolean: Check<boolean> = (value, path) =>
  typeof value === 'boolean' ? value : fail(path, 'a boolean', value);

export const positiveNumber: Check<number> = (value, path) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : fail(path, 'a positive number', value, typeof value === 'number' ? RangeError : TypeError);

export const integerIn =
  (min: number, max: number): Check<number> =>
  (value, path) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? (value as number)
      : fail(
          path,
          `an integer from ${min} to ${max}`,
          value,
          typeof value === 'number' ? RangeError : TypeError,
        );

export const absoluteUrl: Check<string> = (value, path) =>
  typeof value === 'string' && URL.canParse(value)
    ? value
    : fail(path, 'an absolute URL', value, typeof value === 'string' ? RangeError : TypeError);

export const literal =
  <const T extends string | number | boolean>(expected: T): Check<T> =>
  (value, path) =>
    value === expected ? expected : fail(path, JSON.stringify(expected), value);

export const oneOf =
  <T extends string>(values: readonly T[]): Check<T> =>
  (value, path) =>
    values.includes(value as T)
      ? (value as T)
      : fail(path, `one of ${values.join(', ')}`, value, typeof value === 'string' ? RangeError : TypeError);

export const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (value, path) =>
    value === undefined ? undefined : check(value, path);

export const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (value, path) =>
    value === null ? null : check(value, path);

/** The first check that accepts the value; the error names every alternative. */
export const either =
  <A, B>(first: Check<A>, second: Check<B>, expected: string): Check<A | B> =>
  (value, path) => {
    for (const check of [first, second] as Check<A | B>[]) {
      try {
        return check(value, path);
      } catch {}
    }
    return fail(path, expected, value);
  };

export const arrayOf =
  <T>(check: Check<T>): Check<T[]> =>
  (value, path) =>
    Array.isArray(value)
      ? value.map((item, i) => check(item, `${path}[${i}]`))
      : fail(path, 'an array', value);

export const anyValue: Check<unknown> = (value) => value;

/** An object with exactly the members of `shape`; an unknown member is an error that names it. */
export const object =
  <T>(shape: Shape<T>): Check<T> =>
  (value, path) => {
    if (!isPlainObject(value)) return fail(path, 'an object', value);
    assertKnownMembers(value, Object.keys(shape), path);
    for (const [name, check] of Object.entries(shape) as [string, Check<unknown>][]) {
      check(value[name], `${path}.${name}`);
    }
    return value as T;
  };

/** Throws for the first member of `value` that is not in `known`, naming it and the known ones. */
export function assertKnownMembers(value: Record<string, unknown>, known: readonly string[], path: string) {
  for (const name of Object.keys(value)) {
    if (!known.includes(name)) {
      throw new TypeError(`${path}: unknown member "${name}" (known: ${known.join(', ')})`);
    }
  }
}
