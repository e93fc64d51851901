import type { Context } from 'openapi-backend';
import { parseBearer } from '../http/headers.js';
import type { ApiBinding } from '../http/openapi.js';
import { json, noContent, type Reply } from '../http/reply.js';
import type { Call } from '../state.js';
import { verifyAccessToken } from './access-tokens.js';
import { invalidInput, logtoReply } from './errors.js';
import type { OneTimeTokenContext, OneTimeTokenStatus } from './one-time-tokens.js';

interface CreateBody {
  email: string;
  expiresIn?: number;
  context?: OneTimeTokenContext;
}

type AuthResult = { error: string } | { clientId: string };

/** The Bearer check of Logto's Management API, as a security handler of `ManagementApiToken`. */
async function authenticate(context: Context, call: Call): Promise<AuthResult> {
  const header = context.request.headers.authorization as string | undefined;
  if (!header) return { error: 'auth.authorization_header_missing' };
  const token = parseBearer(header);
  if (!token) return { error: 'auth.authorization_token_type_not_supported' };
  const claims = await verifyAccessToken(call.state, token);
  if (!claims) return { error: 'auth.unauthorized' };
  if (!claims.scope.split(' ').includes('all')) return { error: 'auth.forbidden' };
  return { clientId: claims.client_id };
}

function paginationLinks(
  origin: string,
  query: Record<string, unknown>,
  page: number,
  pageSize: number,
  total: number,
) {
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const link = (target: number, rel: string) => {
    const params = new URLSearchParams();
    for (const name of ['email', 'status']) {
      const value = query[name];
      if (typeof value === 'string') params.set(name, value);
    }
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

const tokens = (call: Call) => call.state.logto.tokens;
const body = <T>(context: Context) => context.request.requestBody as T;
const idParam = (context: Context) => String(context.request.params.id);

export const managementBinding: ApiBinding<Call> = {
  name: 'logto-one-time-tokens',
  securityHandlers: { ManagementApiToken: authenticate },
  handlers: {
    ListOneTimeTokens: (context, call) => {
      const query = context.request.query as Record<string, unknown>;
      const matching = tokens(call).list({
        email: query.email as string | undefined,
        status: query.status as OneTimeTokenStatus | undefined,
      });
      if (query.page === undefined && query.page_size === undefined) return json(200, matching);
      const page = Number(query.page ?? 1);
      const pageSize = Number(query.page_size ?? 20);
      const slice = matching.slice((page - 1) * pageSize, page * pageSize);
      return json(200, slice, {
        'Total-Number': String(matching.length),
        Link: paginationLinks(call.state.origin, query, page, pageSize, matching.length),
      });
    },
    AddOneTimeTokens: (context, call) => {
      const { email, expiresIn, context: tokenContext } = body<CreateBody>(context);
      return json(201, tokens(call).create({ email, expiresIn, context: tokenContext }));
    },
    GetOneTimeToken: (context, call) => json(200, tokens(call).get(idParam(context))),
    DeleteOneTimeToken: (context, call) => {
      tokens(call).delete(idParam(context));
      return noContent();
    },
    VerifyOneTimeToken: (context, call) => {
      const { token, email } = body<{ token: string; email: string }>(context);
      return json(200, tokens(call).verify(token, email));
    },
    ReplaceOneTimeTokenStatus: (context, call) => {
      const { status } = body<{ status: OneTimeTokenStatus }>(context);
      return json(200, tokens(call).setStatus(idParam(context), status));
    },
  },
  unauthorized: (context): Reply => {
    const result = context.security.ManagementApiToken as { error?: string } | undefined;
    const code = result?.error ?? 'auth.unauthorized';
    return logtoReply(code === 'auth.forbidden' ? 403 : 401, code);
  },
  validationFailed: (_operation, details) => invalidInput(details),
  notFound: () => logtoReply(404, 'guard.not_found'),
  methodNotAllowed: () => logtoReply(405, 'guard.method_not_allowed'),
  internalError: () => logtoReply(500, 'request.general', { message: 'Internal server error.' }),
  notImplemented: (operationId) =>
    logtoReply(501, 'request.not_implemented', {
      message: `The sandbox does not emulate ${operationId} yet.`,
    }),
};
