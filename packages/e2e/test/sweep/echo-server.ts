// The sweep's server: answers the requests of every client with the failure a case asks for,
// echoing back everything the request carried (headers, URL, body, decoded Basic credentials)
// in the reason phrase, in every header and in the body, the way a careless server or proxy does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer, type TestServer } from '@authspec/test-utils';
import { learned } from './secrets';

/** How the server fails a request. */
export type Failure =
  | { kind: 'json'; status: number }
  | { kind: 'html'; status: number }
  | { kind: 'empty'; status: number }
  | { kind: 'invalid-json'; status: number }
  /** Headers and half a body, then the connection is cut. */
  | { kind: 'reset' }
  /** No answer at all (for timeouts and aborts). */
  | { kind: 'hang' };

/** What the server does with each kind of request while a case runs. */
export type Plan = {
  /** The API call under test. */
  api: Failure;
  /** The OAuth token endpoints and SFTPGo's login answer a token, or fail too. */
  token: 'ok' | 'fail';
  /** What the token endpoints answer when they answer. */
  tokens: { logto: string; sftpgo: string };
  /** Cookie the OIDC authorization request sets (the interaction cookie). */
  cookie: string;
  /** The OIDC authorization request answers its redirect (default), or fails as `api` says. */
  authorize?: 'ok' | 'fail';
};

export type EchoServer = {
  url: string;
  server: TestServer;
  /** Run `plan` for every request until the next call. */
  use(plan: Plan): void;
  /** Resolves when the next request arrives. */
  nextRequest(): Promise<void>;
  /** Requests received so far. */
  count(): number;
  close(): Promise<void>;
};

const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, '?');

/** Everything the request carried, as a careless server would quote it. */
function echoOf(headers: IncomingMessage['headers'], url: string, body: string): string {
  const parts: string[] = [url, body];
  for (const [name, value] of Object.entries(headers)) {
    if (['host', 'connection', 'content-length', 'accept-encoding'].includes(name)) continue;
    parts.push(`${name}=${Array.isArray(value) ? value.join(',') : value}`);
    // A server that decodes Basic credentials and quotes them.
    const basic = /^Basic (.+)$/i.exec(String(value));
    if (basic?.[1]) parts.push(Buffer.from(basic[1], 'base64').toString('utf8'));
  }
  try {
    parts.push(decodeURIComponent(url));
  } catch {
    // A URL that does not decode is quoted as it is.
  }
  return parts.join(' | ');
}

function fail(res: ServerResponse, failure: Failure, echo: string): void {
  if (failure.kind === 'hang') return;
  const line = printable(echo).slice(0, 4000);
  const headers: Record<string, string | string[]> = {
    'x-request-id': line,
    'logto-core-request-id': line,
    'x-echo': line,
    'www-authenticate': `Bearer error="invalid_token", error_description="${line.replace(/["\\]/g, "'")}"`,
    'set-cookie': [`echo=${encodeURIComponent(line)}; Path=/`],
    'x-sftpgo-retry-in': line,
  };
  if (failure.kind === 'reset') {
    res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': '100000' });
    res.write(`{"message":"${line.slice(0, 200).replace(/["\\]/g, "'")}`);
    setTimeout(() => res.socket?.destroy(), 5);
    return;
  }
  const reason = `Echo ${line}`.slice(0, 2000);
  if (failure.kind === 'json') {
    const body = {
      code: echo,
      message: echo,
      error: echo,
      error_description: echo,
      errors: [echo],
      data: { echo, nested: [{ echo }] },
      [echo.slice(0, 200)]: 'echoed as a member name',
    };
    res.writeHead(failure.status, reason, { ...headers, 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  } else if (failure.kind === 'html') {
    res.writeHead(failure.status, reason, { ...headers, 'content-type': 'text/html' });
    res.end(`<html><body><h1>Failed</h1><pre>${echo}</pre></body></html>`);
  } else if (failure.kind === 'invalid-json') {
    res.writeHead(failure.status, reason, { ...headers, 'content-type': 'application/json' });
    res.end(`{"message": "${echo.slice(0, 300)}`);
  } else {
    res.writeHead(failure.status, reason, headers);
    res.end();
  }
}

export async function startEchoServer(): Promise<EchoServer> {
  let plan: Plan | undefined;
  let issued = 0;
  let waiters: Array<() => void> = [];
  const server = await startServer((req, res) => {
    const current = plan;
    for (const wake of waiters) wake();
    waiters = [];
    if (!current) {
      res.writeHead(500).end();
      return;
    }
    const echo = echoOf(req.headers, req.url, req.body);
    const path = req.url.split('?')[0] ?? '';
    if (path === '/oidc/auth' && current.authorize !== 'fail') {
      // The interaction cookie every later Experience call carries.
      res.writeHead(303, {
        location: '/sign-in',
        'set-cookie': `_interaction=${current.cookie}; Path=/; HttpOnly`,
      });
      res.end();
      return;
    }
    const isToken = path === '/oidc/token' || path === '/api/v2/token' || path === '/api/v2/user/token';
    if (isToken && current.token === 'ok') {
      // A new token each time, as a server does: a renewal must be scrubbed as well as the first.
      issued++;
      const answer =
        path === '/oidc/token'
          ? {
              access_token: learned(`${current.tokens.logto}-${issued}`),
              expires_in: 3600,
              token_type: 'Bearer',
              scope: 'all',
            }
          : {
              access_token: learned(`${current.tokens.sftpgo}-${issued}`),
              expires_at: new Date(Date.now() + 3_600_000).toISOString(),
            };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return;
    }
    fail(res, current.api, echo);
  });
  return {
    url: server.url,
    server,
    use(next) {
      plan = next;
    },
    nextRequest: () => new Promise<void>((resolve) => waiters.push(resolve)),
    count: () => server.requests.length,
    close: () => server.close(),
  };
}
