// Try the page by hand: the sandbox (demo accounts) serving the built page at /sign-in/.
//   pnpm --filter @authspec/example-sign-in build && pnpm --filter @authspec/example-sign-in start
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { demoSeed, startSandbox } from '@authspec/sandbox';

const port = Number(process.env.PORT ?? 4000);
const sandbox = await startSandbox({
  port,
  publicHost: 'localhost',
  seed: demoSeed,
  signInPage: fileURLToPath(new URL('./dist', import.meta.url)),
});
const params = new URLSearchParams({
  client_id: 'sign-in-example',
  redirect_uri: `${sandbox.url}/sign-in/callback`,
  response_type: 'code',
  scope: 'openid profile',
  state: 'try-it',
  // The demo seed registers sign-in-example as a SPA: a public client, so PKCE is required.
  code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
  code_challenge_method: 'S256',
});
console.log(`Open ${sandbox.url}/oidc/auth?${params}`);
console.log(
  'Accounts: ada / correct-horse-battery-staple; grace / another-long-passphrase (TOTP: see below)',
);
for (const user of sandbox.seeded.users)
  if (user.totpSecret) console.log(`  ${user.username} TOTP secret ${user.totpSecret}`);
console.log(
  'Codes and magic-link tokens are not mailed: they appear in the sandbox outbox (see packages/sandbox).',
);
const stop = () => sandbox.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
