import { resolveBlock } from '../tables/grid.ts';
import type { TableBlock, TableModel } from '../tables/types.ts';

/** One KPI's 達成度 as the project table prints it, for charts. */
export interface KpiAchievement {
  indicatorId: string | undefined;
  /** The indicator cell as printed: `① オウンドメディア等のPV数`. */
  name: string;
  /** The 達成度 cell as printed: `481.6%` or `—%`. */
  printed: string;
  /** The percent as a DecimalString (`481.6`), or null when there is no figure. */
  percent: string | null;
  /** The cell's Excel number format, which shows `percent` as `printed` (spreadsheet charts). */
  numberFormat?: string;
}

export interface ProjectAchievements {
  blockId: string;
  /** The block heading: `1 仙台・東北連携による…事業【新規】`. */
  heading: string;
  kpis: KpiAchievement[];
}

/**
 * The 達成度 cells of each project block, read from the model (cells whose ref.field is
 * 'achievement'), so a chart shows exactly the figures of the table and computes none.
 */
export function projectAchievements(model: TableModel): ProjectAchievements[] {
  return model.blocks
    .map((block) => ({ blockId: block.id, heading: block.heading ?? '', kpis: blockKpis(block) }))
    .filter((p) => p.kpis.length > 0);
}

function blockKpis(block: TableBlock): KpiAchievement[] {
  const byRow = new Map<number, ReturnType<typeof resolveBlock>['cells']>();
  for (const placed of resolveBlock(block).cells) {
    const list = byRow.get(placed.row) ?? [];
    list.push(placed);
    byRow.set(placed.row, list);
  }
  const kpis: KpiAchievement[] = [];
  for (const cells of byRow.values()) {
    const achievement = cells.find((p) => p.cell.ref?.field === 'achievement');
    if (!achievement) continue;
    const indicatorId = achievement.cell.ref?.indicatorId;
    const nameCell =
      cells.find((p) => p.cell.ref?.indicatorId === indicatorId && p.cell.ref?.field === 'name') ??
      cells.find((p) => p.cell.role !== 'value' && p.cell.role !== 'header' && p.cell.text.trim() !== '');
    kpis.push({
      indicatorId,
      name: nameCell?.cell.text ?? '',
      printed: achievement.cell.text,
      percent: achievement.cell.number ?? null,
      ...(achievement.cell.numberFormat ? { numberFormat: achievement.cell.numberFormat } : {}),
    });
  }
  return kpis;
}
