import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { headerValue } from '../../../http/headers.js';
import { json } from '../../../http/reply.js';
import { logtoError } from '../errors.js';
import type { ExperienceSchemas } from '../spec.js';
import type { LogtoCall } from '../state.js';
import type { StoredUser, StoredWebAuthnCredential } from '../users.js';
import {
  addVerification,
  findVerification,
  type Interaction,
  identifiedUser,
  newVerificationId,
} from './interaction.js';
import type { PendingChallenge } from './records.js';
import { type ExperienceHandler, type ExperienceHandlers, session } from './session.js';

const TIMEOUT_MS = 60_000;

type Transport = ExperienceSchemas['AuthenticatorTransport'];

/** The library types a descriptor's `type` as any string; the spec (and browsers) know only `public-key`. */
const descriptors = (list: readonly { id: string; transports?: readonly string[] }[] | undefined) =>
  list?.map(({ id, transports }) => ({
    type: 'public-key' as const,
    id,
    ...(transports ? { transports: [...transports] as Transport[] } : {}),
  }));

/** RP ID and expected origin: configured, else from the request (Host header, Origin header). */
export function relyingParty(call: LogtoCall) {
  const host = headerValue(call.headers, 'host') ?? new URL(call.sandbox.origin).host;
  const { rpId, origin } = call.config.webauthn;
  return {
    rpId: rpId ?? new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, ''),
    origin: origin ?? headerValue(call.headers, 'origin') ?? `http://${host}`,
  };
}

const displayName = (user: StoredUser) => user.username ?? user.primaryEmail ?? user.primaryPhone ?? user.id;

/** Logto sends `type: "WebAuthn"`; the browser and the library know the credential as `public-key`. */
function toLibraryPayload<T extends { type: string }>(payload: T) {
  return { ...payload, type: 'public-key' as const };
}

/** A WebAuthn verification waiting for the answer to `challenge`, for a registration or an authentication. */
function addChallenge(
  interaction: Interaction,
  mode: 'registration' | 'authentication',
  userId: string,
  challenge: string,
  rpId: string,
  origin: string,
) {
  return addVerification(interaction, {
    type: 'WebAuthn',
    id: newVerificationId(),
    mode,
    userId,
    challenge,
    rpId,
    origin,
    challengeUsed: false,
    verified: false,
  });
}

/**
 * The WebAuthn verification a registration or authentication answers, with its challenge
 * claimed before anything is awaited, so that two answers to one challenge cannot both pass.
 */
function claimChallenge(
  interaction: Interaction,
  verificationId: string,
  mode: 'registration' | 'authentication',
) {
  const record = findVerification(interaction, verificationId, 'WebAuthn');
  if (record.mode !== mode) throw logtoError(404, 'session.verification_session_not_found');
  if (record.challengeUsed) throw logtoError(400, 'session.mfa.pending_info_not_found');
  record.challengeUsed = true;
  return record;
}

const createRegistration: ExperienceHandler<'CreateWebAuthnRegistration'> = async (request, call) => {
  const interaction = session(request);
  const user = identifiedUser(call, interaction);
  const { rpId, origin } = relyingParty(call);
  const options = await generateRegistrationOptions({
    rpName: call.config.webauthn.rpName,
    rpID: rpId,
    userName: displayName(user),
    userDisplayName: user.name ?? displayName(user),
    userID: new TextEncoder().encode(user.id),
    timeout: TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: user.webauthn.map((c) => ({ id: c.id, transports: c.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    supportedAlgorithmIDs: [-7, -257],
  });
  const record = addChallenge(interaction, 'registration', user.id, options.challenge, rpId, origin);
  return json(200, {
    verificationId: record.id,
    registrationOptions: { ...options, excludeCredentials: descriptors(options.excludeCredentials) },
  });
};

const verifyRegistration: ExperienceHandler<'VerifyWebAuthnRegistration'> = async (request, call) => {
  const userAgent = headerValue(call.headers, 'user-agent');
  const { verificationId, payload } = request.body;
  const record = claimChallenge(session(request), verificationId, 'registration');
  let result: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    result = await verifyRegistrationResponse({
      response: toLibraryPayload(payload),
      expectedChallenge: record.challenge,
      expectedOrigin: record.origin,
      expectedRPID: record.rpId,
      requireUserVerification: false,
    });
  } catch {
    throw logtoError(400, 'session.mfa.webauthn_verification_failed');
  }
  if (!result.verified) throw logtoError(400, 'session.mfa.webauthn_verification_failed');
  const { credential } = result.registrationInfo;
  record.verified = true;
  record.credential = {
    id: credential.id,
    publicKey: credential.publicKey,
    counter: credential.counter,
    transports: payload.response.transports,
    rpId: record.rpId,
    ...(userAgent ? { agent: userAgent } : {}),
  };
  return json(200, { verificationId: record.id });
};

/** Options for `navigator.credentials.get()`; no credentials listed lets any passkey of the site answer. */
export async function authenticationOptions(rpId: string, credentials: readonly StoredWebAuthnCredential[]) {
  const options = await generateAuthenticationOptions({
    rpID: rpId,
    timeout: TIMEOUT_MS,
    allowCredentials: credentials.map((c) => ({ id: c.id, transports: c.transports })),
    userVerification: 'preferred',
  });
  return { ...options, allowCredentials: descriptors(options.allowCredentials) ?? [] };
}

type AssertionPayload = ExperienceSchemas['WebAuthnAuthenticationPayload'];

/**
 * Checks an assertion against the challenge it answers and the stored credential, and moves the
 * credential's signature counter; 400 `session.mfa.webauthn_verification_failed` otherwise.
 */
export async function checkAssertion(
  expected: PendingChallenge,
  credential: StoredWebAuthnCredential,
  payload: AssertionPayload,
): Promise<void> {
  let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    result = await verifyAuthenticationResponse({
      response: toLibraryPayload(payload),
      expectedChallenge: expected.challenge,
      expectedOrigin: expected.origin,
      expectedRPID: expected.rpId,
      credential: { id: credential.id, publicKey: credential.publicKey, counter: credential.counter },
      requireUserVerification: false,
    });
  } catch {
    throw logtoError(400, 'session.mfa.webauthn_verification_failed');
  }
  const { newCounter } = result.authenticationInfo;
  // The counter may have moved while the signature was checked; a non-increasing counter is a
  // replayed or cloned authenticator.
  if (!result.verified || ((newCounter > 0 || credential.counter > 0) && newCounter <= credential.counter)) {
    throw logtoError(400, 'session.mfa.webauthn_verification_failed');
  }
  credential.counter = newCounter;
}

const createAuthentication: ExperienceHandler<'CreateWebAuthnAuthenticationVerification'> = async (
  request,
  call,
) => {
  const interaction = session(request);
  const user = identifiedUser(call, interaction);
  if (user.webauthn.length === 0) throw logtoError(400, 'session.mfa.webauthn_verification_not_found');
  const { rpId, origin } = relyingParty(call);
  const options = await authenticationOptions(rpId, user.webauthn);
  const record = addChallenge(interaction, 'authentication', user.id, options.challenge, rpId, origin);
  return json(200, { verificationId: record.id, authenticationOptions: options });
};

const verifyAuthentication: ExperienceHandler<'VerifyWebAuthnAuthentication'> = async (request, call) => {
  const interaction = session(request);
  const { verificationId, payload } = request.body;
  const record = claimChallenge(interaction, verificationId, 'authentication');
  const credential = call.state.users.byId(record.userId)?.webauthn.find((c) => c.id === payload.id);
  if (!credential) throw logtoError(400, 'session.mfa.webauthn_verification_failed');
  await checkAssertion(record, credential, payload);
  record.verified = true;
  interaction.mfa.verified = true;
  return json(200, { verificationId: record.id });
};

export const webAuthnHandlers = {
  CreateWebAuthnRegistration: createRegistration,
  VerifyWebAuthnRegistration: verifyRegistration,
  CreateWebAuthnAuthenticationVerification: createAuthentication,
  VerifyWebAuthnAuthentication: verifyAuthentication,
} satisfies Partial<ExperienceHandlers>;
