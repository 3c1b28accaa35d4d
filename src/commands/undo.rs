//! `suivi import undo BATCH`: restores exactly the state before a batch, or
//! refuses (with why) when something changed the same values since. What to
//! put back and how is the store's (`store::import::undo`).

use anyhow::Result;

use crate::cli::UndoArgs;
use crate::context::Ctx;
use crate::domain::period::Period;
use crate::error::rejected_with;
use crate::store::import::{self as batches, AuditedChange};
use crate::store::lock;
use crate::{output, prompt};

pub fn run(ctx: &Ctx, a: &UndoArgs) -> Result<()> {
    let mut db = ctx.open()?;
    let Some(batch) = batches::batch(&db.conn, a.batch)? else {
        return Err(crate::messages::rejected(
            crate::messages::Msg::NoSuchBatch { batch: a.batch },
        ));
    };
    if let Some(at) = &batch.undone {
        return Err(crate::messages::rejected(
            crate::messages::Msg::BatchAlreadyUndone {
                batch: a.batch,
                at: at.get(..10).unwrap_or(at).to_string(),
            },
        ));
    }
    // Checked once before asking, and again inside the write transaction:
    // what changed while the person answered, or while this command waited
    // for another writer, counts too.
    check(&db.conn, a)?;
    if !prompt::confirm(
        ctx,
        a.yes,
        &crate::messages::Msg::AskUndoBatch {
            batch: batch.id,
            kind: batch.kind.clone(),
            file: batch.file.clone(),
            inserted: batch.inserted,
            updated: batch.updated,
        }
        .to_string(),
    )? {
        return output::write_text(None, &format!("{}\n", crate::messages::Msg::NothingUndone));
    }
    let mut w = db.writer(&ctx.author)?;
    super::apply_reason(&mut w, &a.force)?;
    let changes = check(&w.tx, a)?;
    let done = batches::undo(&w, a.batch, &changes)?;
    w.commit()?;
    output::write_text(None, &output::undo_text(a.batch, &done))
}

/// Refuses an undo that would overwrite later changes (unless forced) or write
/// into a locked period (unless forced with a reason); returns the audited
/// changes to put back.
fn check(conn: &crate::store::Conn, a: &UndoArgs) -> Result<Vec<AuditedChange>> {
    let changes = batches::audited_changes(conn, a.batch)?;
    let conflicts = batches::undo_conflicts(conn, a.batch, &changes)?;
    if !conflicts.is_empty() && !a.force.force {
        use crate::messages::Msg;
        let mut details: Vec<String> = conflicts
            .iter()
            .take(20)
            .map(|c| {
                Msg::ChangedSince {
                    what: c.to_string(),
                }
                .to_string()
            })
            .collect();
        if conflicts.len() > 20 {
            details.push(
                Msg::MoreChanged {
                    n: conflicts.len() - 20,
                }
                .to_string(),
            );
        }
        details.push(Msg::UndoAnywayHint.to_string());
        return Err(rejected_with(
            crate::messages::Msg::BatchChangedAfter {
                batch: a.batch,
                n: conflicts.len(),
            }
            .to_string(),
            details,
        ));
    }
    let locks = lock::list(conn)?;
    for p in batches::observation_periods(conn, a.batch)? {
        let period = Period::parse(&p).map_err(|e| {
            crate::messages::err(crate::messages::Msg::BatchBadPeriod {
                batch: a.batch,
                period: p.to_string(),
                why: e.to_string(),
            })
        })?;
        super::guard_locks(&locks, &period, &a.force)?;
    }
    Ok(changes)
}
