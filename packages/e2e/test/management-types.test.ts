// What a user's editor says about `createManagementClient` calls, checked against the built types.
import { describe, expect, it } from 'vitest';
import { typeErrors } from './type-errors';

const call = (from: string, options: string) =>
  `import { createManagementClient } from '${from}';\nexport const client = createManagementClient(${options});\n`;

// One program for every snippet: type-checking against the built packages takes seconds.
const SLOW = 120_000;

describe('createManagementClient types', () => {
  it('accept each way to authenticate, and a choice made at run time; name every way when credentials are missing', {
    timeout: SLOW,
  }, () => {
    const [missing, ...errors] = typeErrors([
      call('@authspec/logto', "{ endpoint: 'https://x' }"),
      call('@authspec/logto', "{ endpoint: 'https://x', clientId: 'a', clientSecret: 'b' }"),
      call('@authspec/logto', "{ endpoint: 'https://x', accessToken: 't' }"),
      call('@authspec/logto', "{ endpoint: 'https://x', getAccessToken: async () => 't' }"),
      `declare const auth: { accessToken: string } | { getAccessToken: () => string };\n${call('@authspec/logto', "{ endpoint: 'https://x', ...auth }")}`,
      // An optional setting read from the environment is accepted under exactOptionalPropertyTypes.
      call(
        '@authspec/logto',
        "{ endpoint: 'https://x', accessToken: 't', timeoutMs: process.env.TIMEOUT ? 1 : undefined }",
      ),
    ]);
    expect(errors).toEqual([[], [], [], [], []]);
    expect(missing?.join('\n')).toContain('pass clientId + clientSecret, accessToken, or getAccessToken');
  });
});
