// A session that keeps a valid SFTPGo access token: it logs in with HTTP Basic (and a TOTP
// passcode when the account has 2FA), renews the token before it expires, and sends any other
// request with it through the shared runtime (timeouts, safe retries, typed errors, redaction).
import {
  AbortError,
  type ApiError,
  AuthenticationError,
  AuthspecError,
  type ClientOptions,
  checkBaseUrl,
  checkHeaders,
  checkRequestOptions,
  createRuntime,
  type Expiring,
  optionalNumber,
  optionalString,
  PermissionDeniedError,
  RateLimitError,
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
import { sftpgoTokenOperations } from './generated/sftpgo-token.operations';
import { revokedByEarlierAttempt, SERVICE } from './service';
import type { Token } from './token-client';

/** SFTPGo tokens are not refreshed; a new one is requested this long before they expire. */
const RENEW_BEFORE_MS = 60_000;
/** How long past `expires_at` SFTPGo still accepts a token. */
const SERVER_LEEWAY_MS = 30_000;
const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;

/** Which token endpoint the session logs in at: `/token` (admin) or `/user/token` (user). */
export type SftpgoRole = 'admin' | 'user';

/** How passcodes are computed from a TOTP secret. */
export type TotpSettings = {
  /** Base32 secret, as SFTPGo shows it when two-factor authentication is set up. */
  secret: string;
  /** Seconds per code (SFTPGo uses 30). */
  period?: number | undefined;
  /** Digits per code (SFTPGo uses 6). */
  digits?: number | undefined;
  /** The HMAC hash of the server's TOTP configuration (default SHA1). */
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512' | undefined;
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
  otp?: string | (() => string | Promise<string>) | undefined;
  /** Compute the RFC 6238 passcode from the account's TOTP secret instead. */
  totpSecret?: string | TotpSettings | undefined;
};

/** Options of `getAccessToken()`. */
export type AccessTokenOptions = RequestOptions & {
  /**
   * A token the server refused (401: revoked, or issued to another client address behind a NAT
   * or load balancer): it is dropped and a new one obtained, once, however many callers report it.
   */
  refused?: string;
};

/** A logged-in SFTPGo account whose access token is kept valid. */
export type SftpgoSession = {
  /**
   * A valid access token: the cached one until shortly before it expires, then a new one. The
   * token's life is measured from when it was obtained (with the server's `Date`), so a client
   * clock ahead of or behind the server's changes nothing.
   */
  getAccessToken(options?: AccessTokenOptions): Promise<string>;
  /**
   * Call any other SFTPGo REST endpoint with the session's Bearer token, like `fetch`. `input` is
   * a path relative to `baseUrl` (e.g. `/user/profile`) or an absolute URL on the same server.
   * On a 401 the token is renewed once and the request repeated (when its body can be sent
   * again). Any HTTP status resolves; network failures, timeouts and aborts reject with typed errors.
   */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  /**
   * Revoke the current token on the server (Logout or ClientLogout) and forget it; a token in its
   * last minute is revoked too. A logout whose answer was lost after it revoked the token is done.
   */
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
  const baseUrl = checkBaseUrl(options.baseUrl, 'baseUrl');
  if (options.otp !== undefined && options.totpSecret !== undefined) {
    throw new ValidationError('otp', 'cannot be combined with totpSecret');
  }
  if (options.otp !== undefined && typeof options.otp !== 'function') requireString(options.otp, 'otp');
  const passcodes = options.totpSecret === undefined ? undefined : totpSource(options.totpSecret);
  const secrets = new SecretValues().add(password);
  const login = role === 'admin' ? sftpgoTokenOperations.GetToken : sftpgoTokenOperations.GetUserToken;
  const logout = role === 'admin' ? sftpgoTokenOperations.Logout : sftpgoTokenOperations.ClientLogout;

  async function passcode(): Promise<string | undefined> {
    if (passcodes) return passcodes.next();
    if (typeof options.otp === 'function') return requireString(await options.otp(), 'otp()');
    return options.otp;
  }

  /**
   * Log in. A passcode refused because it was already spent (by another process or protocol
   * sharing the secret: SFTPGo accepts each once) is followed by one more try with the next
   * step's passcode when the session computes them; otherwise the error says so.
   */
  async function obtain(): Promise<Expiring<string>> {
    for (let tries = 0; ; tries++) {
      const otp = await passcode();
      const obtainedAt = Date.now();
      try {
        const { data, response } = await runtime.invoke<Token>(login, [
          { username, password, ...(otp === undefined ? {} : { otp }) },
        ]);
        const token = expiringToken(data, response, obtainedAt);
        secrets.addRotating(token.value);
        return token;
      } catch (error) {
        // The defender refused before looking at the passcode: it is still unspent.
        if (
          otp !== undefined &&
          (error instanceof RateLimitError || error instanceof PermissionDeniedError)
        ) {
          passcodes?.release();
        }
        if (!(error instanceof AuthenticationError) || otp === undefined) throw error;
        if (passcodes && tries === 0) continue;
        throw passcodeHint(error);
      }
    }
  }

  const bearer = renewingBearer(obtain);
  const runtime = createRuntime({
    package: { name, version },
    baseUrl,
    options,
    service: SERVICE,
    secrets,
    authenticate: bearer.authenticate,
    onUnauthorized: bearer.onUnauthorized,
    onAuthenticated: bearer.onAuthenticated,
  });
  const origin = new URL(baseUrl).origin;

  function resolve(input: string | URL): string {
    if (typeof input !== 'string' && !(input instanceof URL))
      throw new ValidationError('input', 'must be a path or an absolute http(s) URL', 'SessionFetch');
    let url: URL;
    try {
      url =
        input instanceof URL || /^https?:\/\//i.test(String(input))
          ? new URL(input)
          : new URL(`${baseUrl}${String(input).startsWith('/') ? '' : '/'}${input}`);
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
    async getAccessToken(accessOptions) {
      const o = accessOptions === undefined ? {} : checkRequestOptions(accessOptions, login.id);
      const { refused } = o as AccessTokenOptions;
      if (refused !== undefined) bearer.token.invalidate(requireString(refused, 'options.refused', login.id));
      const { signal } = o;
      try {
        return await bearer.token.get(signal);
      } catch (error) {
        // The caller's abort, as the clients report it: typed, naming the login.
        if (signal?.aborted && !(error instanceof AuthspecError))
          throw new AbortError({
            operationId: login.id,
            method: login.method,
            url: `${baseUrl}${login.path}`,
            cause: signal.reason,
          });
        throw error;
      }
    },
    async fetch(input, init = {}) {
      const url = resolve(input);
      requireObject(init, 'init', 'SessionFetch');
      const headers = checkedHeaders(init.headers);
      const method = (optionalString(init.method, 'init.method', 'SessionFetch') ?? 'GET').toUpperCase();
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(method))
        throw new ValidationError('init.method', 'must be an HTTP method name', 'SessionFetch');
      const { response } = await runtime.request(
        {
          operationId: 'SessionFetch',
          method,
          url,
          headers,
          ...(init.body == null ? {} : { body: init.body }),
          // A stream can be sent only once, so such a request is never repeated.
          ...(init.body instanceof ReadableStream ? { idempotent: false } : {}),
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
      // Also in its last minute: the server accepts the token until it expires (and 30 s more).
      const current = bearer.token.current();
      if (current === undefined) return;
      bearer.token.invalidate(current);
      try {
        await runtime.invoke(logout, [{ accessToken: current }, requestOptions]);
      } catch (error) {
        // Done as well: revoked by an attempt whose answer was lost, or expired meanwhile.
        const expired = error instanceof AuthenticationError && error.code === 'token is expired';
        if (!revokedByEarlierAttempt(error) && !expired) throw error;
      }
    },
  };
  return withSafeView(session, 'SftpgoSession', () => ({
    baseUrl,
    username,
    role,
    hasToken: bearer.token.peek() !== undefined,
  }));
}

/** `init.headers` (a Headers, pairs or a record) as a checked plain record. */
function checkedHeaders(headers: unknown): Record<string, string> {
  if (headers === undefined) return {};
  let record: unknown = headers;
  if (headers instanceof Headers) record = Object.fromEntries(headers);
  else if (Array.isArray(headers)) {
    if (!headers.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string'))
      throw new ValidationError(
        'init.headers',
        'must be a Headers, [name, value] pairs or an object',
        'SessionFetch',
      );
    record = Object.fromEntries(headers);
  }
  return checkHeaders(record, 'init.headers', 'SessionFetch') ?? {};
}

/**
 * The token with its life measured on the local clock: from when it was asked for, as long as
 * SFTPGo gave it by its own clock (`expires_at` minus the answer's `Date`). Comparing the
 * server's absolute `expires_at` with the local clock would hand out expired tokens from a clock
 * behind the server's, and renew on every call from one ahead of it.
 */
function expiringToken(token: Token | undefined, response: Response, obtainedAt: number): Expiring<string> {
  const value = token?.access_token;
  const expiresAt = typeof token?.expires_at === 'string' ? Date.parse(token.expires_at) : Number.NaN;
  if (typeof value !== 'string' || !value || Number.isNaN(expiresAt)) {
    throw new AuthspecError('SFTPGo answered a token without access_token or a valid expires_at', {
      operationId: 'GetToken',
    });
  }
  // `Date` has whole seconds: the server's clock read up to a second more when it answered.
  const serverNow = Date.parse(response.headers.get('date') ?? '') + 1000;
  const lifetime = expiresAt - (Number.isNaN(serverNow) ? obtainedAt : serverNow);
  const localExpiry = obtainedAt + Math.max(0, lifetime);
  return {
    value,
    renewAt: renewalTime(obtainedAt, localExpiry, RENEW_BEFORE_MS),
    // SFTPGo still accepts a token 30 s past its expiry: until then it can (and should) be revoked.
    expiresAt: localExpiry + SERVER_LEEWAY_MS,
  };
}

/** The refusal of a login with a passcode the caller gave, saying what SFTPGo will not. */
function passcodeHint(error: ApiError): ApiError {
  const hint = new AuthenticationError({
    operationId: error.operationId as string,
    method: error.method,
    url: error.url,
    status: error.status,
    code: error.code,
    detail:
      'wrong username, password or passcode; SFTPGo accepts a passcode only once (for about two to four minutes it refuses one already used, by any client or protocol)',
    body: error.body,
    headers: error.headers,
    requestId: error.requestId,
    attempts: error.attempts,
  });
  return hint;
}

/**
 * TOTP passcodes from a secret, never the same one twice: SFTPGo refuses a passcode it has
 * seen, so a second token within one time step waits for the next step. A passcode the server
 * never looked at (the defender refused the login) is released for reuse.
 */
function totpSource(settings: string | TotpSettings) {
  const s =
    typeof settings === 'string' ? { secret: settings } : requireObject<TotpSettings>(settings, 'totpSecret');
  const secret = requireString(s.secret, 'totpSecret.secret').replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z2-7]+=*$/.test(secret)) throw new ValidationError('totpSecret', 'must be a Base32 TOTP secret');
  const period = optionalNumber(s.period, 'totpSecret.period', { min: 1, max: 3600, integer: true }) ?? 30;
  const digits = optionalNumber(s.digits, 'totpSecret.digits', { min: 6, max: 10, integer: true }) ?? 6;
  const algorithm =
    s.algorithm === undefined ? 'SHA1' : requireOneOf(s.algorithm, ALGORITHMS, 'totpSecret.algorithm');
  const totp = {
    secret,
    period,
    digits,
    algorithm: `SHA-${algorithm.slice(3)}` as 'SHA-1' | 'SHA-256' | 'SHA-512',
  };
  const periodMs = period * 1000;
  const stepNow = () => Math.floor(Date.now() / periodMs);
  let lastStep = -1;
  let released = -1;
  return {
    async next(): Promise<string> {
      if (stepNow() <= lastStep && released !== lastStep) await sleep((lastStep + 1) * periodMs - Date.now());
      released = -1;
      const { otp } = await generateTOTP(totp);
      // Taken after generating: if a step boundary passed meanwhile, the code may belong to the
      // later step, and the next code must come from a step after that.
      lastStep = stepNow();
      return otp;
    },
    release() {
      released = lastStep;
    },
  };
}
