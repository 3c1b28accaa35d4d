//! The database: a SQLite file (the embedded default) or a PostgreSQL
//! database (`--db postgres://…`), opened with the right settings, schema
//! migrations for both, and the modules by table group. This is the only place
//! SQL is written; `conn` is the one API over the two stores.

pub mod association;
pub mod audit;
pub mod conn;
pub mod copy;
pub mod house;
pub mod import;
pub mod indicator;
pub mod lock;
pub mod observation;
pub mod pg;
pub mod pg_connect;
pub mod pg_roles;
pub mod plan;
pub mod region;
pub mod rule;
pub mod seed;
pub mod target;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::Connection;

use crate::messages::Msg;

pub use audit::Writer;
pub use conn::{Conn, OptionalExtension, Row};

/// Migrations in order; the database's `PRAGMA user_version` is how many were applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_batch_observation_range.sql"),
    include_str!("migrations/003_provinces_indicator_kinds.sql"),
    include_str!("migrations/004_observation_references_per_statement.sql"),
    include_str!("migrations/005_audit_region.sql"),
];

/// The schema version this binary writes (the same on both stores: the
/// PostgreSQL migrations in `pg` mirror these one for one).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a writer waits for another one to finish before it is told to try
/// again: SQLite's busy timeout, PostgreSQL's lock timeout for the writers' lock.
pub const WRITER_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

pub struct Db {
    pub conn: Conn,
    /// The file, or the PostgreSQL URL without its password.
    pub path: PathBuf,
    /// A new file still being built ([`Db::create`] until [`Db::finished`]):
    /// removed with its journal if the process is interrupted meanwhile.
    building: Option<crate::fsout::BuiltInPlace>,
}

/// The PostgreSQL URL a `--db` value names, if it names one.
pub fn pg_url(path: &Path) -> Option<&str> {
    path.to_str().filter(|s| pg_connect::is_url(s))
}

/// The database as it may be printed: a file's path, or a URL without its password.
pub fn shown(path: &Path) -> String {
    match pg_url(path) {
        Some(url) => pg_connect::redact(url),
        None => path.display().to_string(),
    }
}

impl Db {
    /// Opens an existing database, upgrading an older schema after a backup.
    /// A missing file is refused: only `init` and `demo` create databases.
    pub fn open_existing(path: &Path) -> Result<Db> {
        if let Some(url) = pg_url(path) {
            return pg::open_existing(url);
        }
        if !path.exists() {
            return Err(crate::error::usage(
                Msg::NoDatabase {
                    path: path.display().to_string(),
                }
                .to_string(),
            ));
        }
        crate::fsout::protect(path, crate::fsout::Role::Database);
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| {
            Msg::CannotOpenDb {
                path: path.display().to_string(),
            }
            .to_string()
        })?;
        let mut db = Db {
            conn: Conn::Sqlite(conn),
            path: path.to_path_buf(),
            building: None,
        };
        db.configure()?;
        let version = db.user_version()?;
        if version == 0 {
            bail!(
                "{}",
                crate::messages::Msg::NotASuiviDb {
                    path: path.display().to_string()
                }
            );
        }
        db.migrate(version)?;
        Ok(db)
    }

    /// Creates a new database file (readable by its owner only) with the
    /// current schema. Refuses to overwrite an existing file.
    pub fn create(path: &Path) -> Result<Db> {
        if let Some(url) = pg_url(path) {
            return pg::create(url);
        }
        if path.exists() {
            return Err(crate::error::usage(
                Msg::DbExists {
                    path: path.display().to_string(),
                }
                .to_string(),
            ));
        }
        crate::fsout::protect(path, crate::fsout::Role::Database);
        // Known to the interrupt handler before it exists (it did not a moment
        // ago): an interrupt removes it until the caller says it is complete.
        let building = crate::fsout::remove_if_interrupted(path);
        create_private_file(path)?;
        // From here the file is this call's: a failure (a full disk) removes
        // it and its journal, so that nothing blocks a retry.
        let mut db =
            Db::set_up_new(path).inspect_err(|_| crate::fsout::remove_with_journal(path))?;
        db.building = Some(building);
        Ok(db)
    }

    /// A new file made by [`Db::create`] is complete: an interrupt from now
    /// on leaves it.
    pub fn finished(&mut self) {
        self.building = None;
    }

    /// The schema in the new, empty file `path`.
    fn set_up_new(path: &Path) -> Result<Db> {
        let conn = Connection::open(path).with_context(|| {
            Msg::CannotCreateDb {
                path: path.display().to_string(),
            }
            .to_string()
        })?;
        let mut db = Db {
            conn: Conn::Sqlite(conn),
            path: path.to_path_buf(),
            building: None,
        };
        db.configure()?;
        // 8 KiB pages (SQLite's default is 4 KiB): shallower trees and half the
        // page splits and writes when importing millions of observations, a
        // little faster scans for reports (bench/RESULTS.md). Only a new file
        // can take it; older databases keep their page size.
        db.conn
            .execute_batch("PRAGMA page_size = 8192;")
            .with_context(|| {
                Msg::CannotSetUp {
                    path: path.display().to_string(),
                }
                .to_string()
            })?;
        db.migrate(0)?;
        Ok(db)
    }

    fn sqlite(&self) -> &Connection {
        self.conn
            .sqlite()
            .expect("only SQLite databases are configured here")
    }

    fn configure(&self) -> Result<()> {
        self.sqlite()
            .busy_timeout(WRITER_WAIT)
            .with_context(|| Msg::CannotSetBusyTimeout.to_string())?;
        self.conn
            .execute_batch("PRAGMA foreign_keys = ON;")
            .with_context(|| {
                Msg::CannotReadDb {
                    path: self.path.display().to_string(),
                }
                .to_string()
            })?;
        // Plans that do not depend on bound values: without this SQLite
        // prepares some statements again whenever a parameter changes (an
        // import reading stored values by house and indicator did so for
        // every read, a third of its time).
        self.sqlite()
            .set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
                true,
            )
            .with_context(|| {
                Msg::CannotConfigureDb {
                    path: self.path.display().to_string(),
                }
                .to_string()
            })?;
        Ok(())
    }

    fn user_version(&self) -> Result<i64> {
        self.sqlite()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .with_context(|| {
                crate::messages::Msg::NotASqliteDb {
                    path: self.path.display().to_string(),
                }
                .to_string()
            })
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        if from > SCHEMA_VERSION {
            bail!(
                "{}",
                crate::messages::Msg::SchemaTooNew {
                    path: self.path.display().to_string(),
                    found: from,
                    known: SCHEMA_VERSION,
                }
            );
        }
        if from == SCHEMA_VERSION {
            return Ok(());
        }
        if from > 0 {
            let copy = backup_name(&self.path, from);
            self.backup_to(&copy).with_context(|| {
                Msg::CannotBackUpBeforeUpgrade {
                    path: self.path.display().to_string(),
                }
                .to_string()
            })?;
            crate::output::warn(
                &Msg::Upgrading {
                    path: self.path.display().to_string(),
                    from,
                    to: SCHEMA_VERSION,
                    copy: copy.display().to_string(),
                }
                .to_string(),
            )?;
        }
        let w = Writer::begin(&self.conn, "suivi")?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            w.tx.execute_batch(sql)
                .with_context(|| Msg::MigrationFailed { step: i + 1 }.to_string())?;
        }
        if from > 0 {
            // Reference data that came with the new schema (a new database
            // gets it from `seed::reference_data`).
            seed::upgrade(&w.tx, from).with_context(|| Msg::CannotSeedUpgrade.to_string())?;
        }
        self.sqlite()
            .pragma_update(None, "user_version", SCHEMA_VERSION)?;
        w.commit()?;
        Ok(())
    }

    /// Copies the database with SQLite's online backup: consistent even while
    /// another process writes to it.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let Some(sqlite) = self.conn.sqlite() else {
            return Err(crate::error::usage(Msg::PgNoBackup.to_string()));
        };
        if dest.exists() {
            return Err(crate::error::usage(
                Msg::BackupExists {
                    path: dest.display().to_string(),
                }
                .to_string(),
            ));
        }
        // Written beside the target and linked to its name once complete: a
        // failed backup (full disk) leaves no file that would block a retry.
        crate::fsout::create_new_with(dest, |tmp| {
            let mut out = Connection::open(tmp).map_err(|e| {
                crate::messages::err(Msg::CannotCreateWhy {
                    path: dest.display().to_string(),
                    why: sqlite_sentence(&e),
                })
            })?;
            let backup = rusqlite::backup::Backup::new(sqlite, &mut out).map_err(|e| {
                crate::messages::err(Msg::CannotBackUpTo {
                    path: dest.display().to_string(),
                    why: sqlite_sentence(&e),
                })
            })?;
            backup
                .run_to_completion(256, std::time::Duration::from_millis(20), None)
                .map_err(|e| {
                    crate::messages::err(Msg::BackupFailed {
                        path: dest.display().to_string(),
                        why: sqlite_sentence(&e),
                    })
                })?;
            drop(backup);
            out.close().map_err(|(_, e)| {
                crate::messages::err(Msg::BackupFailed {
                    path: dest.display().to_string(),
                    why: sqlite_sentence(&e),
                })
            })?;
            Ok(())
        })
    }

    /// Starts the one write transaction of a command (see `audit::Writer`).
    pub fn writer(&mut self, author: &str) -> Result<Writer<'_>> {
        Writer::begin(&self.conn, author)
    }
}

/// Today's date where the machine is (SQLite reads the system's time zone;
/// PostgreSQL the session's), falling back to the UTC date.
pub fn local_today(conn: &Conn) -> crate::domain::date::Date {
    conn.query_row(
        conn.pick(
            "SELECT date('now', 'localtime')",
            "SELECT to_char(current_date, 'YYYY-MM-DD')",
        ),
        (),
        |r| r.get::<String>(0),
    )
    .ok()
    .and_then(|d| crate::domain::date::Date::parse(&d).ok())
    .unwrap_or_else(crate::domain::date::Date::today)
}

fn backup_name(path: &Path, version: i64) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    name.push(format!(".schema{version}-{stamp}.bak"));
    PathBuf::from(name)
}

/// Creates an empty file with mode 0600: the database holds data about minors'
/// houses and is nobody else's to read.
fn create_private_file(path: &Path) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).with_context(|| {
        Msg::CannotCreate {
            path: path.display().to_string(),
        }
        .to_string()
    })?;
    Ok(())
}

/// What went wrong with either store, in words for a person, when this cause
/// is a database error.
pub fn db_sentence(cause: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(e) = cause.downcast_ref::<rusqlite::Error>() {
        return Some(sqlite_sentence(e));
    }
    cause.downcast_ref::<postgres::Error>().map(pg_sentence)
}

/// What went wrong on the PostgreSQL server, in one sentence: never the
/// server's own text.
pub fn pg_sentence(e: &postgres::Error) -> String {
    use postgres::error::SqlState as S;
    let m = match e.code() {
        Some(c) if *c == S::INSUFFICIENT_PRIVILEGE => Msg::PgPermissionDenied,
        Some(c)
            if *c == S::T_R_SERIALIZATION_FAILURE
                || *c == S::T_R_DEADLOCK_DETECTED
                || *c == S::LOCK_NOT_AVAILABLE =>
        {
            Msg::PgTryAgain
        }
        Some(c) if *c == S::INVALID_PASSWORD || *c == S::INVALID_AUTHORIZATION_SPECIFICATION => {
            Msg::PgAuthFailed
        }
        Some(c) if c.code().starts_with("23") => Msg::PgConstraint,
        Some(c) if c.code().starts_with("08") || *c == S::CANNOT_CONNECT_NOW => {
            Msg::PgConnectionRefused
        }
        Some(c) => {
            return format!("{} (SQLSTATE {})", Msg::PgUnexpected, c.code());
        }
        None if e.is_closed() => Msg::PgConnectionRefused,
        None => {
            let io = std::error::Error::source(e)
                .and_then(|s| s.downcast_ref::<std::io::Error>())
                .is_some();
            if io {
                Msg::PgConnectionRefused
            } else {
                Msg::PgUnexpected
            }
        }
    };
    m.to_string()
}

/// What went wrong with the database, in words for a person: never SQLite's own
/// text or error code.
pub fn sqlite_sentence(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let code = match e {
        rusqlite::Error::SqliteFailure(f, _) => Some(f.code),
        _ => None,
    };
    let m = match code {
        Some(C::ReadOnly) => Msg::DbReadOnly,
        Some(C::DiskFull) => Msg::DbDiskFull,
        Some(C::DatabaseCorrupt) => Msg::DbCorrupt,
        Some(C::NotADatabase) => Msg::DbNotADatabase,
        Some(C::DatabaseBusy | C::DatabaseLocked) => Msg::DbBusy,
        Some(C::CannotOpen) => Msg::DbCannotOpen,
        Some(C::PermissionDenied) => Msg::DbPermissionDenied,
        Some(C::SystemIoFailure) => Msg::DbIoFailure,
        Some(C::TooBig) => Msg::DbTooBig,
        Some(C::ConstraintViolation) => Msg::DbConstraint,
        Some(C::OutOfMemory) => Msg::DbOutOfMemory,
        Some(C::FileLockingProtocolFailed) => Msg::DbNoLocking,
        _ => Msg::DbUnexpected,
    };
    m.to_string()
}
