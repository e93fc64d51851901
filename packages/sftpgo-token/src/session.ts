// A session that keeps a valid SFTPGo access token: it logs in with HTTP Basic (and a TOTP
// passcode when the account has 2FA), renews the token before it expires, and sends any other
// request with it through the shared runtime (timeouts, safe retries, typed errors, redaction).
import {
  AuthspecError,
  type ClientOptions,
  createRuntime,
  headerValueProblem,
  type RequestOptions,
  renewalTime,
  renewingBearer,
  requireObject,
  requireOneOf,
  requireString,
  SecretValues,
  sleep,
  ValidationError,
  withSafeView,
} from '@authspec/core';
import { generateTOTP } from '@epic-web/totp';
import { name, version } from '../package.json';
import { sftpgoTokenSecrets } from './generated/sftpgo-token.operations';
import { describeError } from './service';
import { createSftpgoTokenClient, type Token } from './token-client';

/** SFTPGo tokens are not refreshed; a new one is requested this long before `expires_at`. */
const RENEW_BEFORE_MS = 60_000;

/** Which token endpoint the session logs in at: `/token` (admin) or `/user/token` (user). */
export type SftpgoRole = 'admin' | 'user';

/** How passcodes are computed from a TOTP secret. */
export type TotpSettings = {
  /** Base32 secret, as SFTPGo shows it when two-factor authentication is set up. */
  secret: string;
  /** Seconds per code (SFTPGo uses 30). */
  period?: number;
  /** Digits per code (SFTPGo uses 6). */
  digits?: number;
  /** The HMAC hash of the server's TOTP configuration (default SHA1). */
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
};

/** Options of `createSftpgoSession`: the account, its second factor, and the options every client takes. */
export type SftpgoSessionOptions = ClientOptions & {
  /** The REST API base, e.g. `https://sftpgo.example.com/api/v2`. */
  baseUrl: string;
  /** The admin's or user's name. */
  username: string;
  /** The admin's or user's password. */
  password: string;
  /** Log in as an admin (`/token`) or a user (`/user/token`). */
  role: SftpgoRole;
  /** The passcode, or a function that supplies the current one (each token request needs a fresh code). */
  otp?: string | (() => string | Promise<string>);
  /** Compute the RFC 6238 passcode from the account's TOTP secret instead. */
  totpSecret?: string | TotpSettings;
};

/** A logged-in SFTPGo account whose access token is kept valid. */
export type SftpgoSession = {
  /** A valid access token: the cached one until 60 s before it expires, then a new one. */
  getAccessToken(options?: RequestOptions): Promise<string>;
  /**
   * Call any other SFTPGo REST endpoint with the session's Bearer token, like `fetch`. `input` is
   * a path relative to `baseUrl` (e.g. `/user/profile`) or an absolute URL on the same server.
   * On a 401 the token is renewed once and the request repeated (when its body can be sent
   * again). Any HTTP status resolves; network failures, timeouts and aborts reject with typed errors.
   */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  /** Invalidate the current token on the server (Logout or ClientLogout) and forget it. */
  logout(options?: RequestOptions): Promise<void>;
  /** The role the session logs in as. */
  readonly role: SftpgoRole;
  /** The account the session logs in as. */
  readonly username: string;
};

/** Create a session for one SFTPGo admin or user. */
export function createSftpgoSession(options: SftpgoSessionOptions): SftpgoSession {
  requireObject(options, 'options');
  const role = requireOneOf(options.role, ['admin', 'user'] as const, 'role');
  const username = requireString(options.username, 'username');
  const password = requireString(options.password, 'password');
  if (options.otp !== undefined && options.totpSecret !== undefined) {
    throw new ValidationError('otp', 'cannot be combined with totpSecret');
  }
  if (options.otp !== undefined && typeof options.otp !== 'function') requireString(options.otp, 'otp');
  const passcodes = options.totpSecret === undefined ? undefined : totpSource(options.totpSecret);
  const tokens = createSftpgoTokenClient(options);
  const secrets = new SecretValues().add(password);

  async function passcode(): Promise<string | undefined> {
    if (passcodes) return passcodes.next();
    if (typeof options.otp === 'function') return requireString(await options.otp(), 'otp()');
    return options.otp;
  }

  // One renewal serves every caller waiting for it, so it runs with the session's own
  // options; a caller's signal only stops that caller from waiting.
  const bearer = renewingBearer(async () => {
    const otp = await passcode();
    const credentials = { username, password, ...(otp === undefined ? {} : { otp }) };
    const obtainedAt = Date.now();
    const token =
      role === 'admin' ? await tokens.getToken(credentials) : await tokens.getUserToken(credentials);
    const renewing = expiringToken(token, obtainedAt);
    secrets.addRotating(renewing.value);
    return renewing;
  });
  const runtime = createRuntime({
    package: { name, version },
    baseUrl: tokens.baseUrl,
    options,
    service: { secrets: sftpgoTokenSecrets, describeError },
    secrets,
    authenticate: bearer.authenticate,
    onUnauthorized: bearer.onUnauthorized,
  });
  const origin = new URL(tokens.baseUrl).origin;

  function resolve(input: string | URL): string {
    let url: URL;
    try {
      url =
        input instanceof URL || /^https?:\/\//i.test(String(input))
          ? new URL(input)
          : new URL(`${tokens.baseUrl}${String(input).startsWith('/') ? '' : '/'}${input}`);
    } catch {
      throw new ValidationError('input', 'must be a path or an absolute http(s) URL', 'SessionFetch');
    }
    // Never hand the Bearer token to another server.
    if (url.origin !== origin) throw new ValidationError('input', `must be on ${origin}`, 'SessionFetch');
    return url.toString();
  }

  const session: SftpgoSession = {
    role,
    username,
    getAccessToken: (requestOptions) => bearer.token.get(requestOptions?.signal),
    async fetch(input, init = {}) {
      const url = resolve(input);
      const headers: Record<string, string> = {};
      for (const [key, value] of new Headers(checkedHeaders(init.headers))) headers[key] = value;
      const method = (init.method ?? 'GET').toUpperCase();
      // A stream can be sent only once, so such a request is never repeated.
      const replayable = !(init.body instanceof ReadableStream);
      const { response } = await runtime.request(
        {
          operationId: 'SessionFetch',
          method,
          url,
          headers,
          ...(init.body == null ? {} : { body: init.body }),
          ...(replayable ? {} : { idempotent: false }),
          accept: () => true,
          read: 'response',
          auth: true,
          ...(init.redirect ? { redirect: init.redirect } : {}),
        },
        init.signal ? { signal: init.signal } : undefined,
      );
      return response;
    },
    async logout(requestOptions) {
      const current = bearer.token.peek();
      if (current === undefined) return;
      bearer.token.invalidate(current);
      const logout = role === 'admin' ? tokens.logout : tokens.clientLogout;
      await logout({ accessToken: current }, requestOptions);
    },
  };
  return withSafeView(session, 'SftpgoSession', () => ({
    baseUrl: tokens.baseUrl,
    username,
    role,
    hasToken: bearer.token.peek() !== undefined,
  }));
}

/** `init.headers` as something `new Headers()` accepts, every value checked first. */
function checkedHeaders(headers: HeadersInit | undefined): HeadersInit | undefined {
  if (headers === undefined || headers instanceof Headers) return headers;
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  for (const entry of entries) {
    const [key, value] = entry as [string, unknown];
    const problem = typeof value === 'string' ? headerValueProblem(value) : 'must be a string';
    if (problem) throw new ValidationError(`init.headers["${key}"]`, problem, 'SessionFetch');
  }
  return headers;
}

function expiringToken(token: Token, obtainedAt: number) {
  const value = token?.access_token;
  const expiresAt = typeof token?.expires_at === 'string' ? Date.parse(token.expires_at) : Number.NaN;
  if (typeof value !== 'string' || !value || Number.isNaN(expiresAt)) {
    throw new AuthspecError('SFTPGo answered a token without access_token or a valid expires_at');
  }
  return { value, renewAt: renewalTime(obtainedAt, expiresAt, RENEW_BEFORE_MS) };
}

/**
 * TOTP passcodes from a secret, never the same one twice: SFTPGo refuses a passcode it has
 * seen, so a second token within one time step waits for the next step.
 */
function totpSource(settings: string | TotpSettings) {
  const s = typeof settings === 'string' ? { secret: settings } : settings;
  const secret = requireString(s.secret, 'totpSecret').replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z2-7]+=*$/.test(secret)) throw new ValidationError('totpSecret', 'must be a Base32 TOTP secret');
  const period = s.period ?? 30;
  const options = {
    secret,
    period,
    digits: s.digits ?? 6,
    algorithm: ({ SHA1: 'SHA-1', SHA256: 'SHA-256', SHA512: 'SHA-512' } as const)[s.algorithm ?? 'SHA1'],
  };
  const periodMs = period * 1000;
  const stepNow = () => Math.floor(Date.now() / periodMs);
  let lastStep = -1;
  return {
    async next(): Promise<string> {
      if (stepNow() <= lastStep) await sleep((lastStep + 1) * periodMs - Date.now());
      const { otp } = await generateTOTP(options);
      // Taken after generating: if a step boundary passed meanwhile, the code may belong to the
      // later step, and the next code must come from a step after that.
      lastStep = stepNow();
      return otp;
    },
  };
}
