//! `suivi indicator list|show|add|edit|record|history|target`.

use anyhow::Result;
use serde_json::Value;

use super::{apply_reason, guard_locks, house_id, parse_period};
use crate::cli::{
    Format, IndicatorAdd, IndicatorCmd, IndicatorEdit, IndicatorHistory, IndicatorRecord,
    IndicatorTarget,
};
use crate::context::Ctx;
use crate::domain::aggregate::{Across, Direction, OverTime};
use crate::domain::formula::Formula;
use crate::domain::indicator::{Catalogue, Indicator, Kind, Unit, check_code};
use crate::domain::number::Decimal;
use crate::messages::Msg;
use crate::output::{self, Listing};
use crate::reject;
use crate::store::observation::{self, Change};
use crate::store::target;
use crate::store::{indicator as store, lock};

pub fn run(ctx: &Ctx, cmd: IndicatorCmd) -> Result<()> {
    match cmd {
        IndicatorCmd::List => list(ctx),
        IndicatorCmd::Show { indicator } => show(ctx, &indicator),
        IndicatorCmd::Add(a) => output::line(&add(ctx, a)?),
        IndicatorCmd::Edit(a) => output::line(&edit(ctx, a)?),
        IndicatorCmd::Record(a) => output::line(&record(ctx, a)?),
        IndicatorCmd::History(a) => history(ctx, a),
        IndicatorCmd::Target(a) => output::line(&set_target(ctx, a)?),
    }
}

const COLUMNS: &[&str] = crate::output::columns::INDICATORS;

fn list(ctx: &Ctx) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let mut l = Listing::new(COLUMNS).keyed(&["code", "name_fr", "unit"]);
    for i in &cat.items {
        let v = shown(i, format, ctx.fr());
        l.push(COLUMNS.iter().map(|c| v[*c].clone()).collect());
    }
    output::print_listing(format, &l)
}

/// An indicator as listings show it: `kinds` is an array in JSON (empty for
/// every kind), a comma-separated cell in a table or CSV.
fn shown(i: &Indicator, format: Format, fr: bool) -> Value {
    let mut v = store::to_json(i);
    if format != Format::Json {
        v["kinds"] = Value::String(if i.kinds.is_empty() {
            if fr { "toutes" } else { "all" }.to_string()
        } else {
            i.kinds.join(",")
        });
    }
    v
}

/// Finds an indicator by code or name, or rejects naming the input.
pub fn find<'a>(cat: &'a Catalogue, input: &str) -> Result<&'a Indicator> {
    match cat.find(input) {
        Some(i) => Ok(i),
        None => {
            let names = cat.items.iter().flat_map(|i| {
                [
                    Some(i.code.as_str()),
                    Some(i.name_fr.as_str()),
                    i.name_en.as_deref(),
                    i.name_ar.as_deref(),
                ]
                .into_iter()
                .flatten()
            });
            let mut details: Vec<String> = crate::text::did_you_mean(names, input)
                .into_iter()
                .collect();
            details.push(
                Msg::SeeList {
                    command: "suivi indicator list".into(),
                }
                .to_string(),
            );
            Err(crate::error::rejected_with(
                Msg::UnknownIndicator {
                    input: input.to_string(),
                }
                .to_string(),
                details,
            ))
        }
    }
}

fn show(ctx: &Ctx, input: &str) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let i = find(&cat, input)?;
    let v = shown(i, format, ctx.fr());
    let fields: Vec<(&str, Value)> = v
        .as_object()
        .map(|m| m.iter().map(|(k, v)| (k.as_str(), v.clone())).collect())
        .unwrap_or_default();
    output::print_record(format, &fields)
}

/// Adds an indicator; returns what was done.
fn add(ctx: &Ctx, a: IndicatorAdd) -> Result<String> {
    let mut db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let code = a.code.trim().to_string();
    if let Err(e) = check_code(&code) {
        reject!("{e}");
    }
    if cat.by_code(&code).is_some() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::IndicatorExists { code },
        ));
    }
    if a.name_fr.trim().is_empty() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::NameFrEmpty { code },
        ));
    }
    let unit = Unit::parse(&a.unit).map_err(crate::error::rejected)?;
    let direction = a
        .direction
        .parse::<Direction>()
        .map_err(|e| crate::error::rejected(e.to_string()))?;
    let kind = match &a.formula {
        Some(f) => {
            let formula = Formula::parse(f).map_err(|e| {
                crate::messages::rejected(crate::messages::Msg::BadFormula {
                    formula: f.to_string(),
                    why: e.to_string(),
                })
            })?;
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
    let kinds = match &a.kinds {
        Some(k) => store::parse_kinds(k).map_err(crate::error::rejected)?,
        None => Vec::new(),
    };
    let ind = Indicator {
        id: 0,
        code: code.clone(),
        name_fr: a.name_fr.trim().to_string(),
        name_en: super::clean(a.name_en),
        name_ar: super::clean(a.name_ar),
        unit,
        direction,
        kind,
        pupils: a.pupils,
        kinds,
    };
    if let Some(clash) = store::name_clash(&cat, &ind) {
        return Err(crate::messages::rejected(
            crate::messages::Msg::NothingChanged { why: clash },
        ));
    }
    let w = db.writer(&ctx.author)?;
    store::insert(&w, &ind)?;
    w.commit()?;
    Ok(crate::messages::Msg::AddedIndicator {
        code,
        name: ind.name_fr.clone(),
    }
    .to_string())
}

/// Changes an indicator's names, kinds or direction; returns what was done.
fn edit(ctx: &Ctx, a: IndicatorEdit) -> Result<String> {
    let mut db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let before = find(&cat, &a.indicator)?.clone();
    let code = before.code.clone();
    let mut after = before.clone();
    if let Some(n) = &a.name_fr {
        if n.trim().is_empty() {
            return Err(crate::messages::rejected(
                crate::messages::Msg::NameFrEmpty {
                    code: code.to_string(),
                },
            ));
        }
        after.name_fr = n.trim().to_string();
    }
    after.name_en = super::edit_opt(&before.name_en, &a.name_en);
    after.name_ar = super::edit_opt(&before.name_ar, &a.name_ar);
    if let Some(k) = &a.kinds {
        after.kinds = store::parse_kinds(k).map_err(crate::error::rejected)?;
    }
    if let Some(d) = &a.direction {
        after.direction = d.parse::<Direction>().map_err(|e| {
            crate::messages::rejected(crate::messages::Msg::FlagWhy {
                flag: "--direction".into(),
                why: e.to_string(),
            })
        })?;
    }
    if after == before {
        return Ok(crate::messages::Msg::IndicatorUnchanged {
            code: code.to_string(),
        }
        .to_string());
    }
    if let Some(clash) = store::name_clash(&cat, &after) {
        return Err(crate::messages::rejected(
            crate::messages::Msg::NothingChanged { why: clash },
        ));
    }
    let w = db.writer(&ctx.author)?;
    store::update(&w, &before, &after)?;
    w.commit()?;
    Ok(crate::messages::Msg::ChangedIndicator {
        code: code.to_string(),
        names: after.name_fr != before.name_fr
            || after.name_en != before.name_en
            || after.name_ar != before.name_ar,
        kinds: (after.kinds != before.kinds).then(|| after.kinds.join(",")),
        direction: (after.direction != before.direction)
            .then(|| after.direction.as_str().to_string()),
    }
    .to_string())
}

/// Records one value; returns what was done.
fn record(ctx: &Ctx, a: IndicatorRecord) -> Result<String> {
    let mut db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let hid = house_id(&db.conn, &a.house)?;
    let ind = find(&cat, &a.indicator)?.clone();
    if ind.formula().is_some() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::RecordComponents {
                code: ind.code.clone(),
                formula: ind.formula().map(|f| f.to_string()).unwrap_or_default(),
            },
        ));
    }
    let period = parse_period(&a.period, "period")?;
    let value = ind.unit.parse_value(&a.value, Decimal::Auto).map_err(|e| {
        crate::error::rejected(
            Msg::ValueFor {
                indicator: ind.code.clone(),
                house: a.house.clone(),
                why: e.to_string(),
            }
            .to_string(),
        )
    })?;
    let mut w = db.writer(&ctx.author)?;
    // Locks are read inside the write transaction: one committed while this
    // command waited for the database still applies.
    let comment = super::clean(a.comment);
    if !observation::is_unchanged(&w.tx, hid, ind.id, &period, value, comment.as_deref())? {
        guard_locks(&lock::list(&w.tx)?, &period, &a.force)?;
    }
    apply_reason(&mut w, &a.force)?;
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
    // A value that breaks an error-severity rule is kept, with a warning.
    for v in crate::report::checks::violations_for(&db.conn, hid, &period)? {
        if v.severity == "error" && v.involves(&cat, &ind.code) {
            output::warn(&v.entry_warning(ctx.fr(), false))?;
        }
    }
    let p = period.canonical();
    let shown = output::number_text(value);
    Ok(match change {
        Change::Inserted => Msg::RecordedValue {
            house: a.house.clone(),
            indicator: ind.code.clone(),
            period: p.clone(),
            value: shown.clone(),
        }
        .to_string(),
        Change::Updated { before } => Msg::UpdatedValue {
            house: a.house.clone(),
            indicator: ind.code.clone(),
            period: p.clone(),
            before: output::number_text(before),
            value: shown.clone(),
        }
        .to_string(),
        Change::Unchanged => Msg::ValueAlready {
            house: a.house.clone(),
            indicator: ind.code.clone(),
            period: p.clone(),
            value: shown,
        }
        .to_string(),
    })
}

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
    output::print_listing(format, &Listing::of(&rows, output::columns::OBSERVATIONS)?)
}

/// Sets a house's baseline and target; returns what was done.
fn set_target(ctx: &Ctx, a: IndicatorTarget) -> Result<String> {
    let mut db = ctx.open()?;
    let cat = store::catalogue(&db.conn)?;
    let hid = house_id(&db.conn, &a.house)?;
    let ind = find(&cat, &a.indicator)?.clone();
    // The same rules as `import targets`: a value within its unit's range (a
    // percentage above 100 is refused), a baseline with its period.
    let input = crate::domain::target::TargetInput {
        baseline: a.baseline.clone(),
        baseline_period: a.baseline_period.clone(),
        target: a.target.clone(),
        target_period: a.target_period.clone(),
    };
    let t = crate::domain::target::validate(&a.house, &ind, &input, Decimal::Auto)
        .map_err(super::field_error)?;
    let w = db.writer(&ctx.author)?;
    let changed = target::set(&w, hid, ind.id, &t)?;
    w.commit()?;
    Ok(if changed {
        crate::messages::Msg::TargetSet {
            house: a.house.clone(),
            indicator: ind.code.clone(),
            target: output::number_text(t.target),
            period: t.target_period.clone(),
            baseline: t.baseline.map(output::number_text),
            baseline_period: t.baseline_period.clone(),
        }
        .to_string()
    } else {
        crate::messages::Msg::TargetUnchanged {
            house: a.house.clone(),
            indicator: ind.code.clone(),
        }
        .to_string()
    })
}
