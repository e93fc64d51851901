// Objects that hold secrets (clients, sessions) show only a safe summary when logged:
// `util.inspect`, `console.log` and `JSON.stringify` all use the view given here.

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Give `target` a secret-free view for `util.inspect`, `JSON.stringify` and `String()`. */
export function withSafeView<T extends object>(
  target: T,
  name: string,
  view: () => Record<string, unknown>,
): T {
  Object.defineProperties(target, {
    toJSON: { value: () => ({ type: name, ...view() }), enumerable: false },
    [INSPECT]: {
      value: (_depth: number, options: object, inspect?: (value: unknown, options: object) => string) =>
        `${name} ${inspect ? inspect(view(), options) : JSON.stringify(view())}`,
      enumerable: false,
    },
    toString: { value: () => `[${name}]`, enumerable: false },
  });
  return target;
}
