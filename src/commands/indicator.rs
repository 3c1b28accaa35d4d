//! `suivi indicator list|show|add|record|history|target`.

use anyhow::Result;
use serde_json::Value;

use super::{apply_reason, guard_locks, house_id, parse_period};
use crate::cli::{IndicatorAdd, IndicatorCmd, IndicatorHistory, IndicatorRecord, IndicatorTarget};
use crate::context::Ctx;
use crate::domain::aggregate::{Across, Direction, OverTime};
use crate::domain::formula::Formula;
use crate::domain::indicator::{Catalogue, Indicator, Kind, Unit, check_code};
use crate::domain::number::{Decimal, parse_number};
use crate::error::tag;
use crate::output::{self, Listing};
use crate::reject;
use crate::store::observation::{self, Change};
use crate::store::target::{self, Target};
use crate::store::{indicator as store, lock};

pub fn run(ctx: &Ctx, cmd: IndicatorCmd) -> Result<()> {
    match cmd {
        IndicatorCmd::List => list(ctx),
        IndicatorCmd::Show { indicator } => show(ctx, &indicator),
        IndicatorCmd::Add(a) => add(ctx, a),
        IndicatorCmd::Record(a) => record(ctx, a),
        IndicatorCmd::History(a) => history(ctx, a),
        IndicatorCmd::Target(a) => set_target(ctx, a),
    }
}

const COLUMNS: &[&str] = crate::output::columns::INDICATORS;

fn list(ctx: &Ctx) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let mut l = Listing::new(COLUMNS);
    for i in &cat.items {
        let v = store::to_json(i);
        l.push(COLUMNS.iter().map(|c| v[*c].clone()).collect());
    }
    output::print_listing(format, &l)
}

/// Finds an indicator by code or name, or rejects naming the input.
pub fn find<'a>(cat: &'a Catalogue, input: &str) -> Result<&'a Indicator> {
    match cat.find(input) {
        Some(i) => Ok(i),
        None => reject!("unknown indicator \"{input}\"; see `suivi indicator list`"),
    }
}

fn show(ctx: &Ctx, input: &str) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let i = find(&cat, input)?;
    let v = store::to_json(i);
    let fields: Vec<(&str, Value)> = v
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.as_str(), v.clone())).collect())
        .unwrap_or_default();
    output::print_record(format, &fields)
}

fn add(ctx: &Ctx, a: IndicatorAdd) -> Result<()> {
    let mut db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let code = a.code.trim().to_string();
    if let Err(e) = check_code(&code) {
        reject!("{e}");
    }
    if cat.by_code(&code).is_some() {
        reject!("indicator {code} already exists; nothing was changed");
    }
    if a.name_fr.trim().is_empty() {
        reject!("--name-fr of indicator {code} is empty");
    }
    let unit = Unit::parse(&a.unit).map_err(crate::error::rejected)?;
    let direction = a
        .direction
        .parse::<Direction>()
        .map_err(|e| crate::error::rejected(e.to_string()))?;
    let kind = match &a.formula {
        Some(f) => {
            let formula = Formula::parse(f)
                .map_err(|e| crate::error::rejected(format!("formula \"{f}\": {e}")))?;
            cat.check_formula(&code, &formula)
                .map_err(crate::error::rejected)?;
            Kind::Formula(formula)
        }
        None => Kind::Recorded {
            over_time: match &a.over_time {
                Some(s) => s
                    .parse::<OverTime>()
                    .map_err(|e| crate::error::rejected(e.to_string()))?,
                None => OverTime::Last,
            },
            across: match &a.across {
                Some(s) => s
                    .parse::<Across>()
                    .map_err(|e| crate::error::rejected(e.to_string()))?,
                None if unit == Unit::Bool => Across::Mean,
                None => Across::Sum,
            },
        },
    };
    let ind = Indicator {
        id: 0,
        code: code.clone(),
        name_fr: a.name_fr.trim().to_string(),
        name_en: super::clean(a.name_en),
        unit,
        direction,
        kind,
        pupils: a.pupils,
    };
    let w = db.writer(&ctx.author)?;
    store::insert(&w, &ind)?;
    w.commit()?;
    println!("Added indicator {code} ({})", ind.name_fr);
    Ok(())
}

fn record(ctx: &Ctx, a: IndicatorRecord) -> Result<()> {
    let mut db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let hid = house_id(&db.conn, &a.house)?;
    let ind = find(&cat, &a.indicator)?.clone();
    if ind.formula().is_some() {
        reject!(
            "{} is computed from a formula ({}); record its components instead",
            ind.code,
            ind.formula().map(|f| f.to_string()).unwrap_or_default()
        );
    }
    let period = parse_period(&a.period, "period")?;
    let value = ind.unit.parse_value(&a.value, Decimal::Auto).map_err(|e| {
        crate::error::rejected(format!("value for {} of {}: {e}", ind.code, a.house))
    })?;
    let mut w = db.writer(&ctx.author)?;
    // Locks are read inside the write transaction: one committed while this
    // command waited for the database still applies.
    guard_locks(&lock::list(&w.tx)?, &period, &a.force)?;
    apply_reason(&mut w, &a.force)?;
    let comment = super::clean(a.comment);
    let change = observation::record(
        &w,
        hid,
        &a.house,
        ind.id,
        &ind.code,
        &period,
        value,
        comment.as_deref(),
    )?;
    w.commit()?;
    let p = period.canonical();
    let shown = output::number_text(value);
    match change {
        Change::Inserted => println!("Recorded {} {} {p} = {shown}", a.house, ind.code),
        Change::Updated { before } => println!(
            "Updated {} {} {p}: {} → {shown} (the old value is kept in the log)",
            a.house,
            ind.code,
            output::number_text(before)
        ),
        Change::Unchanged => println!(
            "{} {} {p} already is {shown}: nothing changed",
            a.house, ind.code
        ),
    }
    Ok(())
}

pub const OBSERVATION_COLUMNS: &[&str] = &[
    "house",
    "indicator",
    "period",
    "value",
    "comment",
    "batch",
    "recorded_at",
    "recorded_by",
];

fn history(ctx: &Ctx, a: IndicatorHistory) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let hid = house_id(&db.conn, &a.house)?;
    let ind = match &a.indicator {
        Some(i) => Some(find(&cat, i)?.id),
        None => None,
    };
    let from = a
        .from
        .as_deref()
        .map(|p| parse_period(p, "--from"))
        .transpose()?;
    let to =
        a.to.as_deref()
            .map(|p| parse_period(p, "--to"))
            .transpose()?;
    let rows = observation::history(
        &db.conn,
        Some(hid),
        ind,
        from.map(|p| p.first_month()),
        to.map(|p| p.last_month()),
    )?;
    output::print_listing(format, &Listing::of(&rows, OBSERVATION_COLUMNS)?)
}

/// Parses a target or baseline value for an indicator: formula indicators
/// take any number, recorded ones what their unit allows.
pub fn target_value(ind: &Indicator, input: &str, what: &str) -> Result<f64> {
    let parsed = if ind.formula().is_some() {
        parse_number(input, Decimal::Auto).map_err(|e| e.to_string())
    } else {
        ind.unit.parse_value(input, Decimal::Auto)
    };
    parsed.map_err(|e| crate::error::rejected(format!("{what} for {}: {e}", ind.code)))
}

fn set_target(ctx: &Ctx, a: IndicatorTarget) -> Result<()> {
    let mut db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let hid = house_id(&db.conn, &a.house)?;
    let ind = find(&cat, &a.indicator)?.clone();
    let t = build_target(
        &a.house,
        &ind,
        a.baseline.as_deref(),
        a.baseline_period.as_deref(),
        &a.target,
        &a.target_period,
    )?;
    let w = db.writer(&ctx.author)?;
    let changed = target::set(&w, hid, ind.id, &t)?;
    w.commit()?;
    if changed {
        println!(
            "Target for {} {}: {} by {} (baseline {} in {})",
            a.house,
            ind.code,
            output::number_text(t.target),
            t.target_period,
            t.baseline
                .map(output::number_text)
                .unwrap_or_else(|| "none".into()),
            t.baseline_period.as_deref().unwrap_or("-")
        );
    } else {
        println!("Target for {} {} unchanged", a.house, ind.code);
    }
    Ok(())
}

/// Validates a target's values and periods (shared with `import targets`).
pub fn build_target(
    house: &str,
    ind: &Indicator,
    baseline: Option<&str>,
    baseline_period: Option<&str>,
    target: &str,
    target_period: &str,
) -> Result<Target> {
    let baseline_value = baseline
        .map(|b| target_value(ind, b, "baseline"))
        .transpose()
        .map_err(|e| tag(e, "baseline"))?;
    let bp = baseline_period
        .map(|p| parse_period(p, "baseline period"))
        .transpose()
        .map_err(|e| tag(e, "baseline_period"))?;
    if baseline_value.is_some() != bp.is_some() {
        reject!(
            "a baseline needs both a value and a period (house {house}, {})",
            ind.code
        );
    }
    let target_value = target_value(ind, target, "target").map_err(|e| tag(e, "target"))?;
    let tp = parse_period(target_period, "target period").map_err(|e| tag(e, "target_period"))?;
    if let Some(bp) = bp
        && tp.last_month() < bp.last_month()
    {
        reject!(
            "target period {} ends before baseline period {} (house {house}, {})",
            tp.canonical(),
            bp.canonical(),
            ind.code
        );
    }
    Ok(Target {
        house: house.to_string(),
        indicator: ind.code.clone(),
        baseline: baseline_value,
        baseline_period: bp.map(|p| p.canonical()),
        target: target_value,
        target_period: tp.canonical(),
    })
}
