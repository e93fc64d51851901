#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { Sandbox } from './sandbox.js';
import type { SeededEntities } from './seed.js';

const USAGE = `Usage: authspec-sandbox [--port PORT] [--host HOST] [--seed FILE] [--quiet]

Serves local, stateful emulators of the Logto (one-time tokens, Experience), Equinix Metal OTP
and SFTPGo token APIs on one origin.

Options:
  --port PORT   port to listen on (default 0: a free port, printed at start)
  --host HOST   interface to listen on (default 127.0.0.1)
  --seed FILE   JSON seed of apps, users and accounts (default: the built-in demo seed)
  --quiet       do not log one line per request
  --help        show this help`;

function usageError(message: string): never {
  process.stderr.write(`authspec-sandbox: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function parseOptions() {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  }
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
  if (values.host !== undefined && values.host.trim() === '') usageError('--host must not be empty');
  return { port, host: values.host ?? '127.0.0.1', seed: values.seed, quiet: values.quiet === true };
}

// Printing credentials is the point of the demo seed: this is a local test server.
function describe(sandbox: Sandbox, seeded: SeededEntities): string {
  const lines = [
    `authspec sandbox listening on ${sandbox.url}`,
    `  Logto          ${sandbox.urls.logto}  (/oidc/token, /oidc/auth, /api/one-time-tokens, /api/experience)`,
    `  Equinix Metal  ${sandbox.urls.equinix}`,
    `  SFTPGo         ${sandbox.urls.sftpgo}`,
    '',
    'Credentials (local test data):',
  ];
  for (const app of seeded.m2mApps) {
    lines.push(
      `  Logto M2M app      client_id=${app.clientId} client_secret=${app.clientSecret} scopes=${app.scopes.join(' ')}`,
    );
  }
  for (const user of seeded.users) {
    const parts = [`id=${user.id}`];
    if (user.username) parts.push(`username=${user.username}`);
    if (user.email) parts.push(`email=${user.email}`);
    if (user.password) parts.push(`password=${user.password}`);
    if (user.totpSecret) parts.push(`totp_secret=${user.totpSecret}`);
    if (user.backupCodes) parts.push(`backup_codes=${user.backupCodes.join(',')}`);
    lines.push(`  Logto user         ${parts.join(' ')}`);
  }
  for (const connector of seeded.connectors) {
    const domains = connector.domains.length > 0 ? ` domains=${connector.domains.join(',')}` : '';
    lines.push(
      `  Logto ${connector.kind === 'sso' ? 'SSO' : 'social'} connector ${connector.connectorId}${domains}`,
    );
  }
  for (const user of seeded.equinixUsers) {
    const totp = user.totpSecret ? ` totp_secret=${user.totpSecret}` : '';
    lines.push(
      `  Equinix user       X-Auth-Token=${user.authToken}${totp} recovery_codes=${user.recoveryCodes.join(',')}`,
    );
  }
  for (const account of [...seeded.sftpgoAdmins, ...seeded.sftpgoUsers]) {
    const totp = account.totpSecret ? ` totp_secret=${account.totpSecret}` : '';
    lines.push(
      `  SFTPGo ${account.role.padEnd(12)}username=${account.username} password=${account.password}${totp}`,
    );
  }
  lines.push('', 'Press Ctrl+C to stop.');
  return `${lines.join('\n')}\n`;
}

async function main() {
  const options = parseOptions();
  // Loaded after the flags are checked, so that usage errors answer at once.
  const [{ startSandbox }, { demoSeed }, { consoleLogger }] = await Promise.all([
    import('./sandbox.js'),
    import('./demo-seed.js'),
    import('./log.js'),
  ]);
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      port: options.port,
      host: options.host,
      seed: options.seed ?? demoSeed,
      logger: consoleLogger,
      logRequests: !options.quiet,
    });
  } catch (error) {
    process.stderr.write(`authspec-sandbox: could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(describe(sandbox, sandbox.seeded));
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
