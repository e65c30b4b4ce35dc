import {
  CHAIN_VERIFY_PERMISSION,
  COMMENT_PERMISSION,
  INDICATOR_AUDIT_PERMISSION,
} from '../../../shared/conversation/rules.ts';
import { can, type Permission, type Role, reachesEveryDepartment } from '../../../shared/roles.ts';
import { type ConsoleMessageKey, ct } from './console-messages.ts';
import type { Lang } from './i18n.ts';

/**
 * The coordinator's console: which sections (tabs) and which buttons a role gets. Every answer is
 * derived from shared/roles.ts (`can(role, permission)`), never from a role's name, so a button is
 * shown exactly when the API would accept what it sends: an administrator sees no 承認 and no
 * 締め切る, a coordinator no user administration (roles.ts gives that to administrators only).
 */

export const CONSOLE_TABS = ['status', 'plans', 'cycles', 'directory', 'history'] as const;
export type ConsoleTab = (typeof CONSOLE_TABS)[number];

/** The permission a tab needs to be shown at all. */
export const TAB_PERMISSION: Readonly<Record<ConsoleTab, Permission>> = {
  status: 'cycle.status',
  plans: 'plan.write',
  cycles: 'cycle.write',
  directory: 'admin',
  history: 'audit.read',
};

const TAB_LABEL: Readonly<Record<ConsoleTab, ConsoleMessageKey>> = {
  status: 'tabStatus',
  plans: 'tabPlans',
  cycles: 'tabCycles',
  directory: 'tabDirectory',
  history: 'tabHistory',
};

export interface TabView {
  id: ConsoleTab;
  label: string;
}

export function consoleTabs(role: Role, lang: Lang): TabView[] {
  return CONSOLE_TABS.filter((tab) => can(role, TAB_PERMISSION[tab])).map((id) => ({
    id,
    label: ct(lang, TAB_LABEL[id]),
  }));
}

/** What a role may do in the console, each from its permission. */
export interface ConsoleAbilities {
  /** Open any department's submission read-only (coordinators and admins reach every department). */
  review: boolean;
  /** The reminders card (the workflow is the coordinator's). */
  remind: boolean;
  lock: boolean;
  reopenApproved: boolean;
  openCycles: boolean;
  writePlans: boolean;
  archivePlans: boolean;
  importTables: boolean;
  administer: boolean;
  readHistory: boolean;
  /**
   * The comment threads in the review and the unread counts on the dashboard: the people of the
   * conversation (coordinators; an administrator manages the system and is not in it, §1).
   */
  converse: boolean;
  /** 「履歴をたどる」: the story of a figure (docs/conversation.md §5). */
  followStory: boolean;
  /** The check of the history's hash chains (§4). */
  verifyChains: boolean;
}

export function abilities(role: Role): ConsoleAbilities {
  return {
    review: can(role, 'sheet.read') && reachesEveryDepartment(role),
    remind: can(role, 'cycle.remind'),
    lock: can(role, 'cycle.lock'),
    reopenApproved: can(role, 'submission.reopen_approved'),
    openCycles: can(role, 'cycle.write'),
    writePlans: can(role, 'plan.write'),
    archivePlans: can(role, 'plan.archive'),
    importTables: can(role, 'table.import'),
    administer: can(role, 'admin'),
    readHistory: can(role, 'audit.read'),
    converse: can(role, COMMENT_PERMISSION) && reachesEveryDepartment(role),
    followStory: can(role, INDICATOR_AUDIT_PERMISSION) && reachesEveryDepartment(role),
    verifyChains: can(role, CHAIN_VERIFY_PERMISSION),
  };
}
