//! `suivi report pilot`.

use anyhow::{Context, Result};

use crate::cli::{Format, ReportCmd, ReportPilot};
use crate::context::{Ctx, format_name};
use crate::domain::date::Date;
use crate::domain::period::Period;
use crate::error::usage;
use crate::report::{compute, render};

pub fn run(ctx: &Ctx, cmd: ReportCmd) -> Result<()> {
    match cmd {
        ReportCmd::Pilot(a) => pilot(ctx, &a),
    }
}

/// `--as-of`, default today.
pub fn as_of(input: Option<&str>) -> Result<Date> {
    match input {
        Some(d) => Date::parse(d).map_err(|e| usage(format!("--as-of: {e}"))),
        None => Ok(Date::today()),
    }
}

fn pilot(ctx: &Ctx, a: &ReportPilot) -> Result<()> {
    let format = ctx.format.unwrap_or(Format::Table);
    if !matches!(format, Format::Table | Format::Json) {
        return Err(usage(format!(
            "--format {} is not available for this report; use table or json",
            format_name(format)
        )));
    }
    let as_of = as_of(a.as_of.as_deref())?;
    let period = match &a.period {
        Some(p) => super::parse_period(p, "--period")?,
        None => Period::school_year_of(as_of),
    };
    let cohort = match a.cohort.trim().to_lowercase().as_str() {
        "all" | "toutes" | "tous" => None,
        c => Some(c.to_string()),
    };
    let db = ctx.open()?;
    let req = compute::Request {
        period,
        cohort,
        as_of,
        fr: ctx.fr(),
    };
    let computed = compute::pilot(&db.conn, &req)?;
    let text = match format {
        Format::Json => render::json::pilot(&computed.report)?,
        _ => render::table::pilot(&computed, ctx.fr()),
    };
    write_out(a.out.as_deref(), &text)
}

/// Writes a rendering to `--out`, or to standard output.
pub fn write_out(out: Option<&std::path::Path>, text: &str) -> Result<()> {
    match out {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("Wrote {}", path.display());
            Ok(())
        }
        None => {
            use std::io::Write;
            let mut o = std::io::stdout().lock();
            o.write_all(text.as_bytes())?;
            o.flush()?;
            Ok(())
        }
    }
}
