// The Management API's one-time tokens (spec/logto-one-time-tokens.yaml), and the
// client-credentials token endpoint the same document describes.
import { parseBearer } from '../../../http/headers.js';
import { json, noContent } from '../../../http/reply.js';
import { defineSpecApi } from '../../../spec/binding.js';
import type { SecurityRequest } from '../../../spec/types.js';
import { type AccessTokenCheck, verifyAccessToken } from '../access-tokens.js';
import { logtoError, logtoGuardError, logtoReply, notImplementedReply } from '../errors.js';
import type { ManagementOperations } from '../spec.js';
import type { LogtoCall } from '../state.js';
import type { ManagementPrincipals } from './principals.js';
import { clientCredentialsToken } from './token.js';

/** The Bearer check of Logto's Management API (synchronous for a token verified before). */
function authenticate(request: SecurityRequest, call: LogtoCall) {
  const header = request.headers.authorization;
  if (!header) throw logtoError(401, 'auth.authorization_header_missing');
  const token = parseBearer(header);
  // The data of both 401s as Logto 1.42 answers them (recorded).
  if (!token)
    throw logtoError(401, 'auth.authorization_token_type_not_supported', {
      data: { supportedTypes: ['Bearer'] },
    });
  const verified = verifyAccessToken(call, token);
  return verified instanceof Promise ? verified.then(principalOf) : principalOf(verified);
}

const ALL_SCOPE = /(?:^| )all(?: |$)/;

function principalOf(verified: AccessTokenCheck) {
  if (!('claims' in verified))
    throw logtoError(401, 'auth.unauthorized', verified.failure ? { data: verified.failure } : {});
  const { claims } = verified;
  if (!ALL_SCOPE.test(claims.scope)) throw logtoError(403, 'auth.forbidden');
  return { clientId: claims.client_id };
}

/**
 * Logto's pagination links (koaPagination, as recorded from 1.42): the request's own query with
 * `page` set (a page size only when the request named one), under the path as the Management
 * API router sees it, without its `/api` mount; relations in Logto's order.
 */
function paginationLinks(origin: string, query: Record<string, unknown>, page: number, lastPage: number) {
  const link = (target: number, rel: string) => {
    const params = new URLSearchParams(
      Object.entries(query).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])),
    );
    params.set('page', String(target));
    return `<${origin}/one-time-tokens?${params}>; rel="${rel}"`;
  };
  const links = [link(1, 'first')];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
  links.push(link(lastPage, 'last'));
  if (page < lastPage) links.push(link(page + 1, 'next'));
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
      // Logto 1.42 counts every token of the tenant, whatever the filters (recorded: 82 in all
      // for an address with 10), and the links' last page follows that count.
      const total = call.state.tokens.list().length;
      const lastPage = Math.max(1, Math.ceil(total / pageSize));
      return json(200, slice, {
        'Total-Number': String(total),
        Link: paginationLinks(call.sandbox.origin, query, page, lastPage),
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
    validationFailed: (_operationId, _statuses, details, errors) => logtoGuardError(details, errors),
    notImplemented: notImplementedReply,
  },
});
