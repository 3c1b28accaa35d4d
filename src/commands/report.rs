//! `suivi report pilot|house|completeness`: compute once, render by format.

use anyhow::Result;

use crate::cli::{
    Format, ReportBy, ReportCmd, ReportCommon, ReportCompleteness, ReportEvaluation, ReportHouse,
    ReportPilot,
};
use crate::context::{Ctx, format_name};
use crate::domain::period::Period;
use crate::output;
use crate::report::rollup::{self, By};
use crate::report::{compute, document, evaluation, render};

pub fn run(ctx: &Ctx, cmd: ReportCmd) -> Result<()> {
    match cmd {
        ReportCmd::Pilot(a) => pilot(ctx, &a),
        ReportCmd::House(a) => house(ctx, &a),
        ReportCmd::Completeness(a) => completeness(ctx, &a),
        ReportCmd::Evaluation(a) => evaluate(ctx, &a),
    }
}

fn report_format(ctx: &Ctx, allowed: &[Format]) -> Result<Format> {
    let f = ctx.format.unwrap_or(Format::Table);
    if allowed.contains(&f) {
        return Ok(f);
    }
    Err(crate::messages::usage(
        crate::messages::Msg::NotAReportFormat {
            format: format_name(f).to_string(),
            allowed: allowed
                .iter()
                .map(|f| format_name(*f))
                .collect::<Vec<_>>()
                .join(", "),
        },
    ))
}

/// The script of an Arabic report (`--lang ar`, `fr,ar`): Markdown and HTML
/// only; the terminal, CSV and JSON stay French.
fn script_for(ctx: &Ctx, format: Format) {
    use crate::cli::{Digits, Lang};
    use crate::domain::format::{RtlFigures, set_rtl_figures};
    use crate::report::i18n::{Script, set_script};
    let paged = matches!(format, Format::Md | Format::Html);
    let script = match ctx.lang {
        Lang::Ar if paged => Script::Arabic,
        Lang::FrAr if paged => Script::Bilingual,
        _ => Script::Latin,
    };
    set_script(script);
    let arabic = script == Script::Arabic;
    set_rtl_figures(RtlFigures {
        isolate: arabic,
        arabic_digits: arabic && ctx.digits == Digits::Arabic,
    });
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
    script_for(ctx, format);
    let db = ctx.open()?;
    let req = request(
        ctx,
        a.period.as_deref(),
        super::known_cohort(&db.conn, &a.cohort)?,
        &a.common,
    )?;
    let mut computed = compute::pilot(&db.conn, &req)?;
    let fr = ctx.fr();
    let many = computed.report.houses > rollup::MANY_HOUSES;
    if a.by.is_some() || many {
        // Over many houses the page shows groups by region even without --by.
        let by = match a.by {
            Some(ReportBy::Region) | None => By::Region,
            Some(ReportBy::Province) => By::Province,
            Some(ReportBy::Kind) => By::Kind,
            Some(ReportBy::Milieu) => By::Milieu,
            Some(ReportBy::Cohort) => By::Cohort,
        };
        // JSON and CSV show groups only when asked for (--by); pages always do.
        let groups = if a.by.is_some() || !matches!(format, Format::Json | Format::Csv) {
            rollup::groups(&db.conn, &computed, &req, by)?
        } else {
            Vec::new()
        };
        let (dist, laggards) = if many {
            (
                rollup::distributions(&computed),
                rollup::laggards(&computed, 10),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        // The houses' values are folded into every figure now: freed before writing.
        computed.combined.release();
        let r = &computed.report;
        let doc = || document::national(r, &groups, &dist, &laggards, fr);
        let text = match format {
            Format::Json => {
                let g = a.by.is_some().then_some(groups.as_slice());
                return output::write_with(a.common.out.as_deref(), |w| {
                    render::json::pilot_with(w, r, g, &dist, &laggards, fr)
                });
            }
            Format::Csv if a.by.is_some() => render::csv::groups(r, &groups)?,
            Format::Csv => {
                return output::write_with(a.common.out.as_deref(), |w| render::csv::pilot(w, r));
            }
            Format::Md => render::md::emit(&doc()),
            Format::Html => render::html::emit(&doc()),
            _ => render::table::emit(&doc()),
        };
        return output::write_text(a.common.out.as_deref(), &text);
    }
    let text = match format {
        Format::Json => {
            return output::write_with(a.common.out.as_deref(), |w| {
                render::json::pilot(w, &computed.report, fr)
            });
        }
        Format::Md => render::md::emit(&document::pilot(&computed.report, fr)),
        Format::Csv => {
            return output::write_with(a.common.out.as_deref(), |w| {
                render::csv::pilot(w, &computed.report)
            });
        }
        Format::Html => render::html::pilot(&computed.report, fr),
        _ => render::table::pilot(&computed, fr),
    };
    output::write_text(a.common.out.as_deref(), &text)
}

fn house(ctx: &Ctx, a: &ReportHouse) -> Result<()> {
    let format = report_format(ctx, ALL_FORMATS)?;
    script_for(ctx, format);
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
    script_for(ctx, format);
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
        return Err(crate::messages::rejected(
            crate::messages::Msg::ToBeforeFrom,
        ));
    }
    if to - from > 120 {
        return Err(crate::messages::rejected(
            crate::messages::Msg::MatrixTooLong,
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

fn evaluate(ctx: &Ctx, a: &ReportEvaluation) -> Result<()> {
    let format = report_format(ctx, ALL_FORMATS)?;
    script_for(ctx, format);
    let req = evaluation::Request {
        pilot: a.pilot.trim().to_lowercase(),
        comparison: a.comparison.trim().to_lowercase(),
        baseline: super::parse_period(&a.baseline, "--baseline")?,
        endline: super::parse_period(&a.endline, "--endline")?,
        fr: ctx.fr(),
    };
    let db = ctx.open()?;
    let e = evaluation::compute(&db.conn, &req)?;
    let fr = ctx.fr();
    let text = match format {
        Format::Json => render::json::evaluation(&e)?,
        Format::Csv => render::csv::evaluation(&e)?,
        Format::Md => render::md::emit(&document::evaluation(&e, fr)),
        Format::Html => render::html::emit(&document::evaluation(&e, fr)),
        _ => render::table::emit(&document::evaluation(&e, fr)),
    };
    output::write_text(a.out.as_deref(), &text)
}
