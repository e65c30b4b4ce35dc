import { normalizeWidth } from '../notation/index.ts';
import type { QualitativeStatus } from '../schema/index.ts';

/**
 * The words departments choose from for a qualitative KPI (定性指標), as the add-in's drop-down and
 * the printed tables show them. One list, so a typed label and a chosen one mean the same status.
 */
export const QUALITATIVE_STATUS_LABELS: Readonly<Record<QualitativeStatus, { ja: string; en: string }>> = {
  achieved: { ja: '達成', en: 'Achieved' },
  partly_achieved: { ja: '一部達成', en: 'Partly achieved' },
  not_achieved: { ja: '未達成', en: 'Not achieved' },
  in_progress: { ja: '実施中', en: 'In progress' },
};

const STATUSES = Object.keys(QUALITATIVE_STATUS_LABELS) as QualitativeStatus[];

/** A status from what was typed: its Japanese label, English label or code (any case, any width). */
export function parseQualitativeStatus(text: string): QualitativeStatus | null {
  const t = normalizeWidth(text).trim().toLowerCase().replace(/\s+/g, ' ');
  for (const status of STATUSES) {
    const label = QUALITATIVE_STATUS_LABELS[status];
    if (t === status || t === label.ja || t === label.en.toLowerCase()) return status;
  }
  return null;
}
