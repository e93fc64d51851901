import { hashPassword, verifyPassword } from '../../../core/crypto/password.js';
import { json } from '../../../http/reply.js';
import { logtoError } from '../errors.js';
import type { Connector, LogtoCall } from '../state.js';
import { answerCode, sendCode } from './codes.js';
import {
  addVerification,
  findVerification,
  type Interaction,
  newVerificationId,
  type VerificationRecord,
} from './interaction.js';
import { assertPasswordPolicy } from './password-policy.js';
import { type ExperienceHandler, type ExperienceHandlers, session } from './session.js';
import { assertSignInMethod } from './sign-in-methods.js';

/** How long a fake provider's authorization code stays usable. */
const PROVIDER_CODE_LIFETIME_MS = 10 * 60 * 1000;

const verificationResult = (record: { id: string }) => json(200, { verificationId: record.id });

const createPasswordVerification: ExperienceHandler<'CreatePasswordVerification'> = async (request, call) => {
  const interaction = session(request);
  const { identifier, password } = request.body;
  // A suspended account's right password is a failure too: Logto's verify throws, so it counts.
  const user = await call.state.sentinel.guard(identifier.value, call.config.sentinelPolicy, async () => {
    const found = call.state.users.byIdentifier(identifier);
    const matches = await verifyPassword(password, found?.passwordDigest);
    if (!found || !matches) throw logtoError(422, 'session.invalid_credentials');
    if (found.suspended) throw logtoError(401, 'user.suspended');
    return found;
  });
  return verificationResult(
    addVerification(interaction, {
      type: 'Password',
      id: newVerificationId(),
      verified: true,
      userId: user.id,
      identifier: { type: identifier.type, value: identifier.value },
    }),
  );
};

const createAndSendVerificationCode: ExperienceHandler<'CreateAndSendVerificationCode'> = (request, call) => {
  const interaction = session(request);
  const { identifier, interactionEvent } = request.body;
  // Only a sign-in code is refused here; a registration or a reset is checked by its own rules.
  if (interactionEvent === 'SignIn') assertSignInMethod(call.config, identifier.type, 'verificationCode');
  const sent = sendCode(call, newVerificationId(), identifier, interactionEvent);
  return verificationResult(
    addVerification(interaction, { ...sent, type: 'VerificationCode', interactionEvent }),
  );
};

const verifyCode: ExperienceHandler<'VerifyCode'> = async (request, call) => {
  const { identifier, verificationId, code } = request.body;
  const record = findVerification(session(request), verificationId, 'VerificationCode');
  // Every failure past the record lookup counts against the identifier, as in Logto.
  await call.state.sentinel.guard(identifier.value, call.config.sentinelPolicy, () => {
    // Logto looks the code up by (verification, identifier): another identifier finds none.
    if (record.identifier.type !== identifier.type || record.identifier.value !== identifier.value) {
      throw logtoError(400, 'verification_code.not_found');
    }
    answerCode(call, record, code);
  });
  return verificationResult(record);
};

function connectorOf(call: LogtoCall, connectorId: string, kind: Connector['kind']): Connector {
  const connector = call.state.connectors.get(connectorId);
  if (!connector || connector.kind !== kind) {
    throw logtoError(404, 'entity.not_found', {
      message: `The connector \`${connectorId}\` does not exist.`,
    });
  }
  return connector;
}

const providerType = (kind: Connector['kind']) => (kind === 'social' ? 'Social' : 'EnterpriseSso');

function createProviderVerification(kind: Connector['kind']) {
  const handler: ExperienceHandler<'CreateSocialVerification' | 'CreateEnterpriseSsoVerification'> = (
    request,
    call,
  ) => {
    const connector = connectorOf(call, request.params.connectorId, kind);
    const { state, redirectUri } = request.body;
    const record = addVerification(session(request), {
      type: providerType(kind),
      id: newVerificationId(),
      connectorId: connector.id,
      state,
      redirectUri,
      verified: false,
    });
    const authorizationUri = new URL(
      `${call.sandbox.origin}/fake-idp/${kind}/${encodeURIComponent(connector.id)}/authorize`,
    );
    authorizationUri.searchParams.set('state', state);
    authorizationUri.searchParams.set('redirect_uri', redirectUri);
    return json(200, { authorizationUri: authorizationUri.toString(), verificationId: record.id });
  };
  return handler;
}

function verifyProvider(kind: Connector['kind']) {
  const handler: ExperienceHandler<'VerifySocial' | 'VerifyEnterpriseSso'> = (request, call) => {
    const connector = connectorOf(call, request.params.connectorId, kind);
    const interaction = session(request);
    const { verificationId, connectorData } = request.body;
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
    const { providerCodes } = call.state;
    const code = typeof connectorData.code === 'string' ? providerCodes.get(connectorData.code) : undefined;
    const returnedState = connectorData.state;
    const valid =
      code !== undefined &&
      !code.used &&
      code.kind === kind &&
      code.connectorId === connector.id &&
      call.sandbox.clock.now() <= code.issuedAt + PROVIDER_CODE_LIFETIME_MS &&
      (record.redirectUri === undefined || code.redirectUri === record.redirectUri) &&
      (record.state === undefined || code.state === record.state) &&
      (returnedState === undefined || returnedState === code.state);
    if (!valid) throw logtoError(400, 'session.verification_failed');
    code.used = true;
    record.verified = true;
    record.identity = { ...code.identity };
    return verificationResult(record);
  };
  return handler;
}

const verifyOneTimeToken: ExperienceHandler<'VerifyOneTimeToken'> = async (request, call) => {
  const interaction = session(request);
  const { identifier, token } = request.body;
  const consumed = await call.state.sentinel.guard(identifier.value, call.config.sentinelPolicy, () =>
    call.state.tokens.verify(token, identifier.value, interaction.event ?? null),
  );
  return verificationResult(
    addVerification(interaction, {
      type: 'OneTimeToken',
      id: newVerificationId(),
      verified: true,
      email: consumed.email,
      context: consumed.context,
    }),
  );
};

const createNewPasswordIdentity: ExperienceHandler<'CreateNewPasswordIdentityVerification'> = async (
  request,
  call,
) => {
  const interaction: Interaction = session(request);
  const { identifier, password } = request.body;
  assertPasswordPolicy(password, call.config);
  // Checked again, synchronously, when identification creates the account.
  if (call.state.users.byUsername(identifier.value)) throw logtoError(422, 'user.username_already_in_use');
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
};

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
} satisfies Partial<ExperienceHandlers>;
