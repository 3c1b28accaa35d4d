//! Runs the real binary on a temporary database.
//!
//! A test declares what it runs and what it expects, in the style of `just`'s
//! `tests/test.rs`:
//!
//! ```ignore
//! s.cmd(&["house", "show", "DT99"])
//!     .status(3)
//!     .stderr_contains("DT99")
//!     .run();
//! ```
//!
//! Every run checks the exit code (0 unless declared), that nothing panicked, and
//! standard error: on success it must be empty unless the test declares what it
//! holds (`stderr`, `stderr_contains`, `stderr_any`); on failure it must say
//! something. A mismatch fails at the test's own line (`#[track_caller]`) and
//! shows the command, its exit code, stdout and stderr.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub struct Suivi {
    pub dir: tempfile::TempDir,
    /// The database: a file in `dir`, or with `SUIVI_TEST_PG` set, the URL of
    /// a fresh PostgreSQL database of this test (dropped at the end).
    pub db: PathBuf,
    /// The PostgreSQL database this test created, if any: (server URL, name).
    pub pg: Option<(String, String)>,
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// What a test expects of one stream.
#[derive(Debug)]
enum Expect {
    /// stdout: not checked; stderr: empty on success, not empty on failure.
    Default,
    /// Anything, declared (e.g. a warning the test does not care about).
    Any,
    Exact(String),
    /// Holds each of these.
    Contains(Vec<String>),
}

/// One run of `suivi`, declared then checked by [`Test::run`].
#[must_use = "a declared run does nothing until .run(), .stdout_text() or .json()"]
pub struct Test<'a> {
    suivi: &'a Suivi,
    args: Vec<OsString>,
    env: Vec<(String, Option<String>)>,
    stdin: Option<Vec<u8>>,
    status: i32,
    stdout: Expect,
    stdout_lacks: Vec<String>,
    stderr: Expect,
}

impl<'a> Test<'a> {
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    pub fn args<I, A>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = A>,
        A: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets an environment variable for this run only.
    pub fn env(mut self, key: &str, value: impl Into<String>) -> Self {
        self.env.push((key.to_string(), Some(value.into())));
        self
    }

    /// Removes an environment variable for this run only.
    pub fn env_remove(mut self, key: &str) -> Self {
        self.env.push((key.to_string(), None));
        self
    }

    /// Bytes fed on standard input (otherwise stdin is closed: no terminal, no input).
    pub fn stdin(mut self, input: impl AsRef<[u8]>) -> Self {
        self.stdin = Some(input.as_ref().to_vec());
        self
    }

    /// The expected exit code (0 when not declared).
    pub fn status(mut self, code: i32) -> Self {
        self.status = code;
        self
    }

    /// Standard output must be exactly this.
    pub fn stdout(mut self, exact: impl AsRef<str>) -> Self {
        self.stdout = Expect::Exact(exact.as_ref().to_string());
        self
    }

    /// Standard output must contain this (may be declared several times).
    pub fn stdout_contains(mut self, needle: impl AsRef<str>) -> Self {
        self.stdout = push(self.stdout, needle.as_ref().to_string());
        self
    }

    /// Standard output must not contain this (may be declared several times).
    pub fn stdout_lacks(mut self, needle: impl AsRef<str>) -> Self {
        self.stdout_lacks.push(needle.as_ref().to_string());
        self
    }

    /// Standard error must be exactly this.
    pub fn stderr(mut self, exact: impl AsRef<str>) -> Self {
        self.stderr = Expect::Exact(exact.as_ref().to_string());
        self
    }

    /// Standard error must contain this (may be declared several times).
    pub fn stderr_contains(mut self, needle: impl AsRef<str>) -> Self {
        self.stderr = push(self.stderr, needle.as_ref().to_string());
        self
    }

    /// Standard error may hold anything, even on success.
    pub fn stderr_any(mut self) -> Self {
        self.stderr = Expect::Any;
        self
    }

    /// Runs and checks every declaration; returns what was printed.
    #[track_caller]
    pub fn run(self) -> Run {
        let mut c = self.suivi.command();
        c.args(&self.args);
        for (k, v) in &self.env {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        c.stdin(if self.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn suivi");
        let feeder = self.stdin.map(|bytes| {
            let mut pipe = child.stdin.take().expect("stdin pipe");
            // A thread, so that a child that prints before it reads cannot block us.
            std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            })
        });
        let out = child.wait_with_output().expect("wait for suivi");
        if let Some(f) = feeder {
            let _ = f.join();
        }
        let r = to_run(out);

        let mut problems = Vec::new();
        if r.code != self.status {
            problems.push(format!("exit code {} (expected {})", r.code, self.status));
        }
        if r.stderr.contains("panicked") || r.stderr.contains("RUST_BACKTRACE") {
            problems.push("it panicked".to_string());
        }
        check("stdout", &r.stdout, &self.stdout, &mut problems);
        for l in &self.stdout_lacks {
            if r.stdout.contains(l.as_str()) {
                problems.push(format!("stdout holds {l:?}, which it must not"));
            }
        }
        match &self.stderr {
            Expect::Default if r.code == 0 && !r.stderr.is_empty() => {
                problems.push("stderr is not empty on success (declare it if expected)".into())
            }
            Expect::Default if r.code != 0 && r.stderr.trim().is_empty() => {
                problems.push("stderr is empty: a failure must say what went wrong".into())
            }
            other => check("stderr", &r.stderr, other, &mut problems),
        }
        if !problems.is_empty() {
            let args: Vec<String> = self
                .args
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            panic!(
                "suivi {args:?}:\n  - {}\n--- exit code: {}\n--- stdout:\n{}\n--- stderr:\n{}",
                problems.join("\n  - "),
                r.code,
                r.stdout,
                r.stderr
            );
        }
        r
    }

    /// Runs, checks, and returns standard output.
    #[track_caller]
    pub fn stdout_text(self) -> String {
        self.run().stdout
    }

    /// Runs with `--format json` added, checks, and parses standard output.
    #[track_caller]
    pub fn json(self) -> Value {
        let r = self.args(["--format", "json"]).run();
        serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", r.stdout))
    }
}

fn push(e: Expect, needle: String) -> Expect {
    match e {
        Expect::Contains(mut v) => {
            v.push(needle);
            Expect::Contains(v)
        }
        _ => Expect::Contains(vec![needle]),
    }
}

fn check(name: &str, got: &str, want: &Expect, problems: &mut Vec<String>) {
    match want {
        Expect::Default | Expect::Any => {}
        Expect::Exact(w) if got != w => problems.push(format!("{name} is not {w:?}")),
        Expect::Exact(_) => {}
        Expect::Contains(needles) => {
            for n in needles {
                if !got.contains(n.as_str()) {
                    problems.push(format!("{name} lacks {n:?}"));
                }
            }
        }
    }
}

impl Suivi {
    /// A temporary folder with an initialised database.
    pub fn new() -> Suivi {
        let s = Suivi::empty();
        s.ok(&["init"]);
        s
    }

    /// A temporary folder with no database yet (with `SUIVI_TEST_PG`: an
    /// empty PostgreSQL database).
    pub fn empty() -> Suivi {
        let dir = tempfile::tempdir().expect("temp dir");
        match test_pg() {
            Some(base) => {
                let name = fresh_pg_database(&base);
                let url = with_database(&base, &name);
                Suivi {
                    dir,
                    db: PathBuf::from(url),
                    pg: Some((base, name)),
                }
            }
            None => {
                let db = dir.path().join("test.db");
                Suivi { dir, db, pg: None }
            }
        }
    }

    /// An initialised SQLite file, even with `SUIVI_TEST_PG` set: for tests
    /// about the file itself (its mode, journal, damage, backup).
    pub fn new_sqlite() -> Suivi {
        let s = Suivi::empty_sqlite();
        s.ok(&["init"]);
        s
    }

    /// A temporary folder whose database is a SQLite file, even with
    /// `SUIVI_TEST_PG` set: for tests about the file itself.
    pub fn empty_sqlite() -> Suivi {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("test.db");
        Suivi { dir, db, pg: None }
    }

    /// Who the audit log names for this test's commands: `$SUIVI_USER` on a
    /// file, the session user on PostgreSQL.
    pub fn author(&self) -> String {
        if !self.on_postgres() {
            return "tester".to_string();
        }
        self.store()
            .conn
            .query_row("SELECT session_user::text", (), |r| r.get::<String>(0))
            .expect("session user")
    }

    /// A plain client of the test's PostgreSQL database (none on SQLite).
    pub fn pg_client(&self) -> Option<postgres::Client> {
        let (base, name) = self.pg.as_ref()?;
        Some(
            postgres::Client::connect(&with_database(base, name), postgres::NoTls)
                .expect("connect to the test database"),
        )
    }

    /// Holds the database's write lock as a writer of suivi would (SQLite's
    /// `BEGIN IMMEDIATE`, PostgreSQL's writers' advisory lock) until
    /// [`Held::commit`]: suivi's writers wait for it.
    pub fn hold_writer(&self) -> Held {
        match self.pg_client() {
            Some(mut c) => {
                c.batch_execute(&format!(
                    "BEGIN; SELECT pg_advisory_xact_lock({});",
                    suivi::store::audit::PG_WRITERS_LOCK
                ))
                .expect("take the writers' lock");
                Held::Postgres(c)
            }
            None => {
                let c = rusqlite::Connection::open(&self.db).expect("open db");
                c.execute_batch("BEGIN IMMEDIATE")
                    .expect("take the write lock");
                Held::Sqlite(c)
            }
        }
    }

    /// The test runs on PostgreSQL (`SUIVI_TEST_PG` is set).
    pub fn on_postgres(&self) -> bool {
        self.pg.is_some()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
        c.current_dir(self.dir.path())
            .env("SUIVI_DB", &self.db)
            .env("SUIVI_USER", "tester")
            .env("LANG", "fr_FR.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .arg("--no-input");
        c
    }

    /// Declares a run of `suivi` with these arguments (see [`Test`]).
    pub fn cmd<'a>(&'a self, args: &[&str]) -> Test<'a> {
        Test {
            suivi: self,
            args: args.iter().map(OsString::from).collect(),
            env: demo_clock(args)
                .into_iter()
                .map(|(k, v)| (k, Some(v)))
                .collect(),
            stdin: None,
            status: 0,
            stdout: Expect::Default,
            stdout_lacks: Vec::new(),
            stderr: Expect::Default,
        }
    }

    /// Runs and checks nothing: for tests that judge the outcome themselves.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = self
            .command()
            .envs(demo_clock(args))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run suivi");
        to_run(out)
    }

    /// Runs and asserts success with an empty stderr; returns stdout.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        self.cmd(args).stdout_text()
    }

    /// Runs and asserts the exit code (and a non-empty stderr); returns stderr.
    /// Prefer `cmd(..).status(..).stderr_contains(..)`, which says what the error must say.
    #[track_caller]
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        self.cmd(args).status(code).run().stderr
    }

    /// Runs with `--format json`, asserts success, and parses stdout.
    #[track_caller]
    pub fn json(&self, args: &[&str]) -> Value {
        self.cmd(args).json()
    }

    /// `import observations FILE --skip-invalid --rejects rejets.csv` and
    /// `extra`, asserting success: its stdout and the rejects file's text.
    #[track_caller]
    pub fn import_skipping(&self, file: &Path, extra: &[&str]) -> (String, String) {
        let rejects = self.path("rejets.csv");
        let mut args = vec![
            "import",
            "observations",
            file.to_str().unwrap(),
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = self.ok(&args);
        (
            out,
            std::fs::read_to_string(&rejects).expect("rejects file"),
        )
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, content).expect("write file");
        p
    }

    /// The test's database through suivi's own store API (either store).
    pub fn store(&self) -> suivi::store::Db {
        suivi::store::Db::open_existing(&self.db).expect("open the test database")
    }

    /// Counts rows of a table, straight from the database, to prove what was written.
    pub fn count(&self, table: &str) -> i64 {
        self.sql_i64(&format!("SELECT count(*) FROM {table}"))
    }

    /// One integer from SQL run straight on the database (either store).
    pub fn sql_i64(&self, sql: &str) -> i64 {
        if let Some(mut c) = self.pg_client() {
            return c
                .query_one(sql, &[])
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
                .get(0);
        }
        let db = self.store();
        db.conn
            .query_row(sql, (), |r| r.get::<i64>(0))
            .unwrap_or_else(|e| panic!("{sql}: {e:#}"))
    }

    /// Runs SQL straight on the database (either store), to set up a case
    /// suivi itself would refuse to write.
    pub fn sql(&self, sql: &str) {
        if let Some(mut c) = self.pg_client() {
            c.batch_execute(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            return;
        }
        let db = self.store();
        db.conn
            .execute_batch(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e:#}"));
    }

    /// Adds house `code` (a dar taliba of association AS01) in `region`, on
    /// the database `db` names (a URL, as another login) or the test's own.
    pub fn add_house(&self, db: Option<&str>, code: &str, region: &str) {
        let mut args = Vec::new();
        if let Some(db) = db {
            args.extend(["--db", db]);
        }
        args.extend([
            "house",
            "add",
            code,
            "--name",
            "Dar Taliba",
            "--kind",
            "dar-taliba",
            "--region",
            region,
            "--capacity",
            "20",
            "--association",
            "AS01",
        ]);
        self.ok(&args);
    }

    /// Registers one association and two houses for tests to build on.
    pub fn with_houses(self) -> Suivi {
        self.ok(&["association", "add", "AS01", "--name", "Association Amal"]);
        self.ok(&[
            "house",
            "add",
            "DT01",
            "--name",
            "Dar Taliba Un",
            "--kind",
            "dar-taliba",
            "--region",
            "01",
            "--capacity",
            "100",
            "--association",
            "AS01",
        ]);
        self.ok(&[
            "house",
            "add",
            "DT02",
            "--name",
            "Dar Talib Deux",
            "--kind",
            "dar-talib",
            "--region",
            "Fès-Meknès",
            "--capacity",
            "10",
            "--association",
            "AS01",
        ]);
        self
    }
}

/// A write transaction held by the test (see [`Suivi::hold_writer`]).
pub enum Held {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
}

impl Held {
    /// Runs statements inside the held transaction.
    pub fn execute_batch(&mut self, sql: &str) {
        match self {
            Held::Sqlite(c) => c.execute_batch(sql).expect("write while holding"),
            Held::Postgres(c) => c.batch_execute(sql).expect("write while holding"),
        }
    }

    pub fn commit(self) {
        match self {
            Held::Sqlite(c) => c.execute_batch("COMMIT").expect("commit"),
            Held::Postgres(mut c) => c.batch_execute("COMMIT").expect("commit"),
        }
    }
}

impl Drop for Suivi {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.pg
            && let Ok(mut c) = postgres::Client::connect(base, postgres::NoTls)
        {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// The PostgreSQL server the tests run on, if any: `SUIVI_TEST_PG`, the URL of
/// a database on it whose user may create databases.
pub fn test_pg() -> Option<String> {
    std::env::var("SUIVI_TEST_PG")
        .ok()
        .filter(|v| !v.is_empty())
}

/// The server for a test that only means something on PostgreSQL, or `None`
/// (after one line) when none is given outside CI; under CI (`CI=true`, where
/// `.ci/run` starts a cluster) a missing server fails the test.
pub fn pg_server(test: &str) -> Option<String> {
    let url = test_pg();
    if url.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{test}: SUIVI_TEST_PG is not set under CI: .ci/run must start a PostgreSQL cluster"
        );
        eprintln!(
            "{test}: skipped (set SUIVI_TEST_PG to a PostgreSQL URL to run it, see the README)"
        );
    }
    url
}

/// Creates an empty database with a name no other test uses; returns the name.
pub fn fresh_pg_database(base: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = format!(
        "suivi_test_{}_{}_{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let mut c = postgres::Client::connect(base, postgres::NoTls)
        .unwrap_or_else(|e| panic!("SUIVI_TEST_PG={base}: cannot connect: {e}"));
    c.batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap_or_else(|e| panic!("SUIVI_TEST_PG={base}: cannot create a database: {e}"));
    name
}

/// The same URL, logged in as `user` (no password: the test server trusts its socket).
pub fn with_user(url: &str, user: &str) -> String {
    let scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let rest = &url[scheme..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let host = match rest[..authority_end].rfind('@') {
        Some(at) => &rest[at + 1..authority_end],
        None => &rest[..authority_end],
    };
    format!("{}{user}@{host}{}", &url[..scheme], &rest[authority_end..])
}

/// The URL of database `name` on the server of `base` (same user, host, options).
pub fn with_database(base: &str, name: &str) -> String {
    let scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let rest = &base[scheme..];
    let path_start = rest.find(['/', '?']).unwrap_or(rest.len());
    let after = &rest[path_start..];
    let query = after.find('?').map(|i| &after[i..]).unwrap_or("");
    format!("{}{}/{name}{query}", &base[..scheme], &rest[..path_start])
}

/// The day the demo is built in tests: 2026-07-01, 12:00 UTC. The demo's data
/// follow the day they are built (their last school year is the current one, up to
/// last month); on this day they are the files as written (2024-2025 and
/// 2025-2026, up to June 2026), so figures and snapshots stay stable.
pub const DEMO_NOW: &str = "1782907200";

/// `SUIVI_NOW` pinned for a `demo` run.
fn demo_clock(args: &[&str]) -> Vec<(String, String)> {
    if args.first() == Some(&"demo") {
        vec![("SUIVI_NOW".to_string(), DEMO_NOW.to_string())]
    } else {
        Vec::new()
    }
}

pub fn to_run(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

// ---------------------------------------------------------------------------
// Helpers for the trust tests (tests/cli/trust.rs): processes that run at the
// same time, SQLite checks straight on the file, file modes.

impl Suivi {
    /// Starts the binary without waiting for it; stdout and stderr are piped.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        self.command()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn suivi")
    }

    /// Runs as another author: `$SUIVI_USER` on SQLite; on PostgreSQL, where
    /// the author is the session user, logged in as a role of that name (made
    /// for the test, with the rights of the database's owner).
    pub fn run_as(&self, user: &str, args: &[&str]) -> Run {
        let mut c = self.command();
        if let Some((base, name)) = &self.pg {
            let mut admin = postgres::Client::connect(&with_database(base, name), postgres::NoTls)
                .expect("connect to the test database");
            // Roles belong to the server: another test may have made it already.
            let _ = admin.batch_execute(&format!("CREATE ROLE \"{user}\" LOGIN"));
            admin
                .batch_execute(&format!(
                    "GRANT ALL ON ALL TABLES IN SCHEMA public TO \"{user}\";
                     GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO \"{user}\";"
                ))
                .expect("grant the test role");
            c.env("SUIVI_DB", with_user(&with_database(base, name), user));
        }
        let out = c
            .env("SUIVI_USER", user)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run suivi");
        to_run(out)
    }

    /// The rollback journal SQLite keeps next to the database while a write is open.
    pub fn journal(&self) -> PathBuf {
        let mut name = self.db.as_os_str().to_owned();
        name.push("-journal");
        PathBuf::from(name)
    }
}

/// `PRAGMA integrity_check` of a database file ("ok" when sound); opening it also
/// rolls back what a killed writer left in a hot journal, as any SQLite reader does.
///
/// On PostgreSQL (a URL), where the server enforces keys and constraints: every
/// table of the schema reads whole ("ok").
pub fn integrity_check(db: &Path) -> String {
    if let Some(url) = pg_url(db) {
        // The server keeps its own constraints; what can still break is an
        // index: amcheck verifies every B-tree of the schema against its table.
        let mut c = suivi::store::pg_connect::connect(url).expect("connect");
        c.batch_execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            .expect("amcheck");
        let broken: Vec<String> = c
            .query(
                "SELECT c.relname::text FROM pg_index i
                   JOIN pg_class c ON c.oid = i.indexrelid
                   JOIN pg_namespace n ON n.oid = c.relnamespace
                   JOIN pg_am a ON a.oid = c.relam
                  WHERE n.nspname = current_schema() AND a.amname = 'btree'",
                &[],
            )
            .expect("indexes")
            .iter()
            .map(|r| r.get::<_, String>(0))
            .filter(|index| {
                c.execute(
                    "SELECT bt_index_parent_check($1::text::regclass, true)::text",
                    &[index],
                )
                .is_err()
            })
            .collect();
        return if broken.is_empty() {
            "ok".to_string()
        } else {
            format!("broken indexes: {}", broken.join(", "))
        };
    }
    let conn = rusqlite::Connection::open(db).expect("open db");
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .expect("integrity_check");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign_key_check");
    let mut out = rows.join("\n");
    if fk > 0 {
        out.push_str(&format!("\n{fk} foreign key violation(s)"));
    }
    out
}

/// The PostgreSQL URL a test's `db` holds, if it holds one.
pub fn pg_url(db: &Path) -> Option<&str> {
    db.to_str()
        .filter(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// Counts rows of a table in any database file (or the test's PostgreSQL database).
pub fn count_in(db: &Path, table: &str) -> i64 {
    if pg_url(db).is_some() {
        let store = suivi::store::Db::open_existing(db).expect("open db");
        return store
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), (), |r| {
                r.get::<i64>(0)
            })
            .expect("count");
    }
    let conn = rusqlite::Connection::open(db).expect("open db");
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

/// `PRAGMA user_version` of a database file: its schema version.
pub fn user_version(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open db");
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version")
}

/// Permission bits of a file (unix).
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

// ---------------------------------------------------------------------------
// The harness itself: each declaration can fail.

#[test]
#[should_panic(expected = "stderr is not empty on success")]
fn an_undeclared_stderr_on_success_fails() {
    let s = Suivi::new();
    let out = s.path("maisons.csv");
    s.cmd(&["export", "houses", "--out", out.to_str().unwrap()])
        .run();
}

#[test]
#[should_panic(expected = "exit code 3 (expected 0)")]
fn an_unexpected_exit_code_fails() {
    Suivi::new().cmd(&["house", "show", "DT99"]).run();
}

#[test]
#[should_panic(expected = "stderr lacks \"DT98\"")]
fn a_missing_needle_fails() {
    Suivi::new()
        .cmd(&["house", "show", "DT99"])
        .status(3)
        .stderr_contains("DT98")
        .run();
}

#[test]
#[should_panic(expected = "stdout is not \"\"")]
fn an_exact_stdout_is_exact() {
    Suivi::new()
        .cmd(&["house", "list", "--format", "csv"])
        .stdout("")
        .run();
}
