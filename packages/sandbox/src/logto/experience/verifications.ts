import type { Context } from 'openapi-backend';
import { hashPassword, verifyPassword } from '../../crypto/password.js';
import { randomDigits } from '../../crypto/random.js';
import { json, type Reply } from '../../http/reply.js';
import type { InteractionEvent } from '../../outbox.js';
import type { Call } from '../../state.js';
import { logtoError } from '../errors.js';
import type { Connector } from '../state.js';
import {
  addVerification,
  findVerification,
  type Identifier,
  type Interaction,
  newVerificationId,
  type VerificationRecord,
} from './interaction.js';
import { assertPasswordPolicy } from './password-policy.js';
import { requestBody, session } from './session.js';

const MAX_FAILED_PASSWORD_ATTEMPTS = 10;
const MAX_FAILED_CODE_ATTEMPTS = 10;
/** How long a fake provider's authorization code stays usable. */
const PROVIDER_CODE_LIFETIME_MS = 10 * 60 * 1000;

const verificationResult = (record: { id: string }): Reply => json(200, { verificationId: record.id });

async function createPasswordVerification(context: Context, call: Call): Promise<Reply> {
  const interaction = session(context);
  if (interaction.failedPasswordAttempts >= MAX_FAILED_PASSWORD_ATTEMPTS) {
    throw logtoError(400, 'session.verification_blocked_too_many_attempts');
  }
  const { identifier, password } = requestBody<{ identifier: Identifier; password: string }>(context);
  const user = call.state.logto.users.byIdentifier(identifier);
  const matches = await verifyPassword(password, user?.passwordDigest);
  if (!user || !matches) {
    interaction.failedPasswordAttempts += 1;
    throw logtoError(422, 'session.invalid_credentials');
  }
  if (user.suspended) throw logtoError(401, 'user.suspended');
  return verificationResult(
    addVerification(interaction, {
      type: 'Password',
      id: newVerificationId(),
      verified: true,
      userId: user.id,
    }),
  );
}

function createAndSendVerificationCode(context: Context, call: Call): Reply {
  const interaction = session(context);
  const { identifier, interactionEvent } = requestBody<{
    identifier: { type: 'email' | 'phone'; value: string };
    interactionEvent: InteractionEvent;
  }>(context);
  const record = addVerification(interaction, {
    type: 'VerificationCode',
    id: newVerificationId(),
    identifier: { type: identifier.type, value: identifier.value },
    code: randomDigits(6),
    sentAt: call.state.clock.now(),
    failedAttempts: 0,
    verified: false,
  });
  call.state.outbox.push({
    channel: identifier.type === 'email' ? 'email' : 'sms',
    to: identifier.value,
    code: record.code,
    service: 'logto',
    interactionEvent,
  });
  return verificationResult(record);
}

function verifyCode(context: Context, call: Call): Reply {
  const { identifier, verificationId, code } = requestBody<{
    identifier: { type: 'email' | 'phone'; value: string };
    verificationId: string;
    code: string;
  }>(context);
  const record = findVerification(session(context), verificationId, 'VerificationCode');
  // Logto looks the code up by (verification, identifier): another identifier finds none.
  if (record.identifier.type !== identifier.type || record.identifier.value !== identifier.value) {
    throw logtoError(400, 'verification_code.not_found');
  }
  if (record.verified && code === record.code) return verificationResult(record);
  const lifetimeMs = call.state.config.verificationCodeLifetimeSeconds * 1000;
  if (call.state.clock.now() > record.sentAt + lifetimeMs) throw logtoError(400, 'verification_code.expired');
  if (record.failedAttempts >= MAX_FAILED_CODE_ATTEMPTS)
    throw logtoError(400, 'verification_code.exceed_max_try');
  if (code !== record.code) {
    record.failedAttempts += 1;
    throw logtoError(400, 'verification_code.code_mismatch');
  }
  record.verified = true;
  return verificationResult(record);
}

function connectorOf(call: Call, context: Context, kind: Connector['kind']): Connector {
  const connectorId = String(context.request.params.connectorId);
  const connector = call.state.logto.connectors.get(connectorId);
  if (!connector || connector.kind !== kind) {
    throw logtoError(404, 'entity.not_found', {
      message: `The connector \`${connectorId}\` does not exist.`,
    });
  }
  return connector;
}

const providerType = (kind: Connector['kind']) => (kind === 'social' ? 'Social' : 'EnterpriseSso');

function createProviderVerification(kind: Connector['kind']) {
  return (context: Context, call: Call): Reply => {
    const connector = connectorOf(call, context, kind);
    const { state, redirectUri } = requestBody<{ state: string; redirectUri: string }>(context);
    const record = addVerification(session(context), {
      type: providerType(kind),
      id: newVerificationId(),
      connectorId: connector.id,
      state,
      redirectUri,
      verified: false,
    });
    const authorizationUri = new URL(
      `${call.state.origin}/fake-idp/${kind}/${encodeURIComponent(connector.id)}/authorize`,
    );
    authorizationUri.searchParams.set('state', state);
    authorizationUri.searchParams.set('redirect_uri', redirectUri);
    return json(200, { authorizationUri: authorizationUri.toString(), verificationId: record.id });
  };
}

function verifyProvider(kind: Connector['kind']) {
  return (context: Context, call: Call): Reply => {
    const connector = connectorOf(call, context, kind);
    const interaction = session(context);
    const { verificationId, connectorData } = requestBody<{
      verificationId?: string;
      connectorData: Record<string, unknown>;
    }>(context);
    const type = providerType(kind);
    const record: Extract<VerificationRecord, { type: 'Social' | 'EnterpriseSso' }> =
      verificationId === undefined
        ? // Flows without an authorization step (Google One Tap) verify in one call.
          addVerification(interaction, {
            type,
            id: newVerificationId(),
            connectorId: connector.id,
            verified: false,
          })
        : findVerification(interaction, verificationId, type);
    if (record.connectorId !== connector.id) throw logtoError(404, 'session.verification_session_not_found');
    const { providerCodes } = call.state.logto;
    const code = typeof connectorData.code === 'string' ? providerCodes.get(connectorData.code) : undefined;
    const returnedState = connectorData.state;
    const valid =
      code !== undefined &&
      !code.used &&
      code.kind === kind &&
      code.connectorId === connector.id &&
      call.state.clock.now() <= code.issuedAt + PROVIDER_CODE_LIFETIME_MS &&
      (record.redirectUri === undefined || code.redirectUri === record.redirectUri) &&
      (record.state === undefined || code.state === record.state) &&
      (returnedState === undefined || returnedState === code.state);
    if (!valid) throw logtoError(400, 'session.verification_failed');
    code.used = true;
    record.verified = true;
    record.identity = { ...code.identity };
    return verificationResult(record);
  };
}

function verifyOneTimeToken(context: Context, call: Call): Reply {
  const interaction = session(context);
  const { identifier, token } = requestBody<{ identifier: { type: 'email'; value: string }; token: string }>(
    context,
  );
  const consumed = call.state.logto.tokens.verify(token, identifier.value, interaction.event ?? null);
  return verificationResult(
    addVerification(interaction, {
      type: 'OneTimeToken',
      id: newVerificationId(),
      verified: true,
      email: consumed.email,
      context: consumed.context,
    }),
  );
}

async function createNewPasswordIdentity(context: Context, call: Call): Promise<Reply> {
  const interaction: Interaction = session(context);
  const { identifier, password } = requestBody<{
    identifier: { type: 'username'; value: string };
    password: string;
  }>(context);
  assertPasswordPolicy(password, call.state.config);
  // Checked again, synchronously, when identification creates the account.
  if (call.state.logto.users.byUsername(identifier.value))
    throw logtoError(422, 'user.username_already_in_use');
  const passwordDigest = await hashPassword(password);
  return verificationResult(
    addVerification(interaction, {
      type: 'NewPasswordIdentity',
      id: newVerificationId(),
      verified: true,
      username: identifier.value,
      passwordDigest,
    }),
  );
}

export const identifierVerificationHandlers = {
  CreatePasswordVerification: createPasswordVerification,
  CreateAndSendVerificationCode: createAndSendVerificationCode,
  VerifyCode: verifyCode,
  CreateSocialVerification: createProviderVerification('social'),
  VerifySocial: verifyProvider('social'),
  CreateEnterpriseSsoVerification: createProviderVerification('sso'),
  VerifyEnterpriseSso: verifyProvider('sso'),
  VerifyOneTimeToken: verifyOneTimeToken,
  CreateNewPasswordIdentityVerification: createNewPasswordIdentity,
};
