//! `suivi db copy`: a whole database from one store to the other (a SQLite
//! file to PostgreSQL and back), row ids included, with its audit log,
//! batches and locks, in one transaction of the target.

use anyhow::{Context, Result};
use serde_json::json;

use super::conn::{Any, Param};
use super::{Conn, Writer};

/// Every table, parents before children (foreign keys hold at each insert).
pub const TABLES: &[&str] = &[
    "region",
    "province",
    "association",
    "house",
    "indicator",
    "batch",
    "observation",
    "observation_previous",
    "target",
    "rule",
    "period_lock",
    "plan_template_axis",
    "plan",
    "plan_axis",
    "plan_stage",
    "action",
    "dimension",
    "assessment",
    "event",
    "audit",
];

/// The tables whose `id` PostgreSQL draws from a sequence.
const WITH_IDS: &[&str] = &[
    "region",
    "province",
    "association",
    "house",
    "indicator",
    "batch",
    "observation",
    "rule",
    "plan",
    "plan_axis",
    "action",
    "event",
    "audit",
];

/// The columns of a table, in order.
fn columns(conn: &Conn, table: &str) -> Result<Vec<String>> {
    conn.query_map(
        conn.pick(
            "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position",
        ),
        [table],
        |r| r.get(0),
    )
}

/// Copies every row of `source` into `target`, a database just created with
/// the same schema version and nothing in it. Returns the rows copied per table.
pub fn copy(source: &Conn, target: &Conn, author: &str, from: &str) -> Result<Vec<(String, i64)>> {
    let w = Writer::begin(target, author)?;
    // One snapshot of the source for every table, even while others write to it.
    source
        .execute_batch(source.pick("BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))?;
    let copied = copy_rows(source, target);
    // The source was only read: ending its transaction either way is the same.
    source.execute_batch("COMMIT")?;
    let copied = copied?;
    if target.is_postgres() {
        // New rows get ids past the copied ones.
        for table in WITH_IDS {
            target.query_row(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                                   coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                ),
                (),
                |r| r.get::<i64>(0),
            )?;
        }
    }
    let counts: serde_json::Map<String, serde_json::Value> =
        copied.iter().map(|(t, n)| (t.clone(), json!(n))).collect();
    w.log(
        "copy",
        "database",
        "",
        None,
        None,
        Some(&json!({"from": from, "rows": counts})),
    )?;
    w.commit()?;
    Ok(copied)
}

/// Every row of every table, in the order of [`TABLES`].
fn copy_rows(source: &Conn, target: &Conn) -> Result<Vec<(String, i64)>> {
    let mut copied = Vec::new();
    for table in TABLES {
        let cols = columns(target, table)?;
        let list = cols
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let marks = (1..=cols.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let insert = format!("INSERT INTO {table} ({list}) VALUES ({marks})");
        let mut n = 0i64;
        source
            .query_each(&format!("SELECT {list} FROM {table}"), (), |r| {
                let values = (0..cols.len())
                    .map(|i| r.get::<Any>(i))
                    .collect::<Result<Vec<_>>>()?;
                let params: Vec<&dyn Param> = values.iter().map(|v| v as &dyn Param).collect();
                target.execute(&insert, params.as_slice())?;
                n += 1;
                Ok(())
            })
            .with_context(|| {
                crate::messages::Msg::CannotCopyTable {
                    table: table.to_string(),
                }
                .to_string()
            })?;
        copied.push((table.to_string(), n));
    }
    Ok(copied)
}

/// Removes the schema `Db::create` made in a PostgreSQL database, after a copy
/// into it failed, so that the copy can be tried again.
pub fn discard(target: &Conn) -> Result<()> {
    let mut sql: String = TABLES
        .iter()
        .rev()
        .chain(["suivi_schema"].iter())
        .map(|t| format!("DROP TABLE IF EXISTS {t} CASCADE;"))
        .collect();
    // The functions of the schema's triggers (migrations/pg/004).
    sql.push_str(
        "DROP FUNCTION IF EXISTS suivi_observation_references(), \
         suivi_observation_changed_references(), suivi_observed_rows_stay(), suivi_id_stays();",
    );
    target.execute_batch(&sql)
}
