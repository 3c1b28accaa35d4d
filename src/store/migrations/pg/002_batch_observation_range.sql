-- PostgreSQL twin of ../002_batch_observation_range.sql (same tables and columns; keep the two in step).
-- Schema version 2: each import batch knows the range of observation rows it
-- inserted, so that `import undo` can tell when one of them was changed by hand
-- since (a manual record clears the row's batch).
ALTER TABLE batch ADD COLUMN first_observation BIGINT;
ALTER TABLE batch ADD COLUMN last_observation BIGINT;
