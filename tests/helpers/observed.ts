// The exchanges recorded against a real Logto 1.42 (tests/fixtures/observed/, copied verbatim
// from the project's reference material), turned into one list of request -> answer facts, and
// the checks that hold an answer against the operation the bundled spec documents for it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/apis.mjs';
import { deref, HTTP_METHODS, loadBundled, type OpenApiDocument } from './spec';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'observed');
export const EXPERIENCE_FILE = 'logto-1.42-experience-exchanges.json';
export const ONE_TIME_TOKEN_FILE = 'logto-1.42-one-time-token-exchanges.json';

/** One recorded answer, with the operation it belongs to. */
export type Exchange = {
  /** Where it was recorded: file, scenario or case, and position. */
  label: string;
  method: string;
  path: string;
  status: number;
  /** A JSON body, or a shape string (`{a:string}`, `[{…}]×3`, `string`, `undefined`). */
  body: unknown;
  /** A full sample of the body with placeholders for changing values, when recorded. */
  sample?: unknown;
  headers?: Record<string, string>;
};

/** A recorded entry that is not an API answer, and why it is left out. */
export type Skipped = { label: string; reason: string };

const read = (file: string) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));

/**
 * The Experience file records browser-like runs: request lines such as
 * `POST /api/experience/submit`, `GET /api/experience/sso-connectors?…` or
 * `PUT /api/experience (raw) {…}`. The OIDC provider's own pages (`/oidc/auth…`) are not
 * operations of the spec.
 */
function experienceExchanges(): { exchanges: Exchange[]; skipped: Skipped[] } {
  const exchanges: Exchange[] = [];
  const skipped: Skipped[] = [];
  for (const scenario of read(EXPERIENCE_FILE)) {
    scenario.http.forEach((entry: any, i: number) => {
      const label = `${EXPERIENCE_FILE} "${scenario.scenario}" #${i + 1} ${entry.req}`;
      const [, method = '', target = ''] = /^([A-Z]+) (\S+)/.exec(entry.req) ?? [];
      const path = target.split('?')[0] as string;
      if (path.startsWith('/oidc/auth')) {
        skipped.push({ label, reason: 'OIDC authorization endpoint (a redirect, not an API operation)' });
        return;
      }
      exchanges.push({ label, method: method.toLowerCase(), path, status: entry.status, body: entry.body });
    });
  }
  return { exchanges, skipped };
}

/**
 * The one-time-token file names cases after the raw request (`GET /one-time-tokens …`,
 * relative to `/api`) or after the client call. Map each call to its method and path.
 */
const OTT_CASES: Array<[RegExp, string, string]> = [
  [/^oidc\/token\b/, 'post', '/oidc/token'],
  [/^create\b/, 'post', '/api/one-time-tokens'],
  [/^list\b/, 'get', '/api/one-time-tokens'],
  [/^get\b/, 'get', '/api/one-time-tokens/{id}'],
  [/^verify\b/, 'post', '/api/one-time-tokens/verify'],
  [/^updateStatus\b/, 'put', '/api/one-time-tokens/{id}/status'],
  [/^delete\b/, 'delete', '/api/one-time-tokens/{id}'],
];

function oneTimeTokenExchanges(): { exchanges: Exchange[]; skipped: Skipped[] } {
  const exchanges: Exchange[] = [];
  const skipped: Skipped[] = [];
  for (const entry of read(ONE_TIME_TOKEN_FILE)) {
    const label = `${ONE_TIME_TOKEN_FILE} "${entry.case}"`;
    if (entry.real === null) {
      skipped.push({ label, reason: 'records only what the client did' });
      continue;
    }
    if (typeof entry.real?.status !== 'number') {
      skipped.push({ label, reason: 'no status recorded (a client-side observation)' });
      continue;
    }
    const raw = /^(GET|POST|PUT|DELETE) (\/\S+)/.exec(entry.case);
    const [method, path] = raw
      ? [(raw[1] as string).toLowerCase(), `/api${raw[2]}`]
      : (OTT_CASES.find(([re]) => re.test(entry.case))?.slice(1) ?? []);
    if (!method || !path) throw new Error(`${label}: no operation known for this case name`);
    exchanges.push({
      label,
      method,
      path,
      status: entry.real.status,
      body: entry.real.body,
      sample: entry.real.sample,
      headers: entry.real.headers,
    });
  }
  return { exchanges, skipped };
}

export function recordedExchanges() {
  const a = experienceExchanges();
  const b = oneTimeTokenExchanges();
  return { exchanges: [...a.exchanges, ...b.exchanges], skipped: [...a.skipped, ...b.skipped] };
}

/** The documented operation for a method and a concrete or templated path, in any Logto document. */
export function findOperation(apis: string[], method: string, path: string, docs = apis.map(loadBundled)) {
  for (const [i, doc] of docs.entries()) {
    for (const [template, item] of Object.entries(doc.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (
        (template === path || pattern.test(path)) &&
        HTTP_METHODS.includes(method as never) &&
        item[method]
      ) {
        return { api: apis[i] as string, doc, template, operation: item[method] };
      }
    }
  }
  return undefined;
}

// ---- Shapes ---------------------------------------------------------------------------------

/** A parsed body shape: `{a:string}` -> object, `[x]×N` -> array, `string` -> primitive. */
export type Shape =
  | { kind: 'object'; members: Array<[string, Shape]> }
  | { kind: 'array'; items?: Shape; count?: number }
  | { kind: 'primitive'; type: string };

/** Parse a shape string of the recordings. */
export function parseShape(text: string): Shape {
  let pos = 0;
  const fail = (what: string): never => {
    throw new Error(`shape "${text}": ${what} at ${pos}`);
  };
  const word = () => {
    const m = /^[A-Za-z_$][\w$]*/.exec(text.slice(pos)) ?? fail('name expected');
    pos += m[0].length;
    return m[0];
  };
  const expect = (ch: string) => {
    if (text[pos] !== ch) fail(`"${ch}" expected`);
    pos++;
  };
  const value = (): Shape => {
    if (text[pos] === '{') {
      pos++;
      const members: Array<[string, Shape]> = [];
      while (text[pos] !== '}') {
        const name = word();
        expect(':');
        members.push([name, value()]);
        if (text[pos] === ',') pos++;
        else if (text[pos] !== '}') fail('"," or "}" expected');
      }
      pos++;
      return { kind: 'object', members };
    }
    if (text[pos] === '[') {
      pos++;
      const items = text[pos] === ']' ? undefined : value();
      expect(']');
      const count = /^×(\d+)/.exec(text.slice(pos));
      if (count) pos += count[0].length;
      return { kind: 'array', items, count: count ? Number(count[1]) : items ? undefined : 0 };
    }
    return { kind: 'primitive', type: word() };
  };
  const shape = value();
  if (pos !== text.length) fail('end expected');
  return shape;
}

const typesOf = (schema: any): string[] => {
  if (schema.type) return Array.isArray(schema.type) ? schema.type : [schema.type];
  const literal = schema.const ?? schema.enum?.[0];
  if (literal === undefined) return [];
  return [literal === null ? 'null' : typeof literal];
};

/**
 * Check a shape against a schema: the kind (object, array, primitive type) must be allowed,
 * every member must be a declared property (unless the schema allows other members
 * explicitly), every required property must be there, and members and items recurse. A union
 * passes when one variant does. Returns what does not fit, empty when it fits.
 */
export function checkShape(doc: OpenApiDocument, schemaValue: any, shape: Shape, at = 'body'): string[] {
  const schema = deref(doc, schemaValue);
  if (!schema || typeof schema !== 'object') return [`${at}: no schema`];
  const union = schema.anyOf ?? schema.oneOf;
  if (union) {
    const results = union.map((v: any) => checkShape(doc, v, shape, at));
    if (results.some((r: string[]) => r.length === 0)) return [];
    return [`${at}: fits no variant (${results.map((r: string[]) => r.join('; ')).join(' | ')})`];
  }
  if (schema.allOf) return schema.allOf.flatMap((v: any) => checkShape(doc, v, shape, at));
  const types = typesOf(schema);
  const allows = (t: string) =>
    types.length === 0 || types.includes(t) || (t === 'number' && types.includes('integer'));
  switch (shape.kind) {
    case 'object': {
      if (!allows('object')) return [`${at}: object, schema says ${types.join('|')}`];
      const errors: string[] = [];
      const properties = schema.properties ?? {};
      const names = shape.members.map(([name]) => name);
      for (const name of schema.required ?? []) {
        if (!names.includes(name)) errors.push(`${at}.${name}: required by the schema, not in the answer`);
      }
      for (const [name, member] of shape.members) {
        if (properties[name]) errors.push(...checkShape(doc, properties[name], member, `${at}.${name}`));
        else if (schema.additionalProperties && schema.additionalProperties !== true) {
          errors.push(...checkShape(doc, schema.additionalProperties, member, `${at}.${name}`));
        } else if (schema.additionalProperties !== true) {
          errors.push(`${at}.${name}: not a member the schema declares`);
        }
      }
      return errors;
    }
    case 'array':
      if (!allows('array')) return [`${at}: array, schema says ${types.join('|')}`];
      return shape.items && schema.items ? checkShape(doc, schema.items, shape.items, `${at}[]`) : [];
    case 'primitive':
      return allows(shape.type) ? [] : [`${at}: ${shape.type}, schema says ${types.join('|')}`];
  }
}

/** The pointer of a response's schema for a media type, following a `$ref` to components. */
export function responseSchemaPointer(
  doc: OpenApiDocument,
  template: string,
  method: string,
  status: number,
) {
  const direct = `#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}`;
  const node = doc.paths[template]?.[method]?.responses?.[String(status)];
  const base = node?.$ref ?? direct;
  return (type: string) => `${base}/content/${type.replace(/\//g, '~1')}/schema`;
}

/**
 * Everything about a recorded answer that the spec does not document: an undocumented status,
 * a body where none is documented (or none where one is), a media type or header the response
 * does not declare, a shape that does not fit. `validate` checks a full JSON value against a
 * schema pointer (Ajv over the bundled document).
 */
export function checkExchange(
  apis: string[],
  exchange: Exchange,
  validate: (api: string, pointer: string, value: unknown) => { valid: boolean; errors: string },
  docs = apis.map(loadBundled),
): string[] {
  const found = findOperation(apis, exchange.method, exchange.path, docs);
  if (!found) return [`no operation ${exchange.method.toUpperCase()} ${exchange.path} in the spec`];
  const { api, doc, template, operation } = found;
  const documented = operation.responses?.[String(exchange.status)];
  if (!documented) {
    const statuses = Object.keys(operation.responses ?? {}).join(',');
    return [`${operation.operationId}: status ${exchange.status} undocumented (documented: ${statuses})`];
  }
  const response = deref(doc, documented);
  const content = response.content ?? {};
  const pointer = responseSchemaPointer(doc, template, exchange.method, exchange.status);
  const errors: string[] = [];
  const where = `${operation.operationId} ${exchange.status}`;

  const contentType = exchange.headers?.['content-type']?.split(';')[0]?.trim();
  if (contentType && !content[contentType]) errors.push(`${where}: media type ${contentType} undocumented`);
  for (const name of Object.keys(exchange.headers ?? {})) {
    if (name === 'content-type') continue;
    const declared = Object.keys(response.headers ?? {}).some((h) => h.toLowerCase() === name);
    if (!declared) errors.push(`${where}: header ${name} undocumented`);
  }

  const body = exchange.body;
  if (body === 'undefined') {
    if (Object.keys(content).length > 0) errors.push(`${where}: answered without a body, spec documents one`);
  } else if (body === 'string') {
    const text = content['text/plain']?.schema;
    if (!text) errors.push(`${where}: answered text, spec documents no text/plain body`);
    else errors.push(...checkShape(doc, text, { kind: 'primitive', type: 'string' }));
  } else {
    const json = content['application/json'];
    if (!json?.schema) {
      errors.push(`${where}: answered JSON, spec documents no JSON body`);
    } else if (typeof body === 'string') {
      errors.push(...checkShape(doc, json.schema, parseShape(body)).map((e) => `${where}: ${e}`));
    } else {
      const result = validate(api, pointer('application/json'), body);
      if (!result.valid) errors.push(`${where}: ${result.errors}`);
    }
    if (json?.schema && exchange.sample !== undefined) {
      const result = validate(api, pointer('application/json'), exchange.sample);
      if (!result.valid) errors.push(`${where} (sample): ${result.errors}`);
    }
  }
  return errors;
}

// ---- The recordings as they were made (for replaying them against the sandbox) ---------------

/** One exchange of an Experience scenario, as recorded. */
export type RecordedHttp = {
  /** The request line: `PUT /api/experience`, `GET /oidc/auth?…`, `PUT /api/experience (raw) {…}`. */
  req: string;
  /** Names of the cookies the browser sent. */
  sentCookies?: string[];
  /** The `Logto-App-Id` the request carried, when the scenario is about it. */
  sentAppId?: string;
  status: number;
  code?: string;
  /** The full JSON of an error, a shape string of a success, or `undefined` / `string`. */
  body: unknown;
  /** `name attribute…` of each cookie set (`_interaction path=/ HttpOnly samesite=lax`). */
  setCookies?: string[];
  location?: string;
};

/** The Experience scenarios, each the exchanges of one browser run, in order. */
export const experienceScenarios = (): Array<{ scenario: string; http: RecordedHttp[] }> =>
  read(EXPERIENCE_FILE);

/** One case of the one-time-token file: its name and what the real server answered (or observed). */
export type RecordedCase = {
  case: string;
  real: null | {
    status?: number;
    code?: string;
    body?: unknown;
    headers?: Record<string, string>;
    sample?: unknown;
    /** Other facts recorded beside the answer (`statusField`, `lifetimeMs`, `context`, `count`, …). */
    [fact: string]: unknown;
  };
};

/** The one-time-token cases, in the order they were run. */
export const oneTimeTokenCases = (): RecordedCase[] => read(ONE_TIME_TOKEN_FILE);
