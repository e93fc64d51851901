// From one bundled OpenAPI document to the TypeScript module that clients are built from:
//
// - a runtime table with one entry per operation: method, path, parameters (where each goes and
//   under which input name), the request body and the checks its schema implies, the success
//   statuses and how each is read, which inputs are secret and which a request spends;
// - a named, exported type per operation input and result;
// - an interface of one documented method per operation (keyed by operationId), carrying the
//   operation's summary, description, parameters and errors, which the wrappers rename.
//
// The spec extensions it reads (every other vendor extension is ignored):
//   x-authspec-secret: true          a parameter or schema property whose value is a secret
//   x-authspec-name: <identifier>    the input member a parameter is taken as (page_size → pageSize)
//   x-authspec-client-option: <opt>  a parameter the client fills from its options, not a method input
//   x-authspec-single-use: true      a parameter whose value a request spends (never repeated)

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The error class the runtime raises for an error status (mirrors `errorClassFor` in core). */
export function errorClassName(status) {
  const named = {
    400: 'BadRequestError',
    401: 'AuthenticationError',
    403: 'PermissionDeniedError',
    404: 'NotFoundError',
    409: 'ConflictError',
    422: 'UnprocessableEntityError',
    429: 'RateLimitError',
  };
  if (named[status]) return named[status];
  return status >= 500 ? 'InternalServerError' : 'ApiError';
}

/** Follow local `#/…` references. */
function resolver(doc) {
  return function deref(node) {
    let current = node;
    for (let hops = 0; current && typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
      if (hops > 32) throw new Error(`reference loop at ${current.$ref}`);
      if (!current.$ref.startsWith('#/'))
        throw new Error(`only local references are supported: ${current.$ref}`);
      const target = current.$ref
        .slice(2)
        .split('/')
        .reduce((n, key) => n?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      if (target === undefined) throw new Error(`unresolved reference ${current.$ref}`);
      // Sibling keywords of a $ref (OpenAPI 3.1) refine the target; keep the ones that matter here.
      const { $ref: _ref, ...siblings } = current;
      current = Object.keys(siblings).length ? { ...target, ...siblings, $from: current.$ref } : target;
    }
    return current;
  };
}

const pascal = (s) => s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c) => c.toUpperCase());
const camel = (s) => {
  const p = pascal(s);
  return p.charAt(0).toLowerCase() + p.slice(1);
};
const quote = (s) => JSON.stringify(s);
const key = (s) => (IDENTIFIER.test(s) ? s : quote(s));

/** One JSDoc block at `indent`, from lines of text (empty lines kept as paragraph breaks). */
function jsdoc(lines, indent) {
  const text = lines
    .join('\n')
    .replace(/\*\//g, '*\\/')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!text) return '';
  const body = text.split('\n').map((line) => `${indent} *${line ? ` ${line}` : ''}`);
  return `${indent}/**\n${body.join('\n')}\n${indent} */\n`;
}

const clean = (text) => (typeof text === 'string' ? text.trim().replace(/[ \t]+\n/g, '\n') : '');

/**
 * The checks of a schema, as the subset of JSON Schema that the runtime validator reads:
 * type (plus `binary` for a file, a Blob), enum (const becomes a one-value enum), minLength, maxLength, minimum, maximum,
 * exclusiveMinimum, exclusiveMaximum, minItems, maxItems, properties, required, items, anyOf
 * (oneOf and anyOf alike), and `secret` for `x-authspec-secret`. Component schemas become
 * shared constants so that each is written once.
 */
function checkWriter(doc, deref) {
  const components = new Map(); // component name → { name, code } (code null while being built)
  const order = [];

  function componentName(ref) {
    const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
    return m ? m[1] : undefined;
  }

  function write(schema, depth = 0) {
    if (schema === undefined || schema === true) return '{}';
    if (depth > 40) return '{}';
    if (schema && typeof schema.$ref === 'string') {
      const name = componentName(schema.$ref);
      const siblings = Object.keys(schema).filter(
        (k) => k !== '$ref' && !k.startsWith('x-') && k !== 'description',
      );
      if (name && siblings.length === 0) {
        const secret = schema['x-authspec-secret'] === true;
        const constName = `schema${pascal(name)}`;
        if (!components.has(name)) {
          components.set(name, { name: constName, code: null });
          const code = write(doc.components.schemas[name], depth + 1);
          components.get(name).code = code;
          order.push(name);
        }
        // A recursive schema would refer to itself before it is defined: check it loosely there.
        if (components.get(name).code === null) return secret ? '{ secret: true }' : '{}';
        return secret ? `{ ...${constName}, secret: true }` : constName;
      }
      return write(deref(schema), depth + 1);
    }
    const s = schema;
    const parts = [];
    if (s.allOf) {
      // Merge the members of every part into one object check.
      const merged = { type: 'object', properties: {}, required: [] };
      for (const part of s.allOf.map(deref)) {
        Object.assign(merged.properties, part.properties ?? {});
        merged.required.push(...(part.required ?? []));
      }
      return write({ ...s, allOf: undefined, ...merged }, depth + 1);
    }
    const variants = s.oneOf ?? s.anyOf;
    if (variants) parts.push(`anyOf: [${variants.map((v) => write(v, depth + 1)).join(', ')}]`);
    // A file (`format: binary`) is checked as a Blob.
    const type =
      s.format === 'binary'
        ? 'binary'
        : (s.type ?? (s.properties ? 'object' : s.items ? 'array' : undefined));
    if (type !== undefined) parts.push(`type: ${JSON.stringify(type)}`);
    if (s.const !== undefined) parts.push(`enum: [${JSON.stringify(s.const)}]`);
    else if (Array.isArray(s.enum)) parts.push(`enum: ${JSON.stringify(s.enum)}`);
    for (const k of [
      'minLength',
      'maxLength',
      'minimum',
      'maximum',
      'exclusiveMinimum',
      'exclusiveMaximum',
      'minItems',
      'maxItems',
    ]) {
      if (typeof s[k] === 'number') parts.push(`${k}: ${s[k]}`);
    }
    if (s.properties) {
      const props = Object.entries(s.properties).map(
        ([name, child]) => `${key(name)}: ${write(child, depth + 1)}`,
      );
      if (props.length) parts.push(`properties: { ${props.join(', ')} }`);
    }
    if (Array.isArray(s.required) && s.required.length) parts.push(`required: ${JSON.stringify(s.required)}`);
    if (s.items) parts.push(`items: ${write(s.items, depth + 1)}`);
    if (s['x-authspec-secret'] === true) parts.push('secret: true');
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }

  return {
    write,
    declarations: () =>
      order.map((name) => {
        const { name: constName, code } = components.get(name);
        return `const ${constName}: Schema = ${code};`;
      }),
  };
}

/** Every operation of a document with its effective parameters and security. */
function collectOperations(doc, deref) {
  const out = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref(rawItem);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const byKey = new Map();
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref)) {
        byKey.set(`${p.in}:${p.name}`, p);
      }
      out.push({
        id: op.operationId,
        method: method.toUpperCase(),
        path,
        op,
        parameters: [...byKey.values()],
        security: op.security ?? doc.security ?? [],
      });
    }
  }
  return out;
}

/** The scheme objects an operation may be called with (any of its requirements). */
function schemesOf(doc, security) {
  const names = [...new Set(security.flatMap((req) => Object.keys(req)))];
  return names.map((name) => {
    const scheme = doc.components?.securitySchemes?.[name];
    if (!scheme) throw new Error(`unknown security scheme ${name}`);
    return { name, ...scheme };
  });
}

/**
 * The facts about an API's secrets that its client hands to the runtime: header names that carry
 * credentials (apiKey schemes in headers, secret header parameters), and the names of members
 * and query parameters whose values are secret in what the server answers or in a URL, so that
 * error bodies, logs and URLs can redact them. (Secrets a request sends are scrubbed by value:
 * in a request, `code` may be a secret verification code while in an error body it names the
 * error.)
 */
function secretFacts(doc, deref, operations) {
  const headers = new Set();
  for (const scheme of Object.values(doc.components?.securitySchemes ?? {})) {
    if (scheme.type === 'apiKey' && scheme.in === 'header') headers.add(scheme.name.toLowerCase());
  }
  const members = new Set();
  for (const o of operations) {
    for (const p of o.parameters) {
      if (p['x-authspec-secret'] !== true) continue;
      if (p.in === 'header') headers.add(p.name.toLowerCase());
      else if (p.in === 'query') members.add(p.name);
    }
  }
  const seen = new Set();
  const visit = (raw) => {
    const node = raw && typeof raw === 'object' ? deref(raw) : raw;
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      if (child && child['x-authspec-secret'] === true) members.add(name);
      visit(child);
    }
    for (const key of ['items', 'additionalProperties']) visit(node[key]);
    for (const key of ['allOf', 'anyOf', 'oneOf']) for (const part of node[key] ?? []) visit(part);
  };
  // Member names are redacted in error bodies; a name that error bodies use for their own fields
  // (Logto's `code`, SFTPGo's `error`) stays readable there, its secret namesake elsewhere being
  // scrubbed by value instead.
  const errorFields = new Set();
  const fieldsOf = (raw, depth = 0) => {
    const node = raw && typeof raw === 'object' ? deref(raw) : undefined;
    if (!node || depth > 8) return;
    for (const name of Object.keys(node.properties ?? {})) errorFields.add(name);
    for (const key of ['allOf', 'anyOf', 'oneOf'])
      for (const part of node[key] ?? []) fieldsOf(part, depth + 1);
  };
  for (const o of operations) {
    for (const [status, raw] of Object.entries(o.op.responses ?? {})) {
      for (const media of Object.values(deref(raw).content ?? {})) {
        if (/^2/.test(status)) visit(media.schema);
        else fieldsOf(media.schema);
      }
    }
  }
  return { headers: [...headers].sort(), members: [...members].filter((m) => !errorFields.has(m)).sort() };
}

/**
 * Render the operations module of one API.
 * @param {{ name: string, title: string, spec: string, output: string, prefix: string }} api
 * @param {object} doc the bundled OpenAPI document
 */
export function renderOperations(api, doc, { shared = new Set() } = {}) {
  const deref = resolver(doc);
  const operations = collectOperations(doc, deref);
  // An operationId that another API of the same package also has gets the API's prefix in the
  // names of its types, so that the package can export both.
  const typeBase = (id) => (shared.has(id) ? `${api.prefix}${id}` : id);
  const checks = checkWriter(doc, deref);
  const typesModule = `./${api.output.split('/').pop().replace(/\.ts$/, '')}`;
  const entries = [];
  const types = [];
  const methods = [];
  const errorClasses = new Set(['ValidationError']);

  for (const o of operations) {
    const { id, op } = o;
    const opType = `operations[${quote(id)}]`;
    const paramSpecs = [];
    const pathParams = [];
    const inputMembers = []; // { name, type, optional, doc }
    const singleUse = [];
    for (const p of o.parameters) {
      if (p.in === 'cookie') continue;
      const clientOption = p['x-authspec-client-option'];
      // A header from a client option is one of the client's default headers; a query parameter
      // from a client option is filled per request (the table says from which option).
      if (typeof clientOption === 'string' && p.in === 'header') continue;
      const inputName = typeof p['x-authspec-name'] === 'string' ? p['x-authspec-name'] : p.name;
      const fields = [`in: ${quote(p.in)}`, `name: ${quote(p.name)}`];
      if (inputName !== p.name) fields.push(`key: ${quote(inputName)}`);
      if (typeof clientOption === 'string') fields.push(`option: ${quote(clientOption)}`);
      if (p.required) fields.push('required: true');
      fields.push(`schema: ${checks.write(p.schema)}`);
      if (p['x-authspec-secret'] === true) fields.push('secret: true');
      if (p['x-authspec-single-use'] === true) {
        fields.push('singleUse: true');
        singleUse.push(inputName);
      }
      paramSpecs.push({ in: p.in, name: p.name, code: `{ ${fields.join(', ')} }` });
      const where = p.in === 'path' ? 'path' : p.in === 'query' ? 'query' : 'header';
      const memberType = `NonNullable<${opType}["parameters"][${quote(where)}]>[${quote(p.name)}]`;
      const doc = clean(p.description);
      if (p.in === 'path') pathParams.push({ name: inputName, type: memberType, doc, wire: p.name });
      else if (typeof clientOption !== 'string') {
        inputMembers.push({ name: inputName, type: memberType, optional: !p.required, doc });
      }
    }
    // Path parameters are positional in the order they appear in the path.
    const order = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    pathParams.sort((a, b) => order.indexOf(a.wire) - order.indexOf(b.wire));
    const rank = (p) => (p.in === 'path' ? order.indexOf(p.name) : order.length);
    paramSpecs.sort((a, b) => rank(a) - rank(b));
    if (pathParams.length !== order.length) {
      throw new Error(`${id}: the path ${o.path} and its path parameters disagree`);
    }

    // Security that is a per-call input rather than the client's business: HTTP Basic takes a
    // username and password; an HTTP bearer token that no client-level scheme covers is taken
    // as `accessToken`.
    const schemes = schemesOf(doc, o.security);
    const securityFields = [];
    if (schemes.some((s) => s.type === 'http' && s.scheme?.toLowerCase() === 'basic')) {
      securityFields.push('basic: true');
      inputMembers.push(
        {
          name: 'username',
          type: 'string',
          optional: false,
          doc: 'The account name, sent with HTTP Basic authentication.',
        },
        {
          name: 'password',
          type: 'string',
          optional: false,
          doc: 'The account password, sent with HTTP Basic authentication.',
        },
      );
    } else if (
      schemes.length > 0 &&
      schemes.every(
        (s) => (s.type === 'http' && s.scheme?.toLowerCase() === 'bearer') || s.type === 'apiKey',
      ) &&
      schemes.some((s) => s.type === 'http' && s.scheme?.toLowerCase() === 'bearer') &&
      api.bearer === 'per-call'
    ) {
      securityFields.push('bearer: true');
      inputMembers.push({
        name: 'accessToken',
        type: 'string',
        optional: false,
        doc: 'The access token to send as `Authorization: Bearer …`.',
      });
    }
    if (schemes.length === 0) securityFields.push('auth: false');

    // The request body.
    let body;
    const requestBody = op.requestBody ? deref(op.requestBody) : undefined;
    if (requestBody) {
      const [mediaType, media] = Object.entries(requestBody.content ?? {})[0] ?? [];
      if (!mediaType) throw new Error(`${id}: the request body has no content`);
      const schema = media.schema ?? {};
      const fields = [`type: ${quote(mediaType)}`];
      if (requestBody.required) fields.push('required: true');
      fields.push(`schema: ${checks.write(schema)}`);
      body = {
        code: `{ ${fields.join(', ')} }`,
        type: `NonNullable<${opType}["requestBody"]>["content"][${quote(mediaType)}]`,
        required: requestBody.required === true,
        doc: clean(requestBody.description),
        mediaType,
      };
    }

    // Successes and how each is read.
    const ok = [];
    const results = [];
    const returnsDoc = [];
    const errors = [];
    for (const [status, raw] of Object.entries(op.responses ?? {})) {
      const response = deref(raw);
      if (/^2\d\d$/.test(status)) {
        const content = Object.keys(response.content ?? {});
        const json = content.find((c) => /[/+]json$/.test(c));
        const read = json ? 'json' : content.length ? 'text' : null;
        ok.push(`${status}: ${read === null ? 'null' : quote(read)}`);
        const type = json
          ? `${opType}["responses"][${status}]["content"][${quote(json)}]`
          : read === 'text'
            ? 'string'
            : 'undefined';
        results.push({ status, type });
        returnsDoc.push(
          `${status}: ${clean(response.description) || 'success'}${read === null ? ' (no body)' : ''}`,
        );
      } else if (/^[45]\d\d$/.test(status)) {
        const cls = errorClassName(Number(status));
        errorClasses.add(cls);
        errors.push(`@throws {${cls}} ${status}: ${clean(response.description).replace(/\n+/g, ' ')}`);
      }
    }
    if (ok.length === 0) throw new Error(`${id}: no success response`);

    // The input: path parameters are positional; the body and the other parameters form one
    // argument (the body's members and the parameters side by side when there are both).
    const hasParams = inputMembers.length > 0;
    let inputArg;
    if (body || hasParams) {
      const paramsType = hasParams
        ? `{\n${inputMembers
            .map((m) => `${jsdoc([m.doc], '    ')}    ${key(m.name)}${m.optional ? '?' : ''}: ${m.type};`)
            .join('\n')}\n}`
        : undefined;
      const suffix = body && hasParams ? 'Input' : body ? 'Body' : 'Params';
      const typeName = `${typeBase(id)}${suffix}`;
      const definition = body && hasParams ? `${body.type} & ${paramsType}` : body ? body.type : paramsType;
      const what =
        suffix === 'Body'
          ? `The request body of ${id}.`
          : suffix === 'Params'
            ? `The parameters of ${id}.`
            : `The request body of ${id} and its parameters, side by side.`;
      types.push(
        `${jsdoc([what, body?.doc ? `\n${body.doc}` : ''], '')}export type ${typeName} = ${definition};`,
      );
      const optional = !(body?.required || inputMembers.some((m) => !m.optional));
      const argName = suffix === 'Body' ? 'body' : suffix === 'Params' ? 'params' : 'input';
      inputArg = { name: argName, type: typeName, optional, doc: body?.doc || what };
    }
    const resultName = `${typeBase(id)}Result`;
    // One success status: its body. Several: which one came, with its body, so a caller can tell
    // them apart (Submit answers 200 with a redirect, or 204 after a password reset).
    const resultType =
      results.length === 1
        ? results[0].type === 'undefined'
          ? 'void'
          : results[0].type
        : results
            .map(({ status, type }) => {
              const data =
                type === 'undefined'
                  ? '/** No body comes with this status. */\n    data?: undefined;'
                  : `/** The body that comes with this status. */\n    data: ${type};`;
              return `{\n    /** The HTTP status of the answer. */\n    status: ${status};\n    ${data}\n}`;
            })
            .join(' | ');
    types.push(
      `${jsdoc([results.length > 1 ? `What ${id} answers: the status, and the body that comes with it.` : `What ${id} answers.`], '')}export type ${resultName} = ${resultType};`,
    );

    // The table entry.
    const fields = [`id: ${quote(id)}`, `method: ${quote(o.method)}`, `path: ${quote(o.path)}`];
    if (paramSpecs.length) fields.push(`params: [${paramSpecs.map((p) => p.code).join(', ')}]`);
    if (body) fields.push(`body: ${body.code}`);
    if (inputArg) fields.push('input: true');
    fields.push(...securityFields);
    fields.push(`ok: { ${ok.join(', ')} }`);
    entries.push(`  ${id}: { ${fields.join(', ')} },`);

    // The documented method.
    const args = [
      ...pathParams.map((p) => `${p.name}: ${p.type}`),
      ...(inputArg ? [`${inputArg.name}${inputArg.optional ? '?' : ''}: ${inputArg.type}`] : []),
      'options?: RequestOptions',
    ];
    const docLines = [clean(op.summary), '', clean(op.description), ''];
    for (const p of pathParams) docLines.push(`@param ${p.name} ${p.doc || 'A path parameter.'}`);
    if (inputArg) docLines.push(`@param ${inputArg.name} ${inputArg.doc.replace(/\n+/g, ' ')}`);
    docLines.push('@param options Per-call options: an AbortSignal, a timeout, retries and extra headers.');
    docLines.push(`@returns ${returnsDoc.join('; ')}`);
    docLines.push(
      '@throws {ValidationError} when an argument does not match the spec; nothing is sent.',
      ...errors,
      '@throws {ConnectionError} when the server cannot be reached; {TimeoutError} when an attempt times out; {AbortError} when `options.signal` aborts.',
    );
    methods.push(
      `${jsdoc(docLines, '  ')}  ${id}(${args.join(', ')}): Promise<ResultOf<R, ${quote(id)}, ${resultName}>>;`,
    );
  }

  const facts = secretFacts(doc, deref, operations);
  // Headers a client sets from its own options: parameters marked x-authspec-client-option, and
  // API keys of apiKey security schemes sent in a header.
  const clientHeaders = {};
  for (const o of operations) {
    for (const p of o.parameters) {
      const option = p['x-authspec-client-option'];
      if (typeof option !== 'string') continue;
      if (p.in !== 'header') continue;
      clientHeaders[option] = p.name;
    }
  }
  const apiKeys = {};
  for (const [name, scheme] of Object.entries(doc.components?.securitySchemes ?? {})) {
    if (scheme.type === 'apiKey' && scheme.in === 'header') apiKeys[name] = scheme.name;
  }
  const tableName = `${camel(api.prefix)}Operations`;
  const methodsName = `${api.prefix}OperationMethods`;
  const header = [
    '/**',
    ` * Operations of the ${api.title}, generated from ${api.spec}.`,
    ' * Do not edit this file by hand: change the spec, then run `pnpm generate`.',
    ' */',
  ].join('\n');
  const declarations = checks.declarations();
  const lines = [
    header,
    `import type { ApiSecrets, OperationTable, RequestOptions, ResultOf${declarations.length ? ', Schema' : ''} } from '@authspec/core';`,
    `import type { operations } from ${quote(typesModule)};`,
    '',
    ...(declarations.length ? [...declarations, ''] : []),
    `/** Every operation of the ${api.title}: what the runtime needs to send it and to read its answer. */`,
    `export const ${tableName} = {`,
    ...entries,
    '} as const satisfies OperationTable;',
    '',
    `/** Which headers and members of the ${api.title} carry secrets, from the spec's security schemes and \`x-authspec-secret\`. */`,
    `export const ${camel(api.prefix)}Secrets: ApiSecrets = ${JSON.stringify(facts)};`,
    '',
    ...(Object.keys(clientHeaders).length
      ? [
          `/** Headers a client of the ${api.title} fills from its options (\`x-authspec-client-option\`): option → header. */`,
          `export const ${camel(api.prefix)}ClientHeaders = ${JSON.stringify(clientHeaders)} as const;`,
          '',
        ]
      : []),
    ...(Object.keys(apiKeys).length
      ? [
          `/** The header of each API key security scheme of the ${api.title}: scheme → header. */`,
          `export const ${camel(api.prefix)}ApiKeyHeaders = ${JSON.stringify(apiKeys)} as const;`,
          '',
        ]
      : []),
    ...types.flatMap((t) => [t, '']),
    `/**`,
    ` * One method per operation of the ${api.title}, keyed by operationId; clients expose them under`,
    ` * friendly names. \`R\` maps an operationId to what the client answers instead of the spec's result.`,
    ` */`,
    `export interface ${methodsName}<R = {}> {`,
    methods.join('\n'),
    '}',
    '',
  ];
  return lines.join('\n');
}

/** The operationIds of a bundled document. */
export function operationIds(doc) {
  return collectOperations(doc, resolver(doc)).map((o) => o.id);
}
