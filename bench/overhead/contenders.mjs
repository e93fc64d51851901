// The contenders of the per-call overhead benchmark: three suites, one operation each. Every
// contender is a factory that builds its client and answers a zero-argument async call, so that
// a client process (client.mjs) builds and runs exactly one of them.
import { createEquinixOtpClient } from '@authspec/equinix-otp';
import { createManagementClient } from '@authspec/logto';
import { createSftpgoTokenClient } from '@authspec/sftpgo-token';
import { createApiClient } from '@logto/api/management';
import createClient from 'openapi-fetch';
import { ONE_TIME_TOKEN, RECOVERY_CODES, SFTPGO_TOKEN } from './fixtures.mjs';

const ACCESS_TOKEN = 'bench-access-token';
const SFTPGO = { username: 'admin', password: 'admin-password' };
const BASIC = `Basic ${Buffer.from(`${SFTPGO.username}:${SFTPGO.password}`).toString('base64')}`;
const EQUINIX_KEY = 'bench-equinix-api-key';
export const REFERENCE = 'ref: openapi-fetch + middleware + timeout signal';
export const NO_TIMEOUT = '@authspec/logto, timeoutMs: 0';

function expect(condition, what) {
  if (!condition) throw new Error(`unexpected answer from ${what}`);
}

/**
 * The three suites. A contender is a factory: it builds its client and answers the call to
 * measure, which takes no argument and checks the answer.
 */
export function suites(url) {
  const id = ONE_TIME_TOKEN.id;
  const bearer = { Authorization: `Bearer ${ACCESS_TOKEN}` };
  return [
    {
      name: 'logto-get-one-time-token',
      title: '@authspec/logto oneTimeTokens.get(id) — GET /api/one-time-tokens/{id}',
      contenders: {
        'raw fetch': () => async () => {
          const res = await fetch(`${url}/api/one-time-tokens/${encodeURIComponent(id)}`, {
            headers: bearer,
          });
          expect(res.ok && (await res.json()).id === id, 'raw fetch');
        },
        'openapi-fetch': () => {
          const client = createClient({ baseUrl: url });
          return async () => {
            const { data } = await client.GET('/api/one-time-tokens/{id}', {
              params: { path: { id } },
              headers: bearer,
            });
            expect(data?.id === id, 'openapi-fetch');
          };
        },
        '@authspec/logto': () => {
          const client = createManagementClient({ endpoint: url, accessToken: ACCESS_TOKEN });
          return async () => expect((await client.oneTimeTokens.get(id)).id === id, '@authspec/logto');
        },
        // Like for like with @logto/api, which has no timeout: the per-attempt timeout switched off.
        [NO_TIMEOUT]: () => {
          const client = createManagementClient({ endpoint: url, accessToken: ACCESS_TOKEN, timeoutMs: 0 });
          return async () => expect((await client.oneTimeTokens.get(id)).id === id, NO_TIMEOUT);
        },
        '@logto/api': () => {
          const client = createApiClient({ baseUrl: url, getToken: async () => ACCESS_TOKEN });
          return async () => {
            const { data } = await client.GET('/api/one-time-tokens/{id}', { params: { path: { id } } });
            expect(data?.id === id, '@logto/api');
          };
        },
        // A reference, not a product: the naive design (an auth middleware, and an AbortSignal with
        // a 60 s timer per call handed to openapi-fetch) without any @authspec code.
        [REFERENCE]: () => {
          const client = createClient({ baseUrl: url });
          client.use({
            async onRequest({ request }) {
              request.headers.set('Authorization', `Bearer ${ACCESS_TOKEN}`);
              return request;
            },
          });
          return async () => {
            const controller = new AbortController();
            const timer = setTimeout(() => controller.abort(), 60_000);
            try {
              const { data } = await client.GET('/api/one-time-tokens/{id}', {
                params: { path: { id } },
                signal: controller.signal,
              });
              expect(data?.id === id, REFERENCE);
            } finally {
              clearTimeout(timer);
            }
          };
        },
      },
    },
    {
      name: 'sftpgo-get-token',
      title: '@authspec/sftpgo-token getToken() — GET /api/v2/token with Basic auth',
      contenders: {
        'raw fetch': () => async () => {
          const res = await fetch(`${url}/api/v2/token`, { headers: { Authorization: BASIC } });
          expect(res.ok && (await res.json()).access_token === SFTPGO_TOKEN.access_token, 'raw fetch');
        },
        'openapi-fetch': () => {
          const client = createClient({ baseUrl: `${url}/api/v2` });
          return async () => {
            const { data } = await client.GET('/token', { headers: { Authorization: BASIC } });
            expect(data?.access_token === SFTPGO_TOKEN.access_token, 'openapi-fetch');
          };
        },
        '@authspec/sftpgo-token': () => {
          const client = createSftpgoTokenClient({ baseUrl: `${url}/api/v2` });
          return async () => {
            const token = await client.getToken(SFTPGO);
            expect(token.access_token === SFTPGO_TOKEN.access_token, '@authspec/sftpgo-token');
          };
        },
      },
    },
    {
      name: 'equinix-get-recovery-codes',
      title: '@authspec/equinix-otp getRecoveryCodes() — GET /metal/v1/user/otp/recovery-codes',
      contenders: {
        'raw fetch': () => async () => {
          const res = await fetch(`${url}/metal/v1/user/otp/recovery-codes`, {
            headers: { 'X-Auth-Token': EQUINIX_KEY },
          });
          expect(res.ok && (await res.json()).recovery_codes.length === 3, 'raw fetch');
        },
        'openapi-fetch': () => {
          const client = createClient({
            baseUrl: `${url}/metal/v1`,
            headers: { 'X-Auth-Token': EQUINIX_KEY },
          });
          return async () => {
            const { data } = await client.GET('/user/otp/recovery-codes');
            expect(data?.recovery_codes?.length === RECOVERY_CODES.recovery_codes.length, 'openapi-fetch');
          };
        },
        '@authspec/equinix-otp': () => {
          const client = createEquinixOtpClient({ baseUrl: `${url}/metal/v1`, authToken: EQUINIX_KEY });
          return async () => {
            const codes = await client.getRecoveryCodes();
            expect(codes.length === RECOVERY_CODES.recovery_codes.length, '@authspec/equinix-otp');
          };
        },
      },
    },
  ];
}
