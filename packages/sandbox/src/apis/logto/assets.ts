// Not part of any API document: where the URLs of uploaded avatars (UploadExperienceAvatar)
// point, as a storage provider's public bucket would serve them.
import type { ProtocolRoute } from '../../http/protocol-routes.js';
import { json } from '../../http/reply.js';
import type { LogtoCall } from './state.js';

export const assetRoutes: ProtocolRoute<LogtoCall>[] = [
  {
    method: 'GET',
    path: '/user-assets/{assetId}',
    label: 'user asset',
    handle: (request, call) => {
      const asset = call.state.assets.get(request.params.assetId ?? '');
      if (!asset) return json(404, { error: 'not_found', message: 'No such asset.' });
      return { status: 200, bytes: asset.data, headers: { 'Content-Type': asset.contentType } };
    },
  },
];
