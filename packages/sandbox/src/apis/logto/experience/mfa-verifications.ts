import QRCode from 'qrcode';
import { randomHex, randomTotpSecret } from '../../../core/crypto/random.js';
import { totpTimeStep, totpUri } from '../../../core/crypto/totp.js';
import { json } from '../../../http/reply.js';
import { logtoError } from '../errors.js';
import { addVerification, findVerification, identifiedUser, newVerificationId } from './interaction.js';
import { type ExperienceHandler, type ExperienceHandlers, session } from './session.js';

const BACKUP_CODE_COUNT = 10;

const createTotpSecret: ExperienceHandler<'CreateTotpSecret'> = async (request, call) => {
  const interaction = session(request);
  const user = identifiedUser(call, interaction);
  const secret = randomTotpSecret();
  const record = addVerification(interaction, {
    type: 'Totp',
    id: newVerificationId(),
    userId: user.id,
    secret,
    verified: false,
  });
  const issuer = new URL(call.sandbox.origin).hostname;
  const label = user.username ?? user.primaryEmail ?? user.primaryPhone ?? user.id;
  const secretQrCode = await QRCode.toDataURL(totpUri(secret, issuer, label));
  return json(200, { verificationId: record.id, secret, secretQrCode });
};

const verifyTotp: ExperienceHandler<'VerifyTotp'> = (request, call) => {
  const interaction = session(request);
  const { code, verificationId } = request.body;
  const now = call.sandbox.clock.now();
  if (verificationId !== undefined) {
    // Confirms a secret that is being bound.
    const record = findVerification(interaction, verificationId, 'Totp');
    if (!record.secret || totpTimeStep(record.secret, code, now) === undefined) {
      throw logtoError(400, 'session.mfa.invalid_totp_code');
    }
    record.verified = true;
    return json(200, { verificationId: record.id });
  }
  const user = identifiedUser(call, interaction);
  const totp = user.totp;
  // A code is good once: its time step must be newer than the last one the user spent.
  const step = totp ? totpTimeStep(totp.secret, code, now, 1, totp.lastUsedStep) : undefined;
  if (!totp || step === undefined) throw logtoError(400, 'session.mfa.invalid_totp_code');
  totp.lastUsedStep = step;
  interaction.mfa.verified = true;
  const record = addVerification(interaction, {
    type: 'Totp',
    id: newVerificationId(),
    userId: user.id,
    verified: true,
  });
  return json(200, { verificationId: record.id });
};

const generateBackupCodes: ExperienceHandler<'GenerateBackupCodes'> = (request, call) => {
  const interaction = session(request);
  const user = identifiedUser(call, interaction);
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, () => randomHex(10));
  const record = addVerification(interaction, {
    type: 'BackupCode',
    id: newVerificationId(),
    userId: user.id,
    codes,
    verified: true,
  });
  return json(200, { verificationId: record.id, codes });
};

const verifyBackupCode: ExperienceHandler<'VerifyBackupCode'> = (request, call) => {
  const interaction = session(request);
  const user = identifiedUser(call, interaction);
  const { code } = request.body;
  const stored = user.backupCodes?.find((c) => c.code === code && !c.used);
  if (!stored) throw logtoError(400, 'session.mfa.invalid_backup_code');
  stored.used = true;
  interaction.mfa.verified = true;
  const record = addVerification(interaction, {
    type: 'BackupCode',
    id: newVerificationId(),
    userId: user.id,
    code,
    verified: true,
  });
  return json(200, { verificationId: record.id });
};

export const mfaVerificationHandlers = {
  CreateTotpSecret: createTotpSecret,
  VerifyTotp: verifyTotp,
  GenerateBackupCodes: generateBackupCodes,
  VerifyBackupCode: verifyBackupCode,
} satisfies Partial<ExperienceHandlers>;
