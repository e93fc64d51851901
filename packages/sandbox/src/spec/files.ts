import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document } from 'openapi-backend';

/** The bundled OpenAPI documents the sandbox serves (`pnpm bundle:spec` writes them). */
export type DocumentName =
  | 'logto-one-time-tokens'
  | 'logto-experience'
  | 'equinix-metal-otp'
  | 'sftpgo-token';

// The published package carries the documents in dist/spec (next to the built chunks); in the
// repository, tests run the sources (src/spec/) and read packages/sandbox/spec.
// Joined paths, not `new URL(relative, import.meta.url)`: Vite rewrites that pattern into an asset
// URL of the page when it transforms this file for a jsdom test (the MSW handlers there).
const here = dirname(fileURLToPath(import.meta.url));
const specPath = (name: DocumentName) => {
  const beside = join(here, 'spec', `${name}.json`);
  return existsSync(beside) ? beside : join(here, '..', '..', 'spec', `${name}.json`);
};

/** Reads the bundled OpenAPI document of one API. */
export function loadSpec(name: DocumentName): Document {
  const path = specPath(name);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `The bundled spec ${path} is missing; run \`pnpm bundle:spec\` in packages/sandbox (${(error as Error).message})`,
    );
  }
  return JSON.parse(text) as Document;
}
