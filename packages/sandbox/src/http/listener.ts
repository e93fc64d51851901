// The node:http adapter of the sandbox's request handling (dispatch.ts): it reads the request's
// body under the limit, writes the answer, and drops the connection of a body that was too large.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeError } from '../core/log.js';
import { readBody } from './body.js';
import { createDispatcher, type Dispatcher, type DispatchOptions } from './dispatch.js';

export type { ResponseViolation } from './dispatch.js';

/**
 * The request listener of a sandbox. Give it the sandbox's dispatcher when the same state is
 * also served in process (sandbox.handle), so both go through one router and one set of limits.
 */
export function createListener(options: DispatchOptions, dispatch: Dispatcher = createDispatcher(options)) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    dispatch({
      method: req.method ?? 'GET',
      target: req.url,
      headers: req.headers,
      readBody: (limit) => readBody(req, limit),
      remoteAddress: req.socket.remoteAddress,
      remotePort: req.socket.remotePort,
    })
      .then((answer) => {
        if (answer.closeConnection) {
          // The rest of the body was never read: answer, then drop the connection.
          res.setHeader('Connection', 'close');
          res.on('finish', () => req.destroy());
        }
        if (res.headersSent || res.destroyed) return;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.payload);
      })
      .catch((error: unknown) => {
        options.logger?.(`[sandbox] response failed: ${describeError(error)}`);
        res.destroy();
      });
  };
}
