import type { AuthConfig } from '../../../shared/api.ts';

/**
 * Microsoft Entra ID sign-in through Nested App Authentication: MSAL's nestable public client,
 * silent first (with the login hint from Office's auth context), a popup only when needed.
 * MSAL is loaded on demand with a dynamic import, so panes using API tokens never download it.
 */
export interface EntraSession {
  token(): Promise<string | null>;
  signOut(): Promise<void>;
}

type Entra = NonNullable<AuthConfig['entra']>;

async function loginHint(): Promise<string | undefined> {
  try {
    const context = await Office.auth.getAuthContext();
    return context.loginHint || context.userPrincipalName || undefined;
  } catch {
    return undefined;
  }
}

export async function entraSession(config: Entra): Promise<EntraSession> {
  const msal = await import('@azure/msal-browser');
  const pca = await msal.createNestablePublicClientApplication({
    auth: { clientId: config.clientId, authority: `https://login.microsoftonline.com/${config.tenantId}` },
  });
  const hint = await loginHint();
  let account: import('@azure/msal-browser').AccountInfo | null = null;
  return {
    async token() {
      const request = {
        scopes: config.scopes,
        ...(hint ? { loginHint: hint } : {}),
        ...(account ? { account } : {}),
      };
      try {
        const result = await pca.acquireTokenSilent(request);
        account = result.account;
        return result.accessToken;
      } catch (error) {
        if (
          !(error instanceof msal.InteractionRequiredAuthError) &&
          !(error instanceof msal.BrowserAuthError)
        )
          throw error;
        const result = await pca.acquireTokenPopup(request);
        account = result.account;
        return result.accessToken;
      }
    },
    async signOut() {
      account = null;
      await pca.clearCache();
    },
  };
}
