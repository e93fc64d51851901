// Every public call of every client, session and token provider, with arguments built from the
// generated operation tables: a spec operation added tomorrow is swept without touching this file.
// Each argument the spec marks secret gets a distinctive secret (see secrets.ts).

import { createEquinixOtpClient } from '@authspec/equinix-otp';
import { createExperienceClient, createManagementClient } from '@authspec/logto';
import { createHeadlessSignIn } from '@authspec/logto/headless';
import { createSftpgoTokenClient } from '@authspec/sftpgo-token';
import { createSftpgoSession } from '@authspec/sftpgo-token/session';
import type { ClientOptions, OperationSpec, OperationTable, Schema } from '../../../core/src/index';
import { NAMES as EQUINIX_NAMES } from '../../../equinix-otp/src/client';
import { equinixOtpOperations } from '../../../equinix-otp/src/generated/equinix-metal-otp.operations';
import { NAMES as EXPERIENCE_NAMES } from '../../../logto/src/experience/client';
import { experienceOperations } from '../../../logto/src/generated/experience.operations';
import { oneTimeTokensOperations } from '../../../logto/src/generated/one-time-tokens.operations';
import { NAMES as MANAGEMENT_NAMES } from '../../../logto/src/management/client';
import { sftpgoTokenOperations } from '../../../sftpgo-token/src/generated/sftpgo-token.operations';
import { NAMES as SFTPGO_NAMES } from '../../../sftpgo-token/src/token-client';
import { basicForm, secret, secretCode } from './secrets';

/** What a case hands a target: where the server is and the options every client gets. */
export type CallContext = {
  url: string;
  options: ClientOptions;
  signal?: AbortSignal | undefined;
  /** Arguments to call with instead of valid ones (the property tests' hostile values). */
  args?: unknown[];
  /** Per-call options to pass instead of `{ signal }`. */
  callOptions?: unknown;
};

export type Target = {
  /** e.g. `logto management (client credentials) create`. */
  name: string;
  /** The operation a failure of the call must name. */
  operationId: string;
  /** The generated operation the method sends, for a method of a client. */
  op?: OperationSpec;
  /** Run the call; it settles with the result or the error. */
  run(ctx: CallContext): Promise<unknown>;
  /** The call's token comes from the token endpoint, which may fail first. */
  usesTokenEndpoint?: string;
  /** An HTTP error answer resolves (a `Response`), as `fetch` does. */
  answersHttpErrors?: boolean;
  /** Only the property tests call it (its failures do not depend on the server). */
  propertyOnly?: boolean;
  /** The call is itself a token request (so the server fails it like any API call). */
  isTokenRequest?: boolean;
  /** A request the target sends before its own (opening the interaction, say), which a refused connection fails first. */
  setupOperationId?: string;
  /** The paths of that request. */
  setupPaths?: string[];
};

/** A value that satisfies `schema` (the subset the runtime checks); secret members get secrets. */
export function exampleOf(schema: Schema | undefined, name: string, secretHere = false): unknown {
  if (!schema) return undefined;
  const hidden = secretHere || schema.secret === true;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf?.[0]) return exampleOf(schema.anyOf[0], name, hidden);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      const value = hidden ? secret(name) : `value-${name}`;
      const min = schema.minLength ?? 0;
      return value.length >= min ? value.slice(0, schema.maxLength ?? value.length) : value.padEnd(min, 'x');
    }
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 60, 60));
    case 'boolean':
      return true;
    case 'binary':
      return new Blob([hidden ? secret(name) : 'file'], { type: 'image/png' });
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
        exampleOf(schema.items, name, hidden),
      );
    case 'object':
    case undefined: {
      const out: Record<string, unknown> = {};
      for (const [member, child] of Object.entries(schema.properties ?? {})) {
        out[member] = exampleOf(child, member, hidden);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** The arguments of a generated method: path parameters, then its input (when it takes one). */
export function argumentsOf(op: OperationSpec): unknown[] {
  const args: unknown[] = [];
  for (const p of op.params ?? []) if (p.in === 'path') args.push(exampleOf(p.schema, p.name, p.secret));
  if (!op.input) return args;
  const input: Record<string, unknown> = {};
  const body = exampleOf(op.body?.schema, 'body');
  if (body && typeof body === 'object' && !(body instanceof Blob)) Object.assign(input, body);
  for (const p of op.params ?? []) {
    if (p.in === 'path' || p.option) continue;
    input[p.key ?? p.name] = p.secret ? secretCode() : exampleOf(p.schema, p.key ?? p.name);
  }
  if (op.basic) {
    input.username = 'sweep-user';
    input.password = secret('basic-password');
    basicForm('sweep-user', input.password as string);
  }
  if (op.bearer) input.accessToken = secret('bearer');
  args.push(input);
  return args;
}

type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** The call's `i`th argument: the hostile one a property test gives, or the valid default. */
const arg = (ctx: CallContext, i: number, fallback: unknown): any => (ctx.args ? ctx.args[i] : fallback);
const callOptions = (ctx: CallContext): any =>
  'callOptions' in ctx ? ctx.callOptions : ctx.signal ? { signal: ctx.signal } : {};

/** One target per generated method of a client. */
function methodTargets(
  label: string,
  table: OperationTable,
  names: Record<string, string>,
  make: (ctx: CallContext) => Methods | Promise<Methods>,
  usesTokenEndpoint?: string,
): Target[] {
  return Object.entries(names).map(([operationId, method]) => {
    const op = table[operationId] as OperationSpec;
    return {
      name: `${label} ${method}`,
      operationId,
      op,
      ...(usesTokenEndpoint ? { usesTokenEndpoint } : {}),
      async run(ctx) {
        const client = await make(ctx);
        const call = client[method];
        if (!call) throw new Error(`${label} has no method ${method}`);
        return call(...(ctx.args ?? argumentsOf(op)), callOptions(ctx));
      },
    };
  });
}

/** Secrets of the clients themselves (credentials given at creation). */
export const credentials = {
  clientSecret: secret('client-secret'),
  accessToken: secret('access-token-option'),
  callbackToken: secret('access-token-callback'),
  equinixKey: secret('equinix-auth-token'),
  sftpgoPassword: secret('sftpgo-password'),
  sftpgoOtp: secretCode(),
  headlessSecret: secret('headless-client-secret'),
};
basicForm('sweep-admin', credentials.sftpgoPassword);

const management = (ctx: CallContext, auth: Record<string, unknown>) =>
  createManagementClient({ endpoint: ctx.url, ...ctx.options, ...auth } as never)
    .oneTimeTokens as unknown as Methods;

/** An Experience client whose interaction cookie (a secret) is in its jar. */
async function experience(ctx: CallContext): Promise<Methods> {
  const client = createExperienceClient({ endpoint: ctx.url, appId: 'sweep-app', ...ctx.options });
  await client.startOidcAuthorization({ clientId: 'sweep-app', redirectUri: 'https://app.example.com/cb' });
  return client as unknown as Methods;
}

export function allTargets(): Target[] {
  const clientCredentials = { clientId: 'sweep-m2m', clientSecret: credentials.clientSecret };
  return [
    ...methodTargets(
      'logto management (client credentials)',
      oneTimeTokensOperations,
      MANAGEMENT_NAMES,
      (ctx) => management(ctx, clientCredentials),
      'ClientCredentialsToken',
    ),
    {
      name: 'logto management (client credentials) listAll',
      operationId: 'ListOneTimeTokens',
      usesTokenEndpoint: 'ClientCredentialsToken',
      async run(ctx) {
        const all = management(ctx, clientCredentials).listAll as unknown as (
          p: object,
          o: object,
        ) => AsyncIterable<unknown>;
        for await (const token of all(arg(ctx, 0, {}), callOptions(ctx) as object)) return token;
      },
    },
    ...methodTargets(
      'logto management (accessToken)',
      oneTimeTokensOperations,
      { GetOneTimeToken: 'get' },
      (ctx) => management(ctx, { accessToken: credentials.accessToken }),
    ),
    ...methodTargets(
      'logto management (getAccessToken)',
      oneTimeTokensOperations,
      { GetOneTimeToken: 'get' },
      (ctx) => management(ctx, { getAccessToken: async () => credentials.callbackToken }),
    ),
    ...methodTargets('logto experience', experienceOperations, EXPERIENCE_NAMES, experience).map((t) => ({
      ...t,
      setupOperationId: 'OidcAuthorization',
      setupPaths: ['/oidc/auth'],
    })),
    {
      name: 'logto experience startOidcAuthorization',
      operationId: 'OidcAuthorization',
      async run(ctx) {
        const client = createExperienceClient({ endpoint: ctx.url, ...ctx.options });
        return client.startOidcAuthorization(
          arg(ctx, 0, {
            clientId: 'sweep-app',
            redirectUri: 'https://app.example.com/cb',
            state: 'sweep-state',
          }),
          callOptions(ctx),
        );
      },
    },
    ...methodTargets(
      'equinix',
      equinixOtpOperations,
      EQUINIX_NAMES,
      (ctx) =>
        createEquinixOtpClient({
          authToken: credentials.equinixKey,
          ...ctx.options,
          baseUrl: `${ctx.url}/metal/v1`,
        }) as unknown as Methods,
    ),
    ...methodTargets(
      'sftpgo token client',
      sftpgoTokenOperations,
      SFTPGO_NAMES,
      (ctx) =>
        createSftpgoTokenClient({ ...ctx.options, baseUrl: `${ctx.url}/api/v2` }) as unknown as Methods,
    ).map((t) => ({ ...t, isTokenRequest: true })),
    ...sessionTargets(),
    ...headlessTargets(),
  ];
}

function session(ctx: CallContext) {
  return createSftpgoSession({
    ...ctx.options,
    baseUrl: `${ctx.url}/api/v2`,
    role: 'admin',
    username: 'sweep-admin',
    password: credentials.sftpgoPassword,
    otp: credentials.sftpgoOtp,
  });
}

function sessionTargets(): Target[] {
  return [
    {
      name: 'sftpgo session getAccessToken',
      operationId: 'GetToken',
      isTokenRequest: true,
      run: (ctx) => session(ctx).getAccessToken(callOptions(ctx)),
    },
    {
      name: 'sftpgo session fetch',
      operationId: 'SessionFetch',
      usesTokenEndpoint: 'GetToken',
      // Like fetch, an HTTP error answer is handed to the caller, not thrown.
      answersHttpErrors: true,
      run: (ctx) =>
        session(ctx).fetch(arg(ctx, 0, `${ctx.url}/api/v2/admin/profile`), arg(ctx, 1, callOptions(ctx))),
    },
    {
      name: 'sftpgo session logout',
      operationId: 'Logout',
      setupOperationId: 'GetToken',
      setupPaths: ['/api/v2/token'],
      async run(ctx) {
        const s = session(ctx);
        // A session revokes only a token it holds: it gets one first (the token endpoint answers).
        await s.getAccessToken();
        return s.logout(callOptions(ctx));
      },
    },
  ];
}

function headlessTargets(): Target[] {
  const signIns = (ctx: CallContext) =>
    createHeadlessSignIn({
      ...ctx.options,
      endpoint: ctx.url,
      clientId: 'sweep-web',
      clientSecret: credentials.headlessSecret,
      redirectUri: 'https://app.example.com/callback',
    });
  return [
    {
      name: 'headless start',
      operationId: 'OidcAuthorization',
      run: (ctx) => signIns(ctx).start(arg(ctx, 0, undefined), callOptions(ctx)),
    },
    {
      name: 'headless complete',
      operationId: 'Submit',
      setupOperationId: 'OidcAuthorization',
      setupPaths: ['/oidc/auth'],
      async run(ctx) {
        const flow = await signIns(ctx).start();
        return flow.complete(arg(ctx, 0, undefined), callOptions(ctx));
      },
    },
    {
      name: 'headless resume',
      operationId: 'HeadlessSignIn',
      // Fails before sending anything, whatever the server does: for the property tests.
      propertyOnly: true,
      async run(ctx) {
        const signIn = signIns(ctx).resume(arg(ctx, 0, 'not-a-saved-sign-in'));
        return signIn.complete(undefined, callOptions(ctx));
      },
    },
  ];
}
