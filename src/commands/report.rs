//! `suivi report pilot|house|completeness`: compute once, render by format.

use anyhow::Result;

use crate::cli::{Format, ReportCmd, ReportCommon, ReportCompleteness, ReportHouse, ReportPilot};
use crate::context::{Ctx, format_name};
use crate::domain::period::Period;
use crate::error::usage;
use crate::output;
use crate::report::{compute, document, render};

pub fn run(ctx: &Ctx, cmd: ReportCmd) -> Result<()> {
    match cmd {
        ReportCmd::Pilot(a) => pilot(ctx, &a),
        ReportCmd::House(a) => house(ctx, &a),
        ReportCmd::Completeness(a) => completeness(ctx, &a),
    }
}

fn report_format(ctx: &Ctx, allowed: &[Format]) -> Result<Format> {
    let f = ctx.format.unwrap_or(Format::Table);
    if allowed.contains(&f) {
        return Ok(f);
    }
    Err(usage(format!(
        "--format {} is not available for this report; use {}",
        format_name(f),
        allowed
            .iter()
            .map(|f| format_name(*f))
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

const ALL_FORMATS: &[Format] = &[
    Format::Table,
    Format::Md,
    Format::Csv,
    Format::Json,
    Format::Html,
];

fn request(
    ctx: &Ctx,
    period: Option<&str>,
    cohort: Option<String>,
    c: &ReportCommon,
) -> Result<compute::Request> {
    let as_of = super::as_of(c.as_of.as_deref())?;
    let period = match period {
        Some(p) => super::parse_period(p, "--period")?,
        None => Period::school_year_of(as_of),
    };
    Ok(compute::Request {
        period,
        cohort,
        as_of,
        fr: ctx.fr(),
        publish: c.publish,
        house: None,
    })
}

fn pilot(ctx: &Ctx, a: &ReportPilot) -> Result<()> {
    let format = report_format(ctx, ALL_FORMATS)?;
    let db = ctx.open()?;
    let req = request(
        ctx,
        a.period.as_deref(),
        super::known_cohort(&db.conn, &a.cohort)?,
        &a.common,
    )?;
    let computed = compute::pilot(&db.conn, &req)?;
    let fr = ctx.fr();
    let text = match format {
        Format::Json => render::json::pilot(&computed.report, fr)?,
        Format::Md => render::md::emit(&document::pilot(&computed.report, fr)),
        Format::Csv => render::csv::pilot(&computed.report)?,
        Format::Html => render::html::pilot(&computed.report, fr),
        _ => render::table::pilot(&computed, fr),
    };
    output::write_text(a.common.out.as_deref(), &text)
}

fn house(ctx: &Ctx, a: &ReportHouse) -> Result<()> {
    let format = report_format(ctx, ALL_FORMATS)?;
    let mut req = request(ctx, a.period.as_deref(), None, &a.common)?;
    req.house = Some(a.code.clone());
    let db = ctx.open()?;
    let dossier = compute::house(&db.conn, &req)?;
    let fr = ctx.fr();
    let text = match format {
        Format::Json => render::json::house(&dossier, fr)?,
        Format::Md => render::md::emit(&document::house(&dossier, fr)),
        Format::Csv => render::csv::house(&dossier)?,
        Format::Html => render::html::emit(&document::house(&dossier, fr)),
        _ => render::table::emit(&document::house(&dossier, fr)),
    };
    output::write_text(a.common.out.as_deref(), &text)
}

fn completeness(ctx: &Ctx, a: &ReportCompleteness) -> Result<()> {
    let format = report_format(ctx, &[Format::Table, Format::Md, Format::Csv, Format::Json])?;
    let as_of = super::as_of(a.as_of.as_deref())?;
    let from = match &a.from {
        Some(p) => super::parse_period(p, "--from")?.first_month(),
        None => Period::school_year_of(as_of).first_month(),
    };
    let to = match &a.to {
        Some(p) => super::parse_period(p, "--to")?.last_month(),
        None => as_of.month_index(),
    };
    if to < from {
        return Err(crate::error::rejected("--to ends before --from"));
    }
    if to - from > 120 {
        return Err(crate::error::rejected(
            "the matrix would span more than ten years; narrow --from/--to",
        ));
    }
    let db = ctx.open()?;
    let c = compute::completeness_report(
        &db.conn,
        from,
        to,
        super::known_cohort(&db.conn, &a.cohort)?.as_deref(),
    )?;
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&c)? + "\n",
        Format::Md => render::md::emit(&document::completeness(&c, ctx.fr())),
        Format::Csv => render::csv::completeness(&c)?,
        _ => render::table::emit(&document::completeness(&c, ctx.fr())),
    };
    output::write_text(a.out.as_deref(), &text)
}
