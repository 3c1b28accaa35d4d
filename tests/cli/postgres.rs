//! What only PostgreSQL has: several writers at once from several processes,
//! the server's session user as the audit author, the schema version kept in
//! the database, `init` on a server's existing database.
//!
//! These tests need a server: `SUIVI_TEST_PG` names a database on it whose user
//! may create databases (see the README). Without it they fail under CI
//! (`CI=true`) and say so in one line elsewhere.

use std::path::Path;
use std::process::Child;

use serde_json::Value;

use crate::harness::{Suivi, pg_server, to_run};

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn init_refuses_a_database_that_already_holds_suivi_and_never_prints_a_password() {
    let Some(_) = pg_server("init_refuses") else {
        return;
    };
    let s = Suivi::new();
    assert!(s.on_postgres());
    let before = s.count("audit");
    s.cmd(&["init"])
        .status(2)
        .stderr_contains("contient déjà une base suivi")
        .run();
    assert_eq!(s.count("audit"), before);

    // A password in the URL is never shown, in success or in failure.
    let url = format!("{}&password=s3cret-word", s.db.display());
    let out = s.cmd(&["--db", &url, "init"]).status(2).run();
    assert!(out.stderr.contains("password=***"), "{}", out.stderr);
    assert!(!out.stderr.contains("s3cret-word"), "{}", out.stderr);
}

#[test]
fn a_database_from_a_newer_suivi_is_refused_untouched() {
    let Some(_) = pg_server("newer_schema") else {
        return;
    };
    let s = Suivi::new().with_houses();
    s.sql("UPDATE suivi_schema SET version = 999");
    let audit = s.count("audit");
    s.cmd(&["house", "list"])
        .status(1)
        .stderr_contains("999")
        .stderr_contains("plus récente")
        .run();
    s.cmd(&["indicator", "record", "DT01", "boarders", "2025-01", "3"])
        .status(1)
        .stderr_contains("plus récente")
        .run();
    // Read straight from the server: the refused commands wrote nothing.
    s.sql(&format!(
        "UPDATE suivi_schema SET version = {}",
        suivi::store::SCHEMA_VERSION
    ));
    assert_eq!(s.count("audit"), audit);
    assert_eq!(s.count("observation"), 0);
}

/// The error of SQL the server refuses (either store's client prints it).
fn refused(s: &Suivi, sql: &str) -> String {
    let mut c = s.pg_client().expect("a PostgreSQL test");
    match c.batch_execute(sql) {
        Ok(()) => panic!("the server accepted: {sql}"),
        Err(e) => e
            .as_db_error()
            .map(|d| d.message().to_string())
            .unwrap_or(e.to_string()),
    }
}

#[test]
fn observations_keep_their_house_indicator_and_batch_whoever_writes() {
    let Some(_) = pg_server("observation_references") else {
        return;
    };
    let s = Suivi::new().with_houses();
    let file = s.write(
        "o.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,80\nDT01,staff,2025-01,5\n",
    );
    s.ok(&["import", "observations", p(&file)]);
    let house = s.sql_i64("SELECT id FROM house WHERE code = 'DT01'");
    let indicator = s.sql_i64("SELECT id FROM indicator WHERE code = 'staff'");
    let batch = s.sql_i64("SELECT max(id) FROM batch");
    let row = |h: i64, i: i64, b: i64| {
        format!(
            "INSERT INTO observation (house_id, indicator_id, period, first_month, last_month, \
             value, batch_id, recorded_at, recorded_by) \
             VALUES ({h}, {i}, '2025-03', 24302, 24302, 1, {b}, 'now', 'psql')"
        )
    };
    // Straight SQL (psql) is held to the same references as suivi: a missing
    // house, indicator or batch is refused, in a statement of many rows too.
    assert!(refused(&s, &row(999_999, indicator, batch)).contains("house 999999"));
    assert!(refused(&s, &row(house, 999_999, batch)).contains("indicator 999999"));
    assert!(refused(&s, &row(house, indicator, 999_999)).contains("batch 999999"));
    assert!(
        refused(
            &s,
            &format!("UPDATE observation SET house_id = 999998 WHERE house_id = {house}")
        )
        .contains("house 999998")
    );
    assert!(
        refused(
            &s,
            &format!("UPDATE observation SET batch_id = 999996 WHERE house_id = {house}")
        )
        .contains("batch 999996")
    );
    // What observations name is neither removed nor renumbered.
    for sql in [
        format!("DELETE FROM house WHERE id = {house}"),
        format!("DELETE FROM indicator WHERE id = {indicator}"),
        // (The audit log names the batch too: out of the way first, in the
        // same transaction.)
        format!("DELETE FROM audit WHERE batch_id = {batch}; DELETE FROM batch WHERE id = {batch}"),
    ] {
        let e = refused(&s, &sql);
        assert!(e.contains("still has observations"), "{sql}: {e}");
    }
    assert!(
        refused(
            &s,
            &format!("UPDATE house SET id = 999997 WHERE id = {house}")
        )
        .contains("cannot change")
    );
    assert_eq!(s.count("observation"), 2);
    // A valid row goes in; a house without observations may go.
    s.sql(&row(house, indicator, batch));
    assert_eq!(s.count("observation"), 3);
    s.ok(&["house", "remove", "DT02", "--yes"]);
}

#[test]
fn a_writer_kept_waiting_too_long_is_told_to_try_again_and_changes_nothing() {
    let Some(_) = pg_server("writer_waits") else {
        return;
    };
    let s = Suivi::new().with_houses();
    // Another writer holds the writers' lock (as a long import would).
    let mut other = s.pg_client().expect("a PostgreSQL test");
    let mut tx = other.transaction().unwrap();
    tx.execute(
        "SELECT pg_advisory_xact_lock($1)",
        &[&suivi::store::audit::PG_WRITERS_LOCK],
    )
    .unwrap();
    let before = s.count("audit");
    s.cmd(&["indicator", "record", "DT01", "boarders", "2025-01", "80"])
        .status(1)
        .stderr_contains("réessayez")
        .run();
    assert_eq!(s.count("observation"), 0);
    assert_eq!(s.count("audit"), before);
    // Once it is done, the same command goes through.
    tx.rollback().unwrap();
    s.ok(&["indicator", "record", "DT01", "boarders", "2025-01", "80"]);
    assert_eq!(s.count("observation"), 1);
}

#[test]
fn a_url_without_a_suivi_schema_is_refused_with_what_to_do() {
    let Some(_) = pg_server("no_schema") else {
        return;
    };
    let s = Suivi::empty();
    s.cmd(&["house", "list"])
        .status(2)
        .stderr_contains("suivi init --db")
        .run();
}

#[test]
fn the_audit_author_is_the_session_user_not_suivi_user() {
    let Some(_) = pg_server("audit_author") else {
        return;
    };
    let s = Suivi::new();
    let user = {
        let db = s.store();
        db.conn
            .query_row("SELECT session_user::text", (), |r| r.get::<String>(0))
            .unwrap()
    };
    assert_ne!(user, "tester");
    s.cmd(&["association", "add", "AS01", "--name", "Association Amal"])
        .env("SUIVI_USER", "someone-else")
        .run();
    let log = s.json(&["log", "--entity", "association"]);
    assert_eq!(log[0]["by"], user.as_str(), "{log}");
}

/// A long observations file: `indicators` for houses DT01..DT04, months of
/// 2025 from `first` to `last`, values from `base`.
fn observations(indicators: &[&str], first: u32, last: u32, base: u32) -> String {
    let mut s = String::from("house,indicator,period,value\n");
    let mut n = base;
    for h in 1..=4 {
        for ind in indicators {
            for m in first..=last {
                s.push_str(&format!("DT{h:02},{ind},2025-{m:02},{n}\n"));
                n += 1;
            }
        }
    }
    s
}

fn four_houses() -> Suivi {
    let s = Suivi::new();
    let mut houses = String::from("code,name,kind,region,capacity\n");
    for h in 1..=4 {
        houses.push_str(&format!("DT{h:02},Maison {h},dar-talib,01,500\n"));
    }
    let f = s.write("maisons.csv", houses);
    s.ok(&["import", "houses", p(&f)]);
    s
}

#[test]
fn eight_writers_at_once_lose_nothing_and_leave_whole_batches() {
    let Some(_) = pg_server("eight_writers") else {
        return;
    };
    let s = four_houses();
    // Before: a batch that one writer will undo, and one that another imports again.
    let early = s.write("early.csv", observations(&["dropouts"], 1, 6, 1));
    let early_batch = s
        .cmd(&["import", "observations", p(&early)])
        .stderr_any()
        .json()["batch"]
        .as_i64()
        .unwrap();
    let again = s.write("again.csv", observations(&["days_open"], 1, 6, 20));
    s.cmd(&["import", "observations", p(&again)])
        .stderr_any()
        .run();
    let before_obs = s.count("observation");

    // Three imports on the same houses and months (distinct indicators, so
    // that each one's rows can be counted), one on the same keys as another
    // with other values, the same file again, two records, a lock, an undo.
    let a = s.write("a.csv", observations(&["staff"], 1, 12, 100));
    let b = s.write("b.csv", observations(&["staff_trained"], 1, 12, 0));
    let c = s.write("c.csv", observations(&["requests"], 1, 12, 300));
    let c2 = s.write("c2.csv", observations(&["requests"], 1, 12, 900));
    let early_s = early_batch.to_string();
    let runs: Vec<Vec<&str>> = vec![
        vec!["import", "observations", p(&a), "--format", "json"],
        vec!["import", "observations", p(&b), "--format", "json"],
        vec!["import", "observations", p(&c), "--format", "json"],
        vec!["import", "observations", p(&c2), "--format", "json"],
        vec!["import", "observations", p(&again), "--format", "json"],
        vec!["indicator", "record", "DT01", "boarders", "2025-03", "77"],
        vec!["period", "lock", "2024-09", "--reason", "validé"],
        vec!["import", "undo", &early_s, "--yes"],
    ];
    let children: Vec<Child> = runs.iter().map(|r| s.spawn(r)).collect();
    let results: Vec<_> = children
        .into_iter()
        .map(|c| to_run(c.wait_with_output().unwrap()))
        .collect();
    for (r, args) in results.iter().zip(&runs) {
        assert_eq!(r.code, 0, "{args:?}: {}\n{}", r.stderr, r.stdout);
        assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
    }

    // Each import landed whole, under its own batch.
    let summary = |i: usize| -> Value { serde_json::from_str(&results[i].stdout).unwrap() };
    for i in 0..2 {
        let v = summary(i);
        assert_eq!(v["inserted"], 48, "{v}");
    }
    // c and c2 wrote the same 48 keys: whichever came first inserted them
    // all, the other updated them all.
    let (c, c2) = (summary(2), summary(3));
    let n = |v: &Value, k: &str| v[k].as_i64().unwrap();
    assert_eq!(n(&c, "inserted") + n(&c2, "inserted"), 48, "{c} {c2}");
    assert_eq!(n(&c, "updated") + n(&c2, "updated"), 48, "{c} {c2}");
    // The same file again changed nothing.
    let again_run = summary(4);
    assert_eq!(again_run["inserted"], 0, "{again_run}");
    assert_eq!(again_run["updated"], 0, "{again_run}");

    // Nothing lost: 3 × 48 new rows, one record, the undone batch's 24 rows gone.
    assert_eq!(s.count("observation"), before_obs + 3 * 48 + 1 - 24);
    assert_eq!(
        s.sql_i64("SELECT count(*) FROM batch WHERE undone_at IS NOT NULL"),
        1
    );
    let batch_rows = |ind: &str| {
        s.sql_i64(&format!(
            "SELECT count(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id
             WHERE i.code = '{ind}' AND o.batch_id IS NOT NULL"
        ))
    };
    assert_eq!(batch_rows("staff"), 48);
    assert_eq!(batch_rows("staff_trained"), 48);
    assert_eq!(batch_rows("requests"), 48);
    assert_eq!(batch_rows("dropouts"), 0);
    // The requests hold one file's values throughout, never a mix.
    let from_c = s.sql_i64(
        "SELECT count(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id
         WHERE i.code = 'requests' AND o.value < 900",
    );
    assert!(
        from_c == 0 || from_c == 48,
        "{from_c} values of c, {} of c2",
        48 - from_c
    );
    // Every batch's counts agree with its audit entry; the lock and the record are there.
    assert_eq!(s.count("period_lock"), 1);
    // One batch a file that changed something: houses, early, again, a, b, c, c2.
    assert_eq!(s.count("batch"), 7);
    let log = s.json(&["log", "--entity", "batch", "--limit", "100"]);
    let imports = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "import")
        .count();
    assert_eq!(imports, 7, "{log}");
    let h = s.json(&["indicator", "history", "DT01", "boarders"]);
    assert_eq!(h[0]["value"], 77.0);
}

#[test]
fn db_copy_moves_a_whole_database_both_ways_and_the_pilot_report_is_the_same() {
    let Some(_) = pg_server("db_copy") else {
        return;
    };
    // The demo (a SQLite file), copied into an empty PostgreSQL database, then
    // back into a new file.
    let s = Suivi::empty_sqlite();
    s.cmd(&["demo", "--out-dir", "."]).stderr_any().run();
    let demo = s.path("suivi-demo.db");
    let server_db = Suivi::empty();
    let url = server_db.db.to_str().unwrap().to_string();
    let out = s.ok(&["db", "copy", p(&demo), &url]);
    assert!(out.contains("journal, lots et verrous compris"), "{out}");
    let back = s.path("retour.db");
    s.ok(&["db", "copy", &url, p(&back)]);

    let report = |db: &str| {
        s.cmd(&["--db", db, "report", "pilot", "--format", "json"])
            .stderr_any()
            .stdout_text()
    };
    let here = report(p(&demo));
    assert!(here.len() > 1000, "{here}");
    assert_eq!(report(&url), here);
    assert_eq!(report(p(&back)), here);

    // Every row came along, ids included; the log says where each copy came from.
    for table in [
        "house",
        "observation",
        "batch",
        "period_lock",
        "action",
        "audit",
    ] {
        let n = crate::harness::count_in(&demo, table);
        assert_eq!(
            server_db.count(table),
            n + i64::from(table == "audit"),
            "{table}"
        );
        assert_eq!(
            crate::harness::count_in(&back, table),
            n + 2 * i64::from(table == "audit"),
            "{table}"
        );
    }
    let log = s.json(&["--db", p(&back), "log", "--entity", "database"]);
    assert_eq!(log[0]["action"], "copy", "{log}");
    // New rows on the server get new ids.
    server_db.ok(&["indicator", "record", "DT01", "boarders", "2020-01", "5"]);

    // A target that exists is refused, on either side.
    s.cmd(&["db", "copy", p(&demo), &url])
        .status(2)
        .stderr_contains("contient déjà une base suivi")
        .run();
    s.cmd(&["db", "copy", &url, p(&back)])
        .status(2)
        .stderr_contains("existe déjà")
        .run();
}

#[test]
fn an_import_killed_midway_leaves_all_or_nothing_of_it() {
    let Some(_) = pg_server("killed_import") else {
        return;
    };
    let s = four_houses();
    let mut text = String::from("house,indicator,period,value\n");
    let mut rows = 0;
    for year in 1950..2050 {
        for m in 1..=12 {
            for h in 1..=4 {
                for ind in ["staff", "requests", "admitted"] {
                    text.push_str(&format!("DT{h:02},{ind},{year}-{m:02},{}\n", rows % 90));
                    rows += 1;
                }
            }
        }
    }
    let big = s.write("gros.csv", text);
    for delay in [100u64, 700, 2000] {
        let before = (s.count("observation"), s.count("batch"), s.count("audit"));
        let mut child = s.spawn(&["import", "observations", p(&big)]);
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let after = (s.count("observation"), s.count("batch"), s.count("audit"));
        // The server rolled back what the killed process had begun, or it had
        // committed the whole file.
        assert!(
            after == before || (after.0 == before.0 + rows && after.1 == before.1 + 1),
            "killed after {delay} ms: {before:?} → {after:?}"
        );
        if after != before {
            break;
        }
    }
}

/// The upgrade to schema 5 on PostgreSQL gives the entries already in the log
/// the region their house had when each was written, as on SQLite
/// (tests/cli/trust.rs): a database of schema 4 is made here by taking the
/// column away.
#[test]
fn entries_logged_before_schema_5_get_their_houses_region_on_postgres_too() {
    let Some(_) = pg_server("audit_region_upgrade") else {
        return;
    };
    let s = Suivi::new().with_houses();
    s.ok(&["indicator", "record", "DT01", "boarders", "2025-01", "80"]);
    s.sql(
        r#"ALTER TABLE audit DROP COLUMN region_code;
           UPDATE suivi_schema SET version = 4;
           INSERT INTO audit (at, by, action, entity, key, before, after) VALUES
           ('2025-02-02T00:00:00Z', 't', 'update', 'house', 'DT02',
            '{"code":"DT02","region_code":"03"}', '{"code":"DT02","region_code":"07"}'),
           ('2025-02-03T00:00:00Z', 't', 'insert', 'observation', 'DT02/staff/2025-02',
            NULL, '{"value":2}'),
           ('2025-02-04T00:00:00Z', 't', 'insert', 'event', '41', NULL, '{"id":41,"house":"DT01"}'),
           ('2025-02-06T00:00:00Z', 't', 'insert', 'target', 'XX09/staff', NULL, '{}'),
           ('2025-02-07T00:00:00Z', 't', 'delete', 'house', 'XX08', 'see ticket 42', NULL),
           ('2025-02-08T00:00:00Z', 't', 'insert', 'action', '42', NULL,
            '{"id":42,"house":"DT01","title":"\u0000"}');"#,
    );
    s.ok(&["house", "list"]);
    let n = |cond: &str| s.sql_i64(&format!("SELECT count(*) FROM audit WHERE {cond}"));
    assert_eq!(
        n("entity = 'house' AND key = 'DT01' AND region_code = '01'"),
        1
    );
    assert_eq!(
        n("entity = 'house' AND key = 'DT02' AND region_code = '03'"),
        1
    );
    assert_eq!(
        n("entity = 'house' AND key = 'DT02' AND region_code = '07 03'"),
        1
    );
    assert_eq!(n("key = 'DT01/boarders/2025-01' AND region_code = '01'"), 1);
    assert_eq!(n("key = 'DT02/staff/2025-02' AND region_code = '07'"), 1);
    assert_eq!(n("entity = 'event' AND region_code = '01'"), 1);
    assert_eq!(n("key = 'XX09/staff' AND region_code IS NULL"), 1);
    // Images PostgreSQL cannot read as JSON (a note, a NUL character) do not
    // stop the upgrade: those entries get no region.
    assert_eq!(n("key IN ('XX08', '42') AND region_code IS NULL"), 2);
    assert_eq!(n("entity = 'association' AND region_code IS NULL"), 1);
    assert_eq!(
        s.sql_i64("SELECT version FROM suivi_schema"),
        suivi::store::SCHEMA_VERSION
    );
}
