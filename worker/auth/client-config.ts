import type { AuthConfig } from '../../shared/api.ts';
import type { Bindings } from '../env.ts';

/**
 * What the add-in needs to sign in with Entra ID (GET /api/auth/config), derived from the settings
 * the server checks tokens with, so the two cannot drift apart. Null unless the tenant, the API's
 * audience and the add-in's own client ID are all set: the pane then asks for an API token.
 */
export type EntraClientSettings = Pick<
  Bindings,
  'ENTRA_TENANT_ID' | 'ENTRA_AUDIENCE' | 'ENTRA_REQUIRED_SCOPE' | 'ENTRA_ADDIN_CLIENT_ID'
>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The API's resource identifier for scope strings, from ENTRA_AUDIENCE (comma-separated URIs
 * and/or client IDs): the first Application ID URI (`api://…`, `https://…`) when one is listed,
 * since that is what the scope was defined under; otherwise `api://<client id>`, the URI Entra
 * proposes by default under "Expose an API"; otherwise the first entry as written.
 */
export function apiResource(audience: string): string | null {
  const entries = audience
    .split(',')
    .map((a) => a.trim().replace(/\/+$/, ''))
    .filter((a) => a !== '');
  const uri = entries.find((a) => a.includes('://'));
  if (uri) return uri;
  const clientId = entries.find((a) => GUID.test(a));
  if (clientId) return `api://${clientId.toLowerCase()}`;
  return entries[0] ?? null;
}

export function authClientConfig(env: EntraClientSettings): AuthConfig {
  const tenantId = env.ENTRA_TENANT_ID?.trim() ?? '';
  const clientId = env.ENTRA_ADDIN_CLIENT_ID?.trim() ?? '';
  const resource = apiResource(env.ENTRA_AUDIENCE ?? '');
  if (tenantId === '' || clientId === '' || resource === null) return { entra: null };
  // Without a required scope any delegated permission is accepted: `.default` asks for those
  // granted to the add-in's registration.
  const scope = env.ENTRA_REQUIRED_SCOPE?.trim() || '.default';
  return { entra: { clientId, tenantId, scopes: [`${resource}/${scope}`] } };
}
