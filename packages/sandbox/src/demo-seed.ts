import type { SandboxSeed } from './seed.js';

/**
 * The seed the CLI starts with: one of everything. Passwords and API keys are fixed so that
 * demos can be scripted; TOTP secrets are fresh on every start (the CLI prints them).
 */
export const demoSeed: SandboxSeed = {
  logto: {
    m2mApps: [{ clientId: 'demo-m2m-app', clientSecret: 'demo-m2m-app-secret', scopes: ['all'] }],
    apps: [
      // The custom sign-in page example (examples/sign-in) and the headless demo.
      {
        clientId: 'sign-in-example',
        type: 'SPA',
        name: 'Sign-in example',
        redirectUris: ['/sign-in/callback'],
      },
      {
        clientId: 'demo-web-app',
        type: 'Traditional',
        clientSecret: 'demo-web-app-secret',
        name: 'Demo web app',
        redirectUris: ['http://127.0.0.1:3000/callback'],
      },
    ],
    users: [
      { username: 'ada', email: 'ada@example.com', password: 'correct-horse-battery-staple' },
      {
        username: 'grace',
        email: 'grace@example.com',
        password: 'another-long-passphrase',
        totpSecret: true,
        backupCodes: true,
      },
    ],
    socialConnectors: [
      {
        connectorId: 'github-universal',
        identity: { id: 'github-1001', email: 'linus@example.com', name: 'Linus' },
      },
    ],
    ssoConnectors: [
      {
        connectorId: 'sso-okta-01',
        domains: ['example.org'],
        identity: { id: 'okta-2002', email: 'barbara@example.org', name: 'Barbara' },
      },
    ],
  },
  equinix: { users: [{ authToken: 'demo-equinix-api-key', phone: '+15555550100' }] },
  sftpgo: {
    admins: [{ username: 'admin', password: 'admin-password', totpSecret: true }],
    users: [{ username: 'alice', password: 'alice-password' }],
  },
};
