// What the CLI prints at start: each module's base URLs and seeded credentials.
import { apis } from './apis/index.js';
import type { Sandbox } from './sandbox.js';

/** The start-up text of the CLI; printing credentials is the point of a local test server. */
export function describeSandbox(
  sandbox: Sandbox,
  options: { signInPage?: string | undefined; corsOrigins: readonly string[] },
): string {
  const lines = [`authspec sandbox listening on ${sandbox.url}`];
  for (const api of apis) {
    for (const { title, url, note } of api.cli.banner) {
      lines.push(`  ${title.padEnd(14)} ${sandbox.url}${url}${note ? `  ${note}` : ''}`);
    }
  }
  if (options.signInPage) lines.push(`  Sign-in page   ${sandbox.url}/sign-in/  (${options.signInPage})`);
  if (options.corsOrigins.length > 0) lines.push(`  CORS origins   ${options.corsOrigins.join(' ')}`);
  lines.push('', 'Credentials (local test data):');
  for (const api of apis) {
    for (const line of api.cli.describe(sandbox.seeded as never)) lines.push(`  ${line}`);
  }
  lines.push('', 'Press Ctrl+C to stop.');
  return `${lines.join('\n')}\n`;
}
