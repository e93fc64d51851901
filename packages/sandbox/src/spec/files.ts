import { existsSync, readFileSync } from 'node:fs';
import type { Document } from 'openapi-backend';

/** The bundled OpenAPI documents the sandbox serves (`pnpm bundle:spec` writes them). */
export type DocumentName =
  | 'logto-one-time-tokens'
  | 'logto-experience'
  | 'equinix-metal-otp'
  | 'sftpgo-token';

// The published package carries the documents in dist/spec (next to the built chunks); in the
// repository, tests run the sources (src/spec/) and read packages/sandbox/spec.
const specUrl = (name: DocumentName) => {
  const beside = new URL(`./spec/${name}.json`, import.meta.url);
  return existsSync(beside) ? beside : new URL(`../../spec/${name}.json`, import.meta.url);
};

/** Reads the bundled OpenAPI document of one API. */
export function loadSpec(name: DocumentName): Document {
  const url = specUrl(name);
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (error) {
    throw new Error(
      `The bundled spec ${url.pathname} is missing; run \`pnpm bundle:spec\` in packages/sandbox (${(error as Error).message})`,
    );
  }
  return JSON.parse(text) as Document;
}
