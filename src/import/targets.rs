//! Targets files: one target per house and indicator.

use super::{Change, Context, Effect, RowError, Tally};
use crate::domain::target::{self as rules, TargetInput};
use crate::messages::Msg;
use crate::output;
use crate::sheet::read::Row;
use crate::store::{Writer, target};

pub(super) fn row(cx: &mut Context, w: &Writer, row: &Row) -> Result<Tally, RowError> {
    let (house_id, house) = cx.house_id(row, "house")?;
    let Some(name) = cx.cell(row, "indicator") else {
        return Err(RowError::at("indicator", Msg::IndicatorEmpty));
    };
    let ind = cx.indicator(&name)?;
    cx.once(
        format!("{house_id}/{}", ind.id),
        row.line(),
        "indicator",
        || Msg::TargetNamed {
            house: house.clone(),
            indicator: ind.code.clone(),
        },
    )?;
    let input = TargetInput {
        baseline: cx.cell(row, "baseline"),
        baseline_period: cx.cell(row, "baseline_period"),
        target: cx.cell(row, "target").unwrap_or_default(),
        target_period: cx.cell(row, "target_period").unwrap_or_default(),
    };
    let t = rules::validate(&house, ind, &input, cx.decimal)?;
    let before = target::get(&w.tx, house_id, ind.id)?;
    let effect = match &before {
        Some(b) if *b == t => Effect::Unchanged,
        Some(_) => Effect::Updated,
        None => Effect::Inserted,
    };
    if effect != Effect::Unchanged {
        target::set(w, house_id, ind.id, &t)?;
    }
    Ok(Tally::one(effect, cx.collect_changes, || Change {
        what: format!("target {house} {}", ind.code),
        old: before.map(|b| output::number_text(b.target)),
        new: output::number_text(t.target),
    }))
}
