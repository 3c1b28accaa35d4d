//! `suivi import undo BATCH`: restores exactly the state before a batch, or
//! refuses (with why) when something changed the same values since.

use anyhow::Result;
use serde_json::{Value, json};

use crate::cli::UndoArgs;
use crate::context::Ctx;
use crate::domain::period::Period;
use crate::error::rejected_with;
use crate::store::import::{self as batches};
use crate::store::{Writer, association, house, indicator, lock, plan, target};
use crate::{prompt, reject};

pub fn run(ctx: &Ctx, a: &UndoArgs) -> Result<()> {
    let mut db = ctx.open()?;
    let Some(batch) = batches::batch(&db.conn, a.batch)? else {
        reject!(
            "there is no import batch {}; see `suivi import history`",
            a.batch
        );
    };
    if let Some(at) = &batch.undone {
        reject!("batch {} was already undone on {at}", a.batch);
    }
    // Checked once before asking, and again inside the write transaction:
    // what changed while the person answered, or while this command waited
    // for another writer, counts too.
    check(&db.conn, a)?;
    if !prompt::confirm(
        ctx,
        a.yes,
        &format!(
            "Undo batch {} ({} {}: {} inserted, {} updated)?",
            batch.id, batch.kind, batch.file, batch.inserted, batch.updated
        ),
    )? {
        println!("Nothing undone");
        return Ok(());
    }
    let mut w = db.writer(&ctx.author)?;
    super::apply_reason(&mut w, &a.force)?;
    let changes = check(&w.tx, a)?;
    let (restored, removed) = batches::undo_observations(&w, a.batch)?;
    let mut others = 0;
    for (entity, key, before, _) in &changes {
        let before: Option<Value> = before.as_deref().and_then(|s| serde_json::from_str(s).ok());
        restore(&w, entity, key, before).map_err(|e| {
            crate::error::rejected(format!(
                "batch {} cannot be undone: restoring {entity} {key} failed ({e}); other data now refer to it",
                a.batch
            ))
        })?;
        others += 1;
    }
    batches::mark_undone(
        &w,
        a.batch,
        json!({"observations_restored": restored, "observations_removed": removed, "records_restored": others}),
    )?;
    w.commit()?;
    println!(
        "Undid batch {}: {removed} value(s) removed, {restored} put back to their previous value, {others} record(s) restored",
        a.batch
    );
    Ok(())
}

/// Refuses an undo that would overwrite later changes (unless forced) or write
/// into a locked period (unless forced with a reason); returns the audited
/// changes to put back.
fn check(conn: &rusqlite::Connection, a: &UndoArgs) -> Result<Vec<batches::AuditedChange>> {
    let changes = batches::audited_changes(conn, a.batch)?;
    let mut conflicts = batches::observation_conflicts(conn, a.batch)?;
    for (entity, key, _, after) in &changes {
        let after: Option<Value> = after.as_deref().and_then(|s| serde_json::from_str(s).ok());
        if current(conn, entity, key)? != after {
            conflicts.push(format!("{entity} {key}"));
        }
    }
    if !conflicts.is_empty() && !a.force.force {
        let mut details: Vec<String> = conflicts
            .iter()
            .take(20)
            .map(|c| format!("changed since: {c}"))
            .collect();
        if conflicts.len() > 20 {
            details.push(format!("... and {} more", conflicts.len() - 20));
        }
        details.push(
            "undo anyway with --force --reason \"why\": the batch's own values are put back as they were before it"
                .into(),
        );
        return Err(rejected_with(
            format!(
                "batch {} cannot be undone: {} value(s) were changed after it",
                a.batch,
                conflicts.len()
            ),
            details,
        ));
    }
    let locks = lock::list(conn)?;
    for p in batches::observation_periods(conn, a.batch)? {
        if let Ok(period) = Period::parse(&p) {
            super::guard_locks(&locks, &period, &a.force)?;
        }
    }
    Ok(changes)
}

/// The current state of an audited record, in the shape the log keeps.
fn current(conn: &rusqlite::Connection, entity: &str, key: &str) -> Result<Option<Value>> {
    Ok(match entity {
        "house" => house::get(conn, key)?.map(|h| json!(h)),
        "association" => association::get(conn, key)?.map(|a| json!(a)),
        "target" => {
            let (h, i) = key.split_once('/').unwrap_or((key, ""));
            let ids = ids(conn, h, i)?;
            match ids {
                Some((hid, iid)) => target::get(conn, hid, iid)?.map(|t| json!(t)),
                None => None,
            }
        }
        "action" => match key.parse::<i64>() {
            Ok(id) => plan::action(conn, id)?.map(|a| json!(a)),
            Err(_) => None,
        },
        "assessment" => assessment(conn, key)?.map(|a| json!({"score": a.score})),
        _ => None,
    })
}

fn ids(
    conn: &rusqlite::Connection,
    house_code: &str,
    indicator_code: &str,
) -> Result<Option<(i64, i64)>> {
    let Some(hid) = house::id(conn, house_code)? else {
        return Ok(None);
    };
    let cat = indicator::catalogue(conn)?;
    Ok(cat.by_code(indicator_code).map(|i| (hid, i.id)))
}

fn assessment(conn: &rusqlite::Connection, key: &str) -> Result<Option<plan::Assessment>> {
    let parts: Vec<&str> = key.splitn(3, '/').collect();
    let [h, p, d] = parts[..] else {
        return Ok(None);
    };
    let Some(hid) = house::id(conn, h)? else {
        return Ok(None);
    };
    Ok(plan::assessments(conn, Some(hid))?
        .into_iter()
        .find(|a| a.period == p && a.dimension == d))
}

/// Puts one audited record back to `before` (None: it did not exist).
fn restore(w: &Writer, entity: &str, key: &str, before: Option<Value>) -> Result<()> {
    match entity {
        "house" => {
            let now = house::get(&w.tx, key)?;
            match (now, before) {
                (Some(n), None) => house::delete(w, &n)?,
                (Some(n), Some(b)) => house::update(w, &n, &serde_json::from_value(b)?)?,
                (None, Some(b)) => house::insert(w, &serde_json::from_value(b)?)?,
                (None, None) => {}
            }
        }
        "association" => {
            let now = association::get(&w.tx, key)?;
            match (now, before) {
                (Some(n), None) => association::delete(w, &n)?,
                (Some(n), Some(b)) => association::update(w, &n, &serde_json::from_value(b)?)?,
                (None, Some(b)) => association::insert(w, &serde_json::from_value(b)?)?,
                (None, None) => {}
            }
        }
        "target" => {
            let (h, i) = key.split_once('/').unwrap_or((key, ""));
            if let Some((hid, iid)) = ids(&w.tx, h, i)? {
                match (target::get(&w.tx, hid, iid)?, before) {
                    (Some(n), None) => target::delete(w, hid, iid, &n)?,
                    (_, Some(b)) => {
                        target::set(w, hid, iid, &serde_json::from_value(b)?)?;
                    }
                    (None, None) => {}
                }
            }
        }
        "action" => {
            let Ok(id) = key.parse::<i64>() else {
                return Ok(());
            };
            let now = plan::action(&w.tx, id)?;
            match (now, before) {
                (Some(n), None) => plan::delete_action(w, &n)?,
                (Some(n), Some(b)) => {
                    let b: plan::Action = serde_json::from_value(b)?;
                    let axes = plan::axes(&w.tx, n.plan_id)?;
                    let axis = axes
                        .iter()
                        .find(|x| x.code == b.axis)
                        .map(|x| x.id)
                        .unwrap_or(0);
                    let b = plan::Action {
                        plan_id: n.plan_id,
                        ..b
                    };
                    plan::update_action(w, axis, &n, &b)?;
                }
                _ => {}
            }
        }
        "assessment" => {
            let now = assessment(&w.tx, key)?;
            let h = key.split('/').next().unwrap_or_default();
            let Some(hid) = house::id(&w.tx, h)? else {
                return Ok(());
            };
            match (
                now,
                before.and_then(|b| b.get("score").and_then(Value::as_f64)),
            ) {
                (Some(n), None) => plan::delete_assessment(w, hid, &n)?,
                (Some(n), Some(score)) => {
                    plan::assess(w, hid, &plan::Assessment { score, ..n })?;
                }
                _ => {}
            }
        }
        _ => {}
    }
    Ok(())
}
