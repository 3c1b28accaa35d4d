//! The PostgreSQL store: connecting, creating the schema in an empty
//! database, and migrations versioned with SQLite's (one `SCHEMA_VERSION`;
//! PostgreSQL keeps it in the one-row table `suivi_schema`).

use std::path::PathBuf;

use anyhow::{Context, Result};

use super::conn::{Conn, Pg};
use super::{Db, SCHEMA_VERSION, Writer, seed};
use crate::messages::Msg;

/// The PostgreSQL twins of `MIGRATIONS`, one for one.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/pg/001_initial.sql"),
    include_str!("migrations/pg/002_batch_observation_range.sql"),
    include_str!("migrations/pg/003_provinces_indicator_kinds.sql"),
    include_str!("migrations/pg/004_observation_references_per_statement.sql"),
    include_str!("migrations/pg/005_audit_region.sql"),
];

/// Connects to the server a `postgres://` URL names.
pub fn connect(url: &str) -> Result<postgres::Client> {
    super::pg_connect::connect(url)
}

fn open(url: &str) -> Result<Db> {
    let client = connect(url)?;
    let conn = Conn::Postgres(Pg::new(client));
    // Messages of the server (notices) stay out of the user's terminal; the
    // session speaks UTC like SQLite's `now`.
    conn.execute_batch("SET client_min_messages = warning")?;
    Ok(Db {
        conn,
        path: PathBuf::from(super::pg_connect::redact(url)),
        building: None,
    })
}

/// The schema version the database holds; `None` when it holds no suivi schema.
fn version(conn: &Conn) -> Result<Option<i64>> {
    let exists: bool =
        conn.query_row("SELECT to_regclass('suivi_schema') IS NOT NULL", (), |r| {
            r.get(0)
        })?;
    if !exists {
        return Ok(None);
    }
    conn.query_opt("SELECT version FROM suivi_schema", (), |r| r.get(0))
}

/// Opens an existing suivi database on a server, upgrading an older schema.
pub fn open_existing(url: &str) -> Result<Db> {
    let db = open(url)?;
    let shown = super::pg_connect::redact(url);
    match version(&db.conn)? {
        None => Err(crate::error::usage(
            Msg::PgNoSchema { url: shown }.to_string(),
        )),
        Some(v) if v > SCHEMA_VERSION => Err(anyhow::anyhow!(
            Msg::SchemaTooNew {
                path: shown,
                found: v,
                known: SCHEMA_VERSION,
            }
            .to_string()
        )),
        Some(v) if v < SCHEMA_VERSION => {
            migrate(&db.conn, v)?;
            Ok(db)
        }
        Some(_) => Ok(db),
    }
}

/// Creates the schema in an existing database that holds no suivi schema yet.
pub fn create(url: &str) -> Result<Db> {
    let db = open(url)?;
    if version(&db.conn)?.is_some() || has_table(&db.conn, "house")? {
        return Err(crate::error::usage(
            Msg::PgSchemaExists {
                url: super::pg_connect::redact(url),
            }
            .to_string(),
        ));
    }
    migrate(&db.conn, 0)?;
    Ok(db)
}

fn has_table(conn: &Conn, name: &str) -> Result<bool> {
    conn.query_row("SELECT to_regclass(?1) IS NOT NULL", [name], |r| r.get(0))
}

/// Applies the migrations after `from` in one transaction (a concurrent
/// upgrade waits for the writers' lock, then finds nothing left to do).
fn migrate(conn: &Conn, from: i64) -> Result<()> {
    let w = Writer::begin(conn, "suivi")?;
    let now = version(conn)?.unwrap_or(0);
    if now != from {
        // Another process upgraded or created it meanwhile.
        return w.commit();
    }
    if from == 0 {
        conn.execute_batch("CREATE TABLE suivi_schema (version BIGINT NOT NULL)")?;
        conn.execute("INSERT INTO suivi_schema (version) VALUES (0)", ())?;
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        conn.execute_batch(sql)
            .with_context(|| Msg::MigrationFailed { step: i + 1 }.to_string())?;
    }
    if from > 0 {
        seed::upgrade(conn, from).with_context(|| Msg::CannotSeedUpgrade.to_string())?;
    }
    conn.execute("UPDATE suivi_schema SET version = ?1", [SCHEMA_VERSION])?;
    w.commit()
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_stores_have_every_migration() {
        assert_eq!(super::MIGRATIONS.len() as i64, super::SCHEMA_VERSION);
    }
}
