// Email and SMS codes: sending one to the outbox and checking an answer, shared by the
// identifier codes (CreateAndSendVerificationCode) and the MFA codes
// (CreateAndSendMfaVerificationCode), which Logto checks with the same code-verification class.
import { randomDigits } from '../../../core/crypto/random.js';
import { logtoError } from '../errors.js';
import type { InteractionEvent } from '../spec.js';
import type { LogtoCall } from '../state.js';
import type { SentCode } from './records.js';

/**
 * Wrong guesses one code takes before it is refused outright (Logto's passcode library,
 * `verification_code.exceed_max_try`). Failures across codes, passwords and interactions are the
 * identifier lockout's business (sentinel.ts, `sentinelPolicy`).
 */
const MAX_FAILED_CODE_ATTEMPTS = 10;

/** A new code for `identifier`, "sent" to the sandbox outbox. */
export function sendCode(
  call: LogtoCall,
  id: string,
  identifier: SentCode['identifier'],
  interactionEvent: InteractionEvent | undefined,
): SentCode {
  // Over the recipient's cap (message-rate-guard.ts, Logto's connector library checks it before
  // every message, whatever sends it) nothing is created or sent.
  return call.state.messageRate.send(identifier.value, call.config.messageRateLimit, () =>
    deliver(call, id, identifier, interactionEvent),
  );
}

function deliver(
  call: LogtoCall,
  id: string,
  identifier: SentCode['identifier'],
  interactionEvent: InteractionEvent | undefined,
): SentCode {
  const sent: SentCode = {
    id,
    identifier: { type: identifier.type, value: identifier.value },
    code: randomDigits(6),
    sentAt: call.sandbox.clock.now(),
    failedAttempts: 0,
    verified: false,
  };
  call.sandbox.outbox.push({
    channel: identifier.type === 'email' ? 'email' : 'sms',
    to: identifier.value,
    code: sent.code,
    service: 'logto',
    ...(interactionEvent ? { interactionEvent } : {}),
  });
  return sent;
}

/**
 * Checks an answer to a sent code and marks the code verified. The same right code may be sent
 * again (a page retrying after a network error); a wrong one counts against the attempts.
 */
export function answerCode(call: LogtoCall, record: SentCode, code: string): void {
  if (record.verified && code === record.code) return;
  const lifetimeMs = call.config.verificationCodeLifetimeSeconds * 1000;
  if (call.sandbox.clock.now() > record.sentAt + lifetimeMs)
    throw logtoError(400, 'verification_code.expired');
  if (record.failedAttempts >= MAX_FAILED_CODE_ATTEMPTS)
    throw logtoError(400, 'verification_code.exceed_max_try');
  if (code !== record.code) {
    record.failedAttempts += 1;
    throw logtoError(400, 'verification_code.code_mismatch');
  }
  record.verified = true;
}
