//! `suivi period lock|unlock|list`.

use anyhow::Result;

use super::parse_period;
use crate::cli::PeriodCmd;
use crate::context::Ctx;
use crate::output::{self, Listing};
use crate::store::lock;

pub fn run(ctx: &Ctx, cmd: PeriodCmd) -> Result<()> {
    match cmd {
        PeriodCmd::List => {
            let format = ctx.listing_format()?;
            let db = ctx.open()?;
            let locks = lock::list(&db.conn)?;
            output::print_listing(
                format,
                &Listing::of(&locks, &["period", "reason", "at", "by"])?
                    .keyed(&["period", "reason"]),
            )
        }
        PeriodCmd::Lock { period, reason } => output::line(&lock_period(ctx, &period, &reason)?),
        PeriodCmd::Unlock { period, reason } => {
            output::line(&unlock_period(ctx, &period, &reason)?)
        }
    }
}

/// Locks a period; returns what was done.
fn lock_period(ctx: &Ctx, period: &str, reason: &str) -> Result<String> {
    let mut db = ctx.open()?;
    let p = parse_period(period, "period")?;
    if reason.trim().is_empty() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::ReasonEmptyLock,
        ));
    }
    let locks = lock::list(&db.conn)?;
    if let Some(l) = locks.iter().find(|l| l.period == p.canonical()) {
        return Err(crate::messages::rejected(
            crate::messages::Msg::AlreadyLocked {
                period: l.period.clone(),
                at: l.at.get(..10).unwrap_or(&l.at).to_string(),
                by: l.by.clone(),
            },
        ));
    }
    let mut w = db.writer(&ctx.author)?;
    w.reason = Some(reason.trim().to_string());
    lock::lock(&w, &p, reason.trim())?;
    w.commit()?;
    Ok(crate::messages::Msg::Locked {
        period: p.canonical(),
    }
    .to_string())
}

/// Unlocks a period; returns what was done.
fn unlock_period(ctx: &Ctx, period: &str, reason: &str) -> Result<String> {
    let mut db = ctx.open()?;
    let p = parse_period(period, "period")?;
    if reason.trim().is_empty() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::ReasonEmptyUnlock,
        ));
    }
    let locks = lock::list(&db.conn)?;
    let Some(l) = locks.iter().find(|l| l.period == p.canonical()) else {
        return Err(crate::messages::rejected(crate::messages::Msg::NotLocked {
            period: p.canonical(),
        }));
    };
    let mut w = db.writer(&ctx.author)?;
    w.reason = Some(reason.trim().to_string());
    lock::unlock(&w, l, reason.trim())?;
    w.commit()?;
    Ok(crate::messages::Msg::Unlocked {
        period: p.canonical(),
    }
    .to_string())
}
