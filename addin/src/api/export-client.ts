import { z } from 'zod';
import { SHEET_NAMES } from '../../../shared/render/layout.ts';
import type { TableKind, TableModel } from '../../../shared/tables/types.ts';
import type { ApiClient, ApiResult } from './client.ts';

/**
 * The official tables as table models, for the export into the open workbook: the worker's export
 * route with `format=json` answers with the model itself (shared/tables/types.ts), the same model
 * its xlsx, CSV and HTML are rendered from. The body is checked against the parts the export reads.
 */
const TABLE_KINDS = Object.keys(SHEET_NAMES) as [TableKind, ...TableKind[]];

const CellRef = z.object({
  projectId: z.string().optional(),
  indicatorId: z.string().optional(),
  goalId: z.string().optional(),
  budgetId: z.string().optional(),
  field: z.string().optional(),
  fiscalYear: z.number().int().optional(),
  side: z.enum(['after', 'before']).optional(),
});

const Span = z.number().int().positive().optional();

const TableCell = z.object({
  text: z.string(),
  role: z.enum(['title', 'header', 'label', 'value', 'text', 'note']),
  colSpan: Span,
  rowSpan: Span,
  align: z.enum(['left', 'center', 'right']).optional(),
  underline: z.boolean().optional(),
  wrap: z.boolean().optional(),
  number: z.string().optional(),
  numberFormat: z.string().optional(),
  ref: CellRef.optional(),
});

const Footnote = z.object({ marker: z.string(), text: z.string() });

const TableBlock = z.object({
  id: z.string(),
  heading: z.string().optional(),
  columns: z.number().int().positive(),
  rows: z.array(z.array(TableCell)),
  footnotes: z.array(Footnote),
});

export const TableModelSchema = z.object({
  kind: z.enum(TABLE_KINDS),
  title: z.string(),
  subtitle: z.string().optional(),
  columnWidths: z.array(z.number().positive()),
  summary: z.array(TableBlock),
  blocks: z.array(TableBlock),
  footnotes: z.array(Footnote),
  // Budget sums and build problems travel with the model; the export prints neither.
  totals: z.unknown().optional(),
  problems: z.array(z.unknown()),
});

export const exportPath = (planId: string, fiscalYear: number, table: TableKind): string =>
  `/api/plans/${encodeURIComponent(planId)}/cycles/${fiscalYear}/export?table=${table}&format=json`;

/** One table's model, or why it could not be had (network, a problem document, an unexpected body). */
export async function fetchTableModel(
  api: ApiClient,
  planId: string,
  fiscalYear: number,
  table: TableKind,
  options: { signal?: AbortSignal } = {},
): Promise<ApiResult<TableModel>> {
  const path = exportPath(planId, fiscalYear, table);
  const file = await api.download(path, options.signal ? { signal: options.signal } : {});
  if (!file.ok) return file;
  let body: unknown = null;
  try {
    body = JSON.parse(await file.value.text());
  } catch {
    body = null;
  }
  const parsed = TableModelSchema.safeParse(body);
  if (parsed.success && parsed.data.kind === table) return { ok: true, value: parsed.data as TableModel };
  const messages = {
    ja: `サーバーの表（${SHEET_NAMES[table]}）の形式が想定と違います。アドインとサーバーの版を確認してください。`,
    en: `The server's table (${table}) has an unexpected shape. Check that the add-in and server versions match.`,
  };
  return {
    ok: false,
    kind: 'http',
    status: 502,
    problem: {
      type: 'about:blank',
      title: 'Unexpected table model',
      status: 502,
      detail: messages.ja,
      code: 'unexpected_table_model',
      messages,
    },
    body,
  };
}
