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
                .map_err(|e| crate::error::usage(format!("--since: {e}")))?
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
    output::print_listing(format, &l)
}

/// `{"a":1,"b":"x"}` as `a=1 b=x`, for a table cell.
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
