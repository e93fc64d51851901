// Routing, done once per route at start: fixed paths sit in a map, path templates become one
// regular expression each, ordered from the most specific. A request then costs a map lookup
// (and, for templated paths, a few regular expressions), never a walk over the documents.

/** What the router needs of a route. */
export interface Routable {
  /** Upper-case HTTP method. */
  method: string;
  /** Path template: `{name}` matches one segment, a final `*` matches the rest of the path. */
  path: string;
}

export type RouteMatch<R> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  /** The path exists, not with this method; `allow` lists the methods it has. */
  | { kind: 'method-not-allowed'; allow: string[] }
  /** A path parameter is not well-formed percent-encoding. */
  | { kind: 'malformed' }
  | { kind: 'not-found' };

interface Template<R> {
  pattern: RegExp;
  names: string[];
  /** Characters outside the parameters: more is more specific. */
  literalLength: number;
  methods: Map<string, R>;
}

const PARAM = /\{([^}]+)\}/g;
const escapeRegExp = (text: string) => text.replace(/[.+?^$()|[\]\\]/g, '\\$&');

/** Trailing slashes do not change the route (as openapi-backend and the real servers have it). */
export function normalizePath(path: string): string {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 47) end--;
  return end === path.length ? path : path.slice(0, end);
}

export class Router<R extends Routable> {
  readonly #fixed = new Map<string, Map<string, R>>();
  readonly #templates: Template<R>[] = [];

  add(route: R): void {
    const path = normalizePath(route.path);
    const templated = path.includes('{') || path.endsWith('*');
    // Templates that differ only in parameter names match the same paths: one method each.
    const source = templated ? compile(path).pattern.source : undefined;
    const taken = templated
      ? this.#templates.some((t) => t.pattern.source === source && t.methods.has(route.method))
      : this.#fixed.get(path)?.has(route.method);
    if (taken) throw new Error(`Two routes for ${route.method} ${route.path}`);
    (templated ? this.#template(path).methods : this.#fixedPath(path)).set(route.method, route);
  }

  match(method: string, rawPath: string): RouteMatch<R> {
    const path = normalizePath(rawPath);
    const fixed = this.#fixed.get(path);
    const route = fixed?.get(method);
    if (route) return { kind: 'found', route, params: {} };
    const allow = new Set(fixed?.keys());
    for (const template of this.#templates) {
      const found = template.pattern.exec(path);
      if (!found) continue;
      const candidate = template.methods.get(method);
      if (!candidate) {
        for (const m of template.methods.keys()) allow.add(m);
        continue;
      }
      const params: Record<string, string> = {};
      for (let i = 0; i < template.names.length; i++) {
        const value = decodeSegment(found[i + 1] ?? '');
        if (value === undefined) return { kind: 'malformed' };
        params[template.names[i] as string] = value;
      }
      return { kind: 'found', route: candidate, params };
    }
    return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow] } : { kind: 'not-found' };
  }

  /** The methods a path has (for CORS preflight requests); empty when the path is unknown. */
  methods(rawPath: string): string[] {
    const path = normalizePath(rawPath);
    const allow = new Set(this.#fixed.get(path)?.keys());
    for (const template of this.#templates) {
      if (template.pattern.test(path)) for (const m of template.methods.keys()) allow.add(m);
    }
    return [...allow];
  }

  #fixedPath(path: string): Map<string, R> {
    let methods = this.#fixed.get(path);
    if (!methods) {
      methods = new Map();
      this.#fixed.set(path, methods);
    }
    return methods;
  }

  #template(path: string): Template<R> {
    const compiled = compile(path);
    const existing = this.#templates.find(
      (t) => t.pattern.source === compiled.pattern.source && t.names.join('/') === compiled.names.join('/'),
    );
    if (existing) return existing;
    const template = { ...compiled, methods: new Map<string, R>() };
    this.#templates.push(template);
    this.#templates.sort((a, b) => b.literalLength - a.literalLength);
    return template;
  }
}

function compile(path: string): { pattern: RegExp; names: string[]; literalLength: number } {
  const names: string[] = [];
  const rest = path.endsWith('/*');
  const base = rest ? path.slice(0, -2) : path;
  let source = '';
  let last = 0;
  for (const found of base.matchAll(PARAM)) {
    source += `${escapeRegExp(base.slice(last, found.index))}([^/]+)`;
    names.push(found[1] as string);
    last = found.index + found[0].length;
  }
  source += escapeRegExp(base.slice(last));
  if (rest) {
    source += '(?:/(.*))?';
    names.push('*');
  }
  return {
    pattern: new RegExp(`^${source}$`),
    names,
    literalLength: base.replace(PARAM, '').length,
  };
}

/** A percent-decoded path segment, or undefined when its encoding is malformed. */
export function decodeSegment(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
