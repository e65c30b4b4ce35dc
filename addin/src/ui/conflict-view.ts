import type { OpenConflict } from '../app/conflict.ts';
import type { Translator } from '../app/i18n.ts';
import type { CellKey } from '../app/keys.ts';
import { type Choice, isResolved } from '../app/merge.ts';
import type { ConflictCellView } from '../app/sheet-view-model.ts';
import { h } from './dom.ts';

/**
 * Mine vs. theirs, cell by cell. Nothing is preselected: the person chooses for every cell (or all
 * at once), then saves. Until then the queue keeps every edit.
 */
export function conflictView(
  open: OpenConflict,
  cells: readonly ConflictCellView[],
  t: Translator,
  onApply: (choices: Map<CellKey, Choice>) => void,
): HTMLElement {
  const choices = new Map<CellKey, Choice>();
  const apply = h(
    'button',
    { class: 'btn btn-primary', type: 'button', disabled: true },
    t.t('conflictApply'),
  );
  const radios: HTMLInputElement[] = [];
  const refresh = () => {
    apply.disabled = !isResolved(open.merge, choices);
  };
  const rows = cells.map((c) => {
    const name = `conflict-${c.key}`;
    const pick = (choice: Choice, text: string) => {
      const input = h('input', {
        type: 'radio',
        name,
        value: choice,
        dataset: { key: c.key, choice },
        onchange: () => {
          choices.set(c.key, choice);
          refresh();
        },
      });
      radios.push(input);
      return h(
        'label',
        { class: `choice choice-${choice}` },
        input,
        h('span', { class: 'choice-value' }, text || t.t('conflictEmpty')),
      );
    };
    return h(
      'li',
      { class: 'conflict-cell', dataset: { key: c.key } },
      h('div', { class: 'conflict-label' }, c.label),
      pick('mine', `${t.t('conflictMine')}: ${c.mine}`),
      pick('theirs', `${t.t('conflictTheirs')}: ${c.theirs}`),
    );
  });
  const all = (choice: Choice) => () => {
    for (const c of cells) choices.set(c.key, choice);
    for (const r of radios) r.checked = r.dataset.choice === choice;
    refresh();
  };
  apply.addEventListener('click', () => {
    apply.disabled = true;
    onApply(new Map(choices));
  });
  return h(
    'section',
    { class: 'card conflict', 'aria-live': 'polite' },
    h('h2', null, t.t('conflictTitle')),
    h('p', { class: 'help' }, t.t('conflictHelp')),
    h(
      'div',
      { class: 'button-row' },
      h('button', { class: 'btn', type: 'button', onclick: all('mine') }, t.t('conflictAllMine')),
      h('button', { class: 'btn', type: 'button', onclick: all('theirs') }, t.t('conflictAllTheirs')),
    ),
    h('ul', { class: 'conflict-list' }, ...rows),
    apply,
  );
}
