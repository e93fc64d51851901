import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePath, ROOT } from '../../scripts/lib/apis.mjs';

export type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  servers?: Array<{ url: string; variables?: Record<string, { default: string; enum?: string[] }> }>;
  security?: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, any>>;
  components?: Record<string, Record<string, any>>;
};

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const cache = new Map<string, OpenApiDocument>();

/** The bundled document of an API, as `pnpm bundle:spec` writes it. */
export function loadBundled(api: string): OpenApiDocument {
  let doc = cache.get(api);
  if (!doc) {
    doc = JSON.parse(readFileSync(join(ROOT, bundlePath(api)), 'utf8')) as OpenApiDocument;
    cache.set(api, doc);
  }
  return doc;
}

export type Operation = { api: string; path: string; method: string; operation: any };

/** Every operation of a bundled document. */
export function operationsOf(api: string): Operation[] {
  const doc = loadBundled(api);
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      if (item[method]) out.push({ api, path, method, operation: item[method] });
    }
  }
  return out;
}

/** Follow a local `#/...` reference inside a bundled document. */
export function deref<T = any>(doc: OpenApiDocument, value: any): T {
  let current = value;
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    current = pointer.reduce(
      (node: any, key: string) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
      doc as any,
    );
  }
  return current as T;
}
