import type { Context, Operation } from 'openapi-backend';
import { randomDigits, randomHex } from './crypto/random.js';
import { totpTimeStep } from './crypto/totp.js';
import type { ApiBinding } from './http/openapi.js';
import { ApiError, json, noContent, type Reply } from './http/reply.js';
import type { Call } from './state.js';

/** An Equinix Metal user, known by the API key sent in `X-Auth-Token`. */
export interface EquinixUser {
  id: string;
  authToken: string;
  /** Two-factor authentication is on when the user has a TOTP secret. */
  totp?: { secret: string; lastUsedStep?: number };
  /** Unused recovery codes. */
  recoveryCodes: string[];
  phone?: string;
  smsCodes: { code: string; expiresAt: number; used: boolean }[];
}

export interface EquinixState {
  /** Users by API key. */
  users: Map<string, EquinixUser>;
}

export const createEquinixState = (): EquinixState => ({ users: new Map() });

export const RECOVERY_CODE_COUNT = 10;
export const newRecoveryCodes = () => Array.from({ length: RECOVERY_CODE_COUNT }, () => randomHex(10));

const NOT_ENABLED = 'Two factor authentication is not enabled for this user';

const user = (context: Context) => context.security.XAuthToken as EquinixUser;

function requireTwoFactor(account: EquinixUser, status: 400 | 422) {
  if (!account.totp) throw new ApiError(status, { errors: [NOT_ENABLED] });
  return account.totp;
}

function verifyOtp(context: Context, call: Call): Reply {
  const account = user(context);
  const totp = requireTwoFactor(account, 400);
  // The router has already percent-decoded the path segment.
  const otp = String(context.request.params.otp);
  const now = call.state.clock.now();
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
}

function receiveSms(context: Context, call: Call): Reply {
  const account = user(context);
  requireTwoFactor(account, 422);
  if (!account.phone)
    throw new ApiError(422, { errors: ['The user has no phone number to send the code to'] });
  const code = randomDigits(6);
  const now = call.state.clock.now();
  account.smsCodes.push({
    code,
    expiresAt: now + call.state.config.equinixSmsCodeLifetimeSeconds * 1000,
    used: false,
  });
  call.state.outbox.push({ channel: 'sms', to: account.phone, code, service: 'equinix' });
  return noContent();
}

const documents = (operation: Operation, status: number) => String(status) in (operation.responses ?? {});

export const equinixBinding: ApiBinding<Call> = {
  name: 'equinix-metal-otp',
  securityHandlers: {
    XAuthToken: (context, call) => {
      const key = context.request.headers['x-auth-token'];
      return (typeof key === 'string' && call.state.equinix.users.get(key)) || null;
    },
  },
  handlers: {
    FindEnsureOtp: verifyOtp,
    FindRecoveryCodes: (context) => {
      requireTwoFactor(user(context), 422);
      return json(200, { recovery_codes: [...user(context).recoveryCodes] });
    },
    RegenerateCodes: (context) => {
      const account = user(context);
      requireTwoFactor(account, 422);
      account.recoveryCodes = newRecoveryCodes();
      return json(200, { recovery_codes: [...account.recoveryCodes] });
    },
    ReceiveCodes: receiveSms,
  },
  unauthorized: () => json(401, { error: 'Invalid authentication token' }),
  // Equinix answers 422 to invalid input; operations that document only 400 get 400.
  validationFailed: (operation, details) =>
    json(documents(operation, 422) ? 422 : 400, { errors: [details] }),
  notFound: () => json(404, { error: 'Not found' }),
  methodNotAllowed: () => json(405, { error: 'Method not allowed' }),
  internalError: () => json(500, { error: 'Internal server error' }),
  notImplemented: (operationId) => json(501, { error: `The sandbox does not emulate ${operationId} yet` }),
};
