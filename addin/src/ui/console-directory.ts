import type { CreatedToken, DirectoryDepartment, TokenInfo, User } from '../../../shared/api.ts';
import { USERS_CSV_TEMPLATE } from '../../../shared/directory/users-csv.ts';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/roles.ts';
import type { ApiClient } from '../api/client.ts';
import {
  assignableDepartments,
  selectDepartments,
  selectUserImport,
  selectUsers,
} from '../app/console-admin.ts';
import { ct } from '../app/console-messages.ts';
import type { Translator } from '../app/i18n.ts';
import {
  button,
  card,
  copyText,
  downloadText,
  failureText,
  field,
  input,
  notice,
  run,
} from './console-kit.ts';
import { h, mount } from './dom.ts';

/**
 * Departments and users, for administrators: add, rename, deactivate; users from a CSV file
 * (preview with every bad line, then all in one batch); API tokens issued (shown once) and revoked.
 */
/** `self`: the administrator looking, who is offered no way to deactivate themself. */
export function directoryPanel(o: { api: ApiClient; t: Translator; self: string }): {
  element: HTMLElement;
  refresh(): Promise<void>;
} {
  const { t, api } = o;
  const lang = t.lang;
  const element = h('div', { class: 'console-panel', 'data-testid': 'directory' });
  const n = notice('directory-notice');
  const secrets = h('div', { class: 'console-panel', 'data-testid': 'new-tokens' });
  const departmentsHost = h('div');
  const usersHost = h('div');
  const csvHost = h('div');
  mount(element, n.element, secrets, csvHost, departmentsHost, usersHost);

  let departments: DirectoryDepartment[] = [];
  let users: User[] = [];
  let tokens: TokenInfo[] = [];

  /** Tokens are shown once: here, until the page changes. */
  const showTokens = (created: readonly CreatedToken[]) => {
    if (!created.length) return;
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    const text = created.map((c) => `${c.userId}\t${names.get(c.userId) ?? ''}\t${c.token}`).join('\n');
    secrets.prepend(
      h(
        'section',
        { class: 'card console-card' },
        h('div', { class: 'banner banner-warning' }, ct(lang, 'tokenShownOnce')),
        ...created.map((c) =>
          h(
            'div',
            { dataset: { tokenFor: c.userId } },
            h('strong', null, `${names.get(c.userId) ?? c.userId}（${c.label}）`),
            h('div', { class: 'console-secret', 'data-testid': 'token-secret' }, c.token),
          ),
        ),
        button(ct(lang, 'copy'), () => void copyText(text)),
      ),
    );
  };

  const refresh = async () => {
    const [d, u, k] = await Promise.all([api.departments(), api.users(), api.tokens()]);
    if (!d.ok || !u.ok || !k.ok) {
      const bad = [d, u, k].find((r) => !r.ok);
      if (bad && !bad.ok) n.fail(failureText(bad, t));
      return;
    }
    departments = d.value.departments;
    users = u.value.users;
    tokens = k.value.tokens;
    renderDepartments();
    renderUsers();
    if (csvHost.childElementCount === 0) renderCsv();
  };

  const renderDepartments = () => {
    const id = input({ 'data-testid': 'department-id', placeholder: 'kikaku-chosei' });
    const name = input({ 'data-testid': 'department-name' });
    mount(
      departmentsHost,
      card(
        ct(lang, 'departmentsTitle'),
        'departments',
        h(
          'div',
          { class: 'console-form' },
          field(ct(lang, 'departmentId'), id),
          field(ct(lang, 'departmentName'), name),
          button(
            ct(lang, 'departmentAdd'),
            async (e) => {
              const done = await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                api.addDepartment({ id: id.value.trim(), name: name.value.trim() }),
              );
              if (done !== null) {
                n.ok(ct(lang, 'done'));
                await refresh();
              }
            },
            { kind: 'primary', testId: 'department-add' },
          ),
        ),
        h(
          'ul',
          { class: 'console-list' },
          ...selectDepartments(departments, lang).map((d) => {
            const rename = input({ value: d.name, 'aria-label': ct(lang, 'departmentName') });
            return h(
              'li',
              { class: d.active ? '' : 'inactive', dataset: { department: d.id } },
              h(
                'div',
                { class: 'row-between' },
                h('strong', null, d.name),
                h('span', { class: 'muted' }, `${d.id} ${d.state}`),
              ),
              h(
                'div',
                { class: 'button-row' },
                rename,
                button(ct(lang, 'departmentRename'), async (e) => {
                  if (
                    await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                      api.updateDepartment(d.id, { name: rename.value.trim() }),
                    )
                  )
                    await refresh();
                }),
                button(
                  ct(lang, d.active ? 'deactivate' : 'activate'),
                  async (e) => {
                    if (
                      await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                        api.updateDepartment(d.id, { active: !d.active }),
                      )
                    )
                      await refresh();
                  },
                  { kind: d.active ? 'danger' : undefined },
                ),
              ),
            );
          }),
        ),
      ),
    );
  };

  const renderUsers = () => {
    const id = input({ 'data-testid': 'user-id' });
    const name = input({ 'data-testid': 'user-name' });
    const email = input({ type: 'email', 'data-testid': 'user-email' });
    const role = h(
      'select',
      { class: 'input', 'data-testid': 'user-role' },
      ...ROLES.map((r) => h('option', { value: r, selected: r === 'department' }, ROLE_LABELS[r][lang])),
    ) as HTMLSelectElement;
    const dept = h(
      'select',
      { class: 'input', multiple: true, 'data-testid': 'user-departments' },
      ...assignableDepartments(departments).map((d) => h('option', { value: d.id }, d.name)),
    ) as HTMLSelectElement;
    mount(
      usersHost,
      card(
        ct(lang, 'usersTitle'),
        'users',
        h(
          'div',
          { class: 'console-form' },
          field(ct(lang, 'userId'), id),
          field(ct(lang, 'userName'), name),
          field(ct(lang, 'userRole'), role),
          field(ct(lang, 'userDepartments'), dept),
          field(ct(lang, 'userEmail'), email),
          button(
            ct(lang, 'userAdd'),
            async (e) => {
              const done = await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                api.addUser({
                  ...(id.value.trim() ? { id: id.value.trim() } : {}),
                  displayName: name.value.trim(),
                  role: role.value as Role,
                  email: email.value.trim() || null,
                  departmentIds: [...dept.selectedOptions].map((x) => x.value),
                }),
              );
              if (done) {
                n.ok(ct(lang, 'done'));
                await refresh();
              }
            },
            { kind: 'primary', testId: 'user-add' },
          ),
        ),
        h(
          'ul',
          { class: 'console-list', 'data-testid': 'user-list' },
          ...selectUsers(users, departments, tokens, lang, o.self).map((u) => {
            const rename = input({ value: u.name, 'aria-label': ct(lang, 'userName') });
            return h(
              'li',
              { class: u.active ? '' : 'inactive', dataset: { user: u.id } },
              h(
                'div',
                { class: 'row-between' },
                h('strong', null, u.heading),
                h('span', { class: 'muted' }, `${u.role} ${u.state}`),
              ),
              h('div', { class: 'muted' }, [u.id, u.departments, u.email].filter(Boolean).join(' · ')),
              u.note ? h('div', { class: 'muted', 'data-testid': 'user-self-note' }, u.note) : null,
              h(
                'div',
                { class: 'button-row' },
                rename,
                button(ct(lang, 'departmentRename'), async (e) => {
                  if (
                    await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                      api.updateUser(u.id, { displayName: rename.value.trim() }),
                    )
                  )
                    await refresh();
                }),
                u.canToggle
                  ? button(
                      ct(lang, u.active ? 'deactivate' : 'activate'),
                      async (e) => {
                        if (
                          await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                            api.updateUser(u.id, { active: !u.active }),
                          )
                        )
                          await refresh();
                      },
                      { kind: u.active ? 'danger' : undefined, testId: 'user-toggle' },
                    )
                  : null,
                u.active
                  ? button(
                      ct(lang, 'tokenIssue'),
                      async (e) => {
                        const created = await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                          api.issueToken(u.id, 'Excel'),
                        );
                        if (created) {
                          await refresh();
                          showTokens([created]);
                        }
                      },
                      { testId: 'token-issue' },
                    )
                  : null,
              ),
              u.tokens.length
                ? h(
                    'ul',
                    { class: 'plain' },
                    ...u.tokens.map((k) =>
                      h(
                        'li',
                        { class: 'muted' },
                        `${k.label} · ${k.state} `,
                        k.revoked
                          ? null
                          : button(
                              ct(lang, 'tokenRevoke'),
                              async (e) => {
                                if (
                                  (await run(e.currentTarget as HTMLButtonElement, n, t, () =>
                                    api.revokeToken(k.id),
                                  )) !== null
                                )
                                  await refresh();
                              },
                              { kind: 'subtle', testId: 'token-revoke' },
                            ),
                      ),
                    ),
                  )
                : null,
            );
          }),
        ),
      ),
    );
  };

  const renderCsv = () => {
    const m = notice('csv-notice');
    const file = h('input', {
      type: 'file',
      accept: '.csv,text/csv',
      'data-testid': 'csv-file',
    }) as HTMLInputElement;
    const text = h('textarea', {
      class: 'input',
      rows: 4,
      'data-testid': 'csv-text',
      placeholder: USERS_CSV_TEMPLATE,
    }) as HTMLTextAreaElement;
    const withTokens = h('input', {
      type: 'checkbox',
      checked: true,
      'data-testid': 'csv-tokens',
    }) as HTMLInputElement;
    const preview = h('div', { class: 'console-panel', 'data-testid': 'csv-preview' });
    file.addEventListener('change', async () => {
      const f = file.files?.[0];
      if (f) text.value = await readCsvFile(f);
    });
    const read = async (b: HTMLButtonElement) => {
      m.clear();
      const r = await run(b, m, t, () => api.importUsers(text.value, { dryRun: true }));
      if (!r) return;
      const v = selectUserImport(r, departments, lang);
      mount(
        preview,
        v.rows.length
          ? h(
              'table',
              { class: 'console-table', 'data-testid': 'csv-rows' },
              h(
                'tbody',
                null,
                ...v.rows.map((x) =>
                  h(
                    'tr',
                    null,
                    h('td', null, String(x.line)),
                    h('td', null, x.id),
                    h('td', null, x.name),
                    h('td', null, x.role),
                    h('td', null, x.departments),
                  ),
                ),
              ),
            )
          : null,
        v.problemsTitle ? h('div', { class: 'banner banner-error' }, v.problemsTitle) : null,
        v.problems.length
          ? h(
              'ul',
              { class: 'plain', 'data-testid': 'csv-problems' },
              ...v.problems.map((p) => h('li', { class: 'problem' }, p.message)),
            )
          : null,
        v.canCreate
          ? button(
              v.createLabel,
              async (e) => {
                const done = await run(e.currentTarget as HTMLButtonElement, m, t, () =>
                  api.importUsers(text.value, { dryRun: false, issueTokens: withTokens.checked }),
                );
                if (!done) return;
                mount(preview);
                text.value = '';
                await refresh();
                m.ok(ct(lang, 'usersCsvCreated', { n: done.created.length }));
                showTokens(done.tokens);
              },
              { kind: 'primary', testId: 'csv-create' },
            )
          : null,
      );
    };
    const readButton: HTMLButtonElement = button(ct(lang, 'usersCsvPreview'), () => void read(readButton), {
      testId: 'csv-preview-button',
    });
    mount(
      csvHost,
      card(
        ct(lang, 'usersCsvTitle'),
        'users-csv',
        h('div', { class: 'muted' }, ct(lang, 'usersCsvHelp')),
        h(
          'div',
          { class: 'button-row' },
          file,
          button(ct(lang, 'usersCsvTemplate'), () => downloadText('users-template.csv', USERS_CSV_TEMPLATE), {
            kind: 'subtle',
          }),
        ),
        text,
        h('label', { class: 'muted' }, withTokens, ` ${ct(lang, 'usersCsvTokens')}`),
        readButton,
        m.element,
        preview,
      ),
    );
  };

  return { element, refresh };
}

/** A CSV file as text: UTF-8 (a BOM allowed), else Shift_JIS as Excel saves it in Japan. */
async function readCsvFile(f: Blob): Promise<string> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('shift_jis').decode(bytes);
  }
}
