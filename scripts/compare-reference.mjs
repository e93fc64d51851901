#!/usr/bin/env node
// Compare the bundled spec with the upstream OpenAPI documents of the real services, operation
// by operation and field by field: parameters (location, required, schema constraints), request
// bodies, response statuses and response schemas. Prose is ignored; so are additions the
// project makes on purpose (error bodies, response headers, documented limits), which are
// printed as "extra" rather than "differs". OperationIds are compared too: the seed operations
// keep the seed's name where Logto 1.42 names them differently (RENAMED below). Differences the
// project makes on purpose, each with its reason, are printed as "known" (KNOWN below).
//
//   node scripts/compare-reference.mjs <folder with upstream .json/.yaml documents>
//
// Run `pnpm bundle:spec` first. Exit code 1 when something differs or is missing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APIS, bundlePath, ROOT } from './lib/apis.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/compare-reference.mjs <reference folder>');
  process.exit(2);
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const KEEP = ['type', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'default', 'format'];

/** Seed operationIds that the upstream document spells differently: seed name -> upstream name. */
const RENAMED = {
  // Logto Experience (seed 002) vs Logto 1.42.
  Submit: 'SubmitInteraction',
  VerifyCode: 'VerifyVerificationCodeVerification',
  VerifySocial: 'VerifySocialVerification',
  VerifyEnterpriseSso: 'VerifyEnterpriseSsoVerification',
  VerifyTotp: 'VerifyTotpVerification',
  CreateWebAuthnRegistration: 'CreateWebAuthnRegistrationVerification',
  VerifyWebAuthnRegistration: 'VerifyWebAuthnRegistrationVerification',
  VerifyWebAuthnAuthentication: 'VerifyWebAuthnAuthenticationVerification',
  VerifyOneTimeToken: 'VerifyOneTimeTokenVerification',
  ResetPassword: 'ResetUserPassword',
  // Equinix Metal (seed 001) and SFTPGo (seed 003): the seeds' casing of upstream's names.
  FindEnsureOtp: 'findEnsureOtp',
  FindRecoveryCodes: 'findRecoveryCodes',
  RegenerateCodes: 'regenerateCodes',
  ReceiveCodes: 'receiveCodes',
  GetToken: 'get_token',
  GetUserToken: 'get_user_token',
  Logout: 'logout',
  ClientLogout: 'client_logout',
};

/**
 * Deliberate differences from the upstream documents, matched against `<where>: <text>`. Each
 * says why the project's spec is right where upstream is not (observed/ wins over a document).
 */
const KNOWN = [
  {
    match: /^POST \/api\/experience\/submit: extra response 204$/,
    reason: 'observed: submit after a password reset answers 204 without a body',
  },
  {
    match: /^GET \/api\/experience\/interaction: extra response 400$/,
    reason: 'every Experience call answers 400 session.not_found without an interaction cookie',
  },
  {
    match: /^POST \/api\/experience\/user-assets\/avatar( body \(multipart\/form-data\))?: (body )?required/,
    reason: "the upload needs its file; upstream's generator leaves multipart bodies optional",
  },
  {
    match: /Color: pattern: "\^#\[\\\\dA-Fa-f\]/,
    reason: "upstream's case-insensitive /…/i regex, spelled without a flag (JSON Schema has none)",
  },
  {
    match:
      /\.rawData( oneOf\[1\]\[\] oneOf\[3\])?: (oneOf has 6 variants, upstream 5|type: "null" \(upstream \["null","string"\]\))$/,
    reason: "any JSON value or null: upstream's 3.0 `nullable` on the union is a null variant in 3.1",
  },
];

const ours = new Map();
for (const api of APIS) {
  const doc = JSON.parse(readFileSync(join(ROOT, bundlePath(api.name)), 'utf8'));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) if (item[m]) ours.set(`${m} ${path}`, { doc, item, op: item[m] });
  }
}

let differs = 0;
let known = 0;
const report = (kind, where, text) => {
  const reason =
    kind === 'differs' || kind === 'missing'
      ? KNOWN.find((k) => k.match.test(`${where}: ${text}`))?.reason
      : undefined;
  if (reason) {
    known++;
    console.log(`${'known'.padEnd(8)} ${where}: ${text} (${reason})`);
    return;
  }
  if (kind === 'differs' || kind === 'missing') differs++;
  console.log(`${kind.padEnd(8)} ${where}: ${text}`);
};

for (const file of readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f))) {
  const ref = parse(readFileSync(join(dir, file), 'utf8'));
  for (const [path, item] of Object.entries(ref.paths ?? {})) {
    for (const m of METHODS) {
      if (!item[m]) continue;
      const where = `${m.toUpperCase()} ${path}`;
      const mine = ours.get(`${m} ${path}`);
      if (!mine) {
        report('missing', where, `no such operation (${file})`);
        continue;
      }
      compareOperation(where, ref, item, item[m], mine);
    }
  }
}
if (known > 0) console.log(`\n${known} known, deliberate difference(s) (see KNOWN).`);
console.log(differs === 0 ? '\nNo differences in wire format.' : `\n${differs} difference(s).`);
process.exit(differs === 0 ? 0 : 1);

function compareOperation(where, ref, refItem, refOp, mine) {
  const ourId = mine.op.operationId;
  if (refOp.operationId && ourId !== refOp.operationId) {
    if (RENAMED[ourId] === refOp.operationId)
      report('renamed', where, `${ourId} (seed name; upstream ${refOp.operationId})`);
    else report('differs', where, `operationId ${ourId} (upstream ${refOp.operationId})`);
  }
  const params = (doc, item, op) =>
    new Map(
      [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p) => resolve(doc, p))
        .map((p) => [`${p.in}:${p.name}`, p]),
    );
  const theirs = params(ref, refItem, refOp);
  const ourParams = params(mine.doc, mine.item, mine.op);
  for (const [key, p] of theirs) {
    const q = ourParams.get(key);
    if (!q) report('missing', where, `parameter ${key}`);
    else {
      if (Boolean(p.required) !== Boolean(q.required)) report('differs', where, `${key} required`);
      compareSchema(`${where} ${key}`, ref, p.schema, mine.doc, q.schema);
    }
  }
  for (const key of ourParams.keys()) if (!theirs.has(key)) report('extra', where, `parameter ${key}`);

  const refBody = resolve(ref, refOp.requestBody);
  const ourBody = resolve(mine.doc, mine.op.requestBody);
  if (Boolean(refBody) !== Boolean(ourBody)) report('differs', where, 'request body presence');
  if (refBody && ourBody) {
    if (Boolean(refBody.required) !== Boolean(ourBody.required)) report('differs', where, 'body required');
    const types = (body) => Object.keys(body.content ?? {}).sort();
    if (types(refBody).join() !== types(ourBody).join()) {
      report('differs', where, `body media types ${types(ourBody)} (upstream ${types(refBody)})`);
    }
    for (const type of types(refBody).filter((t) => ourBody.content?.[t])) {
      const suffix = type === 'application/json' ? '' : ` (${type})`;
      compareSchema(
        `${where} body${suffix}`,
        ref,
        refBody.content[type].schema,
        mine.doc,
        ourBody.content[type].schema,
      );
    }
  }

  const refStatuses = Object.keys(refOp.responses ?? {});
  const ourStatuses = Object.keys(mine.op.responses ?? {});
  for (const s of refStatuses) {
    if (!ourStatuses.includes(s)) {
      report('missing', where, `response ${s}`);
      continue;
    }
    const r = resolve(ref, refOp.responses[s]);
    const o = resolve(mine.doc, mine.op.responses[s]);
    const rSchema = r.content?.['application/json']?.schema;
    const oSchema = o.content?.['application/json']?.schema;
    if (rSchema) compareSchema(`${where} ${s}`, ref, rSchema, mine.doc, oSchema);
    else if (oSchema && !s.startsWith('2')) report('extra', where, `${s} has an error body`);
    else if (oSchema) report('differs', where, `${s} has a body upstream does not describe`);
    for (const h of Object.keys(o.headers ?? {})) report('extra', where, `${s} header ${h}`);
  }
  for (const s of ourStatuses) if (!refStatuses.includes(s)) report('differs', where, `extra response ${s}`);

  const refSec = JSON.stringify(refOp.security ?? ref.security ?? []);
  const ourSec = mine.op.security ?? mine.doc.security ?? [];
  const describe = (doc, reqs) =>
    JSON.stringify(
      reqs.map((req) =>
        Object.fromEntries(
          Object.entries(req).map(([name, scopes]) => {
            const s = doc.components?.securitySchemes?.[name] ?? {};
            return [`${s.type}:${s.scheme ?? s.in ?? ''}:${s.name ?? ''}`, scopes];
          }),
        ),
      ),
    );
  if (describe(ref, JSON.parse(refSec)) !== describe(mine.doc, ourSec)) {
    report(
      'extra',
      where,
      `security ${describe(mine.doc, ourSec)} (upstream ${describe(ref, JSON.parse(refSec))})`,
    );
  }
}

function compareSchema(where, refDoc, refSchema, ourDoc, ourSchema) {
  const a = normalize(refDoc, refSchema);
  const b = normalize(ourDoc, ourSchema);
  diff(where, a, b);
}

function diff(where, a, b) {
  if (a === undefined && b === undefined) return;
  if (a === undefined || b === undefined) {
    report(a === undefined ? 'extra' : 'missing', where, JSON.stringify(a ?? b).slice(0, 120));
    return;
  }
  if (a.oneOf || b.oneOf) {
    const av = a.oneOf ?? [a];
    const bv = b.oneOf ?? [b];
    if (av.length !== bv.length)
      report('differs', where, `oneOf has ${bv.length} variants, upstream ${av.length}`);
    for (const [i, v] of av.entries()) diff(`${where} oneOf[${i}]`, v, bv[i]);
    return;
  }
  for (const k of KEEP) {
    // Enum order carries no meaning on the wire.
    const value = (s) => JSON.stringify(k === 'enum' && s[k] ? [...s[k]].sort() : s[k]);
    if (value(a) !== value(b)) {
      const kind = a[k] === undefined ? 'extra' : 'differs';
      report(kind, where, `${k}: ${JSON.stringify(b[k])} (upstream ${JSON.stringify(a[k])})`);
    }
  }
  const req = (s) => JSON.stringify([...(s.required ?? [])].sort());
  if (req(a) !== req(b)) report('differs', where, `required ${req(b)} (upstream ${req(a)})`);
  const props = new Set([...Object.keys(a.properties ?? {}), ...Object.keys(b.properties ?? {})]);
  for (const p of props) diff(`${where}.${p}`, a.properties?.[p], b.properties?.[p]);
  if (a.items || b.items) diff(`${where}[]`, a.items, b.items);
}

/** Resolve refs and rewrite equivalent spellings (const vs one-value enum, merged oneOf). */
function normalize(doc, schema, depth = 0) {
  const s = resolve(doc, schema);
  if (!s || typeof s !== 'object' || depth > 12) return s;
  const out = {};
  for (const k of KEEP) if (s[k] !== undefined) out[k] = s[k];
  if (s.const !== undefined) out.enum = [s.const];
  if (out.enum && !out.type) out.type = out.enum[0] === null ? 'null' : typeof out.enum[0];
  upstreamSpelling(s, out);
  // OpenAPI 3.0's `nullable` is a type list with "null" in 3.1.
  if (s.nullable === true && out.type && out.type !== 'null') {
    out.type = [out.type, 'null'];
    if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  if (Array.isArray(out.type)) out.type = [...out.type].sort();
  if (Array.isArray(out.type) && out.type.length === 1) out.type = out.type[0];
  if (s.required) out.required = s.required;
  if (s.properties) {
    out.properties = {};
    for (const [k, v] of Object.entries(s.properties)) out.properties[k] = normalize(doc, v, depth + 1);
  }
  if (s.items) out.items = normalize(doc, s.items, depth + 1);
  // anyOf of mutually exclusive variants is the same wire format as oneOf.
  const union = s.oneOf ?? s.anyOf;
  if (union) {
    const variants = union.map((v) => normalize(doc, v, depth + 1));
    // An object whose `type` member picks the variant and whose other members agree is the
    // same wire format as one object with an enum; compare it that way.
    const merged = mergeVariants(variants);
    if (merged) return merged;
    out.oneOf = variants;
    if (!s.type) out.properties = undefined;
  }
  return out;
}

/**
 * Spellings of Logto's document generator that mean something else in JSON Schema: a regex
 * wrapped in slashes, zod's `url()` written as format "url" (JSON Schema calls it "uri"), and
 * a boolean literal written as a quoted format.
 */
function upstreamSpelling(s, out) {
  const wrapped = typeof s.pattern === 'string' ? /^\/(.*)\/([a-z]*)$/.exec(s.pattern) : null;
  if (wrapped && !wrapped[2]) out.pattern = wrapped[1];
  if (s.format === 'url') out.format = 'uri';
  if (s.type === 'boolean' && (s.format === 'true' || s.format === 'false')) {
    out.enum = [s.format === 'true'];
    delete out.format;
  }
}

function mergeVariants(variants) {
  if (!variants.every((v) => v.type === 'object' && v.properties?.type?.enum)) return undefined;
  const keys = JSON.stringify(Object.keys(variants[0].properties).sort());
  if (!variants.every((v) => JSON.stringify(Object.keys(v.properties).sort()) === keys)) return undefined;
  const rest = (v) => JSON.stringify({ ...v.properties, type: undefined });
  if (!variants.every((v) => rest(v) === rest(variants[0]))) return undefined;
  return {
    ...variants[0],
    properties: {
      ...variants[0].properties,
      type: { type: 'string', enum: variants.flatMap((v) => v.properties.type.enum) },
    },
  };
}

function resolve(doc, value) {
  let v = value;
  for (let i = 0; v && typeof v === 'object' && typeof v.$ref === 'string' && i < 20; i++) {
    v = v.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return v;
}
