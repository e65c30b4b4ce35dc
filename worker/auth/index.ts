/** Authentication and authorisation of the Shinchoku API: bearer API tokens, Entra ID, roles. */
export {
  clearJwksCache,
  createEntraVerifier,
  type EntraClaims,
  EntraConfigError,
  type EntraFailure,
  EntraTokenError,
  type EntraVerifier,
  type EntraVerifierOptions,
  JwksUnavailableError,
  jwksUrl,
} from './entra.ts';
export { type AuthFailure, authFailures, roleForbidden } from './failures.ts';
export { authenticate, MIN_BOOTSTRAP_TOKEN_LENGTH, requireAuth, requireRole } from './middleware.ts';
export { canAccessDepartment, isRole, type Principal, ROLE_LABELS, ROLES, type Role } from './principal.ts';
export {
  type ApiTokenInfo,
  createApiToken,
  findTokenByHash,
  findUserByEntraOid,
  listApiTokens,
  parseTimestamp,
  revokeApiToken,
} from './store.ts';
export { generateToken, hashToken, looksLikeApiToken, looksLikeJwt, TOKEN_PREFIX } from './token-crypto.ts';
