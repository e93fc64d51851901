#!/usr/bin/env node
// Bundle API documents (every $ref resolved) into build/spec/<api>.json, the form that the
// tests, the contract suite and the docs consume.
//   node scripts/bundle-spec.mjs [api…]   (no names: every API)
import { join } from 'node:path';
import { bundlePath, ROOT, selectApis } from './lib/apis.mjs';
import { bundleApis } from './lib/redocly.mjs';

const apis = selectApis(process.argv.slice(2));
bundleApis(
  apis.map((a) => a.name),
  join(ROOT, 'build', 'spec'),
);
for (const api of apis) console.log(`bundled ${api.spec} -> ${bundlePath(api.name)}`);
