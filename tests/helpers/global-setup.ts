// Bundle every API once before the suite, so tests read build/spec/<api>.json exactly as
// `pnpm bundle:spec` writes it (turbo restores it from cache when the spec is unchanged).
import { join } from 'node:path';
import { APIS, ROOT } from '../../scripts/lib/apis.mjs';
import { bundleApis } from '../../scripts/lib/redocly.mjs';

export default function setup() {
  bundleApis(
    APIS.map((a) => a.name),
    join(ROOT, 'build', 'spec'),
  );
}
