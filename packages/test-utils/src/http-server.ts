import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export type RecordedRequest = {
  method: string;
  /** Path and query exactly as they arrived on the wire (not decoded). */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
};

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export type TestServer = {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Replace the handler (e.g. per test). */
  handle(handler: Handler): void;
  close(): Promise<void>;
};

/**
 * A real HTTP server on 127.0.0.1, on a port the OS picks, that records each request and
 * answers with the current handler. Close it in the test (or afterAll) that started it.
 */
export async function startServer(
  handler: Handler = (_req, res) => sendJson(res, 200, {}),
  port = 0,
): Promise<TestServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json };
      requests.push(recorded);
      Promise.resolve(current(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 599, { error: String(error) });
        else res.destroy();
      });
    });
  });
  // Node closes an idle keep-alive connection after 5 s. A test worker starved of CPU that long
  // would write its next request into a connection already closed and fail with ECONNRESET, a
  // failure no test here is about (the client rightly does not repeat a POST then). close()
  // destroys every socket, so a long idle time keeps nothing open past the test.
  server.keepAliveTimeout = 10 * 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status = 204, headers: Record<string, string> = {}): void {
  res.writeHead(status, headers);
  res.end();
}

/** A port on 127.0.0.1 that nothing listens on (connections to it are refused). */
export async function refusedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A test server for the whole test file: started before the first test, stopped after the last,
 * its request log cleared before each test. The returned handle is usable at once.
 */
export function useTestServer(handler?: Handler): TestServer {
  let server: TestServer | undefined;
  const current = () => {
    if (!server) throw new Error('the test server is not started yet');
    return server;
  };
  beforeAll(async () => {
    server = await startServer(handler);
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    if (server) server.requests.length = 0;
  });
  return {
    get url() {
      return current().url;
    },
    get port() {
      return current().port;
    },
    get requests() {
      return current().requests;
    },
    handle: (next) => current().handle(next),
    close: () => current().close(),
  };
}
