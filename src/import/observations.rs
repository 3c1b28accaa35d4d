//! Observations files, long (`house, indicator, period, value`) or wide
//! (`house, period`, one column per indicator): the hot path of imports, so
//! nothing here allocates per row but what is written.

use std::borrow::Cow;
use std::rc::Rc;

use super::{At, Change, Context, Refused, RefusedValue, RowError, Tally, ValueKey};
use crate::domain::indicator::Indicator;
use crate::domain::period::Period;
use crate::messages::Msg;
use crate::output;
use crate::sheet::read::Row;
use crate::store::Writer;
use crate::store::import::{ObservationSink, Upsert};
use crate::store::lock;

/// What [`keys`] read of a row: its house, period and (long file) indicator,
/// for [`row`] not to look them up again. Only rows whose every key could be
/// read have one; the others take the full path and fail there on their own.
pub(super) struct Parsed {
    house_id: i64,
    period: Period,
    canonical: Rc<str>,
    /// A long file's indicator, as its index in the catalogue.
    indicator: Option<usize>,
}

pub(super) fn row(
    cx: &mut Context,
    w: &Writer,
    sink: &mut ObservationSink,
    row: &Row,
    parsed: Option<&Parsed>,
) -> Result<Tally, RowError> {
    let (house_id, house, period, canonical) = match parsed {
        // Found as spelled: the code is the row's.
        Some(p) => (
            p.house_id,
            Cow::Borrowed(Context::text_at(row, cx.cols.house).unwrap_or_default()),
            p.period,
            p.canonical.clone(),
        ),
        None => {
            let (house_id, house) = cx.house_ref(row)?;
            let Some(ptext) = Context::text_at(row, cx.cols.period) else {
                return Err(RowError::at("period", Msg::PeriodEmpty));
            };
            let (period, canonical) = cx.period_and_text(ptext)?;
            (house_id, house, period, canonical)
        }
    };
    // A lock refuses changes, not values: an unchanged value is no write.
    let lock = lock::covering(&cx.locks, &period)
        .filter(|_| !cx.force)
        .cloned();
    let comment = Context::text_at(row, cx.cols.comment);
    // Every cell of the row is checked before any is written (a long row's
    // one value kept apart: no allocation per row).
    let mut one: Option<(usize, &Indicator, f64)> = None;
    let mut values: Vec<(usize, &Indicator, f64)> = Vec::new();
    let mut empty = 0;
    if cx.long {
        let ind = match parsed.and_then(|p| p.indicator) {
            Some(idx) => &cx.catalogue.items[idx],
            None => {
                let Some(name) = Context::text_at(row, cx.cols.indicator) else {
                    return Err(RowError::at("indicator", Msg::IndicatorEmpty));
                };
                cx.indicator(name)?
            }
        };
        if ind.formula().is_some() {
            return Err(RowError::at(
                "indicator",
                Msg::ComputedIndicator {
                    code: ind.code.clone(),
                },
            ));
        }
        match Context::text_at(row, cx.cols.value) {
            None => empty += 1,
            Some(v) => {
                one = Some((
                    cx.cols.value.unwrap_or_default(),
                    ind,
                    ind.unit
                        .parse_value(v, cx.decimal)
                        .map_err(|m| RowError::at("value", *m))?,
                ))
            }
        }
    } else {
        empty = cx.wide.len();
        for (col, idx, v) in cx.wide_cells(row) {
            empty -= 1;
            let ind = &cx.catalogue.items[idx];
            let value = ind
                .unit
                .parse_value(v, cx.decimal)
                .map_err(|m| RowError::Refused {
                    at: At::Index(col),
                    message: m,
                })?;
            values.push((col, ind, value));
        }
    }
    let mut out = Tally {
        empty,
        ..Default::default()
    };
    // A value given twice or refused by a lock does not stop the row's
    // others: a wide row keeps those written, and only the refused cells
    // go to the rejects file ([`Refused`]).
    let mut refused: Option<Box<Refused>> = None;
    let long = cx.long;
    for (col, ind, value) in one.into_iter().chain(values) {
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
            cx.touched.insert(house_id, period);
        }
        let what = || format!("{house} {} {canonical}", ind.code);
        let refuse = |refused: &mut Option<Box<Refused>>, message: Msg, twice: Option<ValueKey>| {
            refused.get_or_insert_default().values.push(RefusedValue {
                at: if long {
                    At::Key("value")
                } else {
                    At::Index(col)
                },
                column: col,
                indicator: ind.id,
                message,
                twice,
            });
        };
        match up {
            Upsert::Duplicate { earlier } => refuse(
                &mut refused,
                Msg::DifferentValuesTwice {
                    what: what(),
                    earlier: output::number_text(earlier),
                    value: output::number_text(value),
                    lines: None,
                    same_value: earlier == value,
                },
                Some((house_id, ind.id, canonical.clone())),
            ),
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
            Upsert::Locked { old } => refuse(
                &mut refused,
                Msg::LockedChange {
                    what: what(),
                    same_value: old == Some(value),
                    old: old.map(output::number_text),
                    value: output::number_text(value),
                    lock: lock.as_ref().map(|l| Box::new(l.said(&period))),
                },
                None,
            ),
        }
    }
    out.refused = refused;
    Ok(out)
}

/// What was read of each row (`parsed`, one entry a row) for [`row`], and
/// the keys (house id, indicator id, period, canonical period) of a wide
/// file's rows (`out`; a long row's one key is its `Parsed`): see [`block_keys`].
/// A row whose key cannot be read is left out: it fails on its own, or finds
/// its stored value the slower way.
pub(super) fn keys(
    cx: &mut Context,
    rows: &[Row],
    out: &mut Vec<(i64, i64, Period, Rc<str>)>,
    parsed: &mut Vec<Option<Parsed>>,
) {
    out.clear();
    parsed.clear();
    let mut last = Last::default();
    for row in rows {
        parsed.push(key(cx, row, &mut last, out));
    }
}

/// The keys the rows of a block would write, for the sink to read what is
/// stored under them at once ([`ObservationSink::prefetch`]).
pub(super) fn block_keys<'a>(
    cx: &'a Context,
    parsed: &'a [Option<Parsed>],
    wide: &'a [(i64, i64, Period, Rc<str>)],
) -> impl Iterator<Item = (i64, i64, Period, &'a str)> {
    let long = parsed.iter().flatten().filter_map(|p| {
        let idx = p.indicator?;
        Some((
            p.house_id,
            cx.catalogue.items[idx].id,
            p.period,
            &*p.canonical,
        ))
    });
    long.chain(wide.iter().map(|(h, i, p, c)| (*h, *i, *p, &**c)))
}

/// The house, period and indicator texts of the row before, with what they
/// name: a file in any order repeats some of them from row to row, and
/// comparing a few bytes costs less than a lookup.
#[derive(Default)]
struct Last<'r> {
    house: Option<(&'r str, i64)>,
    period: Option<(&'r str, Period, Rc<str>)>,
    indicator: Option<(&'r str, usize)>,
}

fn key<'r>(
    cx: &mut Context,
    row: &'r Row,
    last: &mut Last<'r>,
    out: &mut Vec<(i64, i64, Period, Rc<str>)>,
) -> Option<Parsed> {
    let text = Context::text_at(row, cx.cols.house)?;
    let house_id = match last.house {
        Some((t, id)) if t == text => id,
        _ => {
            let &id = cx.houses.get(text)?;
            last.house = Some((text, id));
            id
        }
    };
    let text = Context::text_at(row, cx.cols.period)?;
    let (period, canonical) = match &last.period {
        Some((t, p, c)) if *t == text => (*p, c.clone()),
        _ => {
            let (p, c) = cx.period_and_text(text).ok()?;
            last.period = Some((text, p, c.clone()));
            (p, c)
        }
    };
    if cx.long {
        let text = Context::text_at(row, cx.cols.indicator)?;
        let idx = match last.indicator {
            Some((t, i)) if t == text => i,
            _ => {
                let i = cx.indicator_index(text)?;
                last.indicator = Some((text, i));
                i
            }
        };
        Some(Parsed {
            house_id,
            period,
            canonical,
            indicator: Some(idx),
        })
    } else {
        for (_, idx, _) in cx.wide_cells(row) {
            let id = cx.catalogue.items[idx].id;
            out.push((house_id, id, period, canonical.clone()));
        }
        Some(Parsed {
            house_id,
            period,
            canonical,
            indicator: None,
        })
    }
}

/// The keys (house id, indicator id, canonical period) of the values a row
/// holds, read the long way (any spelling of the house, period or
/// indicator): to find, once a file is read, the first line of a key given
/// twice ([`super::first_lines`]). A row whose key cannot be read has none.
pub(super) fn row_keys(cx: &mut Context, row: &Row) -> Vec<super::ValueKey> {
    let Ok((house_id, _)) = cx.house_ref(row) else {
        return Vec::new();
    };
    let Some(Ok((_, canonical))) =
        Context::text_at(row, cx.cols.period).map(|t| cx.period_and_text(t))
    else {
        return Vec::new();
    };
    if cx.long {
        // An empty value is a missing one: the row wrote nothing.
        if Context::text_at(row, cx.cols.value).is_none() {
            return Vec::new();
        }
        let Some(Ok(ind)) = Context::text_at(row, cx.cols.indicator).map(|t| cx.indicator(t))
        else {
            return Vec::new();
        };
        return vec![(house_id, ind.id, canonical)];
    }
    cx.wide_cells(row)
        .map(|(_, idx, _)| (house_id, cx.catalogue.items[idx].id, canonical.clone()))
        .collect()
}
