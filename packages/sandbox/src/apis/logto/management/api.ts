// The Management API's one-time tokens (spec/logto-one-time-tokens.yaml), and the
// client-credentials token endpoint the same document describes.
import { parseBearer } from '../../../http/headers.js';
import { json, noContent } from '../../../http/reply.js';
import { defineSpecApi } from '../../../spec/binding.js';
import type { SecurityRequest } from '../../../spec/types.js';
import { verifyAccessToken } from '../access-tokens.js';
import { invalidInput, logtoError, logtoReply, notImplementedReply } from '../errors.js';
import type { ManagementOperations } from '../spec.js';
import type { LogtoCall } from '../state.js';
import type { ManagementPrincipals } from './principals.js';
import { clientCredentialsToken } from './token.js';

/** The Bearer check of Logto's Management API. */
async function authenticate(request: SecurityRequest, call: LogtoCall) {
  const header = request.headers.authorization;
  if (!header) throw logtoError(401, 'auth.authorization_header_missing');
  const token = parseBearer(header);
  if (!token) throw logtoError(401, 'auth.authorization_token_type_not_supported');
  const claims = await verifyAccessToken(call, token);
  if (!claims) throw logtoError(401, 'auth.unauthorized');
  if (!claims.scope.split(' ').includes('all')) throw logtoError(403, 'auth.forbidden');
  return { clientId: claims.client_id };
}

function paginationLinks(
  origin: string,
  filters: { email?: string; status?: string },
  page: number,
  pageSize: number,
  total: number,
) {
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const link = (target: number, rel: string) => {
    const params = new URLSearchParams();
    if (filters.email !== undefined) params.set('email', filters.email);
    if (filters.status !== undefined) params.set('status', filters.status);
    params.set('page', String(target));
    params.set('page_size', String(pageSize));
    return `<${origin}/api/one-time-tokens?${params}>; rel="${rel}"`;
  };
  const links = [link(1, 'first')];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'));
  links.push(link(lastPage, 'last'));
  return links.join(', ');
}

export const managementApi = defineSpecApi<ManagementOperations, LogtoCall, ManagementPrincipals>({
  document: 'logto-one-time-tokens',
  basePath: '',
  security: { ManagementApiToken: authenticate },
  handlerChecksInput: ['ClientCredentialsToken'],
  handlers: {
    ClientCredentialsToken: clientCredentialsToken,
    ListOneTimeTokens: ({ query }, call) => {
      const matching = call.state.tokens.list({ email: query.email, status: query.status });
      if (query.page === undefined && query.page_size === undefined) return json(200, matching);
      const page = query.page ?? 1;
      const pageSize = query.page_size ?? 20;
      const slice = matching.slice((page - 1) * pageSize, page * pageSize);
      return json(200, slice, {
        'Total-Number': String(matching.length),
        Link: paginationLinks(call.sandbox.origin, query, page, pageSize, matching.length),
      });
    },
    AddOneTimeTokens: ({ body }, call) => json(201, call.state.tokens.create(body)),
    GetOneTimeToken: ({ params }, call) => json(200, call.state.tokens.get(params.id)),
    DeleteOneTimeToken: ({ params }, call) => {
      call.state.tokens.delete(params.id);
      return noContent();
    },
    VerifyOneTimeToken: ({ body }, call) => json(200, call.state.tokens.verify(body.token, body.email)),
    ReplaceOneTimeTokenStatus: ({ params, body }, call) =>
      json(200, call.state.tokens.setStatus(params.id, body.status)),
  },
  errors: {
    unauthorized: () => logtoReply(401, 'auth.unauthorized'),
    validationFailed: (_operationId, _statuses, details) => invalidInput(details),
    notImplemented: notImplementedReply,
  },
});
