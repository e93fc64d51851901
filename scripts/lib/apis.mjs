// The registry of API documents: which spec file each one is, and which package owns its
// generated types. redocly.yaml declares the same APIs for linting and bundling; a test keeps
// the two (and each package's turbo inputs) in agreement.
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * @typedef {object} ApiEntry
 * @property {string} name        the document's name in redocly.yaml
 * @property {string} title       what generated files call it
 * @property {string} spec        the YAML document
 * @property {string} packageDir  the package that owns the generated code
 * @property {string} output      the generated types (openapi-typescript)
 * @property {string} operations  the generated operation table, input/result types and documented methods
 * @property {string} prefix      the prefix of generated names (`${prefix}OperationMethods`, …)
 * @property {'client' | 'per-call'} [bearer] who supplies an HTTP bearer token: the client (default) or each call (`accessToken`)
 */

/** @type {ApiEntry[]} */
export const APIS = [
  {
    name: 'logto-one-time-tokens',
    title: 'Logto Management API: one-time tokens',
    spec: 'spec/logto-one-time-tokens.yaml',
    packageDir: 'packages/logto',
    output: 'packages/logto/src/generated/one-time-tokens.ts',
    operations: 'packages/logto/src/generated/one-time-tokens.operations.ts',
    prefix: 'OneTimeTokens',
  },
  {
    name: 'logto-experience',
    title: 'Logto Experience API',
    spec: 'spec/logto-experience.yaml',
    packageDir: 'packages/logto',
    output: 'packages/logto/src/generated/experience.ts',
    operations: 'packages/logto/src/generated/experience.operations.ts',
    prefix: 'Experience',
  },
  {
    name: 'equinix-metal-otp',
    title: 'Equinix Metal API: OTPs',
    spec: 'spec/equinix-metal-otp.yaml',
    packageDir: 'packages/equinix-otp',
    output: 'packages/equinix-otp/src/generated/equinix-metal-otp.ts',
    operations: 'packages/equinix-otp/src/generated/equinix-metal-otp.operations.ts',
    prefix: 'EquinixOtp',
  },
  {
    name: 'sftpgo-token',
    title: 'SFTPGo REST API: token',
    spec: 'spec/sftpgo-token.yaml',
    packageDir: 'packages/sftpgo-token',
    output: 'packages/sftpgo-token/src/generated/sftpgo-token.ts',
    operations: 'packages/sftpgo-token/src/generated/sftpgo-token.operations.ts',
    prefix: 'SftpgoToken',
    bearer: 'per-call',
  },
];

/** Where `pnpm bundle:spec` writes the bundled JSON of an API (git-ignored). */
export const bundlePath = (name) => `build/spec/${name}.json`;

/**
 * Resolve command-line API names to registry entries; unknown names are an error that lists
 * the valid ones.
 * @param {string[]} names
 * @returns {ApiEntry[]}
 */
export function selectApis(names) {
  if (names.length === 0) return APIS;
  return names.map((name) => {
    const api = APIS.find((a) => a.name === name);
    if (!api) {
      throw new Error(`Unknown API "${name}". Known APIs: ${APIS.map((a) => a.name).join(', ')}`);
    }
    return api;
  });
}
