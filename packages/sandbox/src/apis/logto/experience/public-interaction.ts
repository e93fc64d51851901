// `GET /api/experience/interaction`: the interaction as a sign-in page may see it, in the spec's
// `PublicInteraction` shape (Logto's sanitized interaction storage): secrets (codes, TOTP secrets,
// password digests, challenges) stay out, except the backup code a user just spent.
import { json } from '../../../http/reply.js';
import type { ExperienceSchemas } from '../spec.js';
import type { LogtoCall } from '../state.js';
import type { StoredWebAuthnCredential } from '../users.js';
import { requireEvent } from './interaction.js';
import type { Interaction, PendingProfile, VerificationRecord } from './records.js';
import { type ExperienceHandler, type ExperienceHandlers, session } from './session.js';

type PublicRecord = ExperienceSchemas['VerificationRecord'];
type PublicProfile = ExperienceSchemas['InteractionProfile'];
type PublicMfa = ExperienceSchemas['InteractionMfa'];

function publicRecord(call: LogtoCall, record: VerificationRecord): PublicRecord {
  switch (record.type) {
    case 'Password':
      return { id: record.id, type: 'Password', identifier: record.identifier, verified: record.verified };
    case 'VerificationCode':
    case 'MfaCode': {
      const mfa = record.type === 'MfaCode';
      const common = {
        id: record.id,
        verified: record.verified,
        // Logto names a code's message template after the event it was sent for.
        templateType: mfa ? ('MfaVerification' as const) : record.interactionEvent,
      };
      return record.identifier.type === 'email'
        ? {
            ...common,
            type: mfa ? 'MfaEmailVerificationCode' : 'EmailVerificationCode',
            identifier: { type: 'email', value: record.identifier.value },
          }
        : {
            ...common,
            type: mfa ? 'MfaPhoneVerificationCode' : 'PhoneVerificationCode',
            identifier: { type: 'phone', value: record.identifier.value },
          };
    }
    case 'Social':
      return {
        id: record.id,
        type: 'Social',
        connectorId: record.connectorId,
        ...(record.identity ? { socialUserInfo: { ...record.identity } } : {}),
      };
    case 'EnterpriseSso':
      return {
        id: record.id,
        type: 'EnterpriseSso',
        connectorId: record.connectorId,
        ...(record.identity
          ? { enterpriseSsoUserInfo: { ...record.identity }, issuer: ssoIssuer(call, record.connectorId) }
          : {}),
      };
    case 'OneTimeToken':
      return {
        id: record.id,
        type: 'OneTimeToken',
        verified: record.verified,
        identifier: { type: 'email', value: record.email },
        oneTimeTokenContext: { ...record.context },
      };
    case 'NewPasswordIdentity':
      return {
        id: record.id,
        type: 'NewPasswordIdentity',
        identifier: { type: 'username', value: record.username },
      };
    case 'Totp':
      return { id: record.id, type: 'Totp', userId: record.userId, verified: record.verified };
    case 'BackupCode':
      return {
        id: record.id,
        type: 'BackupCode',
        userId: record.userId,
        ...(record.code !== undefined ? { code: record.code } : {}),
      };
    case 'WebAuthn':
      return { id: record.id, type: 'WebAuthn', userId: record.userId, verified: record.verified };
    case 'SignInPasskey':
      return {
        id: record.id,
        type: 'SignInPasskey',
        verified: record.verified,
        ...(record.userId !== undefined ? { userId: record.userId } : {}),
      };
  }
}

/** The fake SSO provider's issuer, as the identity's `issuer`. */
const ssoIssuer = (call: LogtoCall, connectorId: string) =>
  `${call.sandbox.origin}/fake-idp/sso/${encodeURIComponent(connectorId)}`;

function publicProfile(call: LogtoCall, profile: PendingProfile): PublicProfile {
  const { username, primaryEmail, primaryPhone, social, sso, extraProfile } = profile;
  return {
    ...(username !== undefined ? { username } : {}),
    ...(primaryEmail !== undefined ? { primaryEmail } : {}),
    ...(primaryPhone !== undefined ? { primaryPhone } : {}),
    ...(social ? { socialIdentity: { target: social.connectorId, userInfo: { ...social.identity } } } : {}),
    ...(sso
      ? {
          enterpriseSsoIdentity: {
            identityId: sso.identity.id,
            ssoConnectorId: sso.connectorId,
            issuer: ssoIssuer(call, sso.connectorId),
            detail: { ...sso.identity },
          },
        }
      : {}),
    // Logto keeps the sign-up form's custom fields with the account's custom data.
    ...(extraProfile ? { customData: { ...extraProfile } } : {}),
  };
}

const publicCredential = (credential: StoredWebAuthnCredential) => ({
  type: 'WebAuthn' as const,
  rpId: credential.rpId ?? '',
  credentialId: credential.id,
  publicKey: Buffer.from(credential.publicKey).toString('base64url'),
  transports: credential.transports ?? [],
  counter: credential.counter,
  agent: credential.agent ?? '',
});

function publicMfa(interaction: Interaction): PublicMfa {
  const { enabled, skipped, passkeySkipped, totp, webauthn, backupCodes } = interaction.mfa;
  return {
    ...(enabled ? { mfaEnabled: true } : {}),
    mfaSkipped: skipped,
    ...(passkeySkipped ? { passkeySkipped: true } : {}),
    ...(totp ? { totp: { type: 'Totp' } } : {}),
    ...(webauthn.length > 0 ? { webAuthn: webauthn.map(publicCredential) } : {}),
    ...(backupCodes ? { backupCode: { type: 'BackupCode' } } : {}),
  };
}

const getInteraction: ExperienceHandler<'GetInteraction'> = (request, call) => {
  const interaction = session(request);
  const interactionEvent = requireEvent(interaction);
  return json(200, {
    interactionEvent,
    ...(interaction.userId !== undefined ? { userId: interaction.userId } : {}),
    profile: publicProfile(call, interaction.profile),
    verificationRecords: [...interaction.verifications.values()].map((r) => publicRecord(call, r)),
    mfa: publicMfa(interaction),
    // The sandbox has no captcha: every interaction passes it as not needed.
    captcha: { verified: false, skipped: true },
  });
};

export const publicInteractionHandlers = {
  GetInteraction: getInteraction,
} satisfies Partial<ExperienceHandlers>;
