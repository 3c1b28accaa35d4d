//! Assessments files: one capacity score per house, period and dimension.

use super::{Change, Context, Effect, RowError, Tally};
use crate::domain::assessment::{Assessment, find_dimension, parse_score};
use crate::messages::Msg;
use crate::output;
use crate::sheet::read::Row;
use crate::store::{Writer, plan};

pub(super) fn row(cx: &mut Context, w: &Writer, row: &Row) -> Result<Tally, RowError> {
    let (house_id, house) = cx.house_id(row, "house")?;
    let Some(ptext) = cx.cell(row, "period") else {
        return Err(RowError::at("period", Msg::PeriodEmpty));
    };
    let period = cx.period(&ptext)?;
    let dimension = find_dimension(
        &cx.dimensions,
        &cx.cell(row, "dimension").unwrap_or_default(),
    )?;
    let canonical = period.canonical();
    cx.once(
        format!("{house_id}/{canonical}/{dimension}"),
        row.line(),
        "dimension",
        || Msg::ScoreNamed {
            dimension: dimension.clone(),
            house: house.clone(),
            period: canonical.clone(),
        },
    )?;
    let score = parse_score(&cx.cell(row, "score").unwrap_or_default(), cx.decimal)?;
    let a = Assessment {
        house: house.clone(),
        period: canonical,
        dimension,
        score,
        first_month: period.first_month(),
    };
    let before = plan::assessments(&w.tx, Some(house_id))?
        .into_iter()
        .find(|x| x.period == a.period && x.dimension == a.dimension);
    let effect = if !plan::assess(w, house_id, &a)? {
        Effect::Unchanged
    } else if before.is_some() {
        Effect::Updated
    } else {
        Effect::Inserted
    };
    Ok(Tally::one(effect, cx.collect_changes, || Change {
        what: format!("assessment {house} {} {}", a.period, a.dimension),
        old: before.map(|b| output::number_text(b.score)),
        new: output::number_text(a.score),
    }))
}
