import type { ApiClient } from '../api/client.ts';
import { ct } from '../app/console-messages.ts';
import type { Translator } from '../app/i18n.ts';
import { reviewView } from './console-review.ts';
import { h, mount } from './dom.ts';

/**
 * A department user in a browser: what they can do here (follow their own sheet's state and
 * history; values are entered and submitted in Excel), their sheet read-only with 達成度, and its
 * history. No button they could not use.
 */
export function departmentHome(o: {
  api: ApiClient;
  t: Translator;
  planId: string;
  fiscalYear: number;
  departments: { id: string; name: string }[];
}): { element: HTMLElement; refresh(): Promise<void> } {
  const { t } = o;
  const element = h('div', { class: 'console-panel', 'data-testid': 'department-home' });
  const refresh = async () => {
    const views = o.departments.map((d) =>
      reviewView({
        api: o.api,
        t,
        planId: o.planId,
        fiscalYear: o.fiscalYear,
        departmentId: d.id,
        withActions: false,
        showHistory: true,
      }),
    );
    mount(
      element,
      h('div', { class: 'banner banner-info', 'data-testid': 'browser-note' }, ct(t.lang, 'deptHomeExplain')),
      ...views.map((v) => v.element),
    );
    await Promise.all(views.map((v) => v.load()));
  };
  return { element, refresh };
}
