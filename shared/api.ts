import { z } from 'zod';
import { isIsoDate } from './calendar/date.ts';
import { ROLES } from './roles.ts';
import {
  Activity,
  Actual,
  DecimalString,
  Department,
  FiscalYear,
  Goal,
  Id,
  Indicator,
  MultilineText,
  PeriodRange,
  PlanFile,
  Project,
  ShortfallSetting,
  SubmissionStatus,
  Text,
} from './schema/index.ts';
import { WORKFLOW_ACTIONS } from './workflow/index.ts';

/**
 * The HTTP API contract between the worker and its clients (the add-in, scripts): every request
 * body and response of /api, as zod schemas. The worker validates with them and the OpenAPI
 * document at /api/openapi.json is generated from them.
 */

const Timestamp = z.string().describe('ISO 8601 date-time (UTC)');
const MessageSchema = z
  .object({ ja: z.string(), en: z.string() })
  .describe('A message in Japanese and English');
export const RoleSchema = z.enum(ROLES);
export const WorkflowActionSchema = z.enum(WORKFLOW_ACTIONS);
const AllowedActions = z
  .array(WorkflowActionSchema)
  .describe('The workflow steps the caller may take on this sheet now (shared/workflow allowedActions)');

export const ProblemSchema = z
  .object({
    code: z.string(),
    severity: z.enum(['error', 'warning']),
    path: z.string(),
    cell: z
      .object({ indicatorId: z.string().optional(), projectId: z.string().optional(), field: z.string() })
      .optional(),
    message: MessageSchema,
  })
  .describe('A problem with one field or cell of the data');

/** RFC 9457 problem details, with the message in both languages and a stable `code`. */
export const ProblemDocument = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe('The Japanese message'),
    code: z.string(),
    messages: MessageSchema,
    problems: z.array(ProblemSchema).optional().describe('Per-cell problems (422)'),
  })
  .loose();

export const Health = z.object({ status: z.literal('ok'), time: Timestamp, database: z.literal('ok') });

/** Whether the server accepts Entra ID sign-in, and what the add-in asks Entra for (GET /api/auth/config). */
export const AuthConfig = z.object({
  entra: z
    .object({
      clientId: z.string().min(1).describe('The add-in’s own app registration (SPA / nested app auth)'),
      tenantId: z.string().min(1).describe('The directory (tenant) ID'),
      scopes: z
        .array(z.string())
        .min(1)
        .describe('What to request, e.g. api://<api client id>/Shinchoku.Access'),
    })
    .nullable()
    .describe('null: Entra sign-in is not configured on this server; use an API token'),
});

// --- who am I ---
export const Me = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  via: z.string(),
  departments: z.array(Department),
});

// --- plans ---
export const CycleSummary = z.object({
  fiscalYear: FiscalYear,
  label: z.string().nullable(),
  locked: z.boolean(),
  lockedAt: Timestamp.nullable(),
  lockedBy: z.string().nullable(),
  revision: z.number().int().describe('change counter of the cycle'),
  deadline: z
    .string()
    .nullable()
    .default(null)
    .describe('提出期限: a date (YYYY-MM-DD, Japan time), or null when none is set'),
});
export const PlanSummary = z.object({
  id: Id,
  title: z.string(),
  period: PeriodRange,
  issuer: z.string().nullable(),
  currentVersion: z.number().int(),
  createdAt: Timestamp,
  cycles: z.array(CycleSummary),
  archived: z
    .boolean()
    .default(false)
    .describe('Archived: hidden from GET /api/plans unless ?archived=include'),
  shortfallReason: ShortfallSetting.optional().describe(
    '未達成の理由: whether a KPI below the threshold needs a reason before 提出; absent: off',
  ),
});
export const PlanList = z.object({ plans: z.array(PlanSummary) });

export const ImportPlanResponse = z.object({
  planId: Id,
  version: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  warnings: z.array(ProblemSchema),
});

export const TargetChange = z
  .object({
    indicatorId: Id,
    fiscalYear: FiscalYear,
    value: DecimalString.nullable().describe('null removes the target of that year'),
    period: Text(64).optional(),
  })
  .strict();
export const ReviseTargetsRequest = z
  .object({
    baseVersion: z
      .number()
      .int()
      .min(1)
      .describe('The version the changes were made against (must be current)'),
    label: Text(200).optional().describe('e.g. 令和6年3月変更'),
    changes: z.array(TargetChange).min(1).max(20000),
  })
  .strict();
export const ReviseTargetsResponse = z.object({
  planId: Id,
  version: z.number().int(),
  changed: z.number().int(),
  warnings: z.array(ProblemSchema),
});

export const PlanVersionInfo = z.object({
  version: z.number().int(),
  label: z.string().nullable(),
  createdAt: Timestamp,
  createdBy: z.string().nullable(),
  targetCount: z.number().int(),
});
export const PlanVersionList = z.object({
  planId: Id,
  currentVersion: z.number().int(),
  versions: z.array(PlanVersionInfo),
});

export const TargetDiff = z.object({
  indicatorId: Id,
  fiscalYear: FiscalYear,
  before: z.object({ value: z.string(), period: z.string().nullable() }).nullable(),
  after: z.object({ value: z.string(), period: z.string().nullable() }).nullable(),
});
export const PlanDiffResponse = z.object({
  planId: Id,
  before: z.number().int(),
  after: z.number().int(),
  changes: z.array(TargetDiff),
  table: z.unknown().describe('The 新旧対照表 table model (shared/tables TableModel)'),
});

// --- cycles ---
/** A calendar date, YYYY-MM-DD (shared/calendar). */
export const DateOnly = z
  .string()
  .refine(isIsoDate, { message: 'a date as YYYY-MM-DD, e.g. 2026-06-30' })
  .describe('A calendar date, YYYY-MM-DD (Japan time)');
export const CreateCycleRequest = z
  .object({
    fiscalYear: FiscalYear,
    label: Text(64).optional().describe('e.g. 令和5年度末時点'),
    deadline: DateOnly.optional().describe('提出期限'),
  })
  .strict();
export const CycleList = z.object({ planId: Id, cycles: z.array(CycleSummary) });
/** Change a cycle's label or deadline (null removes it); what is left out stays. */
export const UpdateCycleRequest = z
  .object({
    label: Text(64).nullable().optional(),
    deadline: DateOnly.nullable().optional().describe('提出期限; null: none'),
  })
  .strict();

export const DepartmentStatus = z.object({
  departmentId: Id,
  departmentName: z.string(),
  status: SubmissionStatus,
  revision: z.number().int(),
  comment: z.string().nullable(),
  submittedAt: Timestamp.nullable(),
  updatedAt: Timestamp,
  updatedBy: z.string().nullable().describe('user id of the last change'),
  updatedByName: z.string().nullable(),
  projectCount: z.number().int(),
  indicatorCount: z.number().int(),
  filledCount: z
    .number()
    .int()
    .describe('indicators with a value, a reason for a missing one or a status (shared/workflow isFilled)'),
  // How far the sheet is filled, apart (shared/workflow sheetCompleteness): the board needs no
  // reminders call for 主な取組. Optional in the contract so that a pane newer than its worker (Office
  // caches the pane) still reads the answer; this worker always sends them.
  activitiesFilled: z
    .number()
    .int()
    .optional()
    .describe('projects on the sheet with 主な取組 (text other than blanks)'),
  activitiesTotal: z
    .number()
    .int()
    .optional()
    .describe('projects on the sheet, one 主な取組 each (= projectCount)'),
  goalIndicatorCount: z
    .number()
    .int()
    .optional()
    .describe('goal indicators (数値目標) the department reports, counted in indicatorCount too'),
  goalFilledCount: z
    .number()
    .int()
    .optional()
    .describe('of those, filled (shared/workflow isFilled), counted in filledCount too'),
  allowedActions: AllowedActions,
});
export const CycleStatusResponse = z.object({
  planId: Id,
  fiscalYear: FiscalYear,
  locked: z.boolean(),
  counts: z.record(SubmissionStatus, z.number().int()),
  departments: z.array(DepartmentStatus),
});

// --- the department sheet (one submission) ---
export const SubmissionInfo = z.object({
  departmentId: Id,
  status: SubmissionStatus,
  revision: z.number().int().describe('Send back as If-Match when saving'),
  comment: z.string().nullable().describe('The coordinator’s comment when returned'),
  submittedAt: Timestamp.nullable(),
  updatedAt: Timestamp,
  updatedBy: z.string().nullable(),
  editable: z.boolean(),
  allowedActions: AllowedActions,
});
export const SheetProject = Project.extend({
  isLead: z.boolean().describe('the department is the first 担当課'),
});
/**
 * A goal (基本目標) on a department's sheet with only the goal indicators (数値目標) assigned to that
 * department (`Indicator.departmentId`, docs/domain.md §10.5): their values are entered on the sheet
 * and printed in the goal table.
 */
export const SheetGoal = Goal.pick({ id: true, number: true, title: true }).extend({
  indicators: z
    .array(Indicator)
    .describe('the goal indicators this department reports, with the current targets'),
});
export const EarlierCycleActuals = z.object({
  fiscalYear: FiscalYear,
  actuals: z.array(Actual).describe('the actuals of the sheet’s indicators reported in that cycle'),
});
export const SheetResponse = z.object({
  plan: z.object({
    id: Id,
    title: z.string(),
    version: z.number().int(),
    period: PeriodRange,
    shortfallReason: ShortfallSetting.optional().describe(
      '未達成の理由: whether a KPI below the threshold needs a reason before 提出 (shared/workflow/shortfall.ts); absent: off',
    ),
  }),
  cycle: z.object({ fiscalYear: FiscalYear, label: z.string().nullable(), locked: z.boolean() }),
  department: Department,
  submission: SubmissionInfo,
  projects: z.array(SheetProject).describe('indicators carry the targets of the current plan version'),
  goals: z
    .array(SheetGoal)
    .default([])
    .describe(
      'the goals whose indicators are assigned to this department, in plan order (after the projects)',
    ),
  actuals: z.array(Actual).describe('this cycle’s actuals of the sheet’s KPIs, then of its goal indicators'),
  activities: z.array(Activity),
  earlierCycles: z
    .array(EarlierCycleActuals)
    .describe('The plan’s cycles before this one, oldest first, for 累計 and multi-year 達成度 (read only)'),
});

export const SaveValuesRequest = z
  .object({
    actuals: z.array(Actual).max(5000).default([]).describe('Whole cells: each replaces the stored actual'),
    activities: z.array(Activity).max(2000).default([]),
    cleared: z
      .array(Id)
      .max(5000)
      .optional()
      .describe(
        'Indicators of the sheet whose stored actual for this cycle is removed (an id also in actuals is 422)',
      ),
  })
  .strict();
/**
 * A save as the worker's route accepts it: the outline of SaveValuesRequest, each cell left for the
 * shared validation to judge against the plan (422 naming the cell) once the sheet is read and known
 * to be editable.
 */
export const SaveRequestOutline = SaveValuesRequest.extend({
  actuals: z.array(z.unknown()).max(5000).default([]),
  activities: z.array(z.unknown()).max(2000).default([]),
});
export const SaveValuesResponse = z.object({
  revision: z.number().int(),
  status: SubmissionStatus,
  changedCells: z.number().int(),
  warnings: z.array(ProblemSchema),
});

export const ConflictCell = z.object({
  indicatorId: Id.optional(),
  projectId: Id.optional(),
  field: z.string(),
  server: z.unknown(),
  yours: z.unknown(),
});
/** 409 body: extends the problem document with the server copy and the cells changed since your revision. */
export const ConflictDetails = z.object({
  currentRevision: z.number().int(),
  yourRevision: z.number().int(),
  conflicts: z.array(ConflictCell),
  server: SheetResponse.pick({ submission: true, actuals: true, activities: true }),
});

// Comments are paragraphs (multi-line); like every text field they refuse controls and bidi overrides.
export const WorkflowRequest = z.object({ comment: MultilineText(2000).optional() }).strict();
export const ReturnRequest = z.object({ comment: MultilineText(2000).min(1) }).strict();
export const WorkflowResponse = z.object({
  status: SubmissionStatus,
  revision: z.number().int(),
  comment: z.string().nullable(),
});

// --- history ---
export const HistoryEntry = z.object({
  id: z.number().int(),
  at: Timestamp,
  fiscalYear: FiscalYear.nullable(),
  departmentId: z.string().nullable(),
  indicatorId: z.string().nullable(),
  projectId: z.string().nullable(),
  action: z.string().describe('save, submit, approve, return, reopen, lock, unlock, import, revise'),
  field: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  revision: z.number().int().nullable(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  requestId: z.string(),
});
export const HistoryResponse = z.object({
  entries: z.array(HistoryEntry),
  nextBefore: z.number().int().nullable(),
});
export const HistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  before: z.coerce.number().int().min(1).optional().describe('page: entries with an id below this'),
});

// --- admin ---
export const DirectoryDepartment = Department.extend({
  active: z.boolean().default(true).describe('false: deactivated, offered nowhere'),
});
export const DepartmentList = z.object({ departments: z.array(DirectoryDepartment) });
export const UpdateDepartmentRequest = z
  .object({
    name: Text(200).min(1).optional().describe('rename'),
    active: z.boolean().optional().describe('false deactivates, true reactivates'),
  })
  .strict()
  .refine((r) => r.name !== undefined || r.active !== undefined, { message: 'name or active' });

const UserFields = {
  displayName: Text(200).min(1),
  role: RoleSchema,
  email: z.email().max(320).nullable().optional(),
  entraOid: z.uuid().nullable().optional().describe('Entra ID object id (oid claim)'),
  departmentIds: z.array(Id).max(100).default([]),
};
export const CreateUserRequest = z.object({ id: Id.optional(), ...UserFields }).strict();
// Every field optional, and none defaulted: what a change leaves out stays as it is (a default
// departmentIds of [] here would take a user's departments away whenever they are renamed).
export const UpdateUserRequest = z
  .object({
    ...UserFields,
    departmentIds: z.array(Id).max(100),
    active: z
      .boolean()
      .describe('false deactivates (their API tokens are revoked at once), true reactivates'),
  })
  .partial()
  .strict();
export const User = z.object({
  id: Id,
  displayName: z.string(),
  role: RoleSchema,
  email: z.string().nullable(),
  entraOid: z.string().nullable(),
  departmentIds: z.array(Id),
  createdAt: Timestamp,
  active: z.boolean().default(true),
});
export const UserList = z.object({ users: z.array(User) });

export const CreateTokenRequest = z
  .object({ label: Text(200).default(''), expiresAt: Timestamp.nullable().optional() })
  .strict();
export const CreatedToken = z.object({
  id: z.string(),
  token: z.string().describe('Shown once; only its hash is stored'),
  userId: Id,
  label: z.string(),
});
export const TokenInfo = z.object({
  id: z.string(),
  userId: z.string(),
  userDisplayName: z.string(),
  label: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const TokenList = z.object({ tokens: z.array(TokenInfo) });

/** Users in bulk from a CSV file (shared/directory/users-csv.ts): preview with dryRun, then all or none. */
export const ImportUsersRequest = z
  .object({
    csv: z.string().min(1).max(1_000_000).describe('The file as text (UTF-8)'),
    dryRun: z.boolean().default(false).describe('true: read and check only, store nothing'),
    issueTokens: z
      .boolean()
      .default(false)
      .describe('also create an API token for each new user (shown once)'),
    tokenLabel: Text(200).optional(),
  })
  .strict();
export const LineProblemSchema = z.object({
  line: z.number().int().describe('line of the file (the header is line 1)'),
  column: z.string().nullable(),
  code: z.string(),
  message: MessageSchema,
});
export const ImportUsersResponse = z.object({
  dryRun: z.boolean(),
  lines: z.number().int().describe('user lines read'),
  users: z.array(z.object({ line: z.number().int(), user: CreateUserRequest })),
  problems: z.array(LineProblemSchema),
  created: z.array(User),
  tokens: z.array(CreatedToken),
});

// --- plans: archive, goal indicators' departments ---
export const UpdatePlanRequest = z
  .object({
    archived: z.boolean().optional().describe('true archives (hidden from selectors), false restores'),
    shortfallReason: ShortfallSetting.optional().describe(
      '未達成の理由: on/off and the 達成度 (%) below which a KPI needs a reason before 提出',
    ),
  })
  .strict()
  .refine((r) => r.archived !== undefined || r.shortfallReason !== undefined, {
    message: 'archived or shortfallReason',
  });
export const UpdatePlanResponse = z.object({
  planId: Id,
  archived: z.boolean().optional(),
  shortfallReason: ShortfallSetting.optional(),
});
export const GoalAssignment = z.object({
  goalId: Id,
  goalNumber: z.number().int(),
  goalTitle: z.string(),
  indicatorId: Id,
  indicatorNumber: z.number().int(),
  indicatorName: z.string(),
  departmentId: Id.nullable().describe('the department that reports the goal indicator, or null'),
});
export const GoalAssignmentList = z.object({ planId: Id, assignments: z.array(GoalAssignment) });
export const SetGoalAssignmentsRequest = z
  .object({
    assignments: z
      .array(z.object({ indicatorId: Id, departmentId: Id.nullable() }).strict())
      .min(1)
      .max(1000),
  })
  .strict();

// --- reminders ---
/** A missing cell of a project: its 主な取組 (no indicator) or one of its KPIs. */
export const ReminderProjectCell = z.object({
  projectId: Id,
  projectNumber: z.number().int(),
  projectName: z.string(),
  indicatorId: Id.nullable(),
  indicatorNumber: z.number().int().nullable(),
  indicatorName: z.string().nullable(),
  field: z.enum(['value', 'status', 'activities']),
});
/**
 * A missing cell of a goal indicator (数値目標) assigned to the department (docs/domain.md §10.5): it
 * belongs to a goal (基本目標), not to a project, so it names the goal instead.
 */
export const ReminderGoalCell = z.object({
  goalId: Id,
  goalNumber: z.number().int(),
  goalTitle: z.string(),
  indicatorId: Id,
  indicatorNumber: z.number().int(),
  indicatorName: z.string(),
  field: z.enum(['value', 'status']),
});
export const ReminderDepartment = z.object({
  departmentId: Id,
  departmentName: z.string(),
  status: SubmissionStatus,
  comment: z.string().nullable(),
  filledCount: z.number().int().describe('KPIs and goal indicators filled (shared/workflow isFilled)'),
  indicatorCount: z
    .number()
    .int()
    .describe('KPIs and goal indicators on the sheet, as the cycle status counts'),
  activitiesFilled: z.number().int(),
  projectCount: z.number().int(),
  missing: z
    .array(z.union([ReminderProjectCell, ReminderGoalCell]))
    .describe(
      'the cells a complete sheet still needs (shared/workflow sheetCompleteness), in sheet order: a project’s 主な取組 and KPIs, then the goal indicators',
    ),
  contacts: z
    .array(z.object({ userId: Id, displayName: z.string(), email: z.string().nullable() }))
    .describe('the department’s active users'),
});
export const RemindersResponse = z.object({
  planId: Id,
  planTitle: z.string(),
  fiscalYear: FiscalYear,
  cycleLabel: z.string().nullable(),
  deadline: z.string().nullable(),
  locked: z.boolean(),
  departments: z
    .array(ReminderDepartment)
    .describe('every department that has not submitted (draft, returned) or is incomplete'),
});

// --- the history of administrative actions ---
export const AuditEntry = z.object({
  id: z.number().int(),
  at: Timestamp,
  action: z
    .string()
    .describe('e.g. user.add, token.issue, plan.import, plan.archive, cycle.open, targets.revise'),
  targetKind: z.string(),
  targetId: z.string(),
  planId: z.string().nullable(),
  fiscalYear: FiscalYear.nullable(),
  before: z.unknown(),
  after: z.unknown(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  requestId: z.string(),
});
export const AuditResponse = z.object({
  entries: z.array(AuditEntry),
  nextBefore: z.number().int().nullable(),
});
export const AuditQuery = HistoryQuery.extend({ planId: Id.optional() }).strict();

export { PlanFile };
export type SaveValuesRequest = z.infer<typeof SaveValuesRequest>;
/** What a client sends to save cells and what the worker's save service stores: built by the add-in. */
export type SaveRequest = SaveValuesRequest;
export type SaveRequestOutline = z.infer<typeof SaveRequestOutline>;
export type SaveValuesResponse = z.infer<typeof SaveValuesResponse>;
export type WorkflowResponse = z.infer<typeof WorkflowResponse>;
export type SubmissionInfo = z.infer<typeof SubmissionInfo>;
export type ImportPlanResponse = z.infer<typeof ImportPlanResponse>;
export type SheetResponse = z.infer<typeof SheetResponse>;
export type EarlierCycleActuals = z.infer<typeof EarlierCycleActuals>;
export type SheetGoal = z.infer<typeof SheetGoal>;
export type AuthConfig = z.infer<typeof AuthConfig>;
export type ConflictCell = z.infer<typeof ConflictCell>;
export type DepartmentStatus = z.infer<typeof DepartmentStatus>;
export type HistoryEntry = z.infer<typeof HistoryEntry>;
export type User = z.infer<typeof User>;
export type CycleSummary = z.infer<typeof CycleSummary>;
export type PlanSummary = z.infer<typeof PlanSummary>;
export type TargetDiff = z.infer<typeof TargetDiff>;
export type CycleStatusResponse = z.infer<typeof CycleStatusResponse>;
export type DirectoryDepartment = z.infer<typeof DirectoryDepartment>;
export type ImportUsersResponse = z.infer<typeof ImportUsersResponse>;
export type GoalAssignment = z.infer<typeof GoalAssignment>;
export type RemindersResponse = z.infer<typeof RemindersResponse>;
export type ReminderDepartment = z.infer<typeof ReminderDepartment>;
export type ReminderProjectCell = z.infer<typeof ReminderProjectCell>;
export type ReminderGoalCell = z.infer<typeof ReminderGoalCell>;
export type AuditEntry = z.infer<typeof AuditEntry>;
export type TokenInfo = z.infer<typeof TokenInfo>;
export type CreatedToken = z.infer<typeof CreatedToken>;
export type PlanDiffResponse = z.infer<typeof PlanDiffResponse>;
export * from './conversation/api.ts';
