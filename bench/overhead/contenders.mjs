// The contenders of the per-call overhead benchmark: three suites, one operation each. Every
// contender is a factory that builds its client and answers a zero-argument async call, so that
// a client process (client.mjs) builds and runs exactly one of them.
//
// Baselines: raw `fetch`; raw `fetch` with the same per-call AbortSignal and 60 s timer that a
// client with a timeout creates (the fair baseline for the clients' defaults, since a timeout
// signal has a cost of its own on Node's fetch); plain openapi-fetch; and @logto/api for Logto.
// Each @authspec client runs with its defaults and with `timeoutMs: 0` (no timer, like the others).

import { readFileSync } from 'node:fs';
import { createEquinixOtpClient } from '@authspec/equinix-otp';
import { createManagementClient } from '@authspec/logto/management';
import { createSftpgoTokenClient } from '@authspec/sftpgo-token';
import { createApiClient } from '@logto/api/management';
import createClient from 'openapi-fetch';
import {
  ACCESS_TOKEN,
  BASIC,
  EQUINIX_KEY,
  ONE_TIME_TOKEN,
  RECOVERY_CODES,
  SFTPGO,
  SFTPGO_TOKEN,
} from './fixtures.mjs';

/** The per-call timeout the clients use by default. */
const TIMEOUT_MS = 60_000;

export const RAW = 'raw fetch';
export const RAW_SIGNAL = 'raw fetch + signal';
/**
 * The same code as raw fetch, in a process of its own: what the benchmark measures between two
 * identical contenders, i.e. its own error in this run.
 */
export const RAW_CONTROL = 'raw fetch (control)';
/**
 * Raw fetch sending what a client sends: an explicit method, its User-Agent beside the other
 * headers, and the body read as text and parsed. Between it and raw fetch is what undici does
 * with those; between a client and it, the client's own code.
 */
export const RAW_AS_CLIENT = 'raw fetch, as a client sends';
export const OPENAPI_FETCH = 'openapi-fetch';
export const LOGTO_API = '@logto/api';
/** The contender name of a client with its defaults, and with `timeoutMs: 0`. */
export const withDefaults = (client) => client;
export const withoutTimeout = (client) => `${client}, timeoutMs: 0`;

/** Throws unless a contender's answer is the expected one. */
export function expect(condition, what) {
  if (!condition) throw new Error(`unexpected answer from ${what}`);
}

/** `fetch` with a fresh AbortController and timer per call, as a client with a timeout has. */
async function fetchWithSignal(url, init) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(url, { ...init, signal: controller.signal });
    return { ok: res.ok, body: await res.json() };
  } finally {
    clearTimeout(timer);
  }
}

/** The User-Agent a client sends (see `createRuntime` in packages/core/src/runtime.ts). */
function userAgentOf(client) {
  const path = new URL(`../node_modules/${client}/package.json`, import.meta.url);
  const { name, version } = JSON.parse(readFileSync(path, 'utf8'));
  return `${name.slice(1).replace('/', '-')}/${version}`;
}

/** Raw fetch with and without the signal, and as `client` sends, for one request. */
function rawContenders(url, init, check, client) {
  const asClient = { method: 'GET', headers: { 'User-Agent': userAgentOf(client), ...init.headers } };
  const raw = () => async () => {
    const res = await fetch(url, init);
    expect(res.ok && check(await res.json()), RAW);
  };
  return {
    [RAW]: raw,
    [RAW_CONTROL]: raw,
    [RAW_SIGNAL]: () => async () => {
      const { ok, body } = await fetchWithSignal(url, init);
      expect(ok && check(body), RAW_SIGNAL);
    },
    [RAW_AS_CLIENT]: () => async () => {
      const res = await fetch(url, asClient);
      expect(res.ok && check(JSON.parse(await res.text())), RAW_AS_CLIENT);
    },
  };
}

/** A client with its defaults and with `timeoutMs: 0`. */
function clientContenders(name, make, call) {
  return {
    [withDefaults(name)]: () => {
      const client = make({});
      return () => call(client);
    },
    [withoutTimeout(name)]: () => {
      const client = make({ timeoutMs: 0 });
      return () => call(client);
    },
  };
}

/** The three suites; each names its @authspec client. */
export function suites(url) {
  const id = ONE_TIME_TOKEN.id;
  const bearer = { Authorization: `Bearer ${ACCESS_TOKEN}` };
  return [
    {
      name: 'logto-get-one-time-token',
      title: '@authspec/logto oneTimeTokens.get(id) — GET /api/one-time-tokens/{id}',
      client: '@authspec/logto',
      contenders: {
        ...rawContenders(
          `${url}/api/one-time-tokens/${encodeURIComponent(id)}`,
          { headers: bearer },
          (b) => b.id === id,
          '@authspec/logto',
        ),
        [OPENAPI_FETCH]: () => {
          const client = createClient({ baseUrl: url });
          return async () => {
            const { data } = await client.GET('/api/one-time-tokens/{id}', {
              params: { path: { id } },
              headers: bearer,
            });
            expect(data?.id === id, OPENAPI_FETCH);
          };
        },
        [LOGTO_API]: () => {
          const client = createApiClient({ baseUrl: url, getToken: async () => ACCESS_TOKEN });
          return async () => {
            const { data } = await client.GET('/api/one-time-tokens/{id}', { params: { path: { id } } });
            expect(data?.id === id, LOGTO_API);
          };
        },
        ...clientContenders(
          '@authspec/logto',
          (o) => createManagementClient({ endpoint: url, accessToken: ACCESS_TOKEN, ...o }),
          async (client) => expect((await client.oneTimeTokens.get(id)).id === id, '@authspec/logto'),
        ),
      },
    },
    {
      name: 'sftpgo-get-token',
      title: '@authspec/sftpgo-token getToken() — GET /api/v2/token with Basic auth',
      client: '@authspec/sftpgo-token',
      contenders: {
        ...rawContenders(
          `${url}/api/v2/token`,
          { headers: { Authorization: BASIC } },
          (b) => b.access_token === SFTPGO_TOKEN.access_token,
          '@authspec/sftpgo-token',
        ),
        [OPENAPI_FETCH]: () => {
          const client = createClient({ baseUrl: `${url}/api/v2` });
          return async () => {
            const { data } = await client.GET('/token', { headers: { Authorization: BASIC } });
            expect(data?.access_token === SFTPGO_TOKEN.access_token, OPENAPI_FETCH);
          };
        },
        ...clientContenders(
          '@authspec/sftpgo-token',
          (o) => createSftpgoTokenClient({ baseUrl: `${url}/api/v2`, ...o }),
          async (client) => {
            const token = await client.getToken(SFTPGO);
            expect(token.access_token === SFTPGO_TOKEN.access_token, '@authspec/sftpgo-token');
          },
        ),
      },
    },
    {
      name: 'equinix-get-recovery-codes',
      title: '@authspec/equinix-otp getRecoveryCodes() — GET /metal/v1/user/otp/recovery-codes',
      client: '@authspec/equinix-otp',
      contenders: {
        ...rawContenders(
          `${url}/metal/v1/user/otp/recovery-codes`,
          { headers: { 'X-Auth-Token': EQUINIX_KEY } },
          (b) => b.recovery_codes.length === RECOVERY_CODES.recovery_codes.length,
          '@authspec/equinix-otp',
        ),
        [OPENAPI_FETCH]: () => {
          const client = createClient({
            baseUrl: `${url}/metal/v1`,
            headers: { 'X-Auth-Token': EQUINIX_KEY },
          });
          return async () => {
            const { data } = await client.GET('/user/otp/recovery-codes');
            expect(data?.recovery_codes?.length === RECOVERY_CODES.recovery_codes.length, OPENAPI_FETCH);
          };
        },
        ...clientContenders(
          '@authspec/equinix-otp',
          (o) => createEquinixOtpClient({ baseUrl: `${url}/metal/v1`, authToken: EQUINIX_KEY, ...o }),
          async (client) => {
            const codes = await client.getRecoveryCodes();
            expect(codes.length === RECOVERY_CODES.recovery_codes.length, '@authspec/equinix-otp');
          },
        ),
      },
    },
  ];
}
