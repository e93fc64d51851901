// The Logto clients against what a real Logto 1.42 answered. Every recorded answer
// (tests/fixtures/observed/, copied verbatim from the recordings) is served again by a local
// server, and the client method of its operation, called with the spec's own example input, must
// turn it into the right value, or into the error class of its status with Logto's code and the
// request id.
import type { ServerResponse } from 'node:http';
import { startServer, type TestServer } from '@authspec/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createExperienceClient,
  createManagementClient,
  InternalServerError,
  NotFoundError,
  OAuthTokenError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from '../packages/logto/src';
import { experienceOperations } from '../packages/logto/src/generated/experience.operations';
import { oneTimeTokensOperations } from '../packages/logto/src/generated/one-time-tokens.operations';
import { type Exchange, findOperation, parseShape, recordedExchanges, type Shape } from './helpers/observed';
import { deref, loadBundled } from './helpers/spec';

const APIS = ['logto-one-time-tokens', 'logto-experience'];
const REQUEST_ID = 'req-replayed-1';
const { exchanges } = recordedExchanges();

/** A concrete value of a recorded shape (`{id:string}` → `{ id: 'x' }`). */
function sampleOf(shape: Shape): unknown {
  if (shape.kind === 'object')
    return Object.fromEntries(shape.members.map(([name, member]) => [name, sampleOf(member)]));
  if (shape.kind === 'array') return shape.items ? [sampleOf(shape.items)] : [];
  return { string: 'x', number: 1, boolean: true, null: null }[shape.type] ?? 'x';
}

/** What the server sends back for a recorded answer: its JSON, its text, or nothing. */
function answerOf(exchange: Exchange): { json?: unknown; text?: string } {
  const { body, sample } = exchange;
  if (body === 'undefined') return {};
  if (body === 'string') return { text: 'Created' };
  if (typeof body === 'string') return { json: sample ?? sampleOf(parseShape(body)) };
  return { json: body };
}

function serve(res: ServerResponse, exchange: Exchange) {
  const { json, text } = answerOf(exchange);
  const headers: Record<string, string> = { 'Logto-Core-Request-Id': REQUEST_ID };
  for (const [name, value] of Object.entries(exchange.headers ?? {}))
    if (name !== 'content-type') headers[name] = value;
  if (json !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  if (text !== undefined) headers['content-type'] = 'text/plain; charset=utf-8';
  res.writeHead(exchange.status, headers);
  res.end(json !== undefined ? JSON.stringify(json) : text);
}

/** The spec's first example of an operation's request body, and example values of its parameters. */
function exampleArguments(api: string, operationId: string, pathParams: number): unknown[] {
  const doc = loadBundled(api);
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item) as any[]) {
      if (op?.operationId !== operationId) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => deref(doc, p));
      const query = Object.fromEntries(
        params.filter((p: any) => p.in === 'query' && p.required).map((p: any) => [p.name, p.example]),
      );
      const media = deref(doc, op.requestBody)?.content;
      const examples = media && (Object.values(media)[0] as any)?.examples;
      const body = examples ? deref(doc, Object.values(examples)[0]).value : undefined;
      const input = body === undefined && Object.keys(query).length === 0 ? [] : [{ ...body, ...query }];
      return [...Array.from({ length: pathParams }, () => 'x'), ...input];
    }
  }
  throw new Error(`${operationId} is not in ${api}`);
}

const ERROR_CLASSES: Record<number, new (...args: never[]) => ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
  500: InternalServerError,
};

let server: TestServer;
let current: Exchange;
beforeAll(async () => {
  server = await startServer((_req, res) => serve(res, current));
});
afterAll(() => server.close());

const cases = exchanges.map((exchange) => {
  const found = findOperation(APIS, exchange.method, exchange.path);
  if (!found) throw new Error(`${exchange.label}: no operation in the spec`);
  return { exchange, api: found.api, operationId: found.operation.operationId as string };
});

describe('every answer recorded against a real Logto 1.42, through the clients', () => {
  it('has recordings of both APIs to replay', () => {
    expect(cases.filter((c) => c.api === 'logto-experience').length).toBeGreaterThan(50);
    expect(cases.filter((c) => c.api === 'logto-one-time-tokens').length).toBeGreaterThan(30);
  });

  it.each(cases.map((c) => [c.exchange.label, c] as const))(
    '%s',
    async (_label, { exchange, api, operationId }) => {
      current = exchange;
      const options = { maxRetries: 0 };
      let call: () => Promise<unknown>;
      if (operationId === 'ClientCredentialsToken') {
        const client = createManagementClient({
          endpoint: server.url,
          clientId: 'm2m',
          clientSecret: 'm2m-secret-1',
          ...options,
        });
        call = () => client.oneTimeTokens.get('x');
      } else if (api === 'logto-one-time-tokens') {
        const client = createManagementClient({
          endpoint: server.url,
          accessToken: 'access-token-1',
          ...options,
        });
        const op = oneTimeTokensOperations[operationId as keyof typeof oneTimeTokensOperations];
        const name = {
          ListOneTimeTokens: 'list',
          AddOneTimeTokens: 'create',
          GetOneTimeToken: 'get',
          DeleteOneTimeToken: 'delete',
          VerifyOneTimeToken: 'verify',
          ReplaceOneTimeTokenStatus: 'updateStatus',
        }[operationId] as string;
        const args = exampleArguments(api, operationId, op.path.split('{').length - 1);
        call = () => (client.oneTimeTokens as any)[name](...args);
      } else {
        const client = createExperienceClient({ endpoint: server.url, ...options });
        const op = experienceOperations[operationId as keyof typeof experienceOperations];
        const name =
          operationId === 'GetSignInExperienceConfig'
            ? 'getSignInExperience'
            : `${operationId[0]?.toLowerCase()}${operationId.slice(1)}`;
        const args = exampleArguments(api, operationId, op.path.split('{').length - 1);
        call = () => (client as any)[name](...args);
      }

      const { json, text } = answerOf(exchange);
      if (exchange.status < 400) {
        const result = (await call()) as any;
        if (operationId === 'ClientCredentialsToken') return; // the token was accepted and used
        if (operationId === 'ListOneTimeTokens') expect(result.tokens).toEqual(json);
        else if (operationId === 'Submit' || operationId === 'IdentifyUser') {
          expect(result).toEqual({ status: exchange.status, data: json ?? text });
        } else expect(result).toEqual(json);
        return;
      }
      const error = (await call().then(
        () => undefined,
        (e: unknown) => e,
      )) as ApiError;
      const body = json as { code?: string; error?: string };
      // A token-endpoint failure is an OAuthTokenError whatever its status (the call it was for
      // could not be authenticated); any other, the class of its status.
      const expected =
        operationId === 'ClientCredentialsToken' ? OAuthTokenError : ERROR_CLASSES[exchange.status];
      expect(error).toBeInstanceOf(expected ?? ApiError);
      expect(error.status).toBe(exchange.status);
      expect(error.code).toBe(body.code);
      expect(error.requestId).toBe(REQUEST_ID);
      expect(error.operationId).toBe(operationId);
      // OAuth's `error` beside Logto's own code.
      if (operationId === 'ClientCredentialsToken') expect((error as OAuthTokenError).error).toBe(body.error);
    },
  );
});
