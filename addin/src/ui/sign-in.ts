import type { ApiClient } from '../api/client.ts';
import type { Translator } from '../app/i18n.ts';
import type { KeyValueStorage } from '../app/storage.ts';
import type { EntraSession } from '../auth/naa.ts';
import { clearToken, readToken, writeToken } from '../auth/token-store.ts';
import { h, mount } from './dom.ts';

/**
 * Who is signed in: Entra ID through NAA when the server is configured for it and the pane runs in
 * Office; otherwise an API token typed once. Resolves with the source of bearer tokens.
 */
export interface Auth {
  token(): Promise<string | null>;
  signOut(): Promise<void>;
}

export async function signIn(
  root: HTMLElement,
  api: ApiClient,
  storage: KeyValueStorage,
  t: Translator,
  inOffice: boolean,
): Promise<Auth> {
  const config = await api.authConfig();
  const entra = config.ok ? config.value.entra : null;
  if (entra && inOffice) {
    // MSAL is fetched only now, on demand: token users never download it.
    const { entraSession } = await import('../auth/naa.ts');
    const session: EntraSession = await entraSession(entra);
    await new Promise<void>((resolve) => {
      const button = h('button', { class: 'btn btn-primary', type: 'button' }, t.t('signInEntra'));
      const error = h('div', { class: 'message', role: 'alert' });
      button.addEventListener('click', async () => {
        try {
          if (await session.token()) resolve();
        } catch (e) {
          mount(error, e instanceof Error ? e.message : String(e));
        }
      });
      mount(root, h('section', { class: 'card sign-in' }, h('h2', null, t.t('signInTitle')), button, error));
      // Silent first: most people are signed in to Office already.
      session.token().then(
        (token) => token && resolve(),
        () => undefined,
      );
    });
    return { token: () => session.token(), signOut: () => session.signOut() };
  }
  const auth: Auth = {
    token: async () => readToken(storage),
    signOut: async () => clearToken(storage),
  };
  if (readToken(storage)) return auth;
  await new Promise<void>((resolve) => {
    const input = h('input', {
      type: 'password',
      class: 'input',
      id: 'token',
      autocomplete: 'off',
      spellcheck: false,
      'data-testid': 'token-input',
    });
    const error = h('div', { class: 'message', role: 'alert', 'data-testid': 'sign-in-error' });
    const form = h(
      'form',
      { class: 'card sign-in', 'data-testid': 'sign-in' },
      h('h2', null, t.t('signInTitle')),
      h('label', { for: 'token' }, t.t('tokenLabel')),
      input,
      h('p', { class: 'help' }, t.t('tokenHelp')),
      h(
        'button',
        { class: 'btn btn-primary', type: 'submit', 'data-testid': 'sign-in-button' },
        t.t('signInButton'),
      ),
      error,
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (input.value.trim() === '') return;
      writeToken(storage, input.value);
      const me = await api.me();
      if (me.ok) return resolve();
      if (me.kind === 'http' && me.status === 401) clearToken(storage);
      mount(
        error,
        me.kind === 'network'
          ? t.t('networkError')
          : me.status === 401
            ? t.t('badToken')
            : t.msg(me.problem.messages),
      );
    });
    mount(root, form);
    input.focus();
  });
  return auth;
}
