import type { Translator } from '../app/i18n.ts';
import { h, mount } from './dom.ts';

/**
 * A progress bar with what is happening and a cancel button. The work checks the signal between
 * steps (chunks of rows, queued requests), so a cancel leaves the sheet and the queue consistent.
 */
export async function withProgress<T>(
  host: HTMLElement,
  t: Translator,
  label: (done: number, total: number) => string,
  work: (p: { signal: AbortSignal; onProgress: (done: number, total: number) => void }) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const bar = h('div', {
    class: 'progress-bar',
    role: 'progressbar',
    'aria-valuemin': '0',
    'aria-valuemax': '100',
  });
  const text = h('div', { class: 'progress-label' }, label(0, 0));
  const cancel = h(
    'button',
    { class: 'btn btn-subtle', type: 'button', onclick: () => controller.abort() },
    t.t('cancel'),
  );
  mount(host, h('div', { class: 'progress' }, text, h('div', { class: 'progress-track' }, bar), cancel));
  host.hidden = false;
  try {
    return await work({
      signal: controller.signal,
      onProgress: (done, total) => {
        // Without a total (a download of unknown length) the bar only shows that work goes on.
        bar.classList.toggle('indeterminate', total <= 0);
        const pct = total > 0 ? Math.round((done / total) * 100) : 0;
        bar.style.width = total > 0 ? `${pct}%` : '';
        if (total > 0) bar.setAttribute('aria-valuenow', String(pct));
        text.textContent = label(done, total);
      },
    });
  } finally {
    host.hidden = true;
    mount(host);
  }
}
