-- The conversation around a number (docs/conversation.md): comments on a KPI or on a project's
-- 主な取組, each edit a new version; a read marker per user and thread; evidence files on a KPI value
-- (the bytes in R2, their metadata here); and the hash chain of each submission's history.

-- A comment belongs to one thread: (plan, cycle, department, indicator or project). Ids are made by
-- the worker (UUIDs) so that the history entry written in the same batch can name the comment.
CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  plan_id TEXT NOT NULL,
  fiscal_year INTEGER NOT NULL,
  department_id TEXT NOT NULL,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('indicator','project')),
  target_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  request_id TEXT NOT NULL,
  FOREIGN KEY (plan_id, fiscal_year) REFERENCES cycles(plan_id, fiscal_year)
);
CREATE INDEX comments_thread ON comments (plan_id, fiscal_year, department_id, target_kind, target_id);

-- Append-only: an edit is version n + 1; the earlier text stays. `seq` orders every post and edit
-- of the database and is what a read marker remembers.
CREATE TABLE comment_versions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  comment_id TEXT NOT NULL REFERENCES comments(id),
  version INTEGER NOT NULL,
  text TEXT NOT NULL,
  at TEXT NOT NULL,
  user_id TEXT NOT NULL,
  request_id TEXT NOT NULL,
  UNIQUE (comment_id, version)
);
CREATE TRIGGER comments_no_update BEFORE UPDATE ON comments
BEGIN SELECT RAISE(ABORT, 'comments are append-only'); END;
CREATE TRIGGER comments_no_delete BEFORE DELETE ON comments
BEGIN SELECT RAISE(ABORT, 'comments are append-only'); END;
CREATE TRIGGER comment_versions_no_update BEFORE UPDATE ON comment_versions
BEGIN SELECT RAISE(ABORT, 'comment versions are append-only'); END;
CREATE TRIGGER comment_versions_no_delete BEFORE DELETE ON comment_versions
BEGIN SELECT RAISE(ABORT, 'comment versions are append-only'); END;

-- How far a user has read a thread: the highest comment_versions.seq of the thread they have seen.
CREATE TABLE comment_reads (
  user_id TEXT NOT NULL,
  plan_id TEXT NOT NULL,
  fiscal_year INTEGER NOT NULL,
  department_id TEXT NOT NULL,
  target_kind TEXT NOT NULL,
  target_id TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  read_at TEXT NOT NULL,
  PRIMARY KEY (user_id, plan_id, fiscal_year, department_id, target_kind, target_id)
);

-- An evidence file of a KPI's value in a cycle, uploaded from a department's sheet. The bytes are
-- the R2 object `r2_key`; the SHA-256 is computed by the worker, the content type is the one the
-- worker recognised in the bytes (never the one the client claimed). Append-only.
CREATE TABLE evidence (
  id TEXT PRIMARY KEY,
  plan_id TEXT NOT NULL,
  fiscal_year INTEGER NOT NULL,
  department_id TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  r2_key TEXT NOT NULL UNIQUE,
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  request_id TEXT NOT NULL,
  FOREIGN KEY (plan_id, fiscal_year) REFERENCES cycles(plan_id, fiscal_year)
);
CREATE INDEX evidence_value ON evidence (plan_id, fiscal_year, indicator_id);
CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
BEGIN SELECT RAISE(ABORT, 'evidence is append-only'); END;

-- The hash chain of a submission's history (plan, cycle, department): `hash` is the SHA-256 of the
-- entry's canonical serialisation and `prev_hash`, the hash of the submission's previous hashed
-- entry (NULL for the first). Rows written before this migration have neither: they are reported as
-- unchained, and each submission's chain starts at its first hashed entry (docs/conversation.md).
ALTER TABLE history ADD COLUMN prev_hash TEXT;
ALTER TABLE history ADD COLUMN hash TEXT;

-- A batch that extends a chain inserts a row here whose CHECK fails unless the chain's head is still
-- the one the hashes were computed from: two writers never fork a chain (worker/db/history.ts).
CREATE TABLE chain_guard (
  ok INTEGER NOT NULL CONSTRAINT chain_guard CHECK (ok = 1)
);
