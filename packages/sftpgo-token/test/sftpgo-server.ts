// A local HTTP server that answers the token API exactly as the SFTPGo 2.7 source does (see the
// spec's descriptions): 401 "invalid credentials" for every failed login, the four Bearer failure
// messages, revocation (a second logout answers 401), tokens bound to the client address and
// accepted 30 s past expiry, single-use passcodes (one step either side, SHA-1/256/512), the
// defender (403 for a banned address, 429 with Retry-After and X-Retry-In), and a clock of its
// own, so that a test can put the server ahead of or behind the client.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOTP } from 'otpauth';

export type Account = {
  username: string;
  password: string;
  role: 'admin' | 'user';
  /** Base32 TOTP secret: the account has 2FA (for HTTP). */
  totpSecret?: string;
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
};

export type SftpgoServerOptions = {
  accounts: Account[];
  /** The server's clock minus the client's, in milliseconds. */
  skewMs?: number;
  /** Token lifetime (`jwt_lifetime`), in milliseconds. */
  lifetimeMs?: number;
  /** TOTP step in seconds (SFTPGo uses 30; tests use less). */
  period?: number;
};

type Issued = { role: 'admin' | 'user'; username: string; expiresAt: number; address: string };

export type SftpgoServer = Awaited<ReturnType<typeof startSftpgo>>;

export async function startSftpgo(options: SftpgoServerOptions) {
  const lifetimeMs = options.lifetimeMs ?? 20 * 60_000;
  const period = options.period ?? 30;
  const tokens = new Map<string, Issued>();
  const revoked = new Set<string>();
  const spent = new Map<string, number>(); // username:passcode → server time it was spent
  const state = {
    skewMs: options.skewMs ?? 0,
    /** The address the server sees the client at (tokens are bound to it). */
    clientAddress: '127.0.0.1',
    /** Answer the next logins 429 for this long (ms), with Retry-After and X-Retry-In. */
    rateLimitForMs: 0,
    /** Refuse every request from the client's address with the defender's 403. */
    banned: false,
    /** Revoke on the next logout, but cut the connection before answering. */
    dropNextLogoutAnswer: false,
    logins: [] as Array<{ path: string; passcode: string | undefined; status: number }>,
    logouts: [] as Array<{ token: string; status: number }>,
  };
  const serverNow = () => Date.now() + state.skewMs;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'Content-Type': 'application/json',
      Date: new Date(serverNow()).toUTCString(),
      ...headers,
    });
    res.end(JSON.stringify(body));
  };
  const unauthorized = (res: ServerResponse, message: string, error?: string) =>
    send(res, 401, error === undefined ? { message } : { message, error });

  function totp(account: Account) {
    return new TOTP({
      secret: account.totpSecret,
      period,
      digits: 6,
      algorithm: account.algorithm ?? 'SHA1',
    });
  }

  function login(req: IncomingMessage, res: ServerResponse, role: 'admin' | 'user', path: string) {
    const passcode = header(req, 'x-sftpgo-otp');
    const record = (status: number) => state.logins.push({ path, passcode, status });
    // The defender acts before anything else: the passcode stays unspent.
    if (state.banned) {
      record(403);
      return send(res, 403, { message: '', error: 'your IP address is blocked' });
    }
    if (state.rateLimitForMs > 0) {
      const waitMs = state.rateLimitForMs;
      state.rateLimitForMs = 0;
      record(429);
      return send(
        res,
        429,
        { message: 'Too Many Requests', error: 'rate limit exceeded' },
        { 'Retry-After': String(Math.ceil(waitMs / 1000)), 'X-Retry-In': `${(waitMs / 1000).toFixed(1)}s` },
      );
    }
    const basic = /^Basic (.+)$/.exec(header(req, 'authorization') ?? '');
    if (!basic) {
      record(401);
      res.setHeader('WWW-Authenticate', 'Basic realm="SFTPGo"');
      return unauthorized(res, 'Unauthorized');
    }
    const [username, ...rest] = Buffer.from(basic[1] as string, 'base64')
      .toString('utf8')
      .split(':');
    const account = options.accounts.find((a) => a.username === username && a.role === role);
    const fail = () => {
      record(401);
      res.setHeader('WWW-Authenticate', 'Basic realm="SFTPGo"');
      unauthorized(res, 'Unauthorized', 'invalid credentials');
    };
    // The password is checked before the passcode, so a wrong password spends no passcode.
    if (!account || rest.join(':') !== account.password) return fail();
    if (account.totpSecret) {
      const key = `${username}:${passcode}`;
      for (const [k, at] of spent) if (serverNow() - at > 2 * 60_000) spent.delete(k);
      const valid =
        passcode !== undefined &&
        totp(account).validate({ token: passcode, timestamp: serverNow(), window: 1 }) !== null;
      if (!valid || spent.has(key)) return fail();
      spent.set(key, serverNow());
    }
    const token = `jwt-${randomBytes(12).toString('hex')}`;
    // Whole seconds, in UTC, on the server's clock.
    const expiresAt = Math.floor((serverNow() + lifetimeMs) / 1000) * 1000;
    tokens.set(token, { role, username: username as string, expiresAt, address: state.clientAddress });
    record(200);
    return send(res, 200, {
      access_token: token,
      expires_at: new Date(expiresAt).toISOString().replace('.000Z', 'Z'),
    });
  }

  /** The Bearer checks of SFTPGo's middleware, in its order. */
  function bearer(req: IncomingMessage, res: ServerResponse, role: 'admin' | 'user'): string | undefined {
    if (state.banned) {
      send(res, 403, { message: '', error: 'your IP address is blocked' });
      return undefined;
    }
    const token = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1];
    const issued = token ? tokens.get(token) : undefined;
    if (!token || !issued) {
      unauthorized(res, 'Unauthorized', token ? 'token is malformed' : 'no token found');
      return undefined;
    }
    // Accepted up to 30 s past its expiry.
    if (serverNow() > issued.expiresAt + 30_000) {
      unauthorized(res, 'Unauthorized', 'token is expired');
      return undefined;
    }
    if (revoked.has(token)) {
      unauthorized(res, 'Your token is no longer valid');
      return undefined;
    }
    if (issued.role !== role) {
      unauthorized(res, 'Your token audience is not valid');
      return undefined;
    }
    if (issued.address !== state.clientAddress) {
      unauthorized(res, 'Your token is not valid');
      return undefined;
    }
    return token;
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]?.replace(/\/+$/, '') ?? '';
    const roleOf = (admin: string, user: string) =>
      path === admin ? 'admin' : path === user ? 'user' : undefined;
    const loginRole = roleOf('/api/v2/token', '/api/v2/user/token');
    if (loginRole) return login(req, res, loginRole, path);
    const logoutRole = roleOf('/api/v2/logout', '/api/v2/user/logout');
    if (logoutRole) {
      const token = bearer(req, res, logoutRole);
      const sent = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1] ?? '';
      if (!token) return state.logouts.push({ token: sent, status: res.statusCode });
      revoked.add(token);
      state.logouts.push({ token, status: 200 });
      if (state.dropNextLogoutAnswer) {
        state.dropNextLogoutAnswer = false;
        return req.socket.destroy();
      }
      return send(res, 200, { message: 'Your token has been invalidated' });
    }
    const profileRole = roleOf('/api/v2/admin/profile', '/api/v2/user/profile');
    if (profileRole) {
      if (!bearer(req, res, profileRole)) return;
      return send(res, 200, { email: 'someone@example.com', description: '', allow_api_key_auth: false });
    }
    return send(res, 404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v2`,
    state,
    /** The current passcode of an account, on the server's clock. */
    passcode: (account: Account) => totp(account).generate({ timestamp: serverNow() }),
    isRevoked: (token: string) => revoked.has(token),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
