// 1. The Management API: M2M token, then the one-time-token lifecycle.
import type { OneTimeToken } from '@authspec/logto';
import type { Sandbox } from '@authspec/sandbox';
import { expect, expectError, type Report } from './report.js';
import { seededManagementClient } from './seeded.js';

export async function managementSection(sandbox: Sandbox, report: Report): Promise<void> {
  report.section('1. Logto Management API: one-time tokens');
  const { logto, clientId } = seededManagementClient(sandbox);
  let token: OneTimeToken | undefined;
  let spare: OneTimeToken | undefined;

  await report.step('M2M access token (client credentials), first call', async () => {
    const { tokens } = await logto.oneTimeTokens.list();
    return `authenticated as ${clientId}; ${tokens.length} token(s) so far`;
  });
  await report.step('create a one-time token for ada@example.com', async () => {
    token = await logto.oneTimeTokens.create({ email: 'ada@example.com', expiresIn: 3600 });
    spare = await logto.oneTimeTokens.create({
      email: 'ada@example.com',
      context: { jitOrganizationIds: ['org_demo'] },
    });
    return `${token.id}, ${token.status}, expires in 1 h`;
  });
  await report.step('list one page, then every token of the address (listAll)', async () => {
    const page = await logto.oneTimeTokens.list({ email: 'ada@example.com', page: 1, pageSize: 1 });
    const all: OneTimeToken[] = [];
    for await (const t of logto.oneTimeTokens.listAll({ email: 'ada@example.com', pageSize: 1 })) all.push(t);
    expect(
      page.tokens.length === 1 && all.length >= 2,
      `expected 1 then >= 2, got ${page.tokens.length}, ${all.length}`,
    );
    return `${page.tokens.length} on the page (${page.tenantTotal} in the tenant), ${all.length} for the address`;
  });
  await report.step('get it by id', async () => {
    const found = await logto.oneTimeTokens.get(token?.id ?? '');
    expect(found.email === 'ada@example.com', 'wrong token');
    return `${found.id} is ${found.status}`;
  });
  await report.step('verify it (consumes the token)', async () => {
    const used = await logto.oneTimeTokens.verify({ token: token?.token ?? '', email: 'ada@example.com' });
    expect(used.status === 'consumed', `status ${used.status}`);
    return 'status consumed';
  });
  await report.step('verify it again: refused', async () =>
    expectError(
      logto.oneTimeTokens.verify({ token: token?.token ?? '', email: 'ada@example.com' }),
      'BadRequestError',
      'one_time_token.token_consumed',
    ),
  );
  await report.step('revoke the other token', async () => {
    const revoked = await logto.oneTimeTokens.updateStatus(spare?.id ?? '', { status: 'revoked' });
    return `${revoked.id} is ${revoked.status}`;
  });
  await report.step('delete both', async () => {
    await logto.oneTimeTokens.delete(token?.id ?? '');
    await logto.oneTimeTokens.delete(spare?.id ?? '');
    await expectError(logto.oneTimeTokens.get(token?.id ?? ''), 'NotFoundError');
    return 'gone (404 afterwards)';
  });
}
