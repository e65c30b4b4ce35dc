import { SHEET_NAMES } from '../../../shared/render/layout.ts';
import { TableModelSchema } from '../../../shared/tables/schema.ts';
import type { TableKind, TableModel } from '../../../shared/tables/types.ts';
import type { ApiClient, ApiResult } from './client.ts';

/**
 * The official tables as table models, for the export into the open workbook: the worker's export
 * route with `format=json` answers with the model itself, the same model its xlsx, CSV and HTML
 * are rendered from, checked here against the model's own schema (shared/tables/schema.ts).
 */

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
  const body = await jsonOrNull(file.value);
  const parsed = TableModelSchema.safeParse(body);
  if (parsed.success && parsed.data.kind === table) return { ok: true, value: parsed.data };
  return unexpectedModel(table, body);
}

async function jsonOrNull(file: Blob): Promise<unknown> {
  try {
    return JSON.parse(await file.text());
  } catch {
    return null;
  }
}

/** Reported as a bad gateway: the server answered, but not with what this add-in can read. */
function unexpectedModel(table: TableKind, body: unknown): ApiResult<TableModel> {
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
