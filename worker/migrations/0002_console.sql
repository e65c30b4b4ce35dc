-- The coordinator's console: deadlines, archived plans, inactive departments and users, goal
-- indicators assigned to the department that reports them, and the history of administrative actions.

-- A report cycle's deadline (提出期限): a date (YYYY-MM-DD, Japan time), or NULL when none is set.
ALTER TABLE cycles ADD COLUMN deadline TEXT;

-- An archived plan is hidden from every selector (GET /api/plans without ?archived=include); its data stays.
ALTER TABLE plans ADD COLUMN archived_at TEXT;
ALTER TABLE plans ADD COLUMN archived_by TEXT;

-- Deactivated departments are offered nowhere and cannot be given to users; their data stays.
ALTER TABLE departments ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1));

-- A deactivated user cannot sign in (their API tokens are revoked when they are deactivated).
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1));

-- A goal indicator (数値目標) and the department that reports it. Also in the plan file as the goal
-- indicator's `departmentId`; this table is what the worker reads.
CREATE TABLE goal_indicator_departments (
  plan_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  department_id TEXT NOT NULL REFERENCES departments(id),
  PRIMARY KEY (plan_id, indicator_id),
  FOREIGN KEY (plan_id, indicator_id) REFERENCES indicators(plan_id, id)
);
CREATE INDEX goal_indicator_departments_department ON goal_indicator_departments (department_id, plan_id);

-- Append-only: every administrative action (departments, users, tokens, plans, targets, goal
-- assignments, cycles), who did it and when, in the same batch as the change itself.
CREATE TABLE admin_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  action TEXT NOT NULL,
  target_kind TEXT NOT NULL,
  target_id TEXT NOT NULL,
  plan_id TEXT,
  fiscal_year INTEGER,
  before TEXT,
  after TEXT,
  user_id TEXT,
  request_id TEXT NOT NULL
);
CREATE INDEX admin_history_plan ON admin_history (plan_id, id);
CREATE TRIGGER admin_history_no_update BEFORE UPDATE ON admin_history
BEGIN SELECT RAISE(ABORT, 'admin_history is append-only'); END;
CREATE TRIGGER admin_history_no_delete BEFORE DELETE ON admin_history
BEGIN SELECT RAISE(ABORT, 'admin_history is append-only'); END;
