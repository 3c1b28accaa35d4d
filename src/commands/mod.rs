//! One module per noun: turn arguments into requests, call the store and the
//! domain, hand rows to `output`. No SQL and no formatting decisions here.

pub mod association;
pub mod backup;
pub mod check;
pub mod db;
pub mod demo;
pub mod docs;
pub mod export;
pub mod house;
pub mod import;
pub mod indicator;
pub mod init;
pub mod log;
pub mod period;
pub mod plan;
pub mod province;
pub mod report;
pub mod rule;
pub mod template;
pub mod undo;

use anyhow::Result;

use crate::cli::Command;
use crate::context::Ctx;
use crate::messages::Msg;

pub fn dispatch(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Init => init::run(ctx),
        Command::Demo(a) => demo::run(ctx, &a),
        Command::Association(c) => association::run(ctx, c),
        Command::House(c) => house::run(ctx, c),
        Command::Indicator(c) => indicator::run(ctx, c),
        Command::Province(c) => province::run(ctx, c),
        Command::Plan(c) => plan::run(ctx, c),
        Command::Import(c) => import::run(ctx, c),
        Command::Export(a) => export::run(ctx, &a),
        Command::Template(c) => template::run(ctx, c),
        Command::Rule(c) => rule::run(ctx, c),
        Command::Check(a) => check::run(ctx, &a),
        Command::Period(c) => period::run(ctx, c),
        Command::Report(c) => report::run(ctx, c),
        Command::Log(a) => log::run(ctx, &a),
        Command::Backup(a) => backup::run(ctx, &a),
        Command::Db(c) => db::run(ctx, c),
        Command::Completions(a) => docs::completions(&a),
        Command::Man(a) => docs::man(&a),
    }
}

/// An optional text flag: absent keeps `current`, an empty value clears it.
pub fn edit_opt(current: &Option<String>, given: &Option<String>) -> Option<String> {
    match given {
        None => current.clone(),
        Some(v) if v.trim().is_empty() => None,
        Some(v) => Some(v.trim().to_string()),
    }
}

/// A value refused by a domain rule, as the command line says it: the
/// sentence, and the flag when the value is missing (exit 3).
pub fn field_error(e: crate::domain::input::FieldError) -> anyhow::Error {
    crate::error::rejected_field(e.field.key(), e.for_cli())
}

/// A trimmed optional text, empty meaning absent.
pub fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Parses a period typed by a person; a bad one is rejected input.
pub fn parse_period(input: &str, what: &str) -> Result<crate::domain::period::Period> {
    crate::domain::period::Period::parse(input).map_err(|e| {
        // A flag is named; a positional period is named by the message itself.
        if what.starts_with("--") {
            crate::messages::rejected(Msg::FlagWhy {
                flag: what.to_string(),
                why: e.to_string(),
            })
        } else {
            crate::error::rejected(e.to_string())
        }
    })
}

/// The row id of a house, or a rejection naming the code.
pub fn house_id(conn: &crate::store::Conn, code: &str) -> Result<i64> {
    match crate::store::house::id(conn, code)? {
        Some(id) => Ok(id),
        None => Err(unknown_house(conn, code)),
    }
}

/// `unknown house "DT2"`, with the closest known codes (`did you mean "DT02"?`).
pub fn unknown_house(conn: &crate::store::Conn, code: &str) -> anyhow::Error {
    let codes = crate::store::house::codes(conn).unwrap_or_default();
    let mut details: Vec<String> =
        crate::text::did_you_mean(codes.iter().map(String::as_str), code)
            .into_iter()
            .collect();
    details.push(
        Msg::SeeList {
            command: "suivi house list".into(),
        }
        .to_string(),
    );
    crate::error::rejected_with(
        Msg::UnknownHouse {
            code: code.to_string(),
        }
        .to_string(),
        details,
    )
}

/// Refuses a write into a locked period unless forced (see `apply_reason`),
/// naming the lock, how it overlaps the period, who locked it and why.
pub fn guard_locks(
    locks: &[crate::store::lock::Lock],
    period: &crate::domain::period::Period,
    force: &crate::cli::Force,
) -> Result<()> {
    match crate::store::lock::covering(locks, period) {
        Some(l) if !force.force => Err(crate::error::rejected_with(
            Msg::PeriodLocked {
                period: period.canonical(),
            }
            .to_string(),
            vec![l.describe(period), Msg::WriteAnyway.to_string()],
        )),
        _ => Ok(()),
    }
}

/// Checks `--force`/`--reason` and puts the reason on the writer.
pub fn apply_reason(w: &mut crate::store::Writer, force: &crate::cli::Force) -> Result<()> {
    if force.force && force.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return Err(crate::messages::usage(Msg::ForceNeedsReason));
    }
    if let Some(r) = &force.reason {
        w.reason = Some(r.trim().to_string());
    }
    Ok(())
}

/// `--as-of`, default today.
pub fn as_of(input: Option<&str>) -> Result<crate::domain::date::Date> {
    match input {
        Some(d) => crate::domain::date::Date::parse(d).map_err(|e| {
            crate::messages::usage(Msg::FlagWhy {
                flag: "--as-of".into(),
                why: e.to_string(),
            })
        }),
        None => Ok(crate::domain::date::Date::today()),
    }
}

/// `--cohort`: a cohort name, or `None` for every house (`all`, `toutes`, `tous`).
pub fn cohort(input: &str) -> Option<String> {
    match input.trim().to_lowercase().as_str() {
        "all" | "toutes" | "tous" => None,
        c => Some(c.to_string()),
    }
}

/// `--cohort` checked against the register: the cohorts of houses, `pilot`
/// and `all` are known; anything else is a usage error (exit 2) that lists
/// them and suggests the closest.
pub fn known_cohort(conn: &crate::store::Conn, input: &str) -> Result<Option<String>> {
    let wanted = cohort(input);
    let Some(name) = &wanted else {
        return Ok(None);
    };
    let mut known = crate::store::house::cohorts(conn)?;
    if known.contains(name) || name == "pilot" {
        return Ok(wanted);
    }
    for k in ["pilot", "all"] {
        if !known.iter().any(|c| c == k) {
            known.push(k.to_string());
        }
    }
    Err(crate::messages::usage(Msg::UnknownCohort {
        input: input.trim().to_string(),
        closest: crate::messages::near(known.iter().map(String::as_str), name),
        known: known.join(", "),
    }))
}
