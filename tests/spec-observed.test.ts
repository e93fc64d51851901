// What a real Logto 1.42 answered (tests/fixtures/observed/, recorded exchange by exchange) is
// what the spec must document: for every recorded answer, its operation documents the status,
// and the body fits the schema documented for that status and media type. Full JSON bodies
// are validated with Ajv; bodies recorded as shapes (`{verificationId:string}`, `[{…}]×82`)
// are checked member by member; `undefined` means no body, `string` a text body.
import { describe, expect, it } from 'vitest';
import { schemaValidator } from './helpers/examples';
import { checkExchange, checkShape, findOperation, parseShape, recordedExchanges } from './helpers/observed';
import { loadBundled } from './helpers/spec';

const APIS = ['logto-one-time-tokens', 'logto-experience'];
const validators = new Map(APIS.map((api) => [api, schemaValidator(api)]));
const validate = (api: string, pointer: string, value: unknown) =>
  (validators.get(api) as ReturnType<typeof schemaValidator>)(pointer, value);

const { exchanges, skipped } = recordedExchanges();

describe('recorded Logto 1.42 exchanges', () => {
  it('are all accounted for: checked, or left out for a stated reason', () => {
    expect(exchanges).toHaveLength(106);
    expect(new Set(skipped.map((s) => s.reason))).toEqual(
      new Set([
        'OIDC authorization endpoint (a redirect, not an API operation)',
        'records only what the client did',
        'no status recorded (a client-side observation)',
      ]),
    );
  });

  it('include the token endpoint, mapped to ClientCredentialsToken', () => {
    const token = exchanges.filter((e) => e.path === '/oidc/token');
    expect(token.map((e) => e.status).sort()).toEqual([200, 200, 400, 401]);
    expect(findOperation(APIS, 'post', '/oidc/token')?.operation.operationId).toBe('ClientCredentialsToken');
  });

  it.each(exchanges.map((e) => [e.label, e] as const))('%s fits the spec', (_label, exchange) => {
    expect(checkExchange(APIS, exchange, validate)).toEqual([]);
  });
});

describe('the exchange checker', () => {
  const submitReset = exchanges.find((e) => e.path === '/api/experience/submit' && e.status === 204);
  const identify201 = exchanges.find((e) => e.path === '/api/experience/identification' && e.status === 201);

  it('catches a status the spec does not document (submit 204 after a password reset)', () => {
    expect(submitReset).toBeDefined();
    const experience = structuredClone(loadBundled('logto-experience'));
    delete experience.paths['/api/experience/submit']?.post.responses['204'];
    const docs = [loadBundled('logto-one-time-tokens'), experience];
    expect(checkExchange(APIS, submitReset as never, validate, docs)).toEqual([
      'Submit: status 204 undocumented (documented: 200,400,403,404,422)',
    ]);
  });

  it('catches a text body documented as JSON (identify 201 Created)', () => {
    const experience = structuredClone(loadBundled('logto-experience'));
    const created = experience.paths['/api/experience/identification']?.post.responses['201'];
    created.content = { 'application/json': { schema: { type: 'object' } } };
    const docs = [loadBundled('logto-one-time-tokens'), experience];
    expect(checkExchange(APIS, identify201 as never, validate, docs)).toEqual([
      'IdentifyUser 201: answered text, spec documents no text/plain body',
    ]);
  });

  it('catches a JSON body that breaks its schema', () => {
    const wrong = { ...(submitReset as object), status: 400, body: { code: 42 } } as never;
    expect(checkExchange(APIS, wrong, validate)[0]).toMatch(/^Submit 400: /);
  });

  it('parses the recorded shapes', () => {
    expect(parseShape('[{id:string,context:{jitOrganizationIds:[string]×1}}]×82')).toEqual({
      kind: 'array',
      count: 82,
      items: {
        kind: 'object',
        members: [
          ['id', { kind: 'primitive', type: 'string' }],
          [
            'context',
            {
              kind: 'object',
              members: [
                [
                  'jitOrganizationIds',
                  { kind: 'array', count: 1, items: { kind: 'primitive', type: 'string' } },
                ],
              ],
            },
          ],
        ],
      },
    });
    expect(parseShape('{connectorIds:[]}')).toEqual({
      kind: 'object',
      members: [['connectorIds', { kind: 'array', count: 0, items: undefined }]],
    });
    expect(() => parseShape('{a:string')).toThrow(/expected/);
  });

  it('refuses a shape with an undeclared member, a missing required member or a wrong type', () => {
    const doc = loadBundled('logto-one-time-tokens');
    const token = { $ref: '#/components/schemas/OneTimeToken' };
    const full =
      'tenantId:string,id:string,email:string,token:string,context:{},status:string,createdAt:number,expiresAt:number';
    expect(checkShape(doc, token, parseShape(`{${full}}`))).toEqual([]);
    expect(checkShape(doc, token, parseShape(`{${full},secret:string}`))).toEqual([
      'body.secret: not a member the schema declares',
    ]);
    expect(checkShape(doc, token, parseShape('{id:string}'))).toContain(
      'body.tenantId: required by the schema, not in the answer',
    );
    expect(
      checkShape(doc, token, parseShape(`{${full.replace('createdAt:number', 'createdAt:string')}}`)),
    ).toEqual(['body.createdAt: string, schema says number']);
    expect(checkShape(doc, token, parseShape(`[{${full}}]×2`))).toEqual(['body: array, schema says object']);
  });
});
