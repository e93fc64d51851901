// The changes between two versions of an API document, each rated breaking or not.
//
// `redocly diff` (scripts/lib/redocly.mjs) finds the changes and rates what each does to a client
// on the wire: a removed operation, a new required parameter or request member, an enum that
// lost values a client may send, a changed type, … This module reads its report and adds a few
// rules of our own (`authspec/…`), for what the tool cannot know:
//
// - the packages publish TypeScript types generated from the spec. An enum that loses values in
//   a response is safe on the wire, so the tool rates it a patch, but its generated union type
//   shrinks, and TypeScript rejects client code that still compares with a removed value;
// - the generated methods take a parameter under its `x-authspec-name`, or not at all when the
//   client fills it from an option (`x-authspec-client-option`): changing either changes the
//   method's input, while the tool sees an unknown extension;
// - the tool compares one document at a time, so it cannot see a whole API removed.
import { isDeepStrictEqual } from 'node:util';

/**
 * @typedef {'major' | 'minor' | 'patch'} Impact
 * @typedef {{ rule: string, impact: Impact, message: string }} Verdict
 * @typedef {object} SpecChange
 * @property {string | null} operation  `GET /api/one-time-tokens`, a bare path for a whole path item, or null outside paths
 * @property {string} location          where inside the operation (or the document), segments joined with `/`
 * @property {string} path              the tool's JSON pointer to the change
 * @property {'added' | 'removed' | 'modified'} kind
 * @property {string} [property]        the keyword that changed, for `modified`
 * @property {Impact} impact            `major` is breaking
 * @property {Verdict[]} verdicts       the rules that rated it, the tool's and ours
 * @property {string} message           what changed, in one or more sentences
 * @property {string} [definedAt]       JSON pointer to where the change is written (a component, often)
 * @property {unknown} [base]           the value before
 * @property {unknown} [revision]       the value after
 */

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace', 'query']);
const RANK = { patch: 0, minor: 1, major: 2 };

/** @param {SpecChange} change */
export const isBreaking = (change) => change.impact === 'major';

/**
 * Read a `redocly diff --format json` report into rated changes.
 * @param {any} report
 * @returns {SpecChange[]}
 */
export function changesFromReport(report) {
  // Version 1 is the only format this reader knows; the command is experimental and may change it.
  if (report?.reportVersion !== '1') {
    throw new Error(
      `redocly diff wrote report version ${report?.reportVersion}; spec-changes.mjs reads version 1`,
    );
  }
  return report.changes.map(fromToolChange);
}

/** @returns {SpecChange} */
function fromToolChange(c) {
  const { operation, location } = splitPointer(c.path);
  /** @type {SpecChange} */
  const change = {
    operation,
    location,
    path: c.path,
    kind: c.kind,
    property: c.property,
    impact: c.impact,
    verdicts: c.verdicts.map(({ ruleId, impact, message }) => ({ rule: ruleId, impact, message })),
    message: '',
    definedAt: (c.revision ?? c.base)?.pointer,
    base: c.base?.value,
    revision: c.revision?.value,
  };
  for (const verdict of ownVerdicts(c)) {
    change.verdicts.push(verdict);
    if (RANK[verdict.impact] > RANK[change.impact]) change.impact = verdict.impact;
  }
  change.message =
    change.verdicts.length > 0 ? change.verdicts.map((v) => v.message).join(' ') : describe(change);
  return change;
}

/**
 * Our rules, on one change of the tool's report.
 * @returns {Verdict[]}
 */
export function ownVerdicts(c) {
  if (c.kind !== 'modified') return [];
  const before = c.base?.value;
  const after = c.revision?.value;
  if (c.property === 'enum' && Array.isArray(after)) {
    // The tool already rates a narrowed enum where a client sends it (requests).
    if (c.verdicts.some((v) => v.ruleId === 'enum-values-removed')) return [];
    if (!Array.isArray(before)) {
      return [
        major(
          'authspec/enum-narrowed',
          `An enum limits the values to ${list(after)} where any was allowed: the generated type narrows to them.`,
        ),
      ];
    }
    const lost = before.filter((v) => !after.some((a) => isDeepStrictEqual(a, v)));
    if (lost.length === 0) return [];
    return [
      major(
        'authspec/enum-narrowed',
        `The enum lost ${list(lost)}: the generated type no longer has ${lost.length === 1 ? 'it' : 'them'}, so client code that compares with ${lost.length === 1 ? 'it' : 'them'} stops compiling.`,
      ),
    ];
  }
  if (c.typeName === 'Parameter' && c.property === 'x-authspec-name') {
    const name = (value) => (value === undefined ? 'its own name' : `\`${value}\``);
    return [
      major(
        'authspec/method-input-changed',
        `The generated method takes this parameter as ${name(after)} instead of ${name(before)} (x-authspec-name).`,
      ),
    ];
  }
  if (c.typeName === 'Parameter' && c.property === 'x-authspec-client-option') {
    const message =
      before === undefined
        ? `The client now fills this parameter from its \`${after}\` option: the generated method no longer takes it.`
        : after === undefined
          ? `The client no longer fills this parameter from its \`${before}\` option: each call passes it.`
          : `The client fills this parameter from its \`${after}\` option instead of \`${before}\`.`;
    return [major('authspec/method-input-changed', message)];
  }
  return [];
}

/**
 * A document that the base version has and the working tree does not.
 * @param {string} root the document at the base version
 * @returns {SpecChange}
 */
export function apiRemoved(root) {
  const verdict = major(
    'authspec/api-removed',
    `The API was removed (${root} at the base): its generated types and methods go with it.`,
  );
  return { ...whole('removed'), impact: 'major', verdicts: [verdict], message: verdict.message };
}

/**
 * A document that only the working tree has.
 * @param {string} root
 * @returns {SpecChange}
 */
export function apiAdded(root) {
  return { ...whole('added'), impact: 'minor', verdicts: [], message: `New API (${root}).` };
}

function whole(kind) {
  return { operation: null, location: '', path: '#', kind };
}

/** @returns {Verdict} */
function major(rule, message) {
  return { rule, impact: 'major', message };
}

/**
 * `#/paths/~1api~1one-time-tokens/get/parameters/1/schema` → the operation
 * (`GET /api/one-time-tokens`) and where inside it (`parameters/1/schema`).
 * @param {string} pointer
 */
export function splitPointer(pointer) {
  const segments = pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s !== '')
    .map(unescapeSegment);
  if (segments[0] !== 'paths' || segments.length < 2) {
    return { operation: null, location: segments.join('/') };
  }
  const [, path, method, ...rest] = segments;
  if (method !== undefined && METHODS.has(method)) {
    return { operation: `${method.toUpperCase()} ${path}`, location: rest.join('/') };
  }
  return { operation: path, location: segments.slice(2).join('/') };
}

function unescapeSegment(segment) {
  let text = segment;
  try {
    text = decodeURIComponent(segment);
  } catch {
    // A literal `%` in a path: keep the segment as it is.
  }
  return text.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** A sentence for a change that no rule rated (so, not breaking). */
function describe(change) {
  if (change.kind === 'added') return 'Added.';
  if (change.kind === 'removed') return 'Removed.';
  const property = `\`${change.property}\``;
  if (change.base === undefined) return `${property} was set${short(change.revision, ' to ')}.`;
  if (change.revision === undefined) return `${property} was removed.`;
  const before = short(change.base, '');
  const after = short(change.revision, '');
  return before && after ? `${property} changed from ${before} to ${after}.` : `${property} changed.`;
}

/** A value short enough to quote in a message, after `prefix`; nothing for a long one. */
function short(value, prefix) {
  const text = JSON.stringify(value);
  return text !== undefined && text.length <= 60 ? `${prefix}${text}` : '';
}

function list(values) {
  return values.map((v) => JSON.stringify(v)).join(', ');
}
