import {
  AuthspecError,
  type ClientOptions,
  type FetchFunction,
  type RequestOptions,
  renewalTime,
  renewingValue,
  requireObject,
  requireOneOf,
  requireString,
  sleep,
  ValidationError,
  withSafeView,
} from '@authspec/core';
import { generateTOTP } from '@epic-web/totp';
import { createSftpgoTokenClient, type Token } from './token-client';

/** SFTPGo tokens are not refreshed; a new one is requested this long before `expires_at`. */
const RENEW_BEFORE_MS = 60_000;

export type SftpgoRole = 'admin' | 'user';

export type TotpSettings = {
  /** Base32 secret, as SFTPGo shows it when two-factor authentication is set up. */
  secret: string;
  /** Seconds per code (SFTPGo uses 30). */
  period?: number;
  digits?: number;
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512';
};

export type SftpgoSessionOptions = ClientOptions & {
  baseUrl: string;
  username: string;
  password: string;
  role: SftpgoRole;
  /** The passcode, or a function that supplies the current one (each token request needs a fresh code). */
  otp?: string | (() => string | Promise<string>);
  /** Compute the RFC 6238 passcode from the account's TOTP secret instead. */
  totpSecret?: string | TotpSettings;
};

export type SftpgoSession = {
  /** A valid access token: the cached one until 60 s before it expires, then a new one. */
  getAccessToken(options?: RequestOptions): Promise<string>;
  /**
   * Call any other SFTPGo REST endpoint with the session's Bearer token. `input` is a path
   * relative to `baseUrl` (e.g. `/user/profile`) or an absolute URL on the same server. On a 401
   * the token is renewed once and the request repeated.
   */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
  /** Invalidate the current token on the server (Logout or ClientLogout) and forget it. */
  logout(options?: RequestOptions): Promise<void>;
  readonly role: SftpgoRole;
  readonly username: string;
};

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
  const fetchImpl: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const origin = new URL(tokens.baseUrl).origin;

  async function passcode(): Promise<string | undefined> {
    if (passcodes) return passcodes.next();
    if (typeof options.otp === 'function') return requireString(await options.otp(), 'otp()');
    return options.otp;
  }

  // One renewal serves every caller waiting for it, so it runs with the session's own
  // options; a caller's signal only stops that caller from waiting.
  const accessToken = renewingValue<string>(async () => {
    const otp = await passcode();
    const credentials = { username, password, ...(otp === undefined ? {} : { otp }) };
    const obtainedAt = Date.now();
    const token =
      role === 'admin' ? await tokens.getToken(credentials) : await tokens.getUserToken(credentials);
    return expiringToken(token, obtainedAt);
  });

  function getAccessToken(requestOptions?: RequestOptions): Promise<string> {
    return accessToken.get(requestOptions?.signal);
  }

  function resolve(input: string | URL): string {
    const url =
      input instanceof URL || /^https?:\/\//i.test(input)
        ? new URL(input)
        : new URL(`${tokens.baseUrl}${String(input).startsWith('/') ? '' : '/'}${input}`);
    // Never hand the Bearer token to another server.
    if (url.origin !== origin) throw new ValidationError('input', `must be on ${origin}`);
    return url.toString();
  }

  const session: SftpgoSession = {
    role,
    username,
    getAccessToken,
    async fetch(input, init = {}) {
      const url = resolve(input);
      const send = async (token: string) => {
        const headers = new Headers(init.headers);
        headers.set('Authorization', `Bearer ${token}`);
        return fetchImpl(new Request(url, { ...init, headers }));
      };
      const signal = init.signal ?? undefined;
      const first = await getAccessToken(signal ? { signal } : undefined);
      const response = await send(first);
      if (response.status !== 401) return response;
      await response.body?.cancel();
      accessToken.invalidate(first);
      return send(await getAccessToken(signal ? { signal } : undefined));
    },
    async logout(requestOptions) {
      const current = accessToken.peek();
      if (current === undefined) return;
      accessToken.invalidate(current);
      if (role === 'admin') await tokens.logout(current, requestOptions);
      else await tokens.clientLogout(current, requestOptions);
    },
  };
  return withSafeView(session, 'SftpgoSession', () => ({
    baseUrl: tokens.baseUrl,
    username,
    role,
    hasToken: accessToken.peek() !== undefined,
  }));
}

function expiringToken(token: Token, obtainedAt: number) {
  const value = token.access_token;
  const expiresAt = token.expires_at === undefined ? Number.NaN : Date.parse(token.expires_at);
  if (!value || Number.isNaN(expiresAt)) {
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
