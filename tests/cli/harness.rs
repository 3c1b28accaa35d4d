//! A small helper that runs the real binary on a temporary database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub struct Suivi {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Suivi {
    /// A temporary folder with an initialised database.
    pub fn new() -> Suivi {
        let s = Suivi::empty();
        s.ok(&["init"]);
        s
    }

    /// A temporary folder with no database yet.
    pub fn empty() -> Suivi {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("test.db");
        Suivi { dir, db }
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

    pub fn run(&self, args: &[&str]) -> Run {
        let out = self
            .command()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run suivi");
        to_run(out)
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(
            r.code, 0,
            "suivi {args:?} failed with {}:\nstdout: {}\nstderr: {}",
            r.code, r.stdout, r.stderr
        );
        r.stdout
    }

    /// Runs and asserts the exit code; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let r = self.run(args);
        assert_eq!(
            r.code, code,
            "suivi {args:?} exited {} (expected {code}):\nstdout: {}\nstderr: {}",
            r.code, r.stdout, r.stderr
        );
        assert!(
            !r.stderr.contains("panicked") && !r.stderr.contains("RUST_BACKTRACE"),
            "panic: {}",
            r.stderr
        );
        r.stderr
    }

    /// Runs with `--format json` and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.extend(["--format", "json"]);
        let out = self.ok(&a);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON from {args:?}: {e}\n{out}"))
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, content).expect("write file");
        p
    }

    /// Counts rows of a table, straight from SQLite, to prove what was written.
    pub fn count(&self, table: &str) -> i64 {
        let conn = rusqlite::Connection::open(&self.db).expect("open db");
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("count")
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

    /// Runs as another author (`$SUIVI_USER`).
    pub fn run_as(&self, user: &str, args: &[&str]) -> Run {
        let out = self
            .command()
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
pub fn integrity_check(db: &Path) -> String {
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

/// Counts rows of a table in any database file.
pub fn count_in(db: &Path, table: &str) -> i64 {
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
