// The emulator under test, in a child process: @authspec/sandbox on 127.0.0.1 and a free port,
// silent, with an M2M app (its access token obtained once, over HTTP) and an SFTPGo admin
// without TOTP. The parent asks for fresh one-time tokens with `{ type: 'mint', count }`.
import { startSandbox } from '@authspec/sandbox';
import { announceReady, serveRequests } from '../lib/child.mjs';

const sandbox = await startSandbox({ logger: false });
const app = sandbox.addM2mApp();
const response = await fetch(`${sandbox.url}/oidc/token`, {
  method: 'POST',
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    // The Management API's resource indicator on a self-hosted Logto (and so in the sandbox).
    resource: 'https://default.logto.app/api',
    scope: 'all',
  }),
});
if (!response.ok) throw new Error(`token request failed: ${response.status}`);
const { access_token: accessToken } = await response.json();
const admin = sandbox.addSftpgoAdmin({ username: 'bench-admin' });

let minted = 0;
serveRequests(({ type, count }) => {
  if (type !== 'mint') throw new Error(`unknown request ${type}`);
  const tokens = [];
  for (let i = 0; i < count; i++) {
    // A distinct address per token: creating a token scans the address's older tokens.
    const email = `bench-${++minted}@example.com`;
    const { token } = sandbox.createOneTimeToken({ email, expiresIn: 3600 });
    tokens.push({ token, email });
  }
  return tokens;
});
announceReady(
  { url: sandbox.url, accessToken, admin: { username: admin.username, password: admin.password } },
  () => sandbox.close(),
);
