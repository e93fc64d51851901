// The sandbox against what a real Logto 1.42 answered. Every scenario and case recorded in
// tests/fixtures/observed/ is driven again, request by request, against a sandbox on 127.0.0.1,
// and each answer must match the recorded one: status, error code, data and message, body shape
// (member names and JSON types), the cookies set (names, paths, flags), the cookies the browser
// sends back, and redirect hops (path and query member names). The recordings keep answers, not
// request bodies: each step below sends what its case or scenario name says was sent, with the
// sandbox's own IDs, cookies, tokens and codes in place of the real ones.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../packages/sandbox/src/index';
import { startTestSandbox, TEST_APP } from '../packages/sandbox/test/helpers';
import {
  experienceScenarios,
  oneTimeTokenCases,
  parseShape,
  type RecordedCase,
  type RecordedHttp,
  type Shape,
} from './helpers/observed';

let sandbox: Sandbox;
beforeAll(async () => {
  ({ sandbox } = await startTestSandbox());
});
afterEach(() => expect(sandbox.responseViolations).toEqual([]));
afterAll(() => sandbox.close());

// ---- Comparing one answer with its recording -------------------------------------------------

/** What an answer is made of, read once. */
type Answer = { status: number; headers: Headers; text: string; json?: unknown };

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  const isJson = /json/.test(response.headers.get('content-type') ?? '') && text !== '';
  return {
    status: response.status,
    headers: response.headers,
    text,
    ...(isJson ? { json: JSON.parse(text) } : {}),
  };
}

/** The shape of a JSON value in the recordings' terms (member names and JSON types). */
function shapeOf(value: unknown): Shape {
  if (Array.isArray(value))
    return value.length === 0
      ? { kind: 'array', count: 0 }
      : { kind: 'array', items: shapeOf(value[0]), count: value.length };
  if (value !== null && typeof value === 'object')
    return { kind: 'object', members: Object.entries(value).map(([k, v]) => [k, shapeOf(v)]) };
  return { kind: 'primitive', type: value === null ? 'null' : typeof value };
}

/** A shape with member names sorted, so that member order does not count. */
function normalShape(shape: Shape, withCount: boolean): unknown {
  if (shape.kind === 'object')
    return Object.fromEntries(
      [...shape.members]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([n, s]) => [n, normalShape(s, withCount)]),
    );
  if (shape.kind === 'array')
    return {
      array: shape.items ? normalShape(shape.items, withCount) : 'empty',
      ...(withCount && shape.count !== undefined ? { count: shape.count } : {}),
    };
  return shape.type;
}

/** Recorded placeholders (`<jwt>`, `<32 chars>`) stand for any string. */
const isPlaceholder = (v: unknown) => typeof v === 'string' && /^<[^>]+>$/.test(v);

/** Values of the recording that name the real server's own things, replaced by the sandbox's. */
type Substitutions = Array<[string, string]>;
const substitute = (value: unknown, subs: Substitutions): unknown =>
  JSON.parse(subs.reduce((text, [from, to]) => text.split(from).join(to), JSON.stringify(value)));

/**
 * Compare a body with its recording: a shape string by member names and types (the count of
 * an array too, where the sandbox was seeded to hold as many), `undefined` as no body, `string`
 * as a text body, a full JSON value member by member (placeholders match any string).
 */
function expectBody(answer: Answer, recorded: unknown, subs: Substitutions, countItems = false) {
  if (recorded === 'undefined') {
    expect(answer.text).toBe('');
  } else if (recorded === 'string') {
    expect(answer.json).toBeUndefined();
    expect(answer.text).not.toBe('');
  } else if (typeof recorded === 'string' && /^[[{]/.test(recorded)) {
    expect(normalShape(shapeOf(answer.json), countItems)).toEqual(
      normalShape(parseShape(recorded), countItems),
    );
  } else if (typeof recorded === 'string') {
    // The text of a redirect (koa's `Redirecting to <location>.`).
    expect(answer.text).toBe(substitute(recorded, subs));
  } else {
    const expected = substitute(recorded, subs) as Record<string, unknown>;
    const actual = answer.json as Record<string, unknown>;
    expect(Object.keys(actual ?? {}).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, value] of Object.entries(expected)) {
      if (isPlaceholder(value)) expect(typeof actual[name]).toBe('string');
      else expect(actual[name], name).toEqual(value);
    }
  }
}

/** `name path=… HttpOnly samesite=…` of a Set-Cookie header, as the recordings write cookies. */
function cookieSummary(header: string): string {
  const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
  const name = pair.slice(0, pair.indexOf('='));
  const kept = attributes
    .map((a) => {
      const [key = '', value = ''] = a.split('=');
      const k = key.toLowerCase();
      if (k === 'path') return `path=${value}`;
      if (k === 'httponly') return 'HttpOnly';
      if (k === 'samesite') return `samesite=${value.toLowerCase()}`;
      if (k === 'max-age' && value === '0') return 'cleared';
      return undefined;
    })
    .filter(Boolean);
  return [name, ...kept].join(' ');
}

/** An interaction's ID in a cookie path stands for any ID. */
const withoutIds = (summary: string) => summary.replace(/(path=\/oidc\/auth\/)[^ ]+/, '$1<uid>');

/** Path and query member names of a redirect (`/sign-in?app_id`). */
function hop(location: string) {
  const url = new URL(location, 'http://x');
  return `${url.pathname}?${[...url.searchParams.keys()].join('&')}`;
}

// ---- A browser that keeps cookies as a browser would ------------------------------------------

/** Cookies with their paths, sent only under their path (as the recorded browser did). */
class Jar {
  readonly cookies = new Map<string, { value: string; path: string }>();
  lastSent: string[] = [];

  constructor(readonly origin: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(path, this.origin);
    const headers = new Headers(init.headers);
    const sent = [...this.cookies].filter(
      ([, c]) =>
        url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
    );
    this.lastSent = sent.map(([name]) => name);
    if (sent.length > 0) headers.set('cookie', sent.map(([n, c]) => `${n}=${c.value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      const cookiePath = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      if (value === '' || attributes.some((a) => /^max-age=0$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, { value, path: cookiePath });
    }
    return response;
  }

  json(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.fetch(path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}

// ---- Experience scenarios ---------------------------------------------------------------------

/** What a step of a scenario sent; the answer is compared with the recorded exchange at its index. */
type Step = (jar: Jar) => Promise<Response>;
type Driven = { steps: Step[]; subs?: Substitutions };

const SIGN_UP_EMAIL_PASSWORD = { identifiers: ['email' as const], password: true, verify: true };
const emailOf = (name: string) => `${name}.${Math.random().toString(36).slice(2, 8)}@example.com`;
const byEmail = (value: string) => ({ type: 'email', value });

/** Management API calls outside any scenario's browser (the magic-link scenarios create tokens). */
async function management(method: string, path: string, body?: unknown) {
  const app = sandbox.addM2mApp();
  const tokenResponse = await fetch(`${sandbox.url}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      resource: 'https://default.logto.app/api',
      scope: 'all',
    }),
  });
  const { access_token } = (await tokenResponse.json()) as { access_token: string };
  const response = await fetch(`${sandbox.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return response.json() as Promise<Record<string, any>>;
}

const authorizationRequest = (): Step => (jar) => {
  const params = new URLSearchParams({
    client_id: TEST_APP.clientId,
    redirect_uri: TEST_APP.redirectUri,
    response_type: 'code',
    state: 'replayed-state',
    scope: 'openid profile',
  });
  // A new run of the scenario: a fresh browser, as the recording's `sentCookies: []` says.
  jar.cookies.clear();
  return jar.fetch(`/oidc/auth?${params}`);
};
const start =
  (interactionEvent: string, headers: Record<string, string> = {}): Step =>
  (jar) =>
    jar.json('PUT', '/api/experience', { interactionEvent }, headers);
const post =
  (path: string, body?: unknown | (() => unknown)): Step =>
  (jar) =>
    jar.json('POST', `/api/experience${path}`, typeof body === 'function' ? body() : body);
const put =
  (path: string, body: unknown): Step =>
  (jar) =>
    jar.json('PUT', `/api/experience${path}`, body);

/** Remembers the `verificationId` of the last answer that had one, for the steps that send it. */
function remembering() {
  let id = '';
  const keep =
    (step: Step): Step =>
    async (jar) => {
      const response = await step(jar);
      const body = await response.clone().text();
      if (response.status === 200 && body.includes('verificationId')) id = JSON.parse(body).verificationId;
      return response;
    };
  const identify: Step = (jar) => jar.json('POST', '/api/experience/identification', { verificationId: id });
  return { keep, identify, current: () => id };
}

const SCENARIOS: Record<string, () => Promise<Driven>> = {
  'no /oidc/auth first: initInteraction': async () => ({
    // A browser that never went through /oidc/auth: no cookies at all.
    steps: [start('SignIn')],
  }),

  'password sign-in (email)': async () => {
    const email = emailOf('pw');
    sandbox.addUser({ email, password: 'correct-horse-battery' });
    const v = remembering();
    return {
      steps: [
        authorizationRequest(),
        start('SignIn'),
        v.keep(
          post('/verification/password', { identifier: byEmail(email), password: 'correct-horse-battery' }),
        ),
        v.identify,
        post('/submit'),
      ],
    };
  },

  'appId = the OIDC client id': async () => ({
    steps: [authorizationRequest(), start('SignIn', { 'Logto-App-Id': TEST_APP.clientId })],
  }),

  'appId = another id than the OIDC client': async () => ({
    steps: [authorizationRequest(), start('SignIn', { 'Logto-App-Id': 'some-other-app' })],
  }),

  'errors: wrong password, unknown user, unknown verificationId, submit unidentified': async () => {
    const email = emailOf('errors');
    sandbox.addUser({ email, password: 'correct-horse-battery' });
    return {
      steps: [
        authorizationRequest(),
        start('SignIn'),
        post('/submit'),
        post('/verification/password', { identifier: byEmail(email), password: 'wrong-password-1' }),
        post('/verification/password', { identifier: byEmail(emailOf('nobody')), password: 'whatever-pass' }),
        post('/identification', { verificationId: 'no-such-verification' }),
        // A sign-in identifies by a verification only: none given is invalid input.
        post('/identification', {}),
        post('/verification/totp/verify', { code: '123456' }),
        post('/verification/totp/secret'),
        (jar) => jar.fetch(`/api/experience/sso-connectors?email=${encodeURIComponent(email)}`),
        start('Bogus'),
      ],
    };
  },

  'magic link: Management create + Experience verifyOneTimeToken (existing user)': async () => {
    const email = emailOf('magic');
    sandbox.addUser({ email });
    const created = await management('POST', '/one-time-tokens', { email });
    const other = await management('POST', '/one-time-tokens', { email: emailOf('other') });
    const forRegister = await management('POST', '/one-time-tokens', {
      email,
      context: { interactionEvent: 'Register' },
    });
    const verify = (token: string) =>
      post('/verification/one-time-token/verify', { identifier: byEmail(email), token });
    const v = remembering();
    return {
      steps: [
        authorizationRequest(),
        start('SignIn'),
        v.keep(verify(created.token)),
        v.identify,
        post('/submit'),
        authorizationRequest(),
        start('SignIn'),
        verify(created.token),
        verify(other.token),
        verify('no-such-token'),
        verify(forRegister.token),
      ],
    };
  },

  'magic link for a new address: SignIn -> user_not_exist -> Register': async () => {
    sandbox.configure({ signUp: SIGN_UP_EMAIL_PASSWORD });
    const email = emailOf('new.ott');
    const created = await management('POST', '/one-time-tokens', { email });
    const v = remembering();
    return {
      subs: [['new.ott.mx2emfhr@example.com', email]],
      steps: [
        authorizationRequest(),
        start('SignIn'),
        v.keep(
          post('/verification/one-time-token/verify', { identifier: byEmail(email), token: created.token }),
        ),
        v.identify,
        put('/interaction-event', { interactionEvent: 'Register' }),
        v.identify,
        post('/profile', { type: 'password', value: 'a-new-long-password' }),
        v.identify,
        post('/submit'),
      ],
    };
  },

  'register with email verification code (+ password profile)': async () => {
    sandbox.configure({ signUp: SIGN_UP_EMAIL_PASSWORD });
    const email = emailOf('register');
    const v = remembering();
    const code = (right: boolean) => () => {
      const sent = sandbox.outbox.latest(email)?.code ?? '';
      const wrong = sent === '000000' ? '111111' : '000000';
      return { identifier: byEmail(email), verificationId: v.current(), code: right ? sent : wrong };
    };
    return {
      steps: [
        authorizationRequest(),
        start('Register'),
        v.keep(
          post('/verification/verification-code', {
            identifier: byEmail(email),
            interactionEvent: 'Register',
          }),
        ),
        post('/verification/verification-code/verify', code(false)),
        v.keep(post('/verification/verification-code/verify', code(true))),
        v.identify,
        post('/profile', { type: 'password', value: 'a-new-long-password' }),
        v.identify,
        post('/submit'),
      ],
    };
  },

  'password sign-in + TOTP MFA': async () => {
    const email = emailOf('totp');
    const user = sandbox.addUser({ email, password: 'correct-horse-battery', totpSecret: true });
    const secret = user.totpSecret ?? '';
    const v = remembering();
    const wrongCode = () => {
      const now = sandbox.clock.now();
      const valid = [-30_000, 0, 30_000].map((d) => sandbox.totp(secret, now + d));
      return ['000000', '111111', '222222'].find((c) => !valid.includes(c));
    };
    return {
      steps: [
        authorizationRequest(),
        start('SignIn'),
        v.keep(
          post('/verification/password', { identifier: byEmail(email), password: 'correct-horse-battery' }),
        ),
        v.identify,
        post('/submit'),
        post('/verification/totp/verify', () => ({ code: wrongCode() })),
        post('/verification/totp/verify', () => ({ code: sandbox.totp(secret) })),
        post('/submit'),
      ],
    };
  },

  'forgot password with email code': async () => {
    const email = emailOf('forgot');
    sandbox.addUser({ email, password: 'the-old-password' });
    const v = remembering();
    const run = (passwords: string[]): Step[] => [
      authorizationRequest(),
      start('ForgotPassword'),
      v.keep(
        post('/verification/verification-code', {
          identifier: byEmail(email),
          interactionEvent: 'ForgotPassword',
        }),
      ),
      v.keep(
        post('/verification/verification-code/verify', () => ({
          identifier: byEmail(email),
          verificationId: v.current(),
          code: sandbox.outbox.latest(email)?.code,
        })),
      ),
      v.identify,
      ...passwords.map((password) => put('/profile/password', { password })),
      post('/submit'),
    ];
    return { steps: [...run(['the-old-password', 'the-new-password-1']), ...run(['the-new-password-2'])] };
  },
};

/** Compare one answer of a scenario with its recorded exchange. */
async function expectExchange(
  label: string,
  jar: Jar,
  response: Response,
  recorded: RecordedHttp,
  subs: Substitutions,
) {
  const answer = await answerOf(response);
  const where = `${label}: ${recorded.req} (sandbox answered ${answer.status} ${answer.text.slice(0, 300)})`;
  expect(answer.status, where).toBe(recorded.status);
  if (recorded.sentCookies)
    expect(jar.lastSent.sort(), `${where}: cookies sent`).toEqual([...recorded.sentCookies].sort());
  const location = answer.headers.get('location');
  if (recorded.location) {
    expect(location, where).not.toBeNull();
    expect(hop(location ?? ''), `${where}: redirect`).toBe(hop(recorded.location));
    expect(new URL(location ?? '', 'http://x').searchParams.get('app_id'), where).toBe(TEST_APP.clientId);
  } else expect(location, where).toBeNull();
  const redirectSubs: Substitutions = recorded.location && location ? [[recorded.location, location]] : [];
  expectBody(answer, recorded.body, [...subs, ...redirectSubs]);
  if (recorded.setCookies) {
    const set = answer.headers.getSetCookie().map((h) => withoutIds(cookieSummary(h)));
    expect(set.sort(), `${where}: cookies set`).toEqual(recorded.setCookies.map(withoutIds).sort());
  }
}

describe('the Experience scenarios recorded against Logto 1.42, on the sandbox', () => {
  const scenarios = experienceScenarios();
  // The sign-up rules some scenarios set, back to the sandbox's default whatever happened.
  afterEach(() => sandbox.configure({ signUp: { identifiers: [], password: false, verify: true } }));

  it('drives every recorded scenario, and only those', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(scenarios.map((s) => s.scenario).sort());
  });

  it.each(scenarios.map((s) => [s.scenario, s] as const))('%s', async (name, { http }) => {
    const driver = SCENARIOS[name];
    if (!driver) throw new Error(`no driver for the recorded scenario "${name}"`);
    const { steps, subs = [] } = await driver();
    expect(steps.length, 'one step per recorded exchange').toBe(http.length);
    const jar = new Jar(sandbox.url);
    for (const [i, step] of steps.entries()) {
      const response = await step(jar);
      await expectExchange(`#${i + 1}`, jar, response, http[i] as RecordedHttp, subs);
    }
  });
});

// ---- One-time-token cases ---------------------------------------------------------------------

/**
 * Cases that record no answer of the server, only what a client did with answers recorded in
 * other cases; there is nothing to replay against the sandbox.
 */
const CLIENT_ONLY: Record<string, string> = {
  'client with default resource: create':
    "records only that the client's default resource failed (the token endpoint's answer is the first case)",
  'client, app without role: list':
    "records only that the client got the 403 of the 'token without role' case",
  'listAll {email, pageSize:2}': "records only how many items the client's listAll iteration collected",
};

const MANAGEMENT_RESOURCE = 'https://default.logto.app/api';

describe('the one-time-token cases recorded against Logto 1.42, on the sandbox', () => {
  const cases = oneTimeTokenCases();
  const replayed = cases.filter((c) => !(c.case in CLIENT_ONLY));

  it('leaves out exactly the cases that record client behaviour', () => {
    expect(cases.filter((c) => c.case in CLIENT_ONLY).map((c) => c.case)).toEqual(Object.keys(CLIENT_ONLY));
    expect(replayed).toHaveLength(45);
  });

  // The cases run in recorded order against one tenant, as they were recorded.
  const admin = () => sandbox.addM2mApp();
  let token = '';
  let roleless = '';
  const emailA = emailOf('ott.a');
  const tokens: Record<string, Record<string, any>> = {};
  let subs: Substitutions = [];

  const tokenRequest = (form: Record<string, string>) =>
    fetch(`${sandbox.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...form }),
    });
  const api = (method: string, path: string, body?: unknown, authorization = `Bearer ${token}`) =>
    fetch(`${sandbox.url}/api${path}`, {
      method,
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const keep = (name: string, call: () => Promise<Response>) => async () => {
    const response = await call();
    if (response.status < 300) tokens[name] = await response.clone().json();
    return response;
  };
  const create = (body: unknown) => api('POST', '/one-time-tokens', body);
  const verify = (t: string, email: string) => api('POST', '/one-time-tokens/verify', { token: t, email });
  const status = (id: string, value: string) =>
    api('PUT', `/one-time-tokens/${id}/status`, { status: value });
  const id = (name: string) => tokens[name]?.id as string;

  const STEPS: Record<string, () => Promise<Response>> = {
    'oidc/token resource=${endpoint}/api (client default)': async () => {
      const app = admin();
      return tokenRequest({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        resource: `${sandbox.url}/api`,
        scope: 'all',
      });
    },
    'oidc/token resource=https://default.logto.app/api': async () => {
      const app = admin();
      const response = await tokenRequest({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        resource: MANAGEMENT_RESOURCE,
        scope: 'all',
      });
      token = (await response.clone().json()).access_token;
      return response;
    },
    'oidc/token, app without Management API role': async () => {
      const app = sandbox.addM2mApp({ scopes: [] });
      // The same request as the app with the role (`scope=all`, the client's default).
      const response = await tokenRequest({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        resource: MANAGEMENT_RESOURCE,
        scope: 'all',
      });
      roleless = (await response.clone().json()).access_token;
      return response;
    },
    'oidc/token wrong secret': async () => {
      const app = admin();
      return tokenRequest({ client_id: app.clientId, client_secret: 'wrong', resource: MANAGEMENT_RESOURCE });
    },
    'GET /one-time-tokens no Authorization': () => api('GET', '/one-time-tokens', undefined, ''),
    'GET /one-time-tokens Bearer garbage': () => api('GET', '/one-time-tokens', undefined, 'Bearer garbage'),
    'GET /one-time-tokens Basic': () =>
      api('GET', '/one-time-tokens', undefined, `Basic ${Buffer.from('a:b').toString('base64')}`),
    'GET /one-time-tokens token without role': () =>
      api('GET', '/one-time-tokens', undefined, `Bearer ${roleless}`),
    'create {email}': keep('a', () => create({ email: emailA })),
    'create {email, expiresIn:3600, context.jitOrganizationIds}': keep('jit', () =>
      create({ email: emailA, expiresIn: 3600, context: { jitOrganizationIds: ['org-1'] } }),
    ),
    'create {context.interactionEvent:SignIn}': keep('signIn', () =>
      create({ email: emailA, context: { interactionEvent: 'SignIn' } }),
    ),
    'create expiresIn:0': () => create({ email: emailA, expiresIn: 0 }),
    'create expiresIn:1.5': keep('short', () => create({ email: emailA, expiresIn: 1.5 })),
    'create email:not-an-email': () => create({ email: 'not-an-email' }),
    'create {} (no email)': () => create({}),
    'create context:{foo:1}': keep('foo', () => create({ email: emailA, context: { foo: 1 } })),
    'list (no page)': async () => {
      // As many tokens as the recorded tenant held (82), ten of them for the first address.
      const all = await (await api('GET', '/one-time-tokens')).json();
      const mine = all.filter((t: { email: string }) => t.email === emailA).length;
      for (let i = mine; i < 10; i++) sandbox.createOneTimeToken({ email: emailA });
      for (let i = all.length + Math.max(0, 10 - mine); i < 82; i++)
        sandbox.createOneTimeToken({ email: emailOf('filler') });
      return api('GET', '/one-time-tokens');
    },
    'list {email} (no page)': () => api('GET', `/one-time-tokens?email=${encodeURIComponent(emailA)}`),
    'list {email, page:1, pageSize:2}': () =>
      api('GET', `/one-time-tokens?email=${encodeURIComponent(emailA)}&page=1&page_size=2`),
    'list {page:2} only': () => api('GET', '/one-time-tokens?page=2'),
    'list {status:active, pageSize:3}': () => api('GET', '/one-time-tokens?status=active&page_size=3'),
    'list page_size=101': () => api('GET', '/one-time-tokens?page_size=101'),
    'list status=bogus': () => api('GET', '/one-time-tokens?status=bogus'),
    'list email=bad': () => api('GET', '/one-time-tokens?email=bad'),
    'get id': () => api('GET', `/one-time-tokens/${id('a')}`),
    'get unknown id': () => api('GET', '/one-time-tokens/no-such-id'),
    'verify right email': keep('verified', () => verify(tokens.a?.token, emailA)),
    'verify twice': () => verify(tokens.a?.token, emailA),
    'verify wrong email': () => verify(tokens.jit?.token, emailOf('wrong')),
    'status after wrong-email verify': () => api('GET', `/one-time-tokens/${id('jit')}`),
    'verify email in upper case': () => verify(tokens.jit?.token, emailA.toUpperCase()),
    'verify unknown token': () => verify('no-such-token', emailA),
    'verify token:""': () => verify('', emailA),
    'verify expired (expiresIn:1, +1.5s)': async () => {
      const created = await (await create({ email: emailA, expiresIn: 1 })).json();
      sandbox.clock.advance(1500);
      // The status before verify, read as a GET (the recordings' notes: the real GET shows
      // `expired` past expiresAt).
      tokens.expiredBefore = await (await api('GET', `/one-time-tokens/${created.id}`)).json();
      return verify(created.token, emailA);
    },
    'updateStatus revoked': async () => {
      tokens.revoked = sandbox.createOneTimeToken({ email: emailA });
      return status(id('revoked'), 'revoked');
    },
    'verify revoked': () => verify(tokens.revoked?.token, emailA),
    'updateStatus revoked->active': () => status(id('revoked'), 'active'),
    'updateStatus active->active': () => status(id('foo'), 'active'),
    'updateStatus active->consumed': keep('consumed', () => status(id('foo'), 'consumed')),
    'updateStatus consumed->expired': keep('expired', () => status(id('foo'), 'expired')),
    'updateStatus unknown id': () => status('no-such-id', 'revoked'),
    'updateStatus bogus': () => status(id('jit'), 'bogus'),
    delete: async () => {
      subs = [['s5f9j1lxnv23hux3275ve', id('jit')]];
      return api('DELETE', `/one-time-tokens/${id('jit')}`);
    },
    'get deleted id': () => api('GET', `/one-time-tokens/${id('jit')}`),
    'delete deleted id': () => api('DELETE', `/one-time-tokens/${id('jit')}`),
  };

  it('drives every recorded case', () => {
    expect(Object.keys(STEPS).sort()).toEqual(replayed.map((c) => c.case).sort());
  });

  /** The facts recorded beside an answer: the token's status, context, lifetime, item count. */
  function expectFacts(recorded: RecordedCase, answer: Answer) {
    const real = recorded.real ?? {};
    const body = answer.json as Record<string, any>;
    if (real.statusField !== undefined) expect(body.status).toBe(real.statusField);
    if (real.context !== undefined) expect(body.context).toEqual(real.context);
    if (real.statusBefore !== undefined) expect(tokens.expiredBefore?.status).toBe(real.statusBefore);
    // Whole seconds: the real server stamps `createdAt` a moment after computing `expiresAt`.
    if (typeof real.lifetimeMs === 'number')
      expect(Math.round((body.expiresAt - body.createdAt) / 1000)).toBe(Math.round(real.lifetimeMs / 1000));
    if (typeof real.count === 'number') expect(body).toHaveLength(real.count);
  }

  /**
   * A full sample of a token recorded beside its shape: the same fixed values (tenant, status,
   * context, address), IDs and secrets of the same length and alphabet (`<32 chars>` a length),
   * numbers as numbers, and the same lifetime in whole seconds.
   */
  function expectSample(sample: Record<string, unknown>, body: Record<string, unknown>) {
    const alphabet = (v: string) => (/^[a-z0-9]+$/.test(v) ? 'lower-alnum' : 'other');
    for (const [name, value] of Object.entries(sample)) {
      const actual = body[name];
      const length = typeof value === 'string' ? /^<(\d+) chars>$/.exec(value)?.[1] : undefined;
      if (length) expect(String(actual), name).toHaveLength(Number(length));
      else if (name === 'id') {
        expect(String(actual), name).toHaveLength(String(value).length);
        expect(alphabet(String(actual)), name).toBe(alphabet(String(value)));
      } else if (typeof value === 'number') expect(typeof actual, name).toBe('number');
      else if (name === 'email') expect(actual).toBe(emailA);
      else expect(actual, name).toEqual(value);
    }
    const lifetime = (t: Record<string, unknown>) =>
      Math.round(((t.expiresAt as number) - (t.createdAt as number)) / 1000);
    expect(lifetime(body)).toBe(lifetime(sample));
  }

  /** Pagination headers: the total, and each `Link` relation with its query. */
  function expectHeaders(recorded: Record<string, string>, answer: Answer) {
    for (const [name, value] of Object.entries(recorded)) {
      if (name === 'content-type') {
        expect(answer.headers.get(name)).toBe(value);
      } else if (name === 'link') {
        const links = (text: string) =>
          Object.fromEntries(
            text.split(', ').map((part) => {
              const [, target = '', rel = ''] = /^<([^>]+)>; rel="(\w+)"$/.exec(part) ?? [];
              const url = new URL(target);
              const query = [...url.searchParams].map(([k, v]) => `${k}=${v === emailA ? '<email>' : v}`);
              return [rel, `${url.pathname}?${query.sort().join('&')}`];
            }),
          );
        const expected = value.replace(/ott\.a\.[a-z0-9]+%40example\.com/g, encodeURIComponent(emailA));
        expect(links(answer.headers.get('link') ?? '')).toEqual(links(expected));
      } else expect(answer.headers.get(name), name).toBe(value);
    }
  }

  for (const recorded of replayed) {
    it(recorded.case, async () => {
      const step = STEPS[recorded.case];
      if (!step) throw new Error(`no step for the recorded case "${recorded.case}"`);
      const answer = await answerOf(await step());
      const real = recorded.real ?? {};
      const where = `sandbox answered ${answer.status} ${answer.text.slice(0, 400)}`;
      if (real.status !== undefined) {
        expect(answer.status, where).toBe(real.status);
        expectBody(answer, real.body, subs, true);
        if (real.code !== undefined) expect((answer.json as { code?: string }).code).toBe(real.code);
        expectHeaders(real.headers ?? {}, answer);
        if (real.sample)
          expectSample(real.sample as Record<string, unknown>, answer.json as Record<string, unknown>);
      }
      expectFacts(recorded, answer);
    });
  }
});
