#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { Sandbox } from './sandbox.js';

const USAGE = `Usage: authspec-sandbox [--port PORT] [--host HOST] [--seed FILE] [--quiet]
                        [--public-host HOST] [--sign-in-page DIR] [--cors-origin ORIGIN]...

Serves local, stateful emulators of the Logto (one-time tokens, Experience), Equinix Metal OTP
and SFTPGo token APIs on one origin.

Options:
  --port PORT           port to listen on (default 0: a free port, printed at start)
  --host HOST           interface to listen on (default 127.0.0.1)
  --seed FILE           JSON seed of apps, users and accounts (default: the built-in demo seed)
  --public-host HOST    host name in the URLs the sandbox hands out (e.g. localhost, for WebAuthn)
  --sign-in-page DIR    a built sign-in page to serve at /sign-in/, same-origin with the APIs
  --cors-origin ORIGIN  let pages of ORIGIN call the sandbox from a browser (repeatable; * = any)
  --quiet               do not log one line per request
  --help                show this help`;

function usageError(message: string): never {
  process.stderr.write(`authspec-sandbox: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'public-host': { type: 'string' },
      'sign-in-page': { type: 'string' },
      'cors-origin': { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

function parseOptions() {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || !Number.isInteger(port) || port > 65535) {
    usageError(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  for (const flag of ['host', 'public-host', 'sign-in-page'] as const) {
    if (values[flag] !== undefined && values[flag].trim() === '') usageError(`--${flag} must not be empty`);
  }
  const corsOrigins = values['cors-origin'] ?? [];
  for (const origin of corsOrigins) {
    if (origin !== '*' && !URL.canParse(origin))
      usageError(`--cors-origin must be an origin or *, got "${origin}"`);
  }
  return {
    port,
    host: values.host ?? '127.0.0.1',
    seed: values.seed,
    publicHost: values['public-host'],
    signInPage: values['sign-in-page'],
    corsOrigins,
    quiet: values.quiet === true,
  };
}

async function main() {
  const options = parseOptions();
  // Loaded after the flags are checked, so that usage errors answer at once.
  const [{ startSandbox }, { demoSeed }, { consoleLogger }, { describeSandbox }] = await Promise.all([
    import('./sandbox.js'),
    import('./demo-seed.js'),
    import('./core/log.js'),
    import('./describe.js'),
  ]);
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      port: options.port,
      host: options.host,
      seed: options.seed ?? demoSeed,
      logger: consoleLogger,
      logRequests: !options.quiet,
      ...(options.publicHost ? { publicHost: options.publicHost } : {}),
      ...(options.signInPage ? { signInPage: options.signInPage } : {}),
      corsOrigins: options.corsOrigins,
    });
  } catch (error) {
    process.stderr.write(`authspec-sandbox: could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(describeSandbox(sandbox, options));
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`authspec-sandbox: ${signal}, stopping\n`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
