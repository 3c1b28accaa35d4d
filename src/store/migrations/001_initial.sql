-- Schema version 1 of suivi: the register, indicators, plans, imports and the audit log.
-- Aggregate counts per house and period only: no table holds a record about a pupil.

CREATE TABLE region (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    iso     TEXT NOT NULL UNIQUE,
    name_fr TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    seat    TEXT NOT NULL
) STRICT;

CREATE TABLE association (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    registration_no TEXT,
    president       TEXT,
    phone           TEXT,
    email           TEXT
) STRICT;

CREATE TABLE house (
    id                 INTEGER PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
    name               TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_ar            TEXT,
    kind               TEXT NOT NULL CHECK (kind IN ('dar-talib', 'dar-taliba', 'mixed',
                           'children-centre', 'elderly-centre', 'disability-centre',
                           'women-centre', 'other')),
    region_id          INTEGER NOT NULL REFERENCES region(id),
    province           TEXT,
    commune            TEXT,
    milieu             TEXT CHECK (milieu IN ('rural', 'urban')),
    capacity           INTEGER NOT NULL CHECK (capacity >= 0),
    association_id     INTEGER REFERENCES association(id),
    cohort             TEXT NOT NULL DEFAULT 'pilot' CHECK (length(cohort) > 0),
    opened             TEXT CHECK (opened IS NULL OR opened GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    legal_basis        TEXT,
    authorisation_no   TEXT,
    authorisation_date TEXT
) STRICT;
CREATE INDEX house_by_association ON house(association_id);

CREATE TABLE indicator (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
    name_fr   TEXT NOT NULL CHECK (length(trim(name_fr)) > 0),
    name_en   TEXT,
    unit      TEXT NOT NULL CHECK (unit IN ('count', 'percent', 'mad', 'score', 'bool', 'days', 'hours')),
    direction TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up', 'down')),
    over_time TEXT CHECK (over_time IN ('sum', 'last', 'mean', 'max', 'min')),
    across    TEXT CHECK (across IN ('sum', 'mean')),
    formula   TEXT,
    pupils    INTEGER NOT NULL DEFAULT 0 CHECK (pupils IN (0, 1)),
    CHECK ((formula IS NULL) = (over_time IS NOT NULL AND across IS NOT NULL))
) STRICT;

CREATE TABLE batch (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    file      TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    at        TEXT NOT NULL,
    by        TEXT NOT NULL,
    inserted  INTEGER NOT NULL DEFAULT 0,
    updated   INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    rejected  INTEGER NOT NULL DEFAULT 0,
    undone_at TEXT
) STRICT;

CREATE TABLE observation (
    id           INTEGER PRIMARY KEY,
    house_id     INTEGER NOT NULL REFERENCES house(id),
    indicator_id INTEGER NOT NULL REFERENCES indicator(id),
    period       TEXT NOT NULL,
    first_month  INTEGER NOT NULL,
    last_month   INTEGER NOT NULL CHECK (last_month >= first_month),
    value        REAL NOT NULL,
    comment      TEXT,
    batch_id     INTEGER REFERENCES batch(id),
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    UNIQUE (house_id, indicator_id, period)
) STRICT;
-- No further index: each one slows imports of millions of rows; reports scan
-- and group (see bench/RESULTS.md), and undo of a batch may scan.

-- What an import overwrote, so that `import undo` can put it back.
CREATE TABLE observation_previous (
    batch_id       INTEGER NOT NULL REFERENCES batch(id),
    observation_id INTEGER NOT NULL,
    value          REAL NOT NULL,
    comment        TEXT,
    prev_batch_id  INTEGER,
    recorded_at    TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    PRIMARY KEY (batch_id, observation_id)
) STRICT;

CREATE TABLE target (
    house_id        INTEGER NOT NULL REFERENCES house(id),
    indicator_id    INTEGER NOT NULL REFERENCES indicator(id),
    baseline        REAL,
    baseline_period TEXT,
    target          REAL NOT NULL,
    target_period   TEXT NOT NULL,
    batch_id        INTEGER REFERENCES batch(id),
    PRIMARY KEY (house_id, indicator_id),
    CHECK ((baseline IS NULL) = (baseline_period IS NULL))
) STRICT;

CREATE TABLE rule (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    left     TEXT NOT NULL,
    op       TEXT NOT NULL CHECK (op IN ('<', '<=', '=', '>=', '>', '!=')),
    right    TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('error', 'warning'))
) STRICT;

CREATE TABLE period_lock (
    period      TEXT PRIMARY KEY,
    first_month INTEGER NOT NULL,
    last_month  INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL,
    by          TEXT NOT NULL
) STRICT;

-- Plan templates are data: the standard one ships here, others can be added.
CREATE TABLE plan_template_axis (
    template TEXT NOT NULL,
    code     TEXT NOT NULL,
    label_fr TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (template, code)
) STRICT;

CREATE TABLE plan (
    id           INTEGER PRIMARY KEY,
    house_id     INTEGER NOT NULL REFERENCES house(id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    start_period TEXT NOT NULL,
    end_period   TEXT NOT NULL,
    template     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    superseded   INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1)),
    UNIQUE (house_id, version)
) STRICT;

CREATE TABLE plan_axis (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plan(id),
    code     TEXT NOT NULL,
    label_fr TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (plan_id, code)
) STRICT;

CREATE TABLE plan_stage (
    plan_id    INTEGER NOT NULL REFERENCES plan(id),
    stage      TEXT NOT NULL CHECK (stage IN ('diagnostic', 'drafted', 'validated', 'adopted', 'executing', 'evaluated')),
    reached_on TEXT NOT NULL,
    PRIMARY KEY (plan_id, stage)
) STRICT;

CREATE TABLE action (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plan(id),
    axis_id  INTEGER NOT NULL REFERENCES plan_axis(id),
    title    TEXT NOT NULL CHECK (length(trim(title)) > 0),
    owner    TEXT,
    start    TEXT,
    due      TEXT NOT NULL,
    budget   REAL CHECK (budget IS NULL OR budget >= 0),
    spent    REAL CHECK (spent IS NULL OR spent >= 0),
    status   TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
    progress REAL CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
    batch_id INTEGER REFERENCES batch(id),
    CHECK (start IS NULL OR start <= due)
) STRICT;
CREATE INDEX action_by_plan ON action(plan_id);

CREATE TABLE dimension (
    code     TEXT PRIMARY KEY,
    label_fr TEXT NOT NULL,
    label_en TEXT NOT NULL,
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE assessment (
    house_id    INTEGER NOT NULL REFERENCES house(id),
    period      TEXT NOT NULL,
    first_month INTEGER NOT NULL,
    dimension   TEXT NOT NULL REFERENCES dimension(code),
    score       REAL NOT NULL CHECK (score BETWEEN 1 AND 4),
    batch_id    INTEGER REFERENCES batch(id),
    PRIMARY KEY (house_id, period, dimension)
) STRICT;

CREATE TABLE event (
    id       INTEGER PRIMARY KEY,
    house_id INTEGER NOT NULL REFERENCES house(id),
    kind     TEXT NOT NULL CHECK (kind IN ('training', 'workshop', 'visit')),
    date     TEXT NOT NULL,
    title    TEXT NOT NULL CHECK (length(trim(title)) > 0),
    women    INTEGER CHECK (women IS NULL OR women >= 0),
    men      INTEGER CHECK (men IS NULL OR men >= 0),
    notes    TEXT
) STRICT;

CREATE TABLE audit (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    by       TEXT NOT NULL,
    action   TEXT NOT NULL,
    entity   TEXT NOT NULL,
    key      TEXT NOT NULL,
    before   TEXT,
    after    TEXT,
    reason   TEXT,
    batch_id INTEGER REFERENCES batch(id)
) STRICT;
CREATE INDEX audit_by_entity ON audit(entity, key);
