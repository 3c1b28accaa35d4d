-- Schema version 5: each entry of the audit log keeps the region of the house
-- it is about, as the house was when the entry was written (NULL: an entry about
-- no house, such as an indicator, an association, a lock or a batch; a house
-- moved to another region: both, the new one first, separated by a space). On
-- PostgreSQL a login limited to some regions reads the entries of its regions
-- and those about no house (`db init-roles`); on SQLite the column is only kept.
ALTER TABLE audit ADD COLUMN region_code TEXT;

-- Entries written before this version. The house each one is about: the key
-- itself for a house, the key's first part for its records, the house an
-- action's or an event's image names.
CREATE TEMP TABLE audit_about (id INTEGER PRIMARY KEY, entity TEXT NOT NULL, code TEXT);
INSERT INTO audit_about (id, entity, code)
SELECT id, entity,
       CASE WHEN entity IN ('action', 'event') THEN
                CASE WHEN json_valid(coalesce(after, before))
                     THEN json_extract(coalesce(after, before), '$.house') END
            WHEN entity = 'house' OR instr(key, '/') = 0 THEN key
            ELSE substr(key, 1, instr(key, '/') - 1) END
  FROM audit
 WHERE entity IN ('house', 'observation', 'target', 'assessment', 'plan', 'plan_stage',
                  'action', 'event');

-- A house's own entries name its region in their image (a move: both).
UPDATE audit SET region_code =
       CASE WHEN json_valid(after) AND json_valid(before)
                 AND json_extract(before, '$.region_code') <> json_extract(after, '$.region_code')
            THEN json_extract(after, '$.region_code') || ' ' || json_extract(before, '$.region_code')
            ELSE json_extract(coalesce(after, before), '$.region_code') END
 WHERE entity = 'house' AND json_valid(coalesce(after, before));

-- The others: the region the house's last entry before them named (after a
-- move, the first), or the house's region now (a house registered before its
-- images named a region).
UPDATE audit SET region_code = (
    SELECT coalesce(
        (SELECT CASE WHEN instr(h.region_code, ' ') > 0
                     THEN substr(h.region_code, 1, instr(h.region_code, ' ') - 1)
                     ELSE h.region_code END
           FROM audit h
          WHERE h.entity = 'house' AND h.key = a.code AND h.id <= a.id
            AND h.region_code IS NOT NULL
          ORDER BY h.id DESC LIMIT 1),
        (SELECT r.code FROM house x JOIN region r ON r.id = x.region_id WHERE x.code = a.code))
      FROM audit_about a WHERE a.id = audit.id)
 WHERE region_code IS NULL AND id IN (SELECT id FROM audit_about);

DROP TABLE audit_about;
