import { identityOf, identityXml } from '../import/identity.ts';
import { fiscalYearLabel } from '../notation/index.ts';
import type { PlanFile } from '../schema/index.ts';
import { buildBudgetTable } from '../tables/budget.ts';
import { CSV_BOM, renderCsv } from '../tables/csv.ts';
import { buildGoalTable } from '../tables/goals.ts';
import { buildProjectTable } from '../tables/projects.ts';
import { buildRevisionTable } from '../tables/revision.ts';
import type { TableKind, TableModel } from '../tables/types.ts';
import { consolidatePlan, hasUnapprovedValues, type IncludeValues, UNAPPROVED_NOTE } from './consolidate.ts';
import { renderHtml } from './html.ts';
import { SHEET_NAMES } from './layout.ts';
import { renderXlsx, type XlsxOptions } from './xlsx.ts';

/**
 * One export for the worker and the CLI alike: build the table models of a cycle (consolidated as
 * asked), render them in one format, and name the file.
 */

export type ExportFormat = 'xlsx' | 'csv' | 'html' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['xlsx', 'csv', 'html', 'json'];
export const EXPORT_TABLES: readonly TableKind[] = ['projects', 'goals', 'revision', 'budget'];

export interface ExportRequest {
  tables: readonly TableKind[];
  format: ExportFormat;
  /** The report cycle (default: the plan's latest cycle). */
  fiscalYear?: number;
  /** Default 'approved'. */
  include?: IncludeValues;
  xlsx?: XlsxOptions;
}

export interface ExportFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** `進捗状況_令和5年度.xlsx` */
  filename: string;
  /** An ASCII fallback: `sendai-2023_fy2023_projects.xlsx` */
  asciiFilename: string;
  models: TableModel[];
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** The cycle an export prints: the one asked for, else the plan's latest, else the plan's last year. */
export function exportFiscalYear(plan: PlanFile, fiscalYear?: number): number {
  if (fiscalYear !== undefined) return fiscalYear;
  const years = plan.cycles.map((c) => c.fiscalYear);
  return years.length > 0 ? Math.max(...years) : plan.plan.period.endFy;
}

export function buildExportModels(
  plan: PlanFile,
  tables: readonly TableKind[],
  options: { fiscalYear?: number; include?: IncludeValues } = {},
): TableModel[] {
  const fiscalYear = exportFiscalYear(plan, options.fiscalYear);
  const include = options.include ?? 'approved';
  const source = consolidatePlan(plan, fiscalYear, include);
  const marked = include === 'all' && hasUnapprovedValues(plan, fiscalYear);
  const build: Record<TableKind, () => TableModel> = {
    projects: () => {
      const model = buildProjectTable(source, { fiscalYear });
      return marked ? { ...model, subtitle: `${model.subtitle ?? ''}${UNAPPROVED_NOTE}` } : model;
    },
    goals: () => buildGoalTable(source, { fiscalYear }),
    revision: () => buildRevisionTable(source),
    // Budget years need not match report cycles: without an asked year, the plan's latest budget year.
    budget: () => buildBudgetTable(source, options.fiscalYear === undefined ? {} : { fiscalYear }),
  };
  return tables.map((kind) => build[kind]());
}

/** The budget year the budget table prints: the one asked for, else the plan's latest. */
function budgetYearOf(plan: PlanFile, request: ExportRequest): number | undefined {
  if (request.fiscalYear !== undefined) return request.fiscalYear;
  const years = plan.budgets.map((b) => b.fiscalYear);
  return years.length > 0 ? Math.max(...years) : undefined;
}

/** UTF-8 bytes in a buffer of their own (a Response body and a file write take them as they are). */
function utf8(text: string): Uint8Array<ArrayBuffer> {
  const encoded = new TextEncoder().encode(text);
  const bytes = new Uint8Array(encoded.length);
  bytes.set(encoded);
  return bytes;
}

export async function exportTables(plan: PlanFile, request: ExportRequest): Promise<ExportFile> {
  const fiscalYear = exportFiscalYear(plan, request.fiscalYear);
  const models = buildExportModels(plan, request.tables, {
    fiscalYear,
    include: request.include ?? 'approved',
  });
  let body: Uint8Array<ArrayBuffer>;
  switch (request.format) {
    case 'xlsx':
      // What the tables do not print (ids, the plan's header, kinds) travels in a custom XML part.
      body = await renderXlsx(models, {
        customXml: identityXml(
          identityOf(plan, { tables: request.tables, fiscalYear, budgetYear: budgetYearOf(plan, request) }),
        ),
        ...request.xlsx,
      });
      break;
    case 'csv':
      // Several tables follow one another, an empty row apart, under one BOM.
      body = utf8(CSV_BOM + models.map((m) => renderCsv(m).replace(CSV_BOM, '')).join('\r\n'));
      break;
    case 'html':
      body = utf8(renderHtml(models));
      break;
    case 'json':
      body = utf8(`${JSON.stringify(models.length === 1 ? models[0] : models, null, 2)}\n`);
      break;
  }
  const names = request.tables.map((t) => SHEET_NAMES[t]).join('・');
  return {
    body,
    contentType: CONTENT_TYPES[request.format],
    filename: `${names}_${fiscalYearLabel(fiscalYear, 'era-long')}.${request.format}`,
    asciiFilename: `${plan.plan.id}_fy${fiscalYear}_${request.tables.join('-')}.${request.format}`,
    models,
  };
}

/** RFC 6266 / 8187: an ASCII filename for old clients and the UTF-8 name in filename*. */
export function contentDisposition(file: Pick<ExportFile, 'filename' | 'asciiFilename'>): string {
  const ascii = file.asciiFilename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(file.filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
