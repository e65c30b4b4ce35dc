-- Shinchoku storage. Decimals are TEXT exactly as entered (normalised DecimalString), never REAL.
-- Fields that are only ever read whole with their row (footnotes, directions, budget, thresholds…)
-- live in an `attrs` JSON object, so a new optional field of the interchange format round-trips.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','coordinator','department')),
  entra_oid TEXT UNIQUE,
  email TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE user_departments (
  user_id TEXT NOT NULL REFERENCES users(id),
  department_id TEXT NOT NULL,
  PRIMARY KEY (user_id, department_id)
);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  expires_at TEXT,
  revoked_at TEXT,
  last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE departments (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE plans (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  start_fy INTEGER NOT NULL,
  end_fy INTEGER NOT NULL,
  current_version INTEGER NOT NULL,
  attrs TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  created_by TEXT
);

-- One row per version of the targets; version N's targets are the rows of `targets` with version = N.
-- An earlier version imported from a file also keeps the file's goals and projects as they were
-- (snapshot), since indicators may have been renamed or dropped since.
CREATE TABLE plan_versions (
  plan_id TEXT NOT NULL REFERENCES plans(id),
  version INTEGER NOT NULL,
  label TEXT,
  snapshot TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  created_by TEXT,
  PRIMARY KEY (plan_id, version)
);

-- The departments a plan file lists, in its order (projects name theirs in project_departments).
CREATE TABLE plan_departments (
  plan_id TEXT NOT NULL REFERENCES plans(id),
  department_id TEXT NOT NULL REFERENCES departments(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (plan_id, department_id)
);

CREATE TABLE goals (
  plan_id TEXT NOT NULL REFERENCES plans(id),
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  number INTEGER NOT NULL,
  title TEXT NOT NULL,
  attrs TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (plan_id, id)
);

CREATE TABLE projects (
  plan_id TEXT NOT NULL REFERENCES plans(id),
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  number INTEGER NOT NULL,
  name TEXT NOT NULL,
  start_fy INTEGER NOT NULL,
  end_fy INTEGER NOT NULL,
  attrs TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (plan_id, id)
);

-- position 0 is the lead department (担当課 printed first).
CREATE TABLE project_departments (
  plan_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  department_id TEXT NOT NULL REFERENCES departments(id),
  position INTEGER NOT NULL,
  PRIMARY KEY (plan_id, project_id, department_id),
  FOREIGN KEY (plan_id, project_id) REFERENCES projects(plan_id, id)
);
CREATE INDEX project_departments_department ON project_departments (department_id, plan_id);

-- An indicator belongs to a goal (数値目標) or a project (KPI): owner_kind tells which.
CREATE TABLE indicators (
  plan_id TEXT NOT NULL REFERENCES plans(id),
  id TEXT NOT NULL,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('goal','project')),
  owner_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  number INTEGER NOT NULL,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  kind TEXT NOT NULL,
  direction TEXT NOT NULL,
  has_baseline INTEGER NOT NULL DEFAULT 0,
  baseline_value TEXT,
  baseline_period TEXT,
  attrs TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (plan_id, id)
);
CREATE INDEX indicators_owner ON indicators (plan_id, owner_kind, owner_id);

CREATE TABLE targets (
  plan_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  fiscal_year INTEGER NOT NULL,
  value TEXT NOT NULL,
  period TEXT,
  PRIMARY KEY (plan_id, version, indicator_id, fiscal_year),
  FOREIGN KEY (plan_id, indicator_id) REFERENCES indicators(plan_id, id)
);

CREATE TABLE budgets (
  plan_id TEXT NOT NULL REFERENCES plans(id),
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  fiscal_year INTEGER NOT NULL,
  section TEXT NOT NULL,
  name TEXT NOT NULL,
  project_id TEXT,
  initial_budget TEXT NOT NULL,
  settlement TEXT,
  description TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  is_reprint INTEGER NOT NULL DEFAULT 0,
  attrs TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (plan_id, id)
);

-- change_seq counts every change in the cycle; a submission's revision is the change_seq of the
-- last change to its sheet, and every value row carries the change_seq that last wrote it, so a
-- stale save can name exactly the cells changed since the revision it was based on.
CREATE TABLE cycles (
  plan_id TEXT NOT NULL REFERENCES plans(id),
  fiscal_year INTEGER NOT NULL,
  label TEXT,
  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0,1)),
  locked_at TEXT,
  locked_by TEXT,
  change_seq INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  created_by TEXT,
  PRIMARY KEY (plan_id, fiscal_year)
);

CREATE TABLE submissions (
  plan_id TEXT NOT NULL,
  fiscal_year INTEGER NOT NULL,
  department_id TEXT NOT NULL REFERENCES departments(id),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','approved','returned')),
  revision INTEGER NOT NULL DEFAULT 0,
  comment TEXT,
  submitted_at TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_by TEXT,
  last_request_id TEXT,
  PRIMARY KEY (plan_id, fiscal_year, department_id),
  FOREIGN KEY (plan_id, fiscal_year) REFERENCES cycles(plan_id, fiscal_year)
);

-- The actual of one indicator in one cycle (実績値), shared by every department of its project.
CREATE TABLE actuals (
  plan_id TEXT NOT NULL,
  fiscal_year INTEGER NOT NULL,
  indicator_id TEXT NOT NULL,
  value TEXT,
  missing_reason TEXT,
  marker TEXT,
  period TEXT,
  basis TEXT NOT NULL DEFAULT 'year' CHECK (basis IN ('year','to_date')),
  status TEXT,
  text TEXT,
  footnotes TEXT NOT NULL DEFAULT '[]',
  attrs TEXT NOT NULL DEFAULT '{}',
  seq INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_by TEXT,
  PRIMARY KEY (plan_id, fiscal_year, indicator_id),
  FOREIGN KEY (plan_id, fiscal_year) REFERENCES cycles(plan_id, fiscal_year)
);

-- 主な取組 of a project in a cycle.
CREATE TABLE activities (
  plan_id TEXT NOT NULL,
  fiscal_year INTEGER NOT NULL,
  project_id TEXT NOT NULL,
  text TEXT NOT NULL,
  seq INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_by TEXT,
  PRIMARY KEY (plan_id, fiscal_year, project_id),
  FOREIGN KEY (plan_id, fiscal_year) REFERENCES cycles(plan_id, fiscal_year)
);

-- Append-only: who changed which cell from what to what, when, in which request.
-- before/after are JSON texts (a decimal string, a status, a footnote list…).
CREATE TABLE history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  plan_id TEXT NOT NULL,
  fiscal_year INTEGER,
  department_id TEXT,
  indicator_id TEXT,
  project_id TEXT,
  action TEXT NOT NULL,
  field TEXT,
  before TEXT,
  after TEXT,
  revision INTEGER,
  user_id TEXT,
  request_id TEXT NOT NULL
);
CREATE INDEX history_submission ON history (plan_id, fiscal_year, department_id, id);
CREATE INDEX history_indicator ON history (plan_id, indicator_id, id);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- The first response to a request carrying an Idempotency-Key, replayed for every retry.
CREATE TABLE idempotency_keys (
  user_id TEXT NOT NULL,
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- A write batch inserts a row here whose CHECK fails unless the batch's own conditional UPDATE
-- took effect: the revision check happens inside the batch, so a concurrent save rolls back whole.
CREATE TABLE write_guard (
  ok INTEGER NOT NULL CONSTRAINT revision_guard CHECK (ok = 1)
);
