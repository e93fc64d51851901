/** What the Management API's security scheme finds: the app the access token was issued to. */
export interface ManagementPrincipals {
  ManagementApiToken: { clientId: string };
}
