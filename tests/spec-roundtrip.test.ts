// A spec edit reaches the client by regenerating, with no wrapper touched. On a copy of the
// repository: an optional query parameter and an optional body member added to the YAML are
// accepted (type-checked) and sent (on the wire) by the client's methods once regenerated and
// built; an operation removed from the YAML fails the build, which names the wrapper that still
// uses it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyRepo, type RepoCopy } from './helpers/repo-copy';

const SPEC = 'spec/logto-one-time-tokens.yaml';
let repo: RepoCopy;
beforeEach(() => {
  repo = copyRepo();
});
afterEach(() => repo.dispose());

const generate = () => repo.run('node', ['scripts/generate.mjs', 'logto-one-time-tokens']);
const build = () =>
  repo.run('node_modules/.bin/turbo', [
    'run',
    'build',
    '--filter=@authspec/logto',
    '--output-logs=errors-only',
  ]);

describe('a spec edit reaches the client by regenerating', () => {
  it('sends a new optional query parameter and a new optional body member', () => {
    repo.edit(
      SPEC,
      '      parameters:\n        - name: email\n          in: query\n',
      '      parameters:\n        - name: createdBy\n          in: query\n          required: false\n' +
        '          description: Only tokens created by this application.\n          schema:\n' +
        '            type: string\n          example: app_1\n        - name: email\n          in: query\n',
    );
    repo.edit(
      SPEC,
      '        expiresIn:\n          type: number\n          minimum: 1\n',
      '        note:\n          type: string\n          description: A note kept with the token.\n' +
        '        expiresIn:\n          type: number\n          minimum: 1\n',
    );
    const generated = generate();
    expect(generated.status, generated.output).toBe(0);
    const built = build();
    expect(built.status, built.output).toBe(0);

    // The methods accept the new members (type-checked like any caller's code)…
    repo.write(
      'packages/logto/test/roundtrip.ts',
      [
        "import { createManagementClient } from '../src';",
        "const logto = createManagementClient({ endpoint: 'https://t.logto.app', accessToken: 'a' });",
        "export const listed = logto.oneTimeTokens.list({ createdBy: 'app_1' });",
        "export const created = logto.oneTimeTokens.create({ email: 'ada@example.com', note: 'welcome' });",
        '',
      ].join('\n'),
    );
    const tsc = `${repo.dir}/node_modules/.bin/tsc`;
    const checked = repo.run(tsc, ['--noEmit', '-p', 'tsconfig.json'], { cwd: 'packages/logto' });
    expect(checked.status, checked.output).toBe(0);

    // …and send them, from the built package, to a real server.
    repo.write(
      'roundtrip.mjs',
      [
        "import { createServer } from 'node:http';",
        "import { createManagementClient } from './packages/logto/dist/management.mjs';",
        'const seen = [];',
        'const server = createServer((req, res) => {',
        "  let body = '';",
        "  req.on('data', (c) => { body += c; });",
        "  req.on('end', () => {",
        '    seen.push({ method: req.method, url: req.url, body });',
        "    res.writeHead(req.method === 'GET' ? 200 : 201, { 'content-type': 'application/json' });",
        "    res.end(req.method === 'GET' ? '[]' : JSON.stringify({ id: 'ott_1' }));",
        '  });',
        '});',
        "await new Promise((r) => server.listen(0, '127.0.0.1', r));",
        "const endpoint = 'http://127.0.0.1:' + server.address().port;",
        "const logto = createManagementClient({ endpoint, accessToken: 'a' });",
        "await logto.oneTimeTokens.list({ createdBy: 'app_1' });",
        "await logto.oneTimeTokens.create({ email: 'ada@example.com', note: 'welcome' });",
        'server.close();',
        'console.log(JSON.stringify(seen));',
      ].join('\n'),
    );
    const ran = repo.run(process.execPath, ['roundtrip.mjs']);
    expect(ran.status, ran.output).toBe(0);
    expect(JSON.parse(ran.output)).toEqual([
      { method: 'GET', url: '/api/one-time-tokens?createdBy=app_1', body: '' },
      { method: 'POST', url: '/api/one-time-tokens', body: '{"email":"ada@example.com","note":"welcome"}' },
    ]);
  });

  it('fails the build, naming the wrapper, when an operation it uses is removed', () => {
    const spec = repo.read(SPEC);
    const start = spec.indexOf('    delete:\n      operationId: DeleteOneTimeToken');
    const end = spec.indexOf('  /api/one-time-tokens/verify:');
    expect(start).toBeGreaterThan(0);
    repo.write(SPEC, spec.slice(0, start) + spec.slice(end));
    const generated = generate();
    expect(generated.status, generated.output).toBe(0);
    const built = build();
    expect(built.status).not.toBe(0);
    expect(built.output).toMatch(/src\/management\/client\.ts\(\d+,\d+\)/);
    expect(built.output).toContain('DeleteOneTimeToken');
  });
});
