import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createClock, demoSeed, loadSeed, type Sandbox, startSandbox } from '../src/index.js';
import { call, managementToken, startTestSandbox } from './helpers.js';

// Tests here start sandboxes with different options; each is checked and closed after its test.
const sandboxes: Sandbox[] = [];
afterEach(async () => {
  for (const sandbox of sandboxes.splice(0)) {
    expect(sandbox.responseViolations).toEqual([]);
    await sandbox.close();
  }
});

async function started(options: Parameters<typeof startTestSandbox>[0] = {}): Promise<Sandbox> {
  const { sandbox } = await startTestSandbox(options);
  sandboxes.push(sandbox);
  return sandbox;
}

describe('clock', () => {
  it('runs with real time plus an offset that advance and set move', async () => {
    const clock = createClock();
    const t0 = clock.now();
    // Margins of a second: a loaded machine can pause the process between two lines.
    expect(Math.abs(t0 - Date.now())).toBeLessThan(1000);
    clock.advance(60_000);
    expect(clock.now() - Date.now()).toBeGreaterThanOrEqual(59_000);
    clock.set(1_000_000);
    expect(Math.abs(clock.now() - 1_000_000)).toBeLessThan(1000);
  });

  it('can start at a given time and stand still', () => {
    const clock = createClock({ start: new Date('2030-01-01T00:00:00Z'), frozen: true });
    expect(clock.now()).toBe(Date.parse('2030-01-01T00:00:00Z'));
    clock.advance(1000);
    expect(clock.now()).toBe(Date.parse('2030-01-01T00:00:01Z'));
  });

  it('drives token timestamps when a sandbox starts at a fixed time', async () => {
    const start = Date.parse('2031-05-05T10:00:00Z');
    const sandbox = await started({ clock: createClock({ start, frozen: true }) });
    const token = sandbox.createOneTimeToken({ email: 'clock@example.com' });
    expect(token.createdAt).toBe(start);
    expect(token.expiresAt).toBe(start + 600_000);
    expect(sandbox.totp('JBSWY3DPEHPK3PXP')).toBe(sandbox.totp('JBSWY3DPEHPK3PXP', start));

    const sftpgo = sandbox.addSftpgoUser({ username: 'timed' });
    const response = await call(`${sandbox.urls.sftpgo}/user/token`, {
      headers: { authorization: `Basic ${Buffer.from(`timed:${sftpgo.password}`).toString('base64')}` },
    });
    expect(response.body.expires_at).toBe('2031-05-05T10:20:00Z');
  });
});

describe('seeds', () => {
  it('creates every kind of entity from a seed object, generating missing secrets', async () => {
    const sandbox = await started({
      seed: {
        config: { mfaPolicy: 'UserControlled' },
        logto: {
          m2mApps: [{ clientId: 'seeded-app' }],
          apps: [{ clientId: 'seeded-web', type: 'Traditional', redirectUris: ['/callback'] }],
          users: [{ username: 'seeded', totpSecret: true }],
          socialConnectors: [{ connectorId: 'gh' }],
          ssoConnectors: [{ connectorId: 'okta', domains: ['corp.example'] }],
          oneTimeTokens: [{ email: 'seeded@example.com' }],
        },
        equinix: { users: [{}] },
        sftpgo: { admins: [{ username: 'root', totpSecret: true }], users: [{ username: 'bob' }] },
      },
    });
    const { seeded } = sandbox;
    expect(sandbox.config.mfaPolicy).toBe('UserControlled');
    expect(seeded.m2mApps[0]?.clientSecret.length).toBeGreaterThanOrEqual(32);
    expect(seeded.apps[0]).toMatchObject({
      clientId: 'seeded-web',
      name: 'Traditional app',
      isThirdParty: false,
    });
    expect(seeded.apps[0]?.clientSecret?.length).toBeGreaterThanOrEqual(32);
    expect(seeded.users[0]?.password?.length).toBeGreaterThanOrEqual(16);
    expect(seeded.users[0]?.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(seeded.connectors.map((c) => c.connectorId)).toEqual(['gh', 'okta']);
    expect(seeded.oneTimeTokens[0]?.status).toBe('active');
    expect(seeded.equinixUsers[0]?.recoveryCodes).toHaveLength(10);
    expect(seeded.sftpgoAdmins[0]?.totpSecret).toBeDefined();
    expect(seeded.sftpgoUsers[0]?.password).toBeDefined();
    await expect(
      managementToken(sandbox, seeded.m2mApps[0] ?? { clientId: '', clientSecret: '' }),
    ).resolves.toMatch(/^ey/);
  });

  it('loads a JSON seed file and rejects malformed seeds with the place named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-seed-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const good = join(dir, 'good.json');
    await writeFile(good, JSON.stringify({ equinix: { users: [{ authToken: 'from-file' }] } }));
    expect(await loadSeed(good)).toEqual({ equinix: { users: [{ authToken: 'from-file' }] } });
    const sandbox = await started({ seed: good });
    expect(sandbox.seeded.equinixUsers[0]?.authToken).toBe('from-file');

    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ logto: { users: {} } }));
    await expect(loadSeed(bad)).rejects.toThrow('"logto.users" must be an array of objects');
    await expect(loadSeed({ unknown: {} } as never)).rejects.toThrow('unknown section "unknown"');
    await expect(loadSeed({ logto: { apps: [{ redirectUris: [] }] } })).rejects.toThrow(
      'logto.apps[0].redirectUris must list at least one redirect URI',
    );
    await writeFile(bad, '{ nope');
    await expect(startSandbox({ seed: bad, logger: false })).rejects.toThrow('Cannot read the seed file');
  });

  it('ships a demo seed with an M2M app, a password user, a TOTP user, an Equinix user and SFTPGo accounts', async () => {
    const sandbox = await started({ seed: demoSeed });
    const { seeded } = sandbox;
    expect(seeded.m2mApps).toHaveLength(1);
    expect(seeded.users.filter((u) => u.password && !u.totpSecret)).toHaveLength(1);
    expect(seeded.users.filter((u) => u.totpSecret)).toHaveLength(1);
    expect(seeded.equinixUsers[0]?.totpSecret).toBeDefined();
    expect(seeded.sftpgoAdmins).toHaveLength(1);
    expect(seeded.sftpgoUsers).toHaveLength(1);
    expect([...seeded.sftpgoAdmins, ...seeded.sftpgoUsers].some((a) => a.totpSecret)).toBe(true);
  });
});

describe('setup helpers', () => {
  it('refuses duplicate identifiers and unusable secrets', async () => {
    const sandbox = await started();
    sandbox.addUser({ username: 'dup', email: 'dup@example.com' });
    expect(() => sandbox.addUser({ email: 'DUP@example.com' })).toThrow('email');
    expect(() => sandbox.addUser({ totpSecret: 'not base32!' })).toThrow();
    sandbox.addSftpgoAdmin({ username: 'dup' });
    expect(() => sandbox.addSftpgoAdmin({ username: 'dup' })).toThrow('already exists');
    expect(() => sandbox.configure({ mfaPolicy: 'Sometimes' as never })).toThrow(RangeError);
  });

  it('registers sign-in apps in the client ID space of M2M apps, refusing unusable ones', async () => {
    const sandbox = await started();
    const spa = sandbox.addApp({ redirectUris: ['/cb', 'https://app.example.com/cb'] });
    expect(spa).toMatchObject({ type: 'SPA', name: 'SPA app', isThirdParty: false });
    expect(spa.clientSecret).toBeUndefined();
    sandbox.addM2mApp({ clientId: 'taken' });
    expect(() => sandbox.addApp({ clientId: 'taken', redirectUris: ['/cb'] })).toThrow('already exists');
    expect(() => sandbox.addApp({ redirectUris: [] })).toThrow(RangeError);
    expect(() => sandbox.addApp({ redirectUris: ['https://app.example.com/cb#frag'] })).toThrow('fragment');
    expect(() => sandbox.addApp({ redirectUris: ['not a url'] })).toThrow('absolute URL or a path');
    expect(() => sandbox.addApp({ type: 'Native', clientSecret: 's', redirectUris: ['/cb'] })).toThrow(
      'public client',
    );
    expect(() => sandbox.addApp({ type: 'Web' as never, redirectUris: ['/cb'] })).toThrow(RangeError);
  });

  it('listens on 127.0.0.1 on an OS-chosen port and exposes the API base URLs', async () => {
    const sandbox = await started();
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.urls).toEqual({
      logto: sandbox.url,
      equinix: `${sandbox.url}/metal/v1`,
      sftpgo: `${sandbox.url}/api/v2`,
    });
  });
});
