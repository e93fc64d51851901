// What the compiler holds a module to (`pnpm typecheck` compiles this file): every operation of
// the document has a handler or an explicit `notImplemented`, a misspelled operation is an
// error, the request is typed from the spec, and so is each reply (status → body). Each
// `@ts-expect-error` below fails the type-check if the error it expects goes away.
import type { operations as EquinixOperations } from '@authspec/equinix-otp';
import { describe, expect, it } from 'vitest';
import type { EquinixCall, EquinixUser } from '../src/apis/equinix/state.js';
import { json, noContent } from '../src/http/reply.js';
import { defineSpecApi, notImplemented } from '../src/spec/binding.js';
import type { OperationHandler, OperationHandlers, SpecErrors } from '../src/spec/types.js';

type Principals = { XAuthToken: EquinixUser };
type Handler<K extends keyof EquinixOperations> = OperationHandler<
  EquinixOperations[K],
  EquinixCall,
  Principals
>;

const errors = {} as SpecErrors;
const base = {
  document: 'equinix-metal-otp',
  basePath: '/metal/v1',
  security: { XAuthToken: () => null },
  errors,
} as const;

export function compileTimeChecks() {
  defineSpecApi<EquinixOperations, EquinixCall, Principals>({
    ...base,
    // @ts-expect-error RegenerateCodes has neither a handler nor `notImplemented`.
    handlers: {
      FindEnsureOtp: notImplemented,
      FindRecoveryCodes: notImplemented,
      ReceiveCodes: notImplemented,
    },
  });
  defineSpecApi<EquinixOperations, EquinixCall, Principals>({
    ...base,
    handlers: {
      FindEnsureOtp: notImplemented,
      FindRecoveryCodes: notImplemented,
      RegenerateCodes: notImplemented,
      ReceiveCodes: notImplemented,
      // @ts-expect-error No operation of the document has this operationId.
      ReceiveCode: notImplemented,
    },
  } satisfies Parameters<typeof defineSpecApi<EquinixOperations, EquinixCall, Principals>>[0]);

  // The path parameter is a string of the spec; an unknown one does not exist.
  const verify: Handler<'FindEnsureOtp'> = (request) => {
    const otp: string = request.params.otp;
    // @ts-expect-error FindEnsureOtp has no path parameter `code`.
    void request.params.code;
    return otp ? noContent() : json(401, { error: 'Invalid OTP' });
  };
  // @ts-expect-error FindEnsureOtp documents no 200.
  const undocumentedStatus: Handler<'FindEnsureOtp'> = () => json(200, { recovery_codes: [] });
  // @ts-expect-error The 200 of FindRecoveryCodes carries `recovery_codes: string[]`.
  const wrongBody: Handler<'FindRecoveryCodes'> = () => json(200, { recovery_codes: [1, 2] });
  const rightBody: Handler<'FindRecoveryCodes'> = () => json(200, { recovery_codes: ['a'] });
  return [verify, undocumentedStatus, wrongBody, rightBody] satisfies unknown[];
}

type EveryOperation = keyof OperationHandlers<EquinixOperations, EquinixCall, Principals>;

describe('handlers typed from the spec', () => {
  it('keys the handlers by every operationId of the document', () => {
    const keys: Record<EveryOperation, true> = {
      FindEnsureOtp: true,
      FindRecoveryCodes: true,
      RegenerateCodes: true,
      ReceiveCodes: true,
    };
    expect(Object.keys(keys)).toHaveLength(4);
  });
});
