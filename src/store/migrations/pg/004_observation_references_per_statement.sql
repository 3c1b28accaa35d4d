-- PostgreSQL twin of ../004_observation_references_per_statement.sql (a no-op there).
-- Schema version 4: an observation's house, indicator and batch are checked
-- once per statement instead of once per row. PostgreSQL checks a foreign key
-- with one query per inserted row: three keys cost 35 s of a 1M-row import
-- (bench/RESULTS.md). The triggers below keep the same guarantees (no
-- observation of a house, indicator or batch that does not exist; none of
-- those removed while observed; their ids never change) with one join over
-- the statement's rows.

-- The functions below run as the tables' owner (SECURITY DEFINER) with the
-- search path of this migration, made explicit for this transaction: suivi's
-- schema, then the catalogue, then temporary tables last, so that no login
-- can hide a table of suivi behind a temporary one of the same name.
SELECT set_config('search_path', quote_ident(current_schema()) || ', pg_catalog, pg_temp', true);

ALTER TABLE observation DROP CONSTRAINT IF EXISTS observation_house_id_fkey;
ALTER TABLE observation DROP CONSTRAINT IF EXISTS observation_indicator_id_fkey;
ALTER TABLE observation DROP CONSTRAINT IF EXISTS observation_batch_id_fkey;

-- New observations: every house, indicator and batch they name exists
-- (checked once per statement: a COPY of a block of rows is one check). The
-- rows named are locked FOR KEY SHARE first, as a foreign key does: a removal
-- not yet committed makes the lock wait, and the check that follows (a new
-- snapshot) sees it; a removal that comes later waits for this transaction and
-- then sees its rows.
-- Like a foreign key's checks, these run as the tables' owner: a login under
-- row-level security, or without UPDATE rights on the catalogue, is checked
-- against every row.
CREATE OR REPLACE FUNCTION suivi_observation_references() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    missing TEXT;
BEGIN
    PERFORM 1 FROM house WHERE id IN (SELECT DISTINCT house_id FROM new_rows) FOR KEY SHARE;
    PERFORM 1 FROM indicator WHERE id IN (SELECT DISTINCT indicator_id FROM new_rows) FOR KEY SHARE;
    PERFORM 1 FROM batch WHERE id IN (SELECT DISTINCT batch_id FROM new_rows) FOR KEY SHARE;
    SELECT format('house %s', n.house_id) INTO missing
      FROM (SELECT DISTINCT house_id FROM new_rows) n
     WHERE NOT EXISTS (SELECT 1 FROM house h WHERE h.id = n.house_id) LIMIT 1;
    IF missing IS NULL THEN
        SELECT format('indicator %s', n.indicator_id) INTO missing
          FROM (SELECT DISTINCT indicator_id FROM new_rows) n
         WHERE NOT EXISTS (SELECT 1 FROM indicator i WHERE i.id = n.indicator_id) LIMIT 1;
    END IF;
    IF missing IS NULL THEN
        SELECT format('batch %s', n.batch_id) INTO missing
          FROM (SELECT DISTINCT batch_id FROM new_rows WHERE batch_id IS NOT NULL) n
         WHERE NOT EXISTS (SELECT 1 FROM batch b WHERE b.id = n.batch_id) LIMIT 1;
    END IF;
    IF missing IS NOT NULL THEN
        RAISE foreign_key_violation
            USING MESSAGE = format('an observation refers to %s, which does not exist', missing);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER observation_references_on_insert
    AFTER INSERT ON observation REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION suivi_observation_references();

-- A changed observation (a re-import's new value and batch, an undo) is
-- checked row by row, and only for the references that changed: one lookup
-- per row as a foreign key makes, not a statement's worth of queries per row.
CREATE OR REPLACE FUNCTION suivi_observation_changed_references() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF NEW.house_id IS DISTINCT FROM OLD.house_id THEN
        PERFORM 1 FROM house WHERE id = NEW.house_id FOR KEY SHARE;
        IF NOT FOUND THEN
            RAISE foreign_key_violation USING MESSAGE =
                format('an observation refers to house %s, which does not exist', NEW.house_id);
        END IF;
    END IF;
    IF NEW.indicator_id IS DISTINCT FROM OLD.indicator_id THEN
        PERFORM 1 FROM indicator WHERE id = NEW.indicator_id FOR KEY SHARE;
        IF NOT FOUND THEN
            RAISE foreign_key_violation USING MESSAGE =
                format('an observation refers to indicator %s, which does not exist', NEW.indicator_id);
        END IF;
    END IF;
    IF NEW.batch_id IS NOT NULL AND NEW.batch_id IS DISTINCT FROM OLD.batch_id THEN
        PERFORM 1 FROM batch WHERE id = NEW.batch_id FOR KEY SHARE;
        IF NOT FOUND THEN
            RAISE foreign_key_violation USING MESSAGE =
                format('an observation refers to batch %s, which does not exist', NEW.batch_id);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER observation_references_on_update
    AFTER UPDATE ON observation FOR EACH ROW
    WHEN (NEW.house_id IS DISTINCT FROM OLD.house_id
          OR NEW.indicator_id IS DISTINCT FROM OLD.indicator_id
          OR NEW.batch_id IS DISTINCT FROM OLD.batch_id)
    EXECUTE FUNCTION suivi_observation_changed_references();

-- A house, indicator or batch is not removed while an observation names it.
-- TG_ARGV[0] is the observation column that refers to the table.
CREATE OR REPLACE FUNCTION suivi_observed_rows_stay() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    observed BIGINT;
BEGIN
    EXECUTE format('SELECT o.id FROM old_rows o WHERE EXISTS '
                   '(SELECT 1 FROM observation WHERE %I = o.id) LIMIT 1', TG_ARGV[0])
       INTO observed;
    IF observed IS NOT NULL THEN
        RAISE foreign_key_violation
            USING MESSAGE = format('%s %s still has observations', TG_TABLE_NAME, observed);
    END IF;
    RETURN NULL;
END $$;

-- The ids observations refer to never change.
CREATE OR REPLACE FUNCTION suivi_id_stays() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE foreign_key_violation
        USING MESSAGE = format('the id of %s %s cannot change', TG_TABLE_NAME, OLD.id);
END $$;

CREATE TRIGGER house_observed_rows_stay
    AFTER DELETE ON house REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION suivi_observed_rows_stay('house_id');
CREATE TRIGGER indicator_observed_rows_stay
    AFTER DELETE ON indicator REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION suivi_observed_rows_stay('indicator_id');
CREATE TRIGGER batch_observed_rows_stay
    AFTER DELETE ON batch REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION suivi_observed_rows_stay('batch_id');
CREATE TRIGGER house_id_stays BEFORE UPDATE OF id ON house
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION suivi_id_stays();
CREATE TRIGGER indicator_id_stays BEFORE UPDATE OF id ON indicator
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION suivi_id_stays();
CREATE TRIGGER batch_id_stays BEFORE UPDATE OF id ON batch
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION suivi_id_stays();
