// Distinctive secrets for the sweep, and the check that none of them shows on any surface of a
// failure: message, stack, every property, the cause chain, `util.inspect` at any depth,
// `JSON.stringify`, `String()`, and every logger line.
import { inspect } from 'node:util';
import { expect } from 'vitest';

const known = new Set<string>();

/** A new secret, easy to find wherever it leaks. */
export function secret(label: string): string {
  const value = `S3CR3T-${label.replace(/[^A-Za-z0-9]/g, '')}-${Math.random().toString(36).slice(2, 10)}`;
  known.add(value);
  return value;
}

/** A secret the server made (an access token, a cookie): scrubbed once the client learns it. */
export function learned(value: string): string {
  known.add(value);
  return value;
}

/** A numeric secret (a verification code, a passcode) that cannot be mistaken for anything else. */
export function secretCode(): string {
  const value = String(100_000_000 + Math.floor(Math.random() * 800_000_000));
  known.add(value);
  return value;
}

/** Every secret made so far, and the forms a server may echo them in (Basic credentials). */
export function allSecrets(): string[] {
  return [...known];
}

/** Base64 of `user:password`: what an echoed Basic header shows. */
export function basicForm(username: string, password: string): string {
  const value = Buffer.from(`${username}:${password}`).toString('base64');
  known.add(value);
  return value;
}

/** Everything a log, a report or a debugger could show of a value. */
export function surfaces(value: unknown): string[] {
  const views: string[] = [];
  const add = (text: unknown) => {
    if (typeof text === 'string') views.push(text);
  };
  add(inspect(value, { depth: Infinity, showHidden: true }));
  add(inspect(value, { depth: 0 }));
  try {
    add(JSON.stringify(value));
  } catch (error) {
    add(String(error));
  }
  try {
    add(String(value));
  } catch {
    // An object without toString is fine.
  }
  // Every property, however deep, and the cause chain, read as a program would read them.
  const seen = new Set<unknown>();
  const walk = (node: unknown, depth: number) => {
    if (depth > 12 || node === null || node === undefined) return;
    if (typeof node === 'string') return add(node);
    if (typeof node !== 'object' && typeof node !== 'function') return add(String(node));
    if (seen.has(node)) return;
    seen.add(node);
    if (node instanceof Headers)
      node.forEach((v, k) => {
        add(`${k}: ${v}`);
      });
    if (node instanceof Error) {
      add(node.message);
      add(node.stack);
      walk(node.cause, depth + 1);
    }
    for (const key of Reflect.ownKeys(node)) {
      add(String(key));
      try {
        walk((node as Record<PropertyKey, unknown>)[key], depth + 1);
      } catch {
        // A getter that throws shows nothing.
      }
    }
  };
  walk(value, 0);
  return views;
}

/** No secret made by the sweep appears in any of `views`. */
export function expectNoSecret(views: string[], where: string): void {
  const secrets = allSecrets();
  for (const view of views) {
    const found = secrets.find((s) => view.includes(s));
    if (found) expect.fail(`${where}: a secret (${found.slice(0, 40)}…) shows in: ${view.slice(0, 600)}`);
  }
}
