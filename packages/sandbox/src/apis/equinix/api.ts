// Equinix Metal API v1, the OTP operations (spec/equinix-metal-otp.yaml).
import type { operations as EquinixOperations } from '@authspec/equinix-otp';
import { randomDigits } from '../../core/crypto/random.js';
import { totpTimeStep } from '../../core/crypto/totp.js';
import { ApiError, json, noContent } from '../../http/reply.js';
import { defineSpecApi } from '../../spec/binding.js';
import type { OperationRequest, SecurityRequest } from '../../spec/types.js';
import { type EquinixCall, type EquinixUser, newRecoveryCodes } from './state.js';

/** What the API key check finds: the user. */
interface EquinixPrincipals {
  XAuthToken: EquinixUser;
}

const NOT_ENABLED = 'Two factor authentication is not enabled for this user';

function user(request: OperationRequest<unknown, EquinixPrincipals>): EquinixUser {
  const found = request.security.XAuthToken;
  if (!found) throw new Error('an Equinix handler ran without a user');
  return found;
}

function requireTwoFactor(account: EquinixUser, status: 400 | 422) {
  if (!account.totp) throw new ApiError(status, { errors: [NOT_ENABLED] });
  return account.totp;
}

const findUser = (request: SecurityRequest, call: EquinixCall) => {
  const key = request.headers['x-auth-token'];
  return (typeof key === 'string' && call.state.users.get(key)) || null;
};

export const equinixApi = defineSpecApi<EquinixOperations, EquinixCall, EquinixPrincipals>({
  document: 'equinix-metal-otp',
  basePath: '/metal/v1',
  security: { XAuthToken: findUser },
  handlers: {
    FindEnsureOtp: (request, call) => {
      const account = user(request);
      const totp = requireTwoFactor(account, 400);
      const { otp } = request.params;
      const now = call.sandbox.clock.now();
      // Each check below is synchronous with its state change: a code can be spent only once.
      const step = totpTimeStep(totp.secret, otp, now, 1, totp.lastUsedStep);
      if (step !== undefined) {
        totp.lastUsedStep = step;
        return noContent();
      }
      const recoveryIndex = account.recoveryCodes.indexOf(otp);
      if (recoveryIndex >= 0) {
        account.recoveryCodes.splice(recoveryIndex, 1);
        return noContent();
      }
      const sms = account.smsCodes.find((c) => c.code === otp && !c.used && c.expiresAt > now);
      if (sms) {
        sms.used = true;
        return noContent();
      }
      return json(401, { error: 'Invalid OTP' });
    },
    FindRecoveryCodes: (request) => {
      const account = user(request);
      requireTwoFactor(account, 422);
      return json(200, { recovery_codes: [...account.recoveryCodes] });
    },
    RegenerateCodes: (request) => {
      const account = user(request);
      requireTwoFactor(account, 422);
      account.recoveryCodes = newRecoveryCodes();
      return json(200, { recovery_codes: [...account.recoveryCodes] });
    },
    ReceiveCodes: (request, call) => {
      const account = user(request);
      requireTwoFactor(account, 422);
      if (!account.phone)
        throw new ApiError(422, { errors: ['The user has no phone number to send the code to'] });
      const code = randomDigits(6);
      const now = call.sandbox.clock.now();
      account.smsCodes.push({
        code,
        expiresAt: now + call.config.equinixSmsCodeLifetimeSeconds * 1000,
        used: false,
      });
      call.sandbox.outbox.push({ channel: 'sms', to: account.phone, code, service: 'equinix' });
      return noContent();
    },
  },
  errors: {
    unauthorized: () => json(401, { error: 'Invalid authentication token' }),
    // Equinix answers 422 to invalid input; operations that document only 400 get 400.
    validationFailed: (_operationId, statuses, details) =>
      json(statuses.includes('422') ? 422 : 400, { errors: [details] }),
    notImplemented: (operationId) => json(501, { error: `The sandbox does not emulate ${operationId} yet` }),
  },
});
