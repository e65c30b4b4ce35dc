import type { PageSetup, SheetBlock } from './sheet-types.ts';

/** As the published reports are printed: A4 landscape, one page wide, centred, `n / m` below. */
export function reportPageSetup(): PageSetup {
  return {
    paper: 'A4',
    orientation: 'landscape',
    fitToPages: { wide: 1, tall: 0 },
    centerHorizontally: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    centerFooter: '&P / &N',
  };
}

/**
 * The rows to repeat on every printed page: the title lines, and with a single block its heading
 * and header too — with several blocks a header on top would belong to only one of them.
 */
export function repeatedRows(titleLines: number, blocks: readonly SheetBlock[]): number {
  const single = blocks.length === 1 ? blocks[0] : undefined;
  return single ? single.headerEnd : titleLines;
}
