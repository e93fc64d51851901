import { existsSync, readFileSync } from 'node:fs';
import type { Document } from 'openapi-backend';

export type ApiName = 'logto-one-time-tokens' | 'logto-experience' | 'equinix-metal-otp' | 'sftpgo-token';

// The published package carries the documents in dist/spec (next to the built code); in the
// repository, tests run the sources and read packages/sandbox/spec (`pnpm bundle:spec`).
const specUrl = (name: ApiName) => {
  const beside = new URL(`./spec/${name}.json`, import.meta.url);
  return existsSync(beside) ? beside : new URL(`../spec/${name}.json`, import.meta.url);
};

/** Reads the bundled OpenAPI document of one API (`pnpm bundle:spec` writes them). */
export function loadSpec(name: ApiName): Document {
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
