import type { TableKind, TableModel } from '../../../shared/tables/types.ts';
import type { ApiClient } from '../api/client.ts';
import type { Translator } from '../app/i18n.ts';
import { h, mount } from './dom.ts';
import { withProgress } from './progress.ts';

/**
 * 「Excelに出力」 on the coordinator's dashboard (in Excel only): the official tables fetched as
 * table models, planned (app/export-plan.ts) and written into new sheets of the open workbook
 * (excel/export-writer.ts), with the progress bar and its cancel. The export code loads on first
 * use, so the pane's initial bundle does not carry it.
 */
export interface WorkbookExportOptions {
  api: ApiClient;
  t: Translator;
  planId: string;
  fiscalYear: number;
  tables: readonly { table: TableKind; ja: string; en: string }[];
  progress: HTMLElement;
  message: HTMLElement;
}

type Outcome =
  | { kind: 'done'; sheets: string[]; notes: string[] }
  | { kind: 'cancelled' }
  | { kind: 'error'; text: string };

const isEmpty = (model: TableModel) => model.blocks.length === 0 && model.summary.length === 0;

export function workbookExportButton(o: WorkbookExportOptions): HTMLElement {
  const button = h(
    'button',
    { class: 'btn btn-primary', type: 'button', 'data-testid': 'export-into-workbook' },
    o.t.t('exportIntoWorkbook'),
  );
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const outcome = await exportIntoWorkbook(o);
      const { t } = o;
      // The card's message line is red (errors); an outcome that is not an error gets a banner.
      mount(
        o.message,
        h(
          'div',
          { class: `banner ${outcome.kind === 'error' ? 'banner-error' : 'banner-info'}` },
          outcome.kind === 'done'
            ? [t.t('exportDone', { sheets: outcome.sheets.join('、') }), ...outcome.notes].join(
                t.lang === 'ja' ? '' : ' ',
              )
            : outcome.kind === 'cancelled'
              ? t.t('exportCancelled')
              : outcome.text,
        ),
      );
      o.message.dataset.outcome = outcome.kind;
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'div',
    { class: 'workbook-export' },
    h('div', { class: 'muted' }, o.t.t('exportIntoWorkbookHint')),
    h('div', { class: 'button-row' }, button),
  );
}

async function exportIntoWorkbook(o: WorkbookExportOptions): Promise<Outcome> {
  const { t } = o;
  const [client, planner, writer] = await Promise.all([
    import('../api/export-client.ts'),
    import('../app/export-plan.ts'),
    import('../excel/export-writer.ts'),
  ]);
  if (!writer.workbookExportSupported()) return { kind: 'error', text: t.t('exportNeedsExcelApi') };
  let phase: 'fetch' | 'write' = 'fetch';
  const label = (done: number, total: number) =>
    t.t(phase === 'fetch' ? 'exportFetching' : 'exportWriting', { done, total });
  return withProgress(o.progress, t, label, async ({ signal, onProgress }): Promise<Outcome> => {
    const results = await fetchAll(o, client.fetchTableModel, signal, onProgress);
    if (signal.aborted) return { kind: 'cancelled' };
    const fetched = sortResults(o, results);
    if ('kind' in fetched) return fetched;
    phase = 'write';
    const plans = fetched.models.map(planner.planSheet);
    try {
      const written = await writer.writeExport((batch) => Excel.run(batch), plans, { signal, onProgress });
      return written.status === 'written'
        ? { kind: 'done', sheets: written.sheetNames, notes: fetched.notes }
        : { kind: 'cancelled' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { kind: 'error', text: t.t('exportFailed', { message }) };
    }
  });
}

type FetchTableModel = typeof import('../api/export-client.ts').fetchTableModel;
type FetchResult = Awaited<ReturnType<FetchTableModel>>;

async function fetchAll(
  o: WorkbookExportOptions,
  fetchTableModel: FetchTableModel,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<FetchResult[]> {
  let fetched = 0;
  onProgress(0, o.tables.length);
  return Promise.all(
    o.tables.map(async (x) => {
      const r = await fetchTableModel(o.api, o.planId, o.fiscalYear, x.table, { signal });
      onProgress(++fetched, o.tables.length);
      return r;
    }),
  );
}

/** The models to write, and a note for each table left out; or why nothing can be written. */
function sortResults(
  o: WorkbookExportOptions,
  results: FetchResult[],
): { models: TableModel[]; notes: string[] } | Outcome {
  const { t } = o;
  const notes: string[] = [];
  const models: TableModel[] = [];
  for (const [i, r] of results.entries()) {
    const name = o.tables[i]![t.lang];
    if (r.ok && !isEmpty(r.value)) models.push(r.value);
    else if (r.ok) notes.push(t.t('exportSkipped', { table: name, reason: t.t('exportEmpty') }));
    // 404: this plan has no such table (a 新旧対照表 without an earlier version); the others still go.
    else if (r.kind === 'http' && r.status === 404)
      notes.push(t.t('exportSkipped', { table: name, reason: t.msg(r.problem.messages) }));
    else
      return {
        kind: 'error',
        text: r.kind === 'network' ? t.t('networkError') : t.msg(r.problem.messages),
      };
  }
  if (models.length === 0) return { kind: 'error', text: notes.join(t.lang === 'ja' ? '' : ' ') };
  return { models, notes };
}
