import type { Message } from '../../shared/problem.ts';
import { HttpProblem } from '../refusals.ts';
import type { EntraFailure } from './jwt.ts';

/**
 * The sign-in chapter of the refusal catalogue (the rest is worker/refusals.ts): why a request's
 * credentials are refused, each with the headers RFC 6750 asks for.
 */
export interface AuthFailure {
  problem: HttpProblem;
  headers: Record<string, string>;
}

const REALM = 'realm="shinchoku"';

// error_description must be plain ASCII without quotes or backslashes (RFC 6750 §3).
function challenge(error: string, description: string, extra = ''): string {
  const safe = description.replace(/[^\x20-\x7e]|["\\]/g, '');
  return `Bearer ${REALM}, error="${error}", error_description="${safe}"${extra}`;
}

function invalidToken(code: string, message: Message, extra?: Record<string, unknown>): AuthFailure {
  return {
    problem: new HttpProblem(401, code, message, extra),
    headers: { 'WWW-Authenticate': challenge('invalid_token', message.en) },
  };
}

const ASK_FOR_TOKEN = {
  ja: '管理者にトークンの発行を依頼してください。',
  en: 'ask the administrator for a token.',
};

export const authFailures = {
  /** No credentials at all: RFC 6750 §3.1 says to name the scheme without an error code. */
  missing: (): AuthFailure => ({
    problem: new HttpProblem(401, 'auth_required', {
      ja: `認証が必要です。Authorization: Bearer ヘッダーでトークンを送ってください。トークンがない場合は${ASK_FOR_TOKEN.ja}`,
      en: `Authentication required. Send your token in an "Authorization: Bearer" header; if you have none, ${ASK_FOR_TOKEN.en}`,
    }),
    headers: { 'WWW-Authenticate': `Bearer ${REALM}` },
  }),
  badHeader: (): AuthFailure =>
    invalidToken('invalid_authorization_header', {
      ja: 'Authorization ヘッダーの形式が正しくありません。「Bearer トークン」の形で送ってください。',
      en: 'The Authorization header is malformed. Send it as "Bearer <token>".',
    }),
  unknownToken: (): AuthFailure =>
    invalidToken('invalid_token', {
      ja: `トークンが正しくありません。コピー漏れがないか確認し、解決しない場合は${ASK_FOR_TOKEN.ja}`,
      en: `The token is not valid. Check that it was copied completely; otherwise ${ASK_FOR_TOKEN.en}`,
    }),
  expiredToken: (expiresAt: string): AuthFailure =>
    invalidToken(
      'token_expired',
      {
        ja: `このトークンは有効期限（${expiresAt}）が切れています。管理者に新しいトークンの発行を依頼してください。`,
        en: `This token expired at ${expiresAt}. Ask the administrator for a new token.`,
      },
      { expiresAt },
    ),
  revokedToken: (): AuthFailure =>
    invalidToken('token_revoked', {
      ja: 'このトークンは失効しています。管理者に新しいトークンの発行を依頼してください。',
      en: 'This token has been revoked. Ask the administrator for a new token.',
    }),
  entraNotConfigured: (): AuthFailure =>
    invalidToken('entra_not_configured', {
      ja: `このサーバーではMicrosoftアカウント（Entra ID）でのサインインが設定されていません。APIトークンを使うか、管理者に設定を依頼してください。`,
      en: 'Microsoft Entra ID sign-in is not configured on this server. Use an API token, or ask the administrator to configure it.',
    }),
  entraMisconfigured: (): AuthFailure => ({
    problem: new HttpProblem(503, 'entra_misconfigured', {
      ja: 'サーバーのEntra ID設定（ENTRA_TENANT_ID / ENTRA_AUDIENCE）が正しくないため、サインインを確認できません。管理者に連絡してください。',
      en: 'The server’s Entra ID settings (ENTRA_TENANT_ID / ENTRA_AUDIENCE) are invalid, so sign-in cannot be checked. Contact the administrator.',
    }),
    headers: {},
  }),
  keysUnavailable: (): AuthFailure => ({
    problem: new HttpProblem(503, 'entra_keys_unavailable', {
      ja: 'Microsoftの認証サーバーに接続できないため、サインインを確認できません。しばらくしてから再度お試しください。',
      en: 'Microsoft’s sign-in service cannot be reached, so your sign-in cannot be checked. Please try again shortly.',
    }),
    headers: { 'Retry-After': '30' },
  }),
  entra: (reason: Exclude<EntraFailure, 'missing_scope'>): AuthFailure => {
    if (reason === 'expired') {
      return invalidToken('entra_token_expired', {
        ja: 'サインインの有効期限が切れました。サインインし直してください。',
        en: 'Your sign-in has expired. Please sign in again.',
      });
    }
    if (reason === 'wrong_issuer') {
      return invalidToken('entra_wrong_tenant', {
        ja: 'このサインインは別の組織（テナント）のものです。所属組織のアカウントでサインインし直してください。',
        en: 'This sign-in belongs to another organisation (tenant). Sign in again with your organisation’s account.',
      });
    }
    if (reason === 'wrong_audience') {
      return invalidToken('entra_wrong_audience', {
        ja: 'このトークンはShinchoku向けに発行されたものではありません。サインインし直しても解決しない場合は、アドインとサーバーのEntra設定（ENTRA_AUDIENCE）を管理者に確認してもらってください。',
        en: 'This token was not issued for Shinchoku. If signing in again does not help, ask the administrator to check the Entra settings (ENTRA_AUDIENCE) of the add-in and the server.',
      });
    }
    return invalidToken(
      'entra_invalid_token',
      {
        ja: 'サインイン情報を確認できませんでした。サインインし直してください。',
        en: 'Your sign-in could not be verified. Please sign in again.',
      },
      { reason },
    );
  },
  missingScope: (scope: string): AuthFailure => ({
    problem: new HttpProblem(
      403,
      'insufficient_scope',
      {
        ja: `このサインインにはShinchokuを利用する権限（スコープ ${scope}）がありません。サインインし直して利用を許可してください。解決しない場合は管理者に確認してください。`,
        en: `This sign-in does not grant Shinchoku access (scope ${scope}). Sign in again and consent; if that does not help, ask the administrator.`,
      },
      { scope },
    ),
    headers: {
      'WWW-Authenticate': challenge(
        'insufficient_scope',
        'The token lacks the required scope',
        `, scope="${scope}"`,
      ),
    },
  }),
  /** Too many refused credentials from one client address (auth/rate-limit.ts). */
  tooManyFailures: (retryAfterS: number): AuthFailure => ({
    problem: new HttpProblem(
      429,
      'too_many_failed_authentications',
      {
        ja: `このネットワークからの認証の失敗が続いたため、受け付けを一時停止しています。${retryAfterS}秒ほど待ってから、正しいトークンで再度お試しください。トークンが分からない場合は管理者に新しいトークンの発行を依頼してください。`,
        en: `Too many failed sign-in attempts from your network, so they are paused. Wait about ${retryAfterS} seconds and try again with a valid token; if you do not have one, ask the administrator for a new token.`,
      },
      { retryAfter: retryAfterS },
    ),
    headers: { 'Retry-After': String(retryAfterS) },
  }),
  unregisteredUser: (): AuthFailure => ({
    problem: new HttpProblem(403, 'user_not_registered', {
      ja: 'このアカウントはShinchokuに登録されていません。管理者に利用者登録を依頼してください。',
      en: 'This account is not registered in Shinchoku. Ask the administrator to register you as a user.',
    }),
    headers: {},
  }),
};
