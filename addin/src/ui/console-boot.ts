import type { PlanSummary } from '../../../shared/api.ts';
import type { Role } from '../../../shared/roles.ts';
import type { ApiClient } from '../api/client.ts';
import type { ConversationClient } from '../api/conversation-client.ts';
import type { Translator } from '../app/i18n.ts';
import type { ExcelRun } from '../excel/adapter.ts';
import { departmentHome } from './console-department.ts';
import { consoleView } from './console-view.ts';
import { mount } from './dom.ts';

/**
 * What main.ts mounts for the console, loaded on demand (the sheet pane's first load stays small):
 * coordinators' and administrators' console, and a department user's page in a browser.
 */
export async function showConsole(
  host: HTMLElement,
  o: {
    api: ApiClient;
    t: Translator;
    user: { userId: string; displayName: string; role: Role };
    plan: PlanSummary | null;
    fiscalYear: number | null;
    inExcel: boolean;
    openSheet?: (departmentId: string) => void;
    excelRun?: ExcelRun;
    plansChanged?: () => void;
    conversation?: ConversationClient;
  },
): Promise<void> {
  const view = consoleView(o);
  mount(host, view.element);
  await view.refresh();
}

export async function showDepartmentHome(
  host: HTMLElement,
  o: {
    api: ApiClient;
    t: Translator;
    planId: string;
    fiscalYear: number;
    departments: { id: string; name: string }[];
  },
): Promise<void> {
  const view = departmentHome(o);
  mount(host, view.element);
  await view.refresh();
}
