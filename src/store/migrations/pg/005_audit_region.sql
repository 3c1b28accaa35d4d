-- PostgreSQL twin of ../005_audit_region.sql (same column and backfill; keep the two in step).
-- Schema version 5: each entry of the audit log keeps the region of the house
-- it is about, as the house was when the entry was written (NULL: an entry about
-- no house, such as an indicator, an association, a lock or a batch). A login
-- limited to some regions reads the entries of its regions and those about no
-- house (`db init-roles` sets the policy).
ALTER TABLE audit ADD COLUMN region_code TEXT COLLATE "C";

-- Entries written before this version. The house each one is about: the key
-- itself for a house, the key's first part for its records, the house an
-- action's or an event's image names.
CREATE TEMP TABLE audit_about ON COMMIT DROP AS
SELECT id, entity,
       CASE WHEN entity IN ('action', 'event') THEN coalesce(after, before)::jsonb ->> 'house'
            WHEN entity = 'house' OR strpos(key, '/') = 0 THEN key
            ELSE split_part(key, '/', 1) END AS code
  FROM audit
 WHERE entity IN ('house', 'observation', 'target', 'assessment', 'plan', 'plan_stage',
                  'action', 'event');
ALTER TABLE audit_about ADD PRIMARY KEY (id);

-- A house's own entries name its region in their image.
UPDATE audit SET region_code = coalesce(after, before)::jsonb ->> 'region_code'
 WHERE entity = 'house';

-- The others: the region the house's last entry before them named, or the
-- house's region now (a house registered before its images named a region).
UPDATE audit SET region_code = coalesce(
        (SELECT h.region_code FROM audit h
          WHERE h.entity = 'house' AND h.key = a.code AND h.id <= a.id
            AND h.region_code IS NOT NULL
          ORDER BY h.id DESC LIMIT 1),
        (SELECT r.code FROM house x JOIN region r ON r.id = x.region_id WHERE x.code = a.code))
  FROM audit_about a
 WHERE a.id = audit.id AND audit.region_code IS NULL;
