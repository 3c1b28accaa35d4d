-- PostgreSQL twin of ../005_audit_region.sql (same column and backfill; keep the two in step).
-- Schema version 5: each entry of the audit log keeps the region of the house
-- it is about, as the house was when the entry was written (NULL: an entry about
-- no house, such as an indicator, an association, a lock or a batch; a house
-- moved to another region: both, the new one first, separated by a space). A login
-- limited to some regions reads the entries of its regions and those about no
-- house (`db init-roles` sets the policy).
ALTER TABLE audit ADD COLUMN region_code TEXT COLLATE "C";

-- A field of an entry's image; NULL when the image is not JSON (the log keeps
-- what it was given, and an upgrade must not stop at it). For this upgrade only.
CREATE FUNCTION suivi_image_field(image text, field text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN image::jsonb ->> field;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

-- Entries written before this version. A house's own entries name its region
-- in their image (a move: both).
UPDATE audit SET region_code =
       CASE WHEN suivi_image_field(before, 'region_code')
                 <> suivi_image_field(after, 'region_code')
            THEN suivi_image_field(after, 'region_code') || ' '
                 || suivi_image_field(before, 'region_code')
            ELSE suivi_image_field(coalesce(after, before), 'region_code') END
 WHERE entity = 'house';

-- The others: the house each one is about (the key's first part for a
-- house's records, the house an action's or an event's image names), then the
-- region that house's last entry before them named (after a move, the first),
-- or its region now (a house registered before its images named a region).
UPDATE audit SET region_code = coalesce(
        (SELECT split_part(h.region_code, ' ', 1) FROM audit h
          WHERE h.entity = 'house' AND h.key = a.code AND h.id <= a.id
            AND h.region_code IS NOT NULL
          ORDER BY h.id DESC LIMIT 1),
        (SELECT r.code FROM house x JOIN region r ON r.id = x.region_id WHERE x.code = a.code))
  FROM (SELECT id,
               CASE WHEN entity IN ('action', 'event')
                        THEN suivi_image_field(coalesce(after, before), 'house')
                    WHEN entity = 'house' OR strpos(key, '/') = 0 THEN key
                    ELSE split_part(key, '/', 1) END AS code
          FROM audit
         WHERE entity IN ('house', 'observation', 'target', 'assessment', 'plan',
                          'plan_stage', 'action', 'event')) AS a
 WHERE a.id = audit.id AND audit.region_code IS NULL;

DROP FUNCTION suivi_image_field(text, text);
