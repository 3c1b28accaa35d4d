//! Observations files, long (`house, indicator, period, value`) or wide
//! (`house, period`, one column per indicator): the hot path of imports, so
//! nothing here allocates per row but what is written.

use super::{At, Change, Context, RowError, Tally};
use crate::domain::indicator::Indicator;
use crate::messages::Msg;
use crate::output;
use crate::sheet::read::Row;
use crate::sheet::write::strip_formula_guard;
use crate::store::Writer;
use crate::store::import::{ObservationSink, Upsert};
use crate::store::lock;

pub(super) fn row(
    cx: &mut Context,
    w: &Writer,
    sink: &mut ObservationSink,
    row: &Row,
) -> Result<Tally, RowError> {
    let (house_id, house) = cx.house_ref(row, "house")?;
    let Some(ptext) = cx.text(row, "period") else {
        return Err(RowError::at("period", Msg::PeriodEmpty));
    };
    let (period, canonical) = cx.period_and_text(ptext)?;
    // A lock refuses changes, not values: an unchanged value is no write.
    let lock = lock::covering(&cx.locks, &period)
        .filter(|_| !cx.force)
        .cloned();
    let comment = cx.text(row, "comment");
    // Every cell of the row is checked before any is written (a long row's
    // one value kept apart: no allocation per row).
    let mut one: Option<(&Indicator, f64)> = None;
    let mut values: Vec<(&Indicator, f64)> = Vec::new();
    let mut empty = 0;
    if cx.long {
        let Some(name) = cx.text(row, "indicator") else {
            return Err(RowError::at("indicator", Msg::IndicatorEmpty));
        };
        let ind = cx.indicator(name)?;
        if ind.formula().is_some() {
            return Err(RowError::at(
                "indicator",
                Msg::ComputedIndicator {
                    code: ind.code.clone(),
                },
            ));
        }
        match cx.text(row, "value") {
            None => empty += 1,
            Some(v) => {
                one = Some((
                    ind,
                    ind.unit
                        .parse_value(v, cx.decimal)
                        .map_err(|m| RowError::at("value", *m))?,
                ))
            }
        }
    } else {
        for &(col, idx) in &cx.wide {
            let ind = &cx.catalogue.items[idx];
            let v = strip_formula_guard(row.get(col)).trim();
            if v.is_empty() {
                empty += 1;
                continue;
            }
            let value = ind
                .unit
                .parse_value(v, cx.decimal)
                .map_err(|m| RowError::Refused {
                    at: At::Index(col),
                    message: m,
                })?;
            values.push((ind, value));
        }
    }
    let mut out = Tally {
        empty,
        ..Default::default()
    };
    for (ind, value) in one.into_iter().chain(values) {
        let up = sink.upsert(
            w,
            house_id,
            ind.id,
            &period,
            &canonical,
            value,
            comment,
            lock.is_some(),
        )?;
        if matches!(up, Upsert::Inserted | Upsert::Updated { .. })
            && cx.rule_indicators.contains(&ind.id)
        {
            cx.touched.insert((house_id, period));
        }
        let what = || format!("{house} {} {canonical}", ind.code);
        match up {
            Upsert::Duplicate { earlier } => {
                return Err(RowError::at(
                    if cx.long { "value" } else { "period" },
                    Msg::DifferentValuesTwice {
                        what: what(),
                        earlier: output::number_text(earlier),
                        value: output::number_text(value),
                    },
                ));
            }
            Upsert::Inserted => {
                out.inserted += 1;
                if cx.collect_changes {
                    out.changes.push(Change {
                        what: what(),
                        old: None,
                        new: output::number_text(value),
                    });
                }
            }
            Upsert::Updated { old } => {
                out.updated += 1;
                if cx.collect_changes {
                    out.changes.push(Change {
                        what: what(),
                        old: Some(output::number_text(old)),
                        new: output::number_text(value),
                    });
                }
            }
            Upsert::Unchanged => out.unchanged += 1,
            Upsert::Locked { old } => {
                return Err(RowError::at(
                    if cx.long { "value" } else { "period" },
                    Msg::LockedChange {
                        what: what(),
                        old: old.map(output::number_text),
                        value: output::number_text(value),
                        lock: lock.as_ref().map(|l| Box::new(l.said(&period))),
                    },
                ));
            }
        }
    }
    Ok(out)
}

/// The keys (house id, indicator id, period, canonical period) the rows would
/// write, for the sink to read what is stored under them at once
/// ([`ObservationSink::prefetch`]). A row whose key cannot be read is left
/// out: it fails on its own, or finds its stored value the slower way.
pub(super) fn keys(
    cx: &mut Context,
    rows: &[Row],
    out: &mut Vec<(i64, i64, crate::domain::period::Period, std::rc::Rc<str>)>,
) {
    out.clear();
    for row in rows {
        let Some(&house_id) = cx.text(row, "house").and_then(|c| cx.houses.get(c)) else {
            continue;
        };
        let Some(Ok((period, canonical))) = cx.text(row, "period").map(|p| cx.period_and_text(p))
        else {
            continue;
        };
        if cx.long {
            if let Some(name) = cx.text(row, "indicator")
                && let Ok(ind) = cx.indicator(name)
            {
                out.push((house_id, ind.id, period, canonical));
            }
        } else {
            for &(col, idx) in &cx.wide {
                if !strip_formula_guard(row.get(col)).trim().is_empty() {
                    let id = cx.catalogue.items[idx].id;
                    out.push((house_id, id, period, canonical.clone()));
                }
            }
        }
    }
}
