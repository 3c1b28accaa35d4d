//! Trust (issue #8): nothing lost, nothing half-written, every change accounted for.
//! Undo and locks, the audit log, backups under load, SIGKILL in the middle of an
//! import, concurrent writers, hostile files, old schemas and file modes.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

use crate::harness::{Run, Suivi, count_in, fixture, integrity_check, mode, to_run, user_version};

// ---------------------------------------------------------------------------
// Data made on the fly

/// Indicators recorded directly (no formula) that accept any small whole number.
const INDICATORS: [&str; 18] = [
    "boarders",
    "boarders_girls",
    "requests",
    "admitted",
    "pupils_sat",
    "pupils_passed",
    "dropouts",
    "staff",
    "staff_trained",
    "days_open",
    "boarder_days",
    "budget_mad",
    "food_spend_mad",
    "public_funding_mad",
    "own_resources_mad",
    "respondents",
    "pupils_satisfied",
    "capacity",
];

/// A houses file registering H01..H{n}.
fn houses_csv(n: usize) -> String {
    let mut s = String::from("code,name,kind,region,capacity\n");
    for h in 1..=n {
        s.push_str(&format!("H{h:02},Maison {h},dar-talib,01,100\n"));
    }
    s
}

/// `rows` long observations with distinct keys for houses `houses`, months from
/// January of `first_year` on.
fn observations_csv(
    houses: std::ops::RangeInclusive<usize>,
    first_year: i32,
    rows: usize,
) -> String {
    let mut s = String::with_capacity(rows * 28 + 64);
    s.push_str("house,indicator,period,value\n");
    let mut n = 0;
    let mut year = first_year;
    'out: loop {
        for month in 1..=12 {
            for h in houses.clone() {
                for ind in INDICATORS {
                    if n == rows {
                        break 'out;
                    }
                    s.push_str(&format!("H{h:02},{ind},{year}-{month:02},{}\n", n % 97));
                    n += 1;
                }
            }
        }
        year += 1;
    }
    s
}

/// A database with houses H01..H20 (batch 1) and 100 observations of 1980 (batch 2).
fn twenty_houses() -> Suivi {
    twenty_houses_in(Suivi::new())
}

/// The same in a SQLite file, for the tests about the file.
fn twenty_houses_in(s: Suivi) -> Suivi {
    let h = s.write("maisons.csv", houses_csv(20));
    s.ok(&["import", "houses", p(&h)]);
    let o = s.write("1980.csv", observations_csv(1..=20, 1980, 100));
    // Random values break rules: imported all the same, with warnings.
    s.cmd(&["import", "observations", p(&o)])
        .stderr_contains("girls_within_boarders")
        .run();
    s
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn batch_of(summary: &Value) -> String {
    summary["batch"]
        .as_i64()
        .unwrap_or_else(|| panic!("no batch in {summary}"))
        .to_string()
}

/// What must not move when a command is refused or killed.
fn counts(db: &Path) -> [i64; 4] {
    [
        count_in(db, "observation"),
        count_in(db, "batch"),
        count_in(db, "audit"),
        count_in(db, "house"),
    ]
}

/// The rollback journal's identity, if there is one. A writer killed before it
/// changed the database file leaves a journal that SQLite knows to ignore (its
/// header was never completed); the next writer reuses it.
fn journal_stamp(s: &Suivi) -> Option<(std::time::SystemTime, u64)> {
    let m = std::fs::metadata(s.journal()).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// Waits until a writer has opened a new rollback journal (its transaction has
/// begun to change pages) or the child has ended; false when the child ended first.
fn wait_for_journal(
    s: &Suivi,
    child: &mut Child,
    stale: Option<(std::time::SystemTime, u64)>,
) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        let now = journal_stamp(s);
        if now.is_some() && now != stale {
            return true;
        }
        if child.try_wait().expect("try_wait").is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("{} never appeared", s.journal().display());
}

fn timed(s: &Suivi, args: &[&str]) -> (Run, Duration) {
    let start = Instant::now();
    let r = s.run(args);
    (r, start.elapsed())
}

/// How long the tests below hold the database's write lock while a child waits.
const HOLD: Duration = Duration::from_millis(600);

/// A child run on its own thread, so that the moment it ends is known to the
/// millisecond instead of when the test next looks.
struct Timed {
    what: &'static str,
    started: Instant,
    handle: std::thread::JoinHandle<(Run, Instant)>,
}

fn start_timed(s: &Suivi, what: &'static str, args: &[&str]) -> Timed {
    let started = Instant::now();
    let child = s.spawn(args);
    let handle = std::thread::spawn(move || {
        let out = child.wait_with_output().expect("wait for suivi");
        (to_run(out), Instant::now())
    });
    Timed {
        what,
        started,
        handle,
    }
}

impl Timed {
    /// Waits for the child and asserts it was still running when the lock it
    /// waited for was released: it lasted at least as long as the lock was held
    /// after it started (and at least `HOLD`).
    #[track_caller]
    fn waited_until(self, released: Instant) -> Run {
        let (run, ended) = self.handle.join().expect("child thread");
        let lasted = ended - self.started;
        let held = released - self.started;
        assert!(
            ended >= released && lasted >= HOLD,
            "{} did not wait for the lock: it ended after {lasted:?}, the lock was held \
             {held:?} after it started\nexit {}\nstdout: {}\nstderr: {}",
            self.what,
            run.code,
            run.stdout,
            run.stderr
        );
        run
    }
}

fn no_panic(r: &Run, what: &str) {
    assert!(
        !r.stderr.contains("panicked") && !r.stderr.contains("RUST_BACKTRACE"),
        "{what}: panic: {}",
        r.stderr
    );
}

/// A run of a concurrent writer: success, or the documented busy message.
fn succeeded_or_busy(r: &Run, what: &str) -> bool {
    no_panic(r, what);
    match r.code {
        0 => true,
        1 if r.stderr.contains("base de données est occupée") && r.stderr.contains("réessayez") => {
            false
        }
        c => panic!(
            "{what}: exit {c}\nstdout: {}\nstderr: {}",
            r.stdout, r.stderr
        ),
    }
}

/// Runs suivi under `umask 000`, so that only suivi's own choice of mode protects
/// the files it creates.
fn run_with_open_umask(s: &Suivi, args: &[&str]) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 000 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_suivi"))
        .arg("--no-input")
        .args(args)
        .current_dir(s.dir.path())
        .env("SUIVI_DB", &s.db)
        .env("SUIVI_USER", "tester")
        .stdin(Stdio::null())
        .output()
        .expect("run sh");
    to_run(out)
}

// ---------------------------------------------------------------------------
// 1–2. Undo and locks

#[test]
fn undoing_a_batch_into_a_locked_period_needs_force_and_a_reason_and_is_logged() {
    let s = Suivi::new().with_houses();
    let a = s.write(
        "a.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,80\n",
    );
    let b = s.write(
        "b.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,90\nDT02,staff,2025-02,6\n",
    );
    let b1 = batch_of(&s.json(&["import", "observations", p(&a)]));
    let b2 = batch_of(&s.json(&["import", "observations", p(&b)]));
    s.ok(&[
        "period",
        "lock",
        "2024-2025",
        "--reason",
        "validé par le comité de pilotage",
    ]);
    let before = counts(&s.db);
    let unchanged = |s: &Suivi| {
        assert_eq!(counts(&s.db), before);
        let h = s.json(&["indicator", "history", "DT01", "boarders"]);
        assert_eq!(h[0]["value"], 90.0);
        assert_eq!(h[0]["batch"].as_i64().unwrap().to_string(), b2);
        let hist = s.json(&["import", "history"]);
        assert!(hist[1]["undone"].is_null(), "{hist}");
    };

    s.cmd(&["import", "undo", &b2, "--yes"])
        .status(3)
        .stderr_contains("verrouillée")
        .stderr_contains("2024-2025")
        .stderr_contains("--force")
        .stderr_contains("validé par le comité de pilotage")
        .run();
    unchanged(&s);
    s.cmd(&["import", "undo", &b2, "--yes", "--force"])
        .status(2)
        .stderr_contains("--reason")
        .run();
    unchanged(&s);

    s.ok(&[
        "import",
        "undo",
        &b2,
        "--yes",
        "--force",
        "--reason",
        "fichier envoyé deux fois",
    ]);
    let h = s.json(&["indicator", "history", "DT01", "boarders"]);
    assert_eq!(h[0]["value"], 80.0);
    assert_eq!(h[0]["batch"].as_i64().unwrap().to_string(), b1);
    assert_eq!(s.count("observation"), 1, "DT02 staff was removed");
    let log = s.json(&["log", "--entity", "batch", "--limit", "1"]);
    let e = &log[0];
    assert_eq!(e["action"], "undo", "{log}");
    assert_eq!(e["entity"], "batch");
    assert_eq!(e["key"], b2.as_str());
    assert_eq!(e["by"], s.author().as_str());
    assert_eq!(e["reason"], "fichier envoyé deux fois");
    assert_eq!(e["after"]["observations_removed"], 1, "{e}");
    assert_eq!(e["after"]["observations_restored"], 1, "{e}");
    assert!(s.json(&["import", "history"])[1]["undone"].is_string());
    // The lock stays.
    assert_eq!(s.json(&["period", "list"])[0]["period"], "2024-2025");
}

#[test]
fn imports_and_their_undo_into_a_locked_period_are_refused_unless_forced_with_a_reason() {
    let s = Suivi::new().with_houses();
    s.ok(&["indicator", "record", "DT01", "boarders", "2025-02", "70"]);
    s.ok(&["period", "lock", "2025-Q1", "--reason", "T1 validé"]);
    // Line 2 is in the locked quarter, line 3 is not, line 4 overlaps it (the quarter itself).
    let f = s.write(
        "t1.csv",
        "house,indicator,period,value\nDT01,boarders,2025-02,75\nDT02,staff,2025-06,4\nDT02,staff,T1 2025,3\n",
    );
    let before = counts(&s.db);
    let err = s
        .cmd(&["import", "observations", p(&f)])
        .status(3)
        .run()
        .stderr;
    assert!(
        err.contains("verrouillée") && err.contains("T1 validé"),
        "{err}"
    );
    assert!(err.contains("ligne 2") && err.contains("ligne 4"), "{err}");
    assert!(!err.contains("ligne 3"), "{err}");
    assert_eq!(counts(&s.db), before);
    s.cmd(&["import", "observations", p(&f), "--force"])
        .status(2)
        .stderr_contains("--force a besoin de --reason")
        .run();
    s.cmd(&["import", "observations", p(&f), "--force", "--reason", "  "])
        .status(2)
        .stderr_contains("--force a besoin de --reason")
        .run();
    assert_eq!(counts(&s.db), before);
    assert_eq!(
        s.json(&["indicator", "history", "DT01", "boarders"])[0]["value"],
        70.0
    );

    let out = s.json(&[
        "import",
        "observations",
        p(&f),
        "--force",
        "--reason",
        "rattrapage du T1",
    ]);
    assert_eq!(
        (out["inserted"].as_i64(), out["updated"].as_i64()),
        (Some(2), Some(1))
    );
    let batch = batch_of(&out);
    let log = s.json(&["log", "--entity", "batch", "--limit", "1"]);
    assert_eq!(log[0]["action"], "import");
    assert_eq!(log[0]["reason"], "rattrapage du T1");
    assert_eq!(log[0]["after"]["counts"]["updated"], 1);
    let h = s.json(&["indicator", "history", "DT01", "boarders"]);
    assert_eq!(h[0]["value"], 75.0);
    assert_eq!(h[0]["batch"].as_i64().unwrap().to_string(), batch);
    let lock = s.json(&["log", "--entity", "period", "--limit", "1"]);
    assert_eq!(lock[0]["action"], "lock");
    assert_eq!(lock[0]["key"], "2025-Q1");
    assert_eq!(lock[0]["after"]["reason"], "T1 validé");

    // Undoing that batch is a write into the locked quarter too.
    let before = counts(&s.db);
    s.cmd(&["import", "undo", &batch, "--yes"])
        .status(3)
        .stderr_contains("verrouillée")
        .run();
    assert_eq!(counts(&s.db), before);
    s.ok(&["period", "unlock", "2025-Q1", "--reason", "réouverture"]);
    s.ok(&["import", "undo", &batch, "--yes"]);
    assert_eq!(
        s.json(&["indicator", "history", "DT01", "boarders"])[0]["value"],
        70.0
    );
    let unlock = s.json(&["log", "--entity", "period", "--limit", "1"]);
    assert_eq!(unlock[0]["action"], "unlock");
    assert_eq!(unlock[0]["before"]["reason"], "T1 validé");
    assert_eq!(unlock[0]["after"]["reason"], "réouverture");
}

/// The README: "When something changed the same values after the batch, undo is
/// refused and says what". A value the batch inserted and that someone then
/// recorded again by hand is such a value.
#[test]
fn undo_is_refused_when_a_value_the_batch_inserted_was_recorded_again_by_hand() {
    let s = Suivi::new().with_houses();
    let a = s.write(
        "a.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,80\nDT01,staff,2025-01,5\n",
    );
    let b = batch_of(&s.json(&["import", "observations", p(&a)]));
    s.ok(&["indicator", "record", "DT01", "boarders", "2025-01", "85"]);
    let before = counts(&s.db);
    s.cmd(&["import", "undo", &b, "--yes"])
        .status(3)
        .stderr_contains("DT01 boarders 2025-01")
        .run();
    assert_eq!(counts(&s.db), before);
    s.ok(&["import", "undo", &b, "--yes", "--force", "--reason", "r"]);
    assert!(s.json(&["import", "history"])[0]["undone"].is_string());
}

/// A command reads the locks (and, for undo, what changed since the batch)
/// before it starts its write transaction. A lock committed by another suivi
/// while the command waits for the database is then ignored. Here the test holds
/// the write lock, the commands start and wait, and the "other suivi" locks 2025
/// (the rows `suivi period lock 2025` writes) before letting them go.
#[test]
fn a_lock_committed_while_a_writer_waits_is_still_enforced() {
    let s = Suivi::new().with_houses();
    let f = s.write(
        "envoi.csv",
        "house,indicator,period,value\nDT02,staff,2025-03,4\n",
    );
    let mut tx = s.hold_writer();
    let record = start_timed(
        &s,
        "record",
        &["indicator", "record", "DT01", "boarders", "2025-01", "97"],
    );
    let import = start_timed(&s, "import", &["import", "observations", p(&f)]);
    std::thread::sleep(HOLD);
    tx.execute_batch(
        "INSERT INTO period_lock (period, first_month, last_month, reason, at, by)
             VALUES ('2025', 2025 * 12, 2025 * 12 + 11, 'validé', '2025-06-30T00:00:00Z', 'other');
         INSERT INTO audit (at, by, action, entity, key, before, after)
             VALUES ('2025-06-30T00:00:00Z', 'other', 'lock', 'period', '2025', NULL, '{\"reason\":\"validé\"}');",
    );
    let released = Instant::now();
    tx.commit();
    let runs: Vec<(&str, Run)> = [record, import]
        .into_iter()
        .map(|t| (t.what, t.waited_until(released)))
        .collect();
    for (what, r) in &runs {
        assert!(
            r.code == 3 && r.stderr.contains("verrouillée"),
            "{what} wrote into a locked period (all: {:?})",
            runs.iter()
                .map(|(w, r)| format!("{w}: exit {} {}{}", r.code, r.stdout, r.stderr))
                .collect::<Vec<_>>()
        );
    }
    assert_eq!(s.count("observation"), 0);
}

/// The same race for undo: a value changed by hand while the undo waited for the
/// database is overwritten with the batch's previous value, silently.
#[test]
fn a_value_changed_while_an_undo_waits_is_not_overwritten() {
    let s = Suivi::new().with_houses();
    let a = s.write(
        "a.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,80\n",
    );
    let b = s.write(
        "b.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,90\n",
    );
    s.ok(&["import", "observations", p(&a)]);
    let b2 = batch_of(&s.json(&["import", "observations", p(&b)]));
    let mut tx = s.hold_writer();
    let undo = start_timed(&s, "undo", &["import", "undo", &b2, "--yes"]);
    std::thread::sleep(HOLD);
    // What `suivi indicator record DT01 boarders 2025-01 95` writes.
    tx.execute_batch(
        "UPDATE observation SET value = 95, batch_id = NULL, recorded_by = 'other';
         INSERT INTO audit (at, by, action, entity, key, before, after)
             VALUES ('2025-06-30T00:00:00Z', 'other', 'update', 'observation',
                     'DT01/boarders/2025-01', '{\"value\":90.0}', '{\"value\":95.0}');",
    );
    let released = Instant::now();
    tx.commit();
    let r = undo.waited_until(released);
    let h = s.json(&["indicator", "history", "DT01", "boarders"]);
    assert_eq!(h[0]["value"], 95.0, "undo exited {}: {}", r.code, r.stdout);
    assert_eq!(r.code, 3, "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// 3. The audit log

#[test]
fn the_log_says_who_when_what_before_after_and_why_with_one_entry_per_batch() {
    let s = Suivi::new().with_houses();
    let r = s.run_as(
        "amina",
        &["indicator", "record", "DT01", "boarders", "2025-01", "80"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let f = s.write(
        "envoi.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,85\nDT01,staff,2025-01,5\nDT02,staff,2025-01,6\n",
    );
    let batch = s.json(&["import", "observations", p(&f)])["batch"]
        .as_i64()
        .unwrap();
    let r = s.run_as(
        "karim",
        &[
            "indicator",
            "record",
            "DT01",
            "boarders",
            "2025-01",
            "86",
            "--comment",
            "recompté",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);

    // One entry for the whole import, with its counts.
    let batches = s.json(&["log", "--entity", "batch", "--limit", "100"]);
    assert_eq!(batches.as_array().unwrap().len(), 1, "{batches}");
    let e = &batches[0];
    assert_eq!(e["action"], "import");
    assert_eq!(e["entity"], "batch");
    assert_eq!(e["key"], batch.to_string());
    assert_eq!(e["batch"], batch);
    assert_eq!(e["by"], s.author().as_str());
    assert_eq!(e["before"], Value::Null);
    assert_eq!(e["after"]["kind"], "observations");
    assert!(e["after"]["file"].as_str().unwrap().ends_with("envoi.csv"));
    assert_eq!(
        e["after"]["counts"],
        json!({"inserted": 2, "updated": 1, "unchanged": 0, "rejected": 0})
    );
    let at = e["at"].as_str().unwrap();
    assert!(
        at.len() == 20 && at.as_bytes()[10] == b'T' && at.ends_with('Z'),
        "{at}"
    );
    // The values are reachable through the batch.
    let staff = s.json(&["indicator", "history", "DT02", "staff"]);
    assert_eq!(staff[0]["batch"], batch);
    assert_eq!(staff[0]["recorded_by"], s.author().as_str());
    let boarders = s.json(&["indicator", "history", "DT01", "boarders"]);
    assert_eq!(boarders[0]["value"], 86.0);
    assert_eq!(boarders[0]["batch"], Value::Null);
    assert_eq!(boarders[0]["recorded_by"], "karim");

    // Before → after, by whom, newest first.
    let obs = s.json(&["log", "--entity", "observation", "--limit", "100"]);
    assert_eq!(obs.as_array().unwrap().len(), 2, "{obs}");
    assert_eq!(obs[0]["by"], "karim");
    assert_eq!(obs[0]["action"], "update");
    assert_eq!(obs[0]["key"], "DT01/boarders/2025-01");
    assert_eq!(obs[0]["before"]["value"], 85.0);
    assert_eq!(obs[0]["after"]["value"], 86.0);
    assert_eq!(obs[0]["after"]["comment"], "recompté");
    assert_eq!(obs[1]["by"], "amina");
    assert_eq!(obs[1]["action"], "insert");
    assert_eq!(obs[1]["before"], Value::Null);
    assert_eq!(obs[1]["after"]["value"], 80.0);

    // --limit keeps the newest; --since filters by date; filters combine.
    let two = s.json(&["log", "--limit", "2"]);
    assert_eq!(two.as_array().unwrap().len(), 2);
    assert_eq!(two[0], obs[0]);
    assert_eq!(two[1], *e);
    let all = s.json(&["log", "--limit", "1000"]);
    let since_long_ago = s.json(&["log", "--limit", "1000", "--since", "2000-01-01"]);
    assert_eq!(all, since_long_ago);
    let future = s.json(&["log", "--since", "31/12/2999"]);
    assert!(future.as_array().unwrap().is_empty(), "{future}");
    let same_day = s.json(&[
        "log",
        "--entity",
        "batch",
        "--since",
        &at[..10],
        "--limit",
        "1",
    ]);
    assert_eq!(same_day[0], *e);
    s.cmd(&["log", "--since", "hier"])
        .status(2)
        .stderr_contains("n'est pas une date")
        .run();

    // Why: a forced write keeps its reason.
    s.ok(&["period", "lock", "2025", "--reason", "exercice clos"]);
    let r = s.run_as(
        "amina",
        &[
            "indicator",
            "record",
            "DT02",
            "staff",
            "2025-03",
            "7",
            "--force",
            "--reason",
            "erratum du 12/03",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let last = s.json(&["log", "--limit", "1"]);
    assert_eq!(last[0]["reason"], "erratum du 12/03");
    assert_eq!(last[0]["by"], "amina");
    assert_eq!(last[0]["key"], "DT02/staff/2025-03");
}

/// Each entry of the log keeps the region of the house it is about, as the
/// house was when the entry was written (what a login limited to some regions
/// may read on PostgreSQL: tests/cli/pg_roles.rs); a move keeps both regions,
/// the new one first; entries about no house have none.
#[test]
fn each_log_entry_keeps_the_region_its_house_had_when_written() {
    let s = Suivi::new().with_houses();
    let n = |cond: &str| s.sql_i64(&format!("SELECT count(*) FROM audit WHERE {cond}"));
    s.ok(&["indicator", "record", "DT01", "boarders", "2025-01", "80"]);
    s.ok(&["house", "edit", "DT01", "--region", "03"]);
    s.ok(&["indicator", "record", "DT01", "boarders", "2025-02", "81"]);
    let f = s.write(
        "envoi.csv",
        "house,indicator,period,value\nDT02,staff,2025-01,6\n",
    );
    s.ok(&["import", "observations", p(&f)]);
    // A house added then removed: the removal keeps the region it had.
    s.add_house(None, "DT03", "05");
    s.ok(&["house", "remove", "DT03", "--yes"]);

    assert_eq!(
        n("entity = 'house' AND key = 'DT01' AND action = 'insert' AND region_code = '01'"),
        1
    );
    assert_eq!(
        n("entity = 'house' AND key = 'DT01' AND action = 'update' AND region_code = '03 01'"),
        1
    );
    assert_eq!(n("key = 'DT01/boarders/2025-01' AND region_code = '01'"), 1);
    assert_eq!(n("key = 'DT01/boarders/2025-02' AND region_code = '03'"), 1);
    assert_eq!(
        n("entity = 'house' AND key = 'DT02' AND region_code = '03'"),
        1
    );
    assert_eq!(
        n("entity = 'house' AND key = 'DT03' AND region_code = '05'"),
        2
    );
    assert_eq!(
        n("entity IN ('association', 'batch', 'database') AND region_code IS NULL"),
        n("entity IN ('association', 'batch', 'database')")
    );
    assert!(n("entity = 'batch'") > 0);
    assert_eq!(
        n("region_code IS NULL AND entity IN ('house', 'observation')"),
        0
    );
}

// ---------------------------------------------------------------------------
// 4. Backups

#[test]
fn a_backup_while_another_process_holds_a_write_transaction_has_only_committed_data() {
    // A backup of the file.
    let s = Suivi::new_sqlite().with_houses();
    let before = s.count("batch");
    let mut conn = rusqlite::Connection::open(&s.db).unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    // A small page cache makes the big insert below spill to the file, for which
    // SQLite takes the exclusive lock that keeps readers out until the commit.
    conn.execute_batch("PRAGMA cache_size = 10;").unwrap();
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    tx.execute_batch(
        "INSERT INTO batch (kind, file, sha256, at, by)
         VALUES ('test', 'held.csv', '0', '2025-01-01T00:00:00Z', 'test');",
    )
    .unwrap();
    let during = s.path("pendant.db");
    let r = run_with_open_umask(&s, &["backup", p(&during)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(integrity_check(&during), "ok");
    assert_eq!(
        count_in(&during, "batch"),
        before,
        "uncommitted rows copied"
    );

    tx.execute_batch(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
         INSERT INTO batch (kind, file, sha256, at, by)
         SELECT 'test', printf('held-%d.csv', i), hex(randomblob(32)), '2025-01-01T00:00:00Z', 'test' FROM n;",
    )
    .unwrap();
    let waiting = s.path("pendant-2.db");
    let child = start_timed(&s, "backup", &["backup", p(&waiting)]);
    std::thread::sleep(HOLD);
    let released = Instant::now();
    tx.commit().unwrap();
    let r = child.waited_until(released);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(integrity_check(&waiting), "ok");
    // It waited for the commit, so it copied all of it.
    assert_eq!(count_in(&waiting, "batch"), before + 20_001);

    let after = s.path("apres.db");
    s.ok(&["backup", p(&after)]);
    assert_eq!(count_in(&after, "batch"), before + 20_001);
    s.cmd(&["--db", p(&after), "house", "list", "--format", "csv"])
        .stdout_contains("DT02")
        .run();
    #[cfg(unix)]
    for f in [&during, &waiting, &after] {
        assert_eq!(mode(f), 0o600, "{}", f.display());
    }
}

#[test]
fn a_backup_during_an_import_is_all_before_or_all_after() {
    // A backup of the file.
    let s = twenty_houses_in(Suivi::new_sqlite());
    let [obs, batches, ..] = counts(&s.db);
    let rows = 40_000;
    let big = s.write("gros.csv", observations_csv(1..=20, 1990, rows));
    let stale = journal_stamp(&s);
    let mut child = s.spawn(&["import", "observations", p(&big)]);
    let running = wait_for_journal(&s, &mut child, stale);
    let mut copies = Vec::new();
    for (i, pause) in [0u64, 300].into_iter().enumerate() {
        std::thread::sleep(Duration::from_millis(pause));
        let copy = s.path(&format!("pendant-{i}.db"));
        s.cmd(&["backup", p(&copy)]).run();
        copies.push(copy);
    }
    let out = to_run(child.wait_with_output().unwrap());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(running, "the import ended before the backup could start");
    for copy in &copies {
        assert_eq!(integrity_check(copy), "ok");
        let got = (count_in(copy, "observation"), count_in(copy, "batch"));
        assert!(
            got == (obs, batches) || got == (obs + rows as i64, batches + 1),
            "{}: partial copy {got:?}, before ({obs}, {batches})",
            copy.display()
        );
        let list = s.ok(&["--db", p(copy), "house", "list", "--format", "csv"]);
        assert!(list.contains("H20"));
    }
    assert_eq!(s.count("observation"), obs + rows as i64);
}

// ---------------------------------------------------------------------------
// 5. Crash safety

#[test]
fn an_import_killed_at_any_moment_leaves_the_database_whole_and_without_its_rows() {
    // SQLite's journal (PostgreSQL: tests/cli/postgres.rs).
    let s = twenty_houses_in(Suivi::new_sqlite());
    let before = counts(&s.db);
    let rows = 200_000;
    let big = s.write("gros.csv", observations_csv(1..=20, 1990, rows));
    let size = std::fs::metadata(&s.db).unwrap().len();
    let (mut killed, mut mid_write) = (0, 0);
    // Killed at fixed moments, then (None) as soon as the transaction's pages reach
    // the database file, however long that takes on a busy machine.
    for delay in [Some(0u64), Some(150), Some(600), None] {
        let stale = journal_stamp(&s);
        let mut child = s
            .command()
            .args(["import", "observations", p(&big)])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let running = wait_for_journal(&s, &mut child, stale);
        match delay {
            Some(ms) => std::thread::sleep(Duration::from_millis(ms)),
            None => {
                let start = Instant::now();
                while std::fs::metadata(&s.db).unwrap().len() <= size
                    && child.try_wait().unwrap().is_none()
                    && start.elapsed() < Duration::from_secs(60)
                {
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        }
        // Pages already written into the database file: only the journal can undo them.
        if std::fs::metadata(&s.db).unwrap().len() > size {
            mid_write += 1;
        }
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if !running || status.success() {
            // A fast machine finished the import first: the whole batch is there.
            assert!(status.success(), "{status:?}");
            assert_eq!(integrity_check(&s.db), "ok");
            assert_eq!(s.count("observation"), before[0] + rows as i64);
            break;
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "{status:?}");
        }
        killed += 1;
        s.cmd(&["house", "list", "--format", "csv"])
            .stdout_contains("H20")
            .run();
        assert_eq!(integrity_check(&s.db), "ok", "killed after {delay:?} ms");
        assert_eq!(counts(&s.db), before, "killed after {delay:?} ms");
    }
    assert!(killed >= 2, "only {killed} import(s) were killed mid-way");
    assert!(
        mid_write >= 1,
        "no import was killed after it began writing into the database file"
    );
    // Still a working database.
    let small = s.write("petit.csv", observations_csv(1..=1, 1970, 10));
    let out = s
        .cmd(&["import", "observations", p(&small)])
        .stderr_any()
        .json();
    assert_eq!(out["inserted"], 10);
}

// ---------------------------------------------------------------------------
// 6. Concurrency

#[test]
fn three_imports_at_once_all_land_whole_or_say_busy() {
    let s = twenty_houses();
    let [obs, batches, ..] = counts(&s.db);
    let files: Vec<PathBuf> = [(1, 6), (7, 13), (14, 20)]
        .into_iter()
        .enumerate()
        .map(|(i, (a, b))| {
            s.write(
                &format!("envoi-{i}.csv"),
                observations_csv(a..=b, 2000, 8_000),
            )
        })
        .collect();
    let children: Vec<Child> = files
        .iter()
        .map(|f| s.spawn(&["import", "observations", p(f), "--format", "json"]))
        .collect();
    let mut inserted = 0;
    let mut landed = 0;
    for (i, c) in children.into_iter().enumerate() {
        let r = to_run(c.wait_with_output().unwrap());
        if succeeded_or_busy(&r, &format!("import {i}")) {
            let v: Value = serde_json::from_str(&r.stdout).unwrap();
            assert_eq!(v["rejected"], 0, "{v}");
            inserted += v["inserted"].as_i64().unwrap();
            landed += 1;
        }
    }
    assert!(landed >= 1, "every import failed");
    assert_eq!(s.count("observation"), obs + inserted);
    assert_eq!(s.count("batch"), batches + landed);
    assert_eq!(
        s.json(&["log", "--entity", "batch", "--limit", "100"])
            .as_array()
            .unwrap()
            .len() as i64,
        batches + landed
    );
    assert_eq!(integrity_check(&s.db), "ok");
}

#[test]
fn many_records_at_once_are_all_kept_and_each_change_is_logged_in_order() {
    let s = Suivi::new().with_houses();
    // Twelve different values, and six writes of the same value slot.
    let mut args: Vec<Vec<String>> = (1..=12)
        .map(|m| {
            ["indicator", "record", "DT01", "boarders"]
                .iter()
                .map(|a| a.to_string())
                .chain([format!("2025-{m:02}"), format!("{}", 50 + m)])
                .collect()
        })
        .collect();
    for v in 1..=6 {
        args.push(
            ["indicator", "record", "DT02", "staff", "2025-01"]
                .iter()
                .map(|a| a.to_string())
                .chain([v.to_string()])
                .collect(),
        );
    }
    let children: Vec<Child> = args
        .iter()
        .map(|a| s.spawn(&a.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();
    let results: Vec<bool> = children
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            succeeded_or_busy(
                &to_run(c.wait_with_output().unwrap()),
                &format!("record {i}"),
            )
        })
        .collect();
    let months = results[..12].iter().filter(|ok| **ok).count() as i64;
    let same = results[12..].iter().filter(|ok| **ok).count();
    assert_eq!(s.count("observation"), months + i64::from(same > 0));
    assert_eq!(integrity_check(&s.db), "ok");

    // The log of the shared slot is one unbroken chain: each before is the previous after.
    let log = s.json(&["log", "--entity", "observation", "--limit", "1000"]);
    let mut chain: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["key"] == "DT02/staff/2025-01")
        .collect();
    chain.reverse();
    assert_eq!(chain.len(), same, "{log}");
    let mut previous = Value::Null;
    for e in &chain {
        let before = if e["before"].is_null() {
            Value::Null
        } else {
            e["before"]["value"].clone()
        };
        assert_eq!(before, previous, "broken chain: {chain:?}");
        previous = e["after"]["value"].clone();
    }
    if same > 0 {
        let h = s.json(&["indicator", "history", "DT02", "staff"]);
        assert_eq!(h[0]["value"], previous);
    }
}

// ---------------------------------------------------------------------------
// 7. Hostile input

fn hostile(name: &str) -> PathBuf {
    fixture(&format!("hostile/{name}"))
}

/// Imports a hostile file and checks: the exit code, the message names the file
/// and says what is wrong, no panic, under 10 s, and nothing written.
fn refused(s: &Suivi, file: &Path, extra: &[&str], needles: &[&str]) {
    let before = counts(&s.db);
    let mut args = vec!["import", "observations", p(file)];
    args.extend(extra);
    let (r, took) = timed(s, &args);
    let name = file.file_name().unwrap().to_string_lossy();
    no_panic(&r, &name);
    assert_eq!(r.code, 3, "{name}: exit {}\nstderr: {}", r.code, r.stderr);
    assert!(took < Duration::from_secs(10), "{name}: took {took:?}");
    assert!(
        r.stderr.starts_with("erreur\u{a0}: "),
        "{name}: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&*name),
        "{name}: the message does not name the file: {}",
        r.stderr
    );
    for n in needles {
        assert!(
            r.stderr.contains(n),
            "{name}: expected {n:?} in {}",
            r.stderr
        );
    }
    assert_eq!(counts(&s.db), before, "{name} wrote something");
}

#[test]
fn hostile_files_are_refused_clearly_quickly_and_write_nothing() {
    let s = Suivi::new().with_houses();
    s.ok(&["indicator", "record", "DT01", "boarders", "2024-12", "60"]);
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("empty.csv", &[], &["vide"]),
        ("bom_only.csv", &[], &["vide"]),
        ("blank_lines_only.csv", &[], &["vide"]),
        ("header_only.csv", &[], &["aucune ligne"]),
        ("binary_garbage.csv", &[], &["binaire"]),
        ("binary_no_nul.csv", &[], &["colonnes manquantes"]),
        ("unterminated_quote.csv", &[], &["ligne 3", "guillemet"]),
        ("nul_early.csv", &[], &["NUL"]),
        ("nul_late.csv", &[], &["NUL", "ligne "]),
        (
            "nan_inf.csv",
            &[],
            &[
                "6 lignes refusées",
                "NaN",
                "« inf »",
                "-inf",
                "Infinity",
                "1e309",
                "ligne 7",
            ],
        ),
        ("missing_column.csv", &[], &["Période"]),
        (
            "duplicated_column.csv",
            &[],
            &[
                "sont toutes deux la colonne Valeur (value)",
                "n'en gardez qu'une",
            ],
        ),
        ("duplicated_house_column.csv", &[], &["Code maison"]),
        (
            "duplicate_key.csv",
            &[],
            &["ligne 4", "deux fois dans ce fichier (lignes 2 et 4)"],
        ),
        (
            "sql_keys.csv",
            &[],
            &[
                "3 lignes refusées",
                "maison inconnue « DT01'; DROP TABLE house;-- »",
                "indicateur inconnu",
                "n'est pas une période",
            ],
        ),
        (
            "formula_value.csv",
            &[],
            &["3 lignes refusées", "=1+1", "n'est pas un nombre"],
        ),
        ("ragged_fewer.csv", &[], &["ligne 3", "période est vide"]),
        ("too_many_columns.csv", &[], &["16\u{a0}384 colonnes"]),
        (
            "arabic_1256.csv",
            &["--encoding", "utf-8"],
            &["pas de l'UTF-8 valide", "windows-1256"],
        ),
        ("utf16_broken.txt", &[], &["ligne 2", "n'est pas un nombre"]),
        ("text_as.xlsx", &[], &["classeur"]),
        ("zip_as.csv", &[], &["classeur"]),
        ("truncated.xlsx", &[], &["classeur"]),
        ("garbage.ods", &[], &["classeur"]),
    ];
    for (file, extra, needles) in cases {
        refused(&s, &hostile(file), extra, needles);
    }
    // Every file of the corpus is exercised here or in the tests below.
    let below = [
        "sql_comment.csv",
        "formula_comment.csv",
        "ragged_more.csv",
        // Crafted workbooks: tests/cli/reliability.rs.
        "huge_dimension.xlsx",
        "huge_shared_string.xlsx",
        "repeated_rows.ods",
        "repeated_empty_rows.ods",
        "hidden_first_sheet.xlsx",
        "hidden_first_sheet.ods",
        "fuzz",
        "make_hostile.py",
        "README.md",
    ];
    for entry in std::fs::read_dir(fixture("hostile")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            cases.iter().any(|(f, ..)| *f == name) || below.contains(&name.as_str()),
            "fixtures/hostile/{name} is not tested"
        );
    }
    assert_eq!(integrity_check(&s.db), "ok");
    assert_eq!(
        s.json(&["indicator", "history", "DT01", "boarders"])[0]["value"],
        60.0
    );
}

#[test]
fn a_twenty_megabyte_field_or_line_is_refused_in_bounded_time() {
    let s = Suivi::new().with_houses();
    let big = 20 * 1024 * 1024;
    let header = "house,indicator,period,value,comment\n";
    let mut quoted = String::with_capacity(big + 100);
    quoted.push_str(header);
    quoted.push_str("DT01,boarders,2025-01,10,\"");
    quoted.push_str(&"ligne\n".repeat(big / 6));
    quoted.push_str("\"\n");
    let quoted = s.write("champ-20mo-guillemets.csv", quoted);
    let mut bare = String::with_capacity(big + 100);
    bare.push_str(header);
    bare.push_str("DT01,boarders,2025-01,10,");
    bare.push_str(&"A".repeat(big));
    bare.push('\n');
    let bare = s.write("champ-20mo.csv", bare);
    let mut long_header = "house".to_string();
    long_header.push_str(&"x".repeat(big));
    long_header.push_str(",indicator,period,value\nDT01,boarders,2025-01,10\n");
    let long_header = s.write("entete-20mo.csv", long_header);
    for f in [&quoted, &bare, &long_header] {
        refused(&s, f, &[], &["dépasse"]);
    }
}

#[test]
fn sql_and_formulas_in_a_comment_are_stored_verbatim_as_text() {
    let s = Suivi::new().with_houses();
    s.ok(&["indicator", "record", "DT02", "staff", "2025-01", "4"]);
    let [obs, .., houses] = counts(&s.db);
    s.ok(&["import", "observations", p(&hostile("sql_comment.csv"))]);
    let h = s.json(&["indicator", "history", "DT01", "boarders"]);
    assert_eq!(h[0]["comment"], "Robert'); DELETE FROM observation;--");
    assert_eq!(h[0]["value"], 42.0);
    assert_eq!(s.count("observation"), obs + 1);
    assert_eq!(s.count("house"), houses);
    assert_eq!(integrity_check(&s.db), "ok");

    s.ok(&["import", "observations", p(&hostile("formula_comment.csv"))]);
    let h = s.json(&["indicator", "history", "DT01", "staff"]);
    assert_eq!(
        h[0]["comment"],
        "=HYPERLINK(\"http://example.invalid\",\"clic\")"
    );
    // ... and never handed to a spreadsheet as a formula.
    s.cmd(&["export", "observations"])
        .stdout_contains("\"'=HYPERLINK(")
        .stdout_contains("'=cmd|")
        .run();
    let excel = s.path("export.csv");
    s.cmd(&["export", "observations", "--excel", "--out", p(&excel)])
        .stderr(format!("Écrit\u{a0}: {}\n", excel.display()))
        .run();
    let text = String::from_utf8(std::fs::read(&excel).unwrap()).unwrap();
    assert!(!text.contains(";=") && !text.contains(";\"="), "{text}");
}

/// `12,5` typed in a comma-separated file splits into two cells, `12` and `5`: the
/// row has more cells than the header. Taking `12` silently loses data.
#[test]
fn a_row_with_more_cells_than_the_header_is_refused() {
    let s = Suivi::new().with_houses();
    refused(&s, &hostile("ragged_more.csv"), &[], &["ligne 3"]);
}

/// Ctrl-C (or `kill`) while a file is being written removes the temporary
/// file beside the target before the process ends by that signal: nothing is
/// left in the folder. Caught in the act: the signal is sent once the
/// temporary file is seen (tried again if the write was over first).
#[test]
fn an_interrupted_write_leaves_no_temporary_file_beside_its_target() {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        let s = Suivi::new().with_houses();
        let mut csv = String::from("house,indicator,period,value\n");
        for i in 0..50_000 {
            csv.push_str(&format!("DT01,boarders,13/{i},1\n"));
        }
        let bad = s.write("mauvais.csv", csv);
        let out = s.path("sortie");
        std::fs::create_dir(&out).unwrap();
        let rejects = out.join("rejets.csv");
        let mut caught = false;
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGINT, libc::SIGTERM] {
            let mut child = s
                .command()
                .args(["import", "observations", p(&bad), "--skip-invalid"])
                .arg("--rejects")
                .arg(&rejects)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let start = Instant::now();
            let seen = loop {
                let tmp = std::fs::read_dir(&out)
                    .unwrap()
                    .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"));
                if tmp || child.try_wait().unwrap().is_some() || start.elapsed().as_secs() > 60 {
                    break tmp;
                }
                std::thread::sleep(Duration::from_micros(200));
            };
            if seen {
                // SAFETY: a signal to our own child.
                unsafe { libc::kill(child.id() as i32, sig) };
            }
            let status = child.wait().unwrap();
            let left: Vec<_> = std::fs::read_dir(&out)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            if seen && status.signal() == Some(sig) {
                assert!(left.is_empty(), "{left:?}");
                caught = true;
                break;
            }
            // The write was over first: the rejects file, and nothing else.
            assert_eq!(left, [std::ffi::OsString::from("rejets.csv")], "{status:?}");
            std::fs::remove_file(&rejects).unwrap();
        }
        assert!(caught, "no write was caught in the act");

        // A database copied into a new file, stopped while it is built: no
        // file (nor journal) is left to block the next try.
        let mut caught = false;
        for _ in 0..8 {
            let target = out.join("copie.db");
            let mut child = s
                .command()
                .args(["db", "copy", p(&s.db)])
                .arg(&target)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let start = Instant::now();
            let seen = loop {
                if target.exists()
                    || child.try_wait().unwrap().is_some()
                    || start.elapsed().as_secs() > 60
                {
                    break target.exists();
                }
                std::thread::sleep(Duration::from_micros(100));
            };
            if seen {
                // SAFETY: a signal to our own child.
                unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
            }
            let status = child.wait().unwrap();
            let left: Vec<_> = std::fs::read_dir(&out)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            if status.signal() == Some(libc::SIGTERM) {
                assert!(left.is_empty(), "{left:?}");
                caught = true;
                break;
            }
            assert!(status.success(), "{status:?}");
            std::fs::remove_file(&target).unwrap();
        }
        assert!(caught, "no copy was caught in the act");
    }
}

/// Refused rows wait for the rejects file in the temporary folder, made at
/// the first refused row, when the rejects file's folder is tried too: either
/// folder unable to take them fails the import before it commits or says
/// anything was written (nothing written, no rejects file), whether or not the
/// file had valid rows; an import that refuses nothing never needs them.
#[test]
fn refused_rows_that_cannot_be_kept_for_the_rejects_file_fail_the_import_whole() {
    let s = Suivi::new().with_houses();
    let nowhere = s.path("no-such-folder");
    let mixed = s.write(
        "envoi.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,80\nDT01,boarders,13/2025,81\n",
    );
    let all_bad = s.write(
        "mauvais.csv",
        "house,indicator,period,value\nDT01,boarders,13/2025,81\n",
    );
    let import = |file: &Path, rejects: &Path, tmpdir: &Path, lang: &str| {
        s.cmd(&[
            "--lang",
            lang,
            "import",
            "observations",
            p(file),
            "--skip-invalid",
        ])
        .arg("--rejects")
        .arg(rejects)
        .env("TMPDIR", p(tmpdir))
    };
    for file in [&mixed, &all_bad] {
        import(file, &s.path("r.csv"), &nowhere, "fr")
            .status(1)
            .stderr_contains("impossible de garder les lignes refusées dans le dossier temporaire")
            .stderr_contains("rien n'a été écrit")
            .run();
        import(file, &s.path("r.csv"), &nowhere, "en")
            .status(1)
            .stderr_contains("cannot keep the refused rows in the temporary folder")
            .run();
        // The rejects file's own folder missing: the same, before the commit.
        import(file, &nowhere.join("r.csv"), s.dir.path(), "fr")
            .status(1)
            .stderr_contains("impossible d'écrire")
            .stderr_contains("rien n'a été écrit")
            .run();
        assert_eq!(s.count("observation"), 0);
        assert_eq!(s.count("batch"), 0);
        assert!(!s.path("r.csv").exists());
    }
    // Nothing refused: neither folder is needed.
    let good = s.write(
        "bon.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,80\n",
    );
    import(&good, &nowhere.join("r.csv"), &nowhere, "fr").run();
    assert_eq!(s.count("observation"), 1);
}

/// A value under a blank header cell would not be read either: refused, with
/// its column's letter.
#[test]
fn a_value_in_a_column_without_a_header_is_refused() {
    let s = Suivi::new().with_houses();
    let f = s.write(
        "sans-entete.csv",
        "house,indicator,period,,value\nDT01,boarders,2025-01,,10\nDT01,boarders,2025-02,12,11\n",
    );
    refused(
        &s,
        &f,
        &[],
        &[
            "ligne 3, colonne D",
            "« 12 » est dans une colonne sans en-tête",
        ],
    );
    // Blank cells under it are no fault.
    let f = s.write(
        "sans-entete-vide.csv",
        "house,indicator,period,,value\nDT01,boarders,2025-01,,10\n",
    );
    s.ok(&["import", "observations", p(&f)]);
}

/// The rejects file keeps a row's cells beyond the header, under blank header
/// cells, with every reason in the last column; corrected, it comes back whole.
#[test]
fn rejects_of_a_row_longer_than_the_header_keep_every_reason_under_its_header() {
    let s = Suivi::new().with_houses();
    let rejects = s.path("rejets.csv");
    let f = s.write(
        "virgule.csv",
        "Maison,Indicateur,Période,Valeur\nDT01,boarders,2025-01,10\nDT01,budget_mad,2025,12,5\n",
    );
    let (out, text) = s.import_skipping(&f, &[]);
    assert!(out.contains("1 ligne refusée écrite dans "), "{out}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0], "Maison,Indicateur,Période,Valeur,,Motif du rejet",
        "{text}"
    );
    assert!(
        lines[1].starts_with("DT01,budget_mad,2025,12,5,Colonne E\u{a0}: « 5 » est au-delà"),
        "{text}"
    );
    assert_eq!(lines.len(), 2, "{text}");
    // Sent back uncorrected: refused again, nothing lost.
    refused(&s, &rejects, &[], &["ligne 2, colonne E", "« 5 »"]);
    // Corrected (the number quoted, the stray cell gone): imported.
    std::fs::write(&rejects, text.replace("12,5,Colonne", "\"12,5\",,Colonne")).unwrap();
    s.ok(&["import", "observations", p(&rejects)]);
    let h = s.json(&["indicator", "history", "DT01", "budget_mad"]);
    assert_eq!(h[0]["value"], 12.5, "{h}");
}

/// Random bytes and random CSV-like text never make `import` panic, exit with
/// anything but 0 (imported) or 3 (refused), take long, or write when refusing.
#[test]
fn random_files_never_panic_and_exit_0_or_3() {
    let s = Suivi::new().with_houses();
    let tokens: Vec<&'static str> = vec![
        "house",
        "indicator",
        "period",
        "value",
        "comment",
        "Maison",
        "Période",
        "Valeur",
        "Internes",
        "DT01",
        "DT02",
        "dt01",
        "DT99",
        "boarders",
        "staff",
        "budget_mad",
        "success_rate",
        "ga_held",
        "2025-01",
        "T1 2025",
        "2024-2025",
        "janvier 2025",
        "13/2025",
        "202501",
        "12",
        "12,5",
        "1 234,5",
        "1.234",
        "-3",
        "85 %",
        "NaN",
        "1e309",
        "oui",
        "x",
        "",
        "\"",
        "\"\"",
        ",",
        ";",
        "\t",
        "|",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\u{a0}",
        "\u{feff}",
        "é",
        "دار",
        "\u{0}",
        "=1+1",
        "'",
        "99999999999999999999999",
        "PK\u{3}\u{4}",
    ];
    let csvish = (
        any::<bool>(),
        prop::collection::vec(prop::sample::select(tokens), 0..120),
    )
        .prop_map(|(header, t)| {
            let mut text = if header {
                "house,indicator,period,value,comment\n".to_string()
            } else {
                String::new()
            };
            text.push_str(&t.concat());
            text.into_bytes()
        });
    let content = prop_oneof![prop::collection::vec(any::<u8>(), 0..800), csvish];
    let ext = prop::sample::select(vec!["csv", "txt", "xlsx", "ods"]);
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&(content, ext), |(bytes, ext)| {
        let file = s.write(&format!("hasard.{ext}"), &bytes);
        let before = counts(&s.db);
        let (r, took) = timed(&s, &["import", "observations", p(&file)]);
        prop_assert!(
            !r.stderr.contains("panicked"),
            "panic on {bytes:?}: {}",
            r.stderr
        );
        prop_assert!(
            r.code == 0 || r.code == 3,
            "exit {} on {bytes:?}: {}",
            r.code,
            r.stderr
        );
        prop_assert!(took < Duration::from_secs(10), "{took:?} on {bytes:?}");
        if r.code == 3 {
            prop_assert_eq!(counts(&s.db), before);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert_eq!(integrity_check(&s.db), "ok");
}

// ---------------------------------------------------------------------------
// 8. Schema versions

#[test]
fn a_schema_1_database_opens_with_this_binary_after_a_backup_when_upgraded() {
    // SQLite files made by older binaries.
    let s = Suivi::empty_sqlite();
    let original = fixture("schema/v1.db");
    let original_bytes = std::fs::read(&original).unwrap();
    let copy = s.path("v1.db");
    std::fs::copy(&original, &copy).unwrap();
    assert_eq!(
        user_version(&copy),
        1,
        "fixtures/schema/v1.db must stay schema 1"
    );
    let current = user_version(&Suivi::new_sqlite().db);
    assert!(current >= 1);

    let r = s.run(&["--db", p(&copy), "house", "list", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let houses: Value = serde_json::from_str(&r.stdout).unwrap();
    let codes: Vec<&str> = houses
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["DT01", "DT02", "DT03"]);
    let backups = || -> Vec<PathBuf> {
        std::fs::read_dir(s.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| {
                let n = f.file_name().unwrap().to_string_lossy();
                n.starts_with("v1.db.schema1-") && n.ends_with(".bak")
            })
            .collect()
    };
    if current > 1 {
        let baks = backups();
        assert_eq!(baks.len(), 1, "{baks:?}");
        let bak = &baks[0];
        assert!(r.stderr.contains(&*bak.to_string_lossy()), "{}", r.stderr);
        assert_eq!(user_version(bak), 1);
        assert_eq!(integrity_check(bak), "ok");
        assert_eq!(count_in(bak, "house"), 3);
        assert_eq!(count_in(bak, "observation"), 7);
        #[cfg(unix)]
        assert_eq!(mode(bak), 0o600);
        assert_eq!(user_version(&copy), current);
        s.ok(&["--db", p(&copy), "house", "list"]);
        assert_eq!(backups().len(), 1, "upgraded once, backed up once");
    } else {
        assert!(backups().is_empty());
        assert!(r.stderr.is_empty(), "{}", r.stderr);
        assert!(
            std::fs::read(&copy).unwrap() == original_bytes,
            "reading a current database changed it"
        );
    }
    // Everything in it reads, and it takes writes.
    let h = s.json(&[
        "--db",
        p(&copy),
        "indicator",
        "history",
        "DT02",
        "pupils_passed",
    ]);
    assert_eq!(h[0]["value"], 51.0);
    assert_eq!(h[0]["batch"], 1);
    assert_eq!(
        s.json(&["--db", p(&copy), "period", "list"])[0]["period"],
        "2023-2024"
    );
    s.ok(&[
        "--db",
        p(&copy),
        "indicator",
        "record",
        "DT03",
        "staff",
        "2025-01",
        "3",
    ]);
    assert_eq!(count_in(&copy, "observation"), 8);
    assert_eq!(integrity_check(&copy), "ok");
    assert!(std::fs::read(&original).unwrap() == original_bytes);
}

// ---------------------------------------------------------------------------
// 9. Files readable by their owner only

#[cfg(unix)]
#[test]
fn backups_and_the_demo_database_are_readable_by_their_owner_only() {
    // Files and their modes.
    let s = Suivi::new_sqlite().with_houses();
    let copy = s.path("copie.db");
    let r = run_with_open_umask(&s, &["backup", p(&copy)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(mode(&copy), 0o600);
    let out = s.path("demo");
    for _ in 0..2 {
        // The second run replaces the database.
        let r = run_with_open_umask(&s, &["demo", "--out-dir", p(&out)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(mode(&out.join("suivi-demo.db")), 0o600);
    }
}

/// An upgrade to schema 5 gives the entries already in the log the region of
/// the house each one is about, as the house was when the entry was written:
/// the region the house's last entry before it named, or (no such entry) the
/// house's region now; entries about no house, or about a house nothing names
/// a region for, get none.
#[test]
fn entries_logged_before_schema_5_get_the_region_their_house_had() {
    let s = Suivi::empty_sqlite();
    let copy = s.path("v2.db");
    std::fs::copy(fixture("schema/v2.db"), &copy).unwrap();
    {
        let c = rusqlite::Connection::open(&copy).unwrap();
        c.execute_batch(
            r#"INSERT INTO audit (at, by, action, entity, key, before, after) VALUES
               ('2025-02-01T00:00:00Z', 't', 'insert', 'observation', 'DT02/staff/2025-01',
                NULL, '{"value":1}'),
               ('2025-02-02T00:00:00Z', 't', 'update', 'house', 'DT02',
                '{"code":"DT02","region_code":"03"}', '{"code":"DT02","region_code":"07"}'),
               ('2025-02-03T00:00:00Z', 't', 'insert', 'observation', 'DT02/staff/2025-02',
                NULL, '{"value":2}'),
               ('2025-02-04T00:00:00Z', 't', 'insert', 'action', '41',
                NULL, '{"id":41,"house":"CE01"}'),
               ('2025-02-05T00:00:00Z', 't', 'insert', 'target', 'DT01/staff', NULL, '{}'),
               ('2025-02-06T00:00:00Z', 't', 'insert', 'house', 'XX09', NULL, '{"code":"XX09"}'),
               ('2025-02-07T00:00:00Z', 't', 'insert', 'observation', 'XX09/staff/2025-01',
                NULL, '{"value":3}');"#,
        )
        .unwrap();
    }
    s.cmd(&["--db", p(&copy), "house", "list"])
        .stderr_contains(".bak")
        .run();
    assert_eq!(user_version(&copy), suivi::store::SCHEMA_VERSION);
    let c = rusqlite::Connection::open(&copy).unwrap();
    let region = |entity: &str, key: &str| -> Vec<Option<String>> {
        c.prepare("SELECT region_code FROM audit WHERE entity = ?1 AND key = ?2 ORDER BY id")
            .unwrap()
            .query_map([entity, key], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let some = |r: &str| Some(r.to_string());
    assert_eq!(region("house", "DT01"), [some("01")]);
    assert_eq!(region("house", "DT02"), [some("03"), some("07 03")]);
    assert_eq!(region("house", "CE01"), [some("05")]);
    assert_eq!(region("observation", "DT01/staff/2025-01"), [some("01")]);
    assert_eq!(
        region("observation", "CE01/meals_served/2025-01"),
        [some("05")]
    );
    assert_eq!(region("observation", "DT02/staff/2025-01"), [some("03")]);
    assert_eq!(region("observation", "DT02/staff/2025-02"), [some("07")]);
    assert_eq!(region("action", "41"), [some("05")]);
    assert_eq!(region("target", "DT01/staff"), [some("01")]);
    assert_eq!(region("house", "XX09"), [None]);
    assert_eq!(region("observation", "XX09/staff/2025-01"), [None]);
    let unscoped: i64 = c
        .query_row(
            "SELECT count(*) FROM audit WHERE region_code IS NOT NULL
              AND entity IN ('association', 'batch', 'indicator', 'period', 'database')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unscoped, 0);
}
