import { renderTable, type TableModel } from '../tables/index.ts';

/**
 * Output formats of `shinchoku export`. Each renders the models of one export; the layout was decided
 * by the table builders, so a format only maps cells.
 *
 * Extension point: a new format is one entry here. A binary one sets `binary: true` (it can only be
 * written with --out). The xlsx and HTML writers (shared/render: renderXlsx, renderHtml) plug in as
 *   xlsx: { binary: true, render: async (models) => (await import('../render/xlsx.ts')).renderXlsx(models) },
 *   html: { binary: false, render: async (models) => (await import('../render/html.ts')).renderHtml(models) },
 * loaded on demand so `validate` never pays for ExcelJS.
 */
export interface OutputFormat {
  binary: boolean;
  /** What the format is, for --help. */
  description: string;
  /** `extra.customXml`: the plan's identity, kept by the xlsx in a custom XML part (import/identity.ts). */
  render(
    models: TableModel[],
    extra?: { customXml?: string },
  ): string | Uint8Array | Promise<string | Uint8Array>;
}

/** The text formats of shared/tables; each export holds one table. */
const textFormat = (format: 'md' | 'csv' | 'json' | 'txt', description: string): OutputFormat => ({
  binary: false,
  description,
  render: (models) => models.map((model) => renderTable(model, format)).join('\n'),
});

export const OUTPUT_FORMATS: Readonly<Record<string, OutputFormat>> = {
  md: textFormat('md', 'Markdown'),
  csv: textFormat('csv', 'CSV (UTF-8 with BOM, for Excel)'),
  json: textFormat('json', 'the table model as JSON'),
  txt: textFormat('txt', 'plain text, aligned for a terminal'),
  xlsx: {
    binary: true,
    description: 'Excel workbook, one formatted sheet per table (needs --out)',
    render: async (models, extra) =>
      (await import('../render/xlsx.ts')).renderXlsx(
        models,
        extra?.customXml === undefined ? {} : { customXml: extra.customXml },
      ),
  },
  html: {
    binary: false,
    description: 'a standalone web page (print stylesheet, 達成度 chart)',
    render: async (models) => (await import('../render/html.ts')).renderHtml(models),
  },
  // The HTML page as a browser prints it; Chromium and playwright-core (devDependencies) load here only.
  pdf: {
    binary: true,
    description:
      'the web page printed to PDF by headless Chromium, A4 landscape (needs --out; devDependencies)',
    render: async (models) => (await import('./pdf.ts')).renderPdf(models),
  },
};

export const FORMAT_NAMES = Object.keys(OUTPUT_FORMATS);
