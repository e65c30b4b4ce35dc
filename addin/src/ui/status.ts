import type { Translator } from '../app/i18n.ts';
import type { SyncStatus } from '../app/sync-status.ts';
import { formatTime } from './dom.ts';

/** The always-visible save state, as text and a tone for its colour. */
export function statusLine(
  s: SyncStatus,
  t: Translator,
): { text: string; tone: 'ok' | 'pending' | 'busy' | 'error' } {
  switch (s.kind) {
    case 'saved':
      return {
        text: s.at ? t.t('syncSavedAt', { time: formatTime(s.at, t.lang) }) : t.t('syncSaved'),
        tone: 'ok',
      };
    case 'unsent':
      return s.offline && s.retryAt
        ? {
            text: t.t('syncOffline', { count: s.count, time: formatTime(s.retryAt, t.lang) }),
            tone: 'pending',
          }
        : { text: t.t('syncUnsent', { count: s.count }), tone: 'pending' };
    case 'sending':
      return { text: t.t('syncSending', { count: s.count }), tone: 'busy' };
    case 'rejected':
      return { text: t.t('syncRejected', { count: s.count }), tone: 'error' };
    case 'conflict':
      return { text: t.t('syncConflict', { count: s.count }), tone: 'error' };
  }
}
