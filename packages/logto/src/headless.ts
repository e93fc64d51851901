// `@authspec/logto/headless`: a whole Logto sign-in run from a server (Node, Deno, Bun, edge),
// from the authorization request to validated tokens, resumable between requests.
export * from '@authspec/core/public';
export type { ExperienceClient, ExperienceClientOptions } from './experience/client';
export type * from './generated/experience.operations';
export { HeadlessSignInError, type HeadlessSignInStep } from './headless/error';
export type { IdTokenClaims } from './headless/oidc';
export {
  createHeadlessSignIn,
  type HeadlessCompleteInput,
  type HeadlessSignIn,
  type HeadlessSignInFlow,
  type HeadlessSignInOptions,
  type HeadlessSignInResult,
  type HeadlessStartInput,
  type HeadlessTokens,
} from './headless/sign-in';
export { OidcAuthorizationError } from './oauth-error';
