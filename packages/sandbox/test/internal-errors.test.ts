import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { equinixApi } from '../src/apis/equinix/api.js';
import { equinix } from '../src/apis/equinix/index.js';
import { createEquinixState, type EquinixCall } from '../src/apis/equinix/state.js';
import { createClock } from '../src/core/clock.js';
import { MemoryOutbox } from '../src/core/outbox.js';
import { createListener } from '../src/http/listener.js';
import type { ModuleContext } from '../src/module.js';
import { specRoutes } from '../src/spec/binding.js';

describe('a handler that throws', () => {
  it("answers 500 in the API's shape and logs the error without its message", async () => {
    const logged: string[] = [];
    const clock = createClock();
    const context: ModuleContext = {
      clock,
      outbox: new MemoryOutbox(clock),
      origin: 'http://127.0.0.1',
      signInPage: undefined,
      maxJsonDepth: 64,
      logError: () => {},
    };
    const state = createEquinixState();
    state.users.set('super-secret-key', {
      id: 'u1',
      authToken: 'super-secret-key',
      recoveryCodes: [],
      smsCodes: [],
    });
    const routes = await specRoutes(
      {
        ...equinixApi,
        handlers: {
          ...equinixApi.handlers,
          FindRecoveryCodes: () => {
            throw new Error('failed for X-Auth-Token super-secret-key');
          },
        },
      },
      context,
      (request): EquinixCall => ({
        state,
        config: { equinixSmsCodeLifetimeSeconds: 300 },
        sandbox: context,
        headers: request.headers,
      }),
    );
    const server = createServer(
      createListener({
        routes,
        mounts: equinix.mounts,
        maxBodyBytes: 1024,
        corsOrigins: [],
        validateResponses: false,
        violations: [],
        logger: (line) => logged.push(line),
        logRequests: false,
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/metal/v1/user/otp/recovery-codes`, {
      headers: { 'x-auth-token': 'super-secret-key' },
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'Internal server error' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('FindRecoveryCodes failed: Error');
    expect(logged[0]).not.toContain('super-secret-key');
  });
});
