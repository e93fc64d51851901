// The headless sign-in's own checks, against a stand-in Logto on 127.0.0.1 that answers what a
// test needs (the sandbox runs the whole flow in packages/e2e/test/headless.test.ts).
import type { ServerResponse } from 'node:http';
import { sendJson, startServer, type TestServer } from '@authspec/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, createHeadlessSignIn, HeadlessSignInError, ValidationError } from '../src/headless';

let logto: TestServer;
beforeAll(async () => {
  logto = await startServer();
});
afterAll(() => logto.close());

const CALLBACK = 'https://app.example.com/callback';
const options = () => ({ endpoint: logto.url, clientId: 'app', redirectUri: CALLBACK });

const redirect = (res: ServerResponse, location: string, cookie?: string) => {
  res.writeHead(303, { location, ...(cookie ? { 'set-cookie': cookie } : {}) }).end();
};

/** A Logto whose authorization request, submit and `route` answer as the test says. */
function standIn(route: (url: string, res: ServerResponse) => boolean) {
  logto.handle((req, res) => {
    if (req.url.startsWith('/oidc/auth?'))
      return redirect(res, '/sign-in', '_interaction=i1; Path=/; HttpOnly');
    if (req.url === '/api/experience/submit')
      return sendJson(res, 200, { redirectTo: `${logto.url}/oidc/auth/i1` });
    if (route(req.url, res)) return;
    sendJson(res, 404, { code: 'guard.not_found', message: 'Not found' });
  });
}

describe('options', () => {
  it('refuses what cannot work before sending anything', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ scope: 'profile email' }, 'scope'],
      [{ redirectUri: 'https://app.example.com/cb#frag' }, 'redirectUri'],
      [{ redirectUri: 'callback' }, 'redirectUri'],
      [{ clientId: '' }, 'clientId'],
      [{ endpoint: 'http://logto.internal' }, 'endpoint'],
      [{ resource: 42 }, 'resource'],
    ];
    for (const [override, argument] of bad) {
      let error: unknown;
      try {
        createHeadlessSignIn({ ...options(), ...override } as never);
      } catch (e) {
        error = e;
      }
      expect(error, argument).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ argument });
    }
    // Plain http: is fine on this machine, and on a private network when asked for.
    expect(() => createHeadlessSignIn({ ...options(), endpoint: 'http://localhost:3001' })).not.toThrow();
    expect(() =>
      createHeadlessSignIn({ ...options(), endpoint: 'http://logto.internal', allowInsecureHttp: true }),
    ).not.toThrow();
  });

  it('refuses authorization parameters the sign-in sets itself', async () => {
    const app = createHeadlessSignIn(options());
    for (const key of ['state', 'nonce', 'code_challenge', 'redirect_uri', 'scope'])
      await expect(app.start({ params: { [key]: 'x' } })).rejects.toMatchObject({
        name: 'ValidationError',
        argument: `input.params.${key}`,
      });
    expect(logto.requests.filter((r) => r.url.startsWith('/oidc/auth'))).toEqual([]);
  });

  it('sends PKCE S256, state, nonce and the extra parameters with the authorization request', async () => {
    standIn(() => false);
    const before = logto.requests.length;
    await createHeadlessSignIn({ ...options(), resource: 'https://api.example.com' }).start({
      params: { prompt: 'login', login_hint: 'ada@example.com' },
    });
    const sent = new URL(logto.requests[before]?.url ?? '', logto.url).searchParams;
    expect(Object.fromEntries(sent)).toMatchObject({
      client_id: 'app',
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge_method: 'S256',
      prompt: 'login',
      login_hint: 'ada@example.com',
      resource: 'https://api.example.com',
    });
    expect(sent.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('following redirectTo', () => {
  it('never carries the interaction cookies off the Logto endpoint', async () => {
    standIn((url, res) => {
      if (url !== '/oidc/auth/i1') return false;
      redirect(res, 'https://attacker.example.net/collect');
      return true;
    });
    const flow = await createHeadlessSignIn(options()).start();
    await expect(flow.complete()).rejects.toMatchObject({
      name: 'HeadlessSignInError',
      step: 'redirect',
      code: 'unexpected_redirect',
    });
  });

  it('stops a redirect loop', async () => {
    standIn((url, res) => {
      if (!url.startsWith('/oidc/auth/i1')) return false;
      redirect(res, '/oidc/auth/i1');
      return true;
    });
    const flow = await createHeadlessSignIn(options()).start();
    await expect(flow.complete()).rejects.toMatchObject({ step: 'redirect', code: 'too_many_redirects' });
  });

  it('reports a page it cannot answer (a third-party consent screen)', async () => {
    standIn((url, res) => {
      if (url === '/oidc/auth/i1') redirect(res, '/consent');
      else if (url === '/consent') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
      else return false;
      return true;
    });
    const flow = await createHeadlessSignIn(options()).start();
    await expect(flow.complete()).rejects.toMatchObject({
      step: 'redirect',
      code: 'interaction_required',
      status: 200,
    });
  });

  it('sends each cookie only to the paths it is scoped to', async () => {
    const seen: string[] = [];
    logto.handle((req, res) => {
      seen.push(`${req.url.split('?')[0]} ${req.headers.cookie ?? '-'}`);
      if (req.url.startsWith('/oidc/auth?')) {
        res.writeHead(303, {
          location: '/sign-in',
          'set-cookie': [
            '_interaction=i1; Path=/; HttpOnly',
            '_interaction_resume=r1; Path=/oidc/auth/i1; HttpOnly',
          ],
        });
        res.end();
      } else if (req.url === '/api/experience/submit')
        sendJson(res, 200, { redirectTo: `${logto.url}/oidc/auth/i1` });
      else if (req.url === '/oidc/auth/i1') redirect(res, '/consent');
      else {
        res.writeHead(200);
        res.end();
      }
    });
    const flow = await createHeadlessSignIn(options()).start();
    await flow.complete().catch(() => undefined);
    // Discovery runs beside the submit, without cookies.
    expect(seen.slice(1).filter((line) => !line.includes('well-known'))).toEqual([
      '/api/experience/submit _interaction=i1',
      '/oidc/auth/i1 _interaction_resume=r1; _interaction=i1',
      '/consent _interaction=i1',
    ]);
  });
});

describe('the protocol steps', () => {
  it('names discovery when the OpenID configuration is for another issuer', async () => {
    standIn((url, res) => {
      if (url === '/oidc/auth/i1') redirect(res, `${CALLBACK}?code=c&state=x`);
      else if (url === '/oidc/.well-known/openid-configuration')
        sendJson(res, 200, {
          issuer: 'https://impostor.example.com/oidc',
          token_endpoint: `${logto.url}/oidc/token`,
        });
      else return false;
      return true;
    });
    const flow = await createHeadlessSignIn(options()).start();
    const error = await flow.complete().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeadlessSignInError);
    expect(error).toMatchObject({ step: 'discovery' });
  });

  it('names the step and keeps the typed cause when Logto cannot be reached', async () => {
    standIn(() => false);
    const flow = await createHeadlessSignIn({ ...options(), maxRetries: 0 }).start();
    const saved = flow.export();
    await logto.close();
    try {
      const error = await createHeadlessSignIn({ ...options(), maxRetries: 0 })
        .resume(saved)
        .complete()
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'HeadlessSignInError', step: 'submit' });
      expect((error as Error).cause).toBeInstanceOf(ConnectionError);
    } finally {
      logto = await startServer(undefined, logto.port);
    }
  });
});
