import { describe, expect, it } from 'vitest';
import { equinixBinding } from '../src/equinix.js';
import { bindApi } from '../src/http/openapi.js';
import { describeError } from '../src/log.js';
import type { Call } from '../src/state.js';

describe('a handler that throws', () => {
  it("answers 500 in the API's shape and logs the error without its message", async () => {
    const logged: string[] = [];
    const api = await bindApi({
      ...equinixBinding,
      securityHandlers: { XAuthToken: () => ({ id: 'u1' }) },
      handlers: {
        FindRecoveryCodes: () => {
          throw new Error('failed for X-Auth-Token super-secret-key');
        },
      },
    });
    const call = {
      body: { kind: 'none' },
      logError: (where: string, error: unknown) => logged.push(`${where}: ${describeError(error)}`),
    } as unknown as Call;
    const outcome = await api.handle(
      {
        method: 'GET',
        path: '/user/otp/recovery-codes',
        query: '',
        headers: { 'x-auth-token': 'super-secret-key' },
      },
      call,
    );
    expect(outcome.reply).toEqual({ status: 500, body: { error: 'Internal server error' } });
    expect(outcome.operation?.operationId).toBe('FindRecoveryCodes');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('equinix-metal-otp FindRecoveryCodes: Error');
    expect(logged[0]).not.toContain('super-secret-key');
  });
});
