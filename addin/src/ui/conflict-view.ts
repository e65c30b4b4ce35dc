import { COLUMNS, columnIndex } from '../app/columns.ts';
import type { OpenConflict } from '../app/conflict.ts';
import type { Translator } from '../app/i18n.ts';
import type { Choice } from '../app/merge.ts';
import type { SheetModel } from '../app/sheet-model.ts';
import { h } from './dom.ts';

/**
 * Mine vs. theirs, cell by cell. Nothing is preselected: the person chooses for every cell (or all
 * at once), then saves. Until then the queue keeps every edit.
 */
export function conflictView(
  open: OpenConflict,
  model: SheetModel,
  t: Translator,
  onApply: (choices: Map<string, Choice>) => void,
): HTMLElement {
  const choices = new Map<string, Choice>();
  const apply = h(
    'button',
    { class: 'btn btn-primary', type: 'button', disabled: true },
    t.t('conflictApply'),
  );
  const radios: HTMLInputElement[] = [];
  const refresh = () => {
    apply.disabled = !open.merge.conflicts.every((c) => choices.has(c.key));
  };
  const rows = open.merge.conflicts.map((c) => {
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
      h('div', { class: 'conflict-label' }, cellLabel(model, c.key, t)),
      pick('mine', `${t.t('conflictMine')}: ${c.mineRaw}`),
      pick('theirs', `${t.t('conflictTheirs')}: ${open.theirs.inputs.get(c.key) ?? ''}`),
    );
  });
  const all = (choice: Choice) => () => {
    for (const c of open.merge.conflicts) choices.set(c.key, choice);
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

/** 「① オウンドメディア等のPV数 — 実績値」 for a cell key. */
export function cellLabel(model: SheetModel, key: string, t: Translator): string {
  const [kind, id, field] = key.split(':');
  const row = model.rows[model.rowIndex.get(`${kind}:${id}`) ?? -1];
  const column = COLUMNS[columnIndex(field === 'footnote' ? 'footnote' : (field as 'value'))];
  const what = column ? t.t(column.header, { year: '' }) : field;
  if (!row) return `${id} — ${what}`;
  const name = row.indicator
    ? `${row.indicator.number}. ${row.indicator.name}`
    : `${row.project.number} ${row.project.name}`;
  return `${name} — ${what}`;
}
