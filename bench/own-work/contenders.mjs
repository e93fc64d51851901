// The contenders of the own-work benchmark: each suite's operation made raw and through its
// client, every one given the same ready answer instead of a network. What is left is the work a
// caller's process does above `fetch`: validating, building the URL, headers and init, reading
// and parsing the answer. The answer is a stand-in with the members the callers read (`ok`,
// `status`, `headers`, `text()`, `json()`), made once: building a real `Response` per call would
// cost both sides alike and bury what is measured.
import { createEquinixOtpClient } from '@authspec/equinix-otp';
import { createManagementClient } from '@authspec/logto/management';
import { createSftpgoTokenClient } from '@authspec/sftpgo-token';
import { expect, RAW, withoutTimeout } from '../overhead/contenders.mjs';
import {
  ACCESS_TOKEN,
  BASIC,
  EQUINIX_KEY,
  ONE_TIME_TOKEN,
  RECOVERY_CODES,
  SFTPGO,
  SFTPGO_TOKEN,
} from '../overhead/fixtures.mjs';

export { RAW };
/** A hook object with no callbacks: the events are built, nothing reads them. */
export const withHook = (client) => `${withoutTimeout(client)}, one hook`;

const BASE = 'http://127.0.0.1:9';

function readyAnswer(body) {
  const text = JSON.stringify(body);
  const headers = new Headers({ 'content-type': 'application/json' });
  return {
    ok: true,
    status: 200,
    statusText: 'OK',
    headers,
    text: async () => text,
    json: async () => JSON.parse(text),
  };
}

/** Per suite: its client's name, and a factory per contender answering a zero-argument call. */
export function suites() {
  const suite = (client, answer, init, make, call, check) => {
    const fetch = async () => answer;
    const init1 = { headers: init };
    return {
      client,
      contenders: {
        [RAW]: () => async () => {
          const res = await fetch('', init1);
          expect(res.ok && check(await res.json()), RAW);
        },
        [withoutTimeout(client)]: () => {
          const c = make({ fetch, timeoutMs: 0 });
          return async () => expect(check(await call(c)), client);
        },
        [withHook(client)]: () => {
          const c = make({ fetch, timeoutMs: 0, hooks: {} });
          return async () => expect(check(await call(c)), client);
        },
      },
    };
  };
  const id = ONE_TIME_TOKEN.id;
  return {
    'logto-get-one-time-token': suite(
      '@authspec/logto',
      readyAnswer(ONE_TIME_TOKEN),
      { Authorization: `Bearer ${ACCESS_TOKEN}` },
      (o) => createManagementClient({ endpoint: BASE, accessToken: ACCESS_TOKEN, ...o }),
      (c) => c.oneTimeTokens.get(id),
      (b) => b.id === id,
    ),
    'sftpgo-get-token': suite(
      '@authspec/sftpgo-token',
      readyAnswer(SFTPGO_TOKEN),
      { Authorization: BASIC },
      (o) => createSftpgoTokenClient({ baseUrl: `${BASE}/api/v2`, ...o }),
      (c) => c.getToken(SFTPGO),
      (b) => b.access_token === SFTPGO_TOKEN.access_token,
    ),
    'equinix-get-recovery-codes': suite(
      '@authspec/equinix-otp',
      readyAnswer(RECOVERY_CODES),
      { 'X-Auth-Token': EQUINIX_KEY },
      (o) => createEquinixOtpClient({ baseUrl: `${BASE}/metal/v1`, authToken: EQUINIX_KEY, ...o }),
      (c) => c.getRecoveryCodes(),
      (b) => (Array.isArray(b) ? b : b.recovery_codes).length === RECOVERY_CODES.recovery_codes.length,
    ),
  };
}
