// `POST /api/experience/user-assets/avatar`: a registration uploads the new account's avatar.
// Logto stores it with the tenant's storage provider and answers its public URL; the sandbox is
// its own storage provider: it keeps the image in memory and serves it at that URL
// (`GET /user-assets/{assetId}`, assets.ts). The checks follow Logto's route (core
// routes/experience/profile-routes.ts): not in a password reset, then only in a registration;
// the image types and size are the spec's and Logto's upload limits.
import { randomId } from '../../../core/crypto/random.js';
import { json } from '../../../http/reply.js';
import { logtoError } from '../errors.js';
import { requireEvent } from './interaction.js';
import { type ExperienceHandler, type ExperienceHandlers, session } from './session.js';

/** The image types the spec accepts, with the extension the stored file gets. */
const AVATAR_TYPES: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** Logto's upload limit (`maxUploadFileSize`, 8 MiB); the sandbox's body limit may answer 413 first. */
const MAX_AVATAR_BYTES = 8 * 1024 * 1024;

const uploadAvatar: ExperienceHandler<'UploadExperienceAvatar'> = async (request, call) => {
  const interaction = session(request);
  const event = requireEvent(interaction);
  if (event === 'ForgotPassword') throw logtoError(400, 'session.not_supported_for_forgot_password');
  if (event !== 'Register') throw logtoError(400, 'session.invalid_interaction_type');
  const { file } = request.body;
  // The validators leave `format: binary` members out of `required` (openapi-backend does), so
  // the file's presence is checked here, as Logto's guard of the upload does.
  if (!(file instanceof Blob))
    throw logtoError(400, 'guard.invalid_input', { details: 'body.file: must be a file' });
  const mediaType = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
  const extension = AVATAR_TYPES[mediaType];
  if (!extension) throw logtoError(400, 'guard.mime_type_not_allowed');
  if (file.size > MAX_AVATAR_BYTES) throw logtoError(400, 'guard.file_size_exceeded');
  const assetId = `${randomId()}.${extension}`;
  const data = new Uint8Array(await file.arrayBuffer());
  call.state.assets.set(assetId, { contentType: mediaType, data });
  return json(200, { url: `${call.sandbox.origin}/user-assets/${assetId}` });
};

export const avatarHandlers = {
  UploadExperienceAvatar: uploadAvatar,
} satisfies Partial<ExperienceHandlers>;
