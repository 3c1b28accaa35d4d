-- Schema version 3: Morocco's provinces and prefectures as reference data (like
-- the regions), and indicators that know their Arabic name and the kinds of
-- establishment they apply to. The rows of reference data are written by
-- `store::seed` (a new database) or `store::seed::upgrade` (an older one).

CREATE TABLE province (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    iso       TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL CHECK (kind IN ('province', 'prefecture')),
    name_fr   TEXT NOT NULL,
    name_ar   TEXT NOT NULL,
    region_id INTEGER NOT NULL REFERENCES region(id)
) STRICT;
CREATE INDEX province_by_region ON province(region_id);

ALTER TABLE indicator ADD COLUMN name_ar TEXT;
-- House kinds the indicator applies to, comma-separated; NULL: every kind.
ALTER TABLE indicator ADD COLUMN kinds TEXT;
