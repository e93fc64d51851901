// The server of the per-call overhead benchmark, run in a child process: node:http with
// keep-alive on 127.0.0.1 and an OS-picked port, answering each route with a fixed JSON body
// (the spec's examples). It does no other work, so the client side dominates what is measured.
import { createServer } from 'node:http';
import { announceReady } from '../lib/child.mjs';
import { ONE_TIME_TOKEN, RECOVERY_CODES, SFTPGO_TOKEN } from './fixtures.mjs';

const bodies = new Map([
  ['/api/one-time-tokens/', Buffer.from(JSON.stringify(ONE_TIME_TOKEN))],
  ['/api/v2/token', Buffer.from(JSON.stringify(SFTPGO_TOKEN))],
  ['/metal/v1/user/otp/recovery-codes', Buffer.from(JSON.stringify(RECOVERY_CODES))],
]);
const notFound = Buffer.from('{"error":"not found"}');

function bodyFor(url) {
  if (url.startsWith('/api/one-time-tokens/')) return bodies.get('/api/one-time-tokens/');
  return bodies.get(url.split('?')[0]);
}

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const body = bodyFor(req.url ?? '');
  // Every contender must send credentials; a request without them is a bug in the benchmark.
  const authorized = req.headers.authorization !== undefined || req.headers['x-auth-token'] !== undefined;
  res.writeHead(body && authorized ? 200 : 404, {
    'content-type': 'application/json',
    'content-length': (body ?? notFound).length,
  });
  res.end(body ?? notFound);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  announceReady({ url: `http://127.0.0.1:${port}` }, () => new Promise((r) => server.close(r)));
});
