// The emulator benchmark's baseline, in a child process: a plain node:http server on 127.0.0.1
// that answers every request with a fixed JSON body (a one-time token), after reading the body.
import { createServer } from 'node:http';
import { announceReady } from '../lib/child.mjs';
import { ONE_TIME_TOKEN } from '../overhead/fixtures.mjs';

const body = Buffer.from(JSON.stringify(ONE_TIME_TOKEN));
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  announceReady({ url: `http://127.0.0.1:${port}` }, () => new Promise((r) => server.close(r)));
});
