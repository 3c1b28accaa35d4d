//! `suivi log`: the audit log, newest first.

use anyhow::Result;
use serde_json::Value;

use crate::cli::{Format, LogArgs};
use crate::context::Ctx;
use crate::output::{self, Listing};
use crate::store::audit;

pub fn run(ctx: &Ctx, args: &LogArgs) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let since = match &args.since {
        Some(s) => Some(
            crate::domain::date::Date::parse(s)
                .map_err(|e| {
                    crate::messages::usage(crate::messages::Msg::FlagWhy {
                        flag: "--since".into(),
                        why: e.to_string(),
                    })
                })?
                .to_string(),
        ),
        None => None,
    };
    let entries = audit::entries(
        &db.conn,
        args.limit,
        args.entity.as_deref(),
        since.as_deref(),
    )?;
    // A person reads what changed; scripts (CSV, JSON) keep the whole records.
    let l = if format == Format::Table {
        let mut l = Listing::new(&["at", "by", "action", "record", "changes", "reason", "batch"])
            .keyed(&["at", "action", "record", "changes"]);
        for e in entries {
            l.push(vec![
                output::text(&minute(&e.at)),
                output::text(&e.by),
                output::text(&e.action),
                output::text(&format!("{} {}", e.entity, e.key)),
                Value::String(changes(e.before.as_ref(), e.after.as_ref())),
                output::opt_text(&e.reason),
                e.batch.map(Value::from).unwrap_or(Value::Null),
            ]);
        }
        l
    } else {
        let mut l = Listing::new(&[
            "at", "by", "action", "entity", "key", "before", "after", "reason", "batch",
        ]);
        for e in entries {
            let show = |v: &Option<Value>| match (format, v) {
                (Format::Json, Some(v)) => v.clone(),
                (_, Some(v)) => Value::String(compact(v)),
                (_, None) => Value::Null,
            };
            l.push(vec![
                output::text(&e.at),
                output::text(&e.by),
                output::text(&e.action),
                output::text(&e.entity),
                output::text(&e.key),
                show(&e.before),
                show(&e.after),
                output::opt_text(&e.reason),
                e.batch.map(Value::from).unwrap_or(Value::Null),
            ]);
        }
        l
    };
    output::print_listing(format, &l)
}

/// What an entry changed, one `field old → new` per changed field, joined by `; `.
/// A creation lists the new values (`field → new`), a removal the old ones
/// (`field old → ∅`); fields that stay the same are left out.
pub fn changes(before: Option<&Value>, after: Option<&Value>) -> String {
    let field = |v: Option<&Value>, k: &str| -> Value {
        match v {
            Some(Value::Object(m)) => m.get(k).cloned().unwrap_or(Value::Null),
            _ => Value::Null,
        }
    };
    let mut keys: Vec<String> = Vec::new();
    for v in [before, after].into_iter().flatten() {
        match v {
            Value::Object(m) => {
                for k in m.keys() {
                    if !keys.contains(k) {
                        keys.push(k.clone());
                    }
                }
            }
            other => {
                // Not a record: the whole values.
                let old = before.map(output::cell_text).unwrap_or_default();
                let new = after.map(output::cell_text).unwrap_or_default();
                let _ = other;
                return arrow("", &old, &new);
            }
        }
    }
    keys.iter()
        .filter_map(|k| {
            let (old, new) = (field(before, k), field(after, k));
            if old == new {
                return None;
            }
            Some(arrow(k, &output::cell_text(&old), &output::cell_text(&new)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `2026-11-30T14:20:18Z` as `2026-11-30 14:20` for a person.
fn minute(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(d), Some(t)) if at.as_bytes().get(10) == Some(&b'T') => format!("{d} {t}"),
        _ => at.to_string(),
    }
}

fn arrow(field: &str, old: &str, new: &str) -> String {
    let new = if new.is_empty() { "∅" } else { new };
    let lead = match (field.is_empty(), old.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!("{old} "),
        (false, true) => format!("{field} "),
        (false, false) => format!("{field} {old} "),
    };
    format!("{lead}→ {new}")
}

/// `{"a":1,"b":"x"}` as `a=1 b=x`, for a CSV cell.
fn compact(v: &Value) -> String {
    match v {
        Value::Object(m) => m
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{k}={}", output::cell_text(v)))
            .collect::<Vec<_>>()
            .join(" "),
        other => output::cell_text(other),
    }
}

#[cfg(test)]
mod tests {
    use super::changes;
    use serde_json::json;

    #[test]
    fn names_only_the_fields_that_changed() {
        let b = json!({"code": "DT01", "capacity": 100, "name": "Dar"});
        let a = json!({"code": "DT01", "capacity": 110, "name": "Dar"});
        assert_eq!(changes(Some(&b), Some(&a)), "capacity 100 → 110");
    }

    #[test]
    fn creation_and_removal() {
        let a = json!({"code": "DT01", "commune": null});
        assert_eq!(changes(None, Some(&a)), "code → DT01");
        assert_eq!(changes(Some(&a), None), "code DT01 → ∅");
        assert_eq!(changes(Some(&json!(3)), Some(&json!(4))), "3 → 4");
    }
}
