-- What is acknowledged is what is stored: a target's and a cycle's fields without a column of their
-- own (a target's marker, any field the interchange format adds later) are kept in an `attrs` JSON
-- object, as goals, projects, indicators, budgets and actuals already keep theirs (0001).
ALTER TABLE targets ADD COLUMN attrs TEXT NOT NULL DEFAULT '{}';
ALTER TABLE cycles ADD COLUMN attrs TEXT NOT NULL DEFAULT '{}';
