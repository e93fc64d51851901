// The fixed answers of the overhead benchmark's server (the spec's examples), and the credentials
// every contender sends. The own-work benchmark uses the same.
export const ACCESS_TOKEN = 'bench-access-token';
export const SFTPGO = { username: 'admin', password: 'admin-password' };
export const BASIC = `Basic ${btoa(`${SFTPGO.username}:${SFTPGO.password}`)}`;
export const EQUINIX_KEY = 'bench-equinix-api-key';
export const ONE_TIME_TOKEN = {
  tenantId: 'default',
  id: 'ott_5f3kq9z1m2',
  email: 'ada@example.com',
  token: '7QxJ3wVd2kz8LmHcP1s9aRfT',
  context: {},
  status: 'active',
  createdAt: 1760000000000,
  expiresAt: 1760000600000,
};
export const SFTPGO_TOKEN = {
  access_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl',
  expires_at: '2026-11-23T10:20:00Z',
};
export const RECOVERY_CODES = { recovery_codes: ['4f8b2c1d9e', '7a3e6b0c5f', '2d9c8e1a4b'] };
