// The main job: start the sandbox on a free loopback port and walk through the public API of
// every package, printing each step's outcome and time. Exits non-zero if any step fails.
import { demoSeed, startSandbox } from '@authspec/sandbox';
import { equinixSection } from './equinix.js';
import { managementSection } from './management.js';
import { Report } from './report.js';
import { sftpgoSection } from './sftpgo.js';
import { magicLinkSection, signInSection } from './sign-in.js';

const started = performance.now();
const sandbox = await startSandbox({ seed: demoSeed, logger: false });
const report = new Report();
console.log(
  `authspec demo: sandbox at ${sandbox.url} (Logto, Equinix Metal ${sandbox.urls.equinix}, SFTPGo ${sandbox.urls.sftpgo})`,
);

try {
  for (const section of [managementSection, magicLinkSection, signInSection, equinixSection, sftpgoSection]) {
    await section(sandbox, report);
  }
} catch (error) {
  // A section could not continue (its later steps depend on an earlier one).
  report.results.push({ section: 'demo', name: 'demo aborted', ok: false, ms: 0, detail: String(error) });
  console.error(`\n✗ demo aborted: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await sandbox.close();
}

const failed = report.failed;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `\n${report.results.length - failed.length} of ${report.results.length} steps passed in ${seconds} s.`,
);
for (const f of failed) console.log(`  ✗ ${f.section}: ${f.name}: ${f.detail}`);
process.exitCode = failed.length === 0 ? 0 : 1;
