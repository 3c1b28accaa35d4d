//! `suivi plan init|show|stage|action|assess|event|template`: each house's
//! institutional development plan (projet de développement institutionnel).

use crate::store::Conn;
use anyhow::Result;

use crate::messages::Msg;
use serde_json::{Value, json};

use super::{apply_reason, clean, field_error, house_id, parse_period};
use crate::cli::{
    ActionAdd, ActionCmd, ActionList, ActionUpdate, EventAdd, EventCmd, Format, PlanAssess,
    PlanCmd, PlanInit, PlanStage, TemplateCmd,
};
use crate::context::Ctx;
use crate::domain::action::{self, ActionInput, AxisRef};
use crate::domain::assessment;
use crate::domain::date::Date;
use crate::domain::number::{Decimal, parse_number};
use crate::domain::plan::{self as rules, is_late};
use crate::output::{self, Listing, num, opt_text, text};
use crate::prompt;
use crate::report::compute::plan_view;
use crate::report::model::PlanView;
use crate::store::plan::{self as store, Action, Assessment, Axis, Event, Plan};
use crate::text::normalize;

pub fn run(ctx: &Ctx, cmd: PlanCmd) -> Result<()> {
    match cmd {
        PlanCmd::Init(a) => init(ctx, a),
        PlanCmd::Show {
            house,
            as_of,
            version,
        } => show(ctx, &house, as_of.as_deref(), version),
        PlanCmd::Stage(a) => stage(ctx, a),
        PlanCmd::Action(c) => match c {
            ActionCmd::Add(a) => action_add(ctx, a),
            ActionCmd::Update(a) => action_update(ctx, a),
            ActionCmd::List(a) => action_list(ctx, a),
            ActionCmd::Show { id } => action_show(ctx, id),
            ActionCmd::Remove { id, yes } => action_remove(ctx, id, yes),
        },
        PlanCmd::Assess(a) => assess(ctx, a),
        PlanCmd::Event(c) => match c {
            EventCmd::Add(a) => event_add(ctx, a),
            EventCmd::List { house } => event_list(ctx, house.as_deref()),
        },
        PlanCmd::Template(c) => template(ctx, c),
    }
}

/// A date typed by a person; a bad one is rejected input naming the flag.
pub fn parse_date(input: &str, what: &str) -> Result<String> {
    Date::parse(input).map(|d| d.to_string()).map_err(|e| {
        crate::messages::rejected(Msg::FlagWhy {
            flag: what.to_string(),
            why: e.to_string(),
        })
    })
}

pub fn current_plan(conn: &Conn, house: &str) -> Result<(i64, Plan)> {
    let hid = house_id(conn, house)?;
    match store::current(conn, hid)? {
        Some(p) => Ok((hid, p)),
        None => Err(crate::messages::rejected(Msg::NoPlanYet {
            house: house.to_string(),
        })),
    }
}

fn init(ctx: &Ctx, a: PlanInit) -> Result<()> {
    let mut db = ctx.open()?;
    let hid = house_id(&db.conn, &a.house)?;
    let start = parse_period(&a.start, "--start")?;
    let end = parse_period(&a.end, "--end")?;
    if end.last_month() < start.first_month() {
        return Err(crate::messages::rejected(Msg::PlanEndsBeforeStart {
            end: end.canonical(),
            start: start.canonical(),
        }));
    }
    let template = a.template.trim().to_lowercase();
    if store::template_axes(&db.conn, &template)?.is_empty() {
        let names: Vec<String> = store::templates(&db.conn)?
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        return Err(crate::messages::rejected(Msg::UnknownPlanTemplate {
            input: a.template.clone(),
            names: names.join(", "),
        }));
    }
    if let Some(p) = store::current(&db.conn, hid)?
        && !a.new_version
    {
        return Err(crate::messages::rejected(Msg::PlanExists {
            house: a.house.clone(),
            version: p.version,
            start: p.start.clone(),
            end: p.end.clone(),
        }));
    }
    let w = db.writer(&ctx.author)?;
    let plan = store::create(
        &w,
        hid,
        &a.house,
        &start.canonical(),
        &end.canonical(),
        &template,
    )?;
    w.commit()?;
    let axes = store::axes(&db.conn, plan.id)?;
    output::line(
        &Msg::CreatedPlan {
            version: plan.version,
            house: a.house.clone(),
            start: plan.start.clone(),
            end: plan.end.clone(),
            axes: axes
                .iter()
                .map(|x| x.code.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
        .to_string(),
    )?;
    Ok(())
}

fn stage(ctx: &Ctx, a: PlanStage) -> Result<()> {
    let mut db = ctx.open()?;
    let (_, plan) = current_plan(&db.conn, &a.house)?;
    let stage = rules::stage(&a.stage).map_err(crate::messages::rejected)?;
    let date = match &a.date {
        Some(d) => parse_date(d, "--date")?,
        None => Date::today().to_string(),
    };
    let reached = store::stages(&db.conn, plan.id)?;
    let rank = rules::stage_rank(stage);
    if let Some((furthest, _)) = reached.last()
        && rules::stage_rank(furthest) > rank
        && !a.force.force
    {
        return Err(crate::messages::rejected(Msg::StageBack {
            house: a.house.clone(),
            furthest: furthest.clone(),
            stage: stage.to_string(),
        }));
    }
    for (s, d) in &reached {
        let r = rules::stage_rank(s);
        if r < rank && d.as_str() > date.as_str() {
            return Err(crate::messages::rejected(Msg::StageTooEarly {
                stage: stage.to_string(),
                date: date.clone(),
                before: s.clone(),
                on: d.clone(),
            }));
        }
    }
    let mut w = db.writer(&ctx.author)?;
    apply_reason(&mut w, &a.force)?;
    store::set_stage(&w, &plan, stage, &date)?;
    w.commit()?;
    output::line(
        &Msg::StageReached {
            house: a.house.clone(),
            stage: stage.to_string(),
            date: crate::domain::format::date(&date, crate::messages::fr()),
        }
        .to_string(),
    )?;
    Ok(())
}

/// Text flags of an action, as the domain takes them.
pub type ActionFields = ActionInput;

/// Validates an action's fields over `base` (the action being changed, or a
/// blank one); returns the axis id and the action. Shared by add and update.
pub fn build_action(
    house: &str,
    axes: &[Axis],
    f: &ActionFields,
    base: &Action,
    decimal: Decimal,
) -> Result<(i64, Action)> {
    let refs: Vec<AxisRef> = axes.iter().map(Axis::rule_ref).collect();
    let (i, a) = action::validate(house, &refs, f, base, decimal).map_err(field_error)?;
    Ok((axes[i].id, a))
}

fn action_add(ctx: &Ctx, a: ActionAdd) -> Result<()> {
    let mut db = ctx.open()?;
    let (_, plan) = current_plan(&db.conn, &a.house)?;
    let axes = store::axes(&db.conn, plan.id)?;
    let fields = ActionFields {
        axis: Some(a.axis),
        title: Some(a.title),
        owner: a.owner,
        start: a.start,
        due: Some(a.due),
        budget: a.budget,
        spent: a.spent,
        status: a.status,
        progress: a.progress,
    };
    let (axis_id, action) = build_action(
        &a.house,
        &axes,
        &fields,
        &Action::blank(&a.house, plan.id),
        Decimal::Auto,
    )?;
    let w = db.writer(&ctx.author)?;
    let id = store::insert_action(&w, plan.id, axis_id, &action)?;
    w.commit()?;
    output::line(
        &Msg::AddedAction {
            id,
            house: a.house.clone(),
            axis: action.axis.clone(),
            title: action.title.clone(),
        }
        .to_string(),
    )?;
    Ok(())
}

fn get_action(conn: &Conn, id: i64) -> Result<Action> {
    match store::action(conn, id)? {
        Some(a) => Ok(a),
        None => Err(crate::messages::rejected(Msg::NoSuchAction { id })),
    }
}

fn action_update(ctx: &Ctx, a: ActionUpdate) -> Result<()> {
    let mut db = ctx.open()?;
    let before = get_action(&db.conn, a.id)?;
    if before.superseded {
        return Err(crate::messages::rejected(Msg::ActionReadOnly {
            id: a.id,
            house: before.house.clone(),
        }));
    }
    let axes = store::axes(&db.conn, before.plan_id)?;
    let fields = ActionFields {
        axis: a.axis,
        title: a.title,
        owner: a.owner,
        start: a.start,
        due: a.due,
        budget: a.budget,
        spent: a.spent,
        status: a.status,
        progress: a.progress,
    };
    let (axis_id, after) = build_action(&before.house, &axes, &fields, &before, Decimal::Auto)?;
    if after == before {
        output::line(&Msg::ActionUnchanged { id: a.id }.to_string())?;
        return Ok(());
    }
    let w = db.writer(&ctx.author)?;
    store::update_action(&w, axis_id, &before, &after)?;
    w.commit()?;
    output::line(
        &Msg::UpdatedAction {
            id: a.id,
            title: after.title.clone(),
            status: after.status.clone(),
        }
        .to_string(),
    )?;
    Ok(())
}

pub const ACTION_COLUMNS: &[&str] = &[
    "id", "house", "version", "axis", "title", "owner", "start", "due", "budget", "spent",
    "status", "progress", "late",
];

/// One action as listed; `version` is the version of the plan it belongs to.
fn action_row(a: &Action, version: Option<i64>, as_of: &str) -> Vec<Value> {
    vec![
        json!(a.id),
        text(&a.house),
        json!(version),
        text(&a.axis),
        text(&a.title),
        opt_text(&a.owner),
        opt_text(&a.start),
        text(&a.due),
        num(a.budget),
        num(a.spent),
        text(&a.status),
        num(a.progress),
        json!(is_late(&a.status, &a.due, as_of)),
    ]
}

fn action_list(ctx: &Ctx, a: ActionList) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let as_of = super::as_of(a.as_of.as_deref())?.to_string();
    if let Some(h) = &a.house {
        house_id(&db.conn, h)?;
    }
    let status = a
        .status
        .as_deref()
        .map(rules::action_status)
        .transpose()
        .map_err(crate::messages::rejected)?;
    let axis_code = match &a.axis {
        Some(x) => {
            let n = normalize(x);
            let all = store::template_axes(&db.conn, "standard")?;
            Some(
                all.iter()
                    .find(|(c, fr, en)| {
                        normalize(c) == n || normalize(fr) == n || normalize(en) == n
                    })
                    .map(|(c, _, _)| c.clone())
                    .unwrap_or_else(|| x.trim().to_lowercase()),
            )
        }
        None => None,
    };
    let actions = match a.version {
        None => store::actions(&db.conn, a.house.as_deref(), axis_code.as_deref())?,
        Some(v) => {
            check_version(&db.conn, a.house.as_deref(), v)?;
            store::actions_of_version(&db.conn, a.house.as_deref(), axis_code.as_deref(), v)?
        }
    };
    let versions = store::plan_version_numbers(&db.conn)?;
    let mut l = Listing::new(ACTION_COLUMNS).keyed(&["id", "house", "title", "due", "status"]);
    for act in actions
        .iter()
        .filter(|x| !a.late || is_late(&x.status, &x.due, &as_of))
        .filter(|x| status.is_none_or(|s| x.status == s))
    {
        l.push(action_row(act, versions.get(&act.plan_id).copied(), &as_of));
    }
    output::print_listing(format, &l)
}

fn action_show(ctx: &Ctx, id: i64) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let a = get_action(&db.conn, id)?;
    let today = Date::today().to_string();
    let version = store::plan_version_numbers(&db.conn)?
        .get(&a.plan_id)
        .copied();
    let row = action_row(&a, version, &today);
    let fields: Vec<(&str, Value)> = ACTION_COLUMNS.iter().copied().zip(row).collect();
    output::print_record(format, &fields)
}

fn action_remove(ctx: &Ctx, id: i64, yes: bool) -> Result<()> {
    let mut db = ctx.open()?;
    let a = get_action(&db.conn, id)?;
    if a.superseded {
        return Err(crate::messages::rejected(Msg::ActionReadOnly {
            id,
            house: a.house.clone(),
        }));
    }
    if !prompt::confirm(
        ctx,
        yes,
        &Msg::AskRemoveAction {
            id,
            house: a.house.clone(),
            title: a.title.clone(),
        }
        .to_string(),
    )? {
        output::line(&Msg::NothingRemoved.to_string())?;
        return Ok(());
    }
    let w = db.writer(&ctx.author)?;
    store::delete_action(&w, &a)?;
    w.commit()?;
    output::line(&Msg::RemovedAction { id }.to_string())?;
    Ok(())
}

/// Finds an assessment dimension by code or label.
pub fn find_dimension(dims: &[(String, String, String)], input: &str) -> Result<String> {
    assessment::find_dimension(dims, input).map_err(field_error)
}

/// Parses a capacity score (1 to 4).
pub fn parse_score(input: &str, decimal: Decimal) -> Result<f64> {
    assessment::parse_score(input, decimal).map_err(field_error)
}

fn assess(ctx: &Ctx, a: PlanAssess) -> Result<()> {
    let mut db = ctx.open()?;
    let hid = house_id(&db.conn, &a.house)?;
    let period = parse_period(&a.period, "--period")?;
    let dims = store::dimensions(&db.conn)?;
    let mut scores = Vec::new();
    for arg in &a.scores {
        let (d, s) = rules::split_score(arg).map_err(crate::messages::rejected)?;
        let dimension = find_dimension(&dims, d)?;
        if scores.iter().any(|x: &Assessment| x.dimension == dimension) {
            return Err(crate::messages::rejected(Msg::ScoredTwice { dimension }));
        }
        scores.push(Assessment {
            house: a.house.clone(),
            period: period.canonical(),
            dimension,
            score: parse_score(s, Decimal::Auto)?,
            first_month: period.first_month(),
        });
    }
    let w = db.writer(&ctx.author)?;
    let mut changed = 0;
    for s in &scores {
        changed += store::assess(&w, hid, s)? as usize;
    }
    w.commit()?;
    output::line(
        &Msg::RecordedScores {
            n: scores.len(),
            house: a.house.clone(),
            period: period.canonical(),
            changed,
        }
        .to_string(),
    )?;
    Ok(())
}

fn event_add(ctx: &Ctx, a: EventAdd) -> Result<()> {
    let mut db = ctx.open()?;
    let hid = house_id(&db.conn, &a.house)?;
    let kind = rules::event_kind(&a.kind).map_err(crate::messages::rejected)?;
    let date = parse_date(&a.date, "--date")?;
    if a.title.trim().is_empty() {
        return Err(crate::messages::rejected(Msg::ActivityTitleEmpty));
    }
    let people = |v: &Option<String>, what: &str| -> Result<Option<i64>> {
        match v {
            None => Ok(None),
            Some(s) => match parse_number(s, Decimal::Auto) {
                Ok(n) if n >= 0.0 && n.fract() == 0.0 => Ok(Some(n as i64)),
                _ => Err(crate::messages::rejected(Msg::NotPeople {
                    flag: what.to_string(),
                    input: s.clone(),
                })),
            },
        }
    };
    let e = Event {
        id: 0,
        house: a.house.clone(),
        kind: kind.to_string(),
        date,
        title: a.title.trim().to_string(),
        women: people(&a.women, "women")?,
        men: people(&a.men, "men")?,
        notes: clean(a.notes),
    };
    let w = db.writer(&ctx.author)?;
    let id = store::insert_event(&w, hid, &e)?;
    w.commit()?;
    output::line(
        &Msg::RecordedActivity {
            id,
            kind: kind.to_string(),
            house: a.house.clone(),
            date: crate::domain::format::date(&e.date, crate::messages::fr()),
        }
        .to_string(),
    )?;
    Ok(())
}

pub const EVENT_COLUMNS: &[&str] = &[
    "id", "house", "kind", "date", "title", "women", "men", "notes",
];

fn event_list(ctx: &Ctx, house: Option<&str>) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let hid = house.map(|h| house_id(&db.conn, h)).transpose()?;
    let events = store::events(&db.conn, hid)?;
    output::print_listing(format, &Listing::of(&events, EVENT_COLUMNS)?)
}

fn template(ctx: &Ctx, c: TemplateCmd) -> Result<()> {
    match c {
        TemplateCmd::List => {
            let format = ctx.listing_format()?;
            let db = ctx.open()?;
            let mut l = Listing::new(&["template", "axis", "label_fr", "label_en"]);
            for (name, _) in store::templates(&db.conn)? {
                for (code, fr, en) in store::template_axes(&db.conn, &name)? {
                    l.push(vec![text(&name), text(&code), text(&fr), text(&en)]);
                }
            }
            output::print_listing(format, &l)
        }
        TemplateCmd::Add { name, axes } => {
            let mut db = ctx.open()?;
            let name = name.trim().to_lowercase();
            if name.is_empty() {
                return Err(crate::messages::rejected(Msg::TemplateNameEmpty));
            }
            if !store::template_axes(&db.conn, &name)?.is_empty() {
                return Err(crate::messages::rejected(Msg::TemplateExists { name }));
            }
            let mut parsed: Vec<(String, String, String)> = Vec::new();
            for arg in &axes {
                let Some((code, labels)) = arg.split_once('=') else {
                    return Err(crate::messages::rejected(Msg::AxisNotCodeLabel {
                        arg: arg.clone(),
                    }));
                };
                let code = code.trim().to_lowercase();
                let (fr, en) = labels.split_once('|').unwrap_or((labels, labels));
                if code.is_empty() || fr.trim().is_empty() {
                    return Err(crate::messages::rejected(Msg::AxisNeedsCodeLabel {
                        arg: arg.clone(),
                    }));
                }
                if parsed.iter().any(|(c, _, _)| *c == code) {
                    return Err(crate::messages::rejected(Msg::AxisTwice { code }));
                }
                parsed.push((code, fr.trim().to_string(), en.trim().to_string()));
            }
            let w = db.writer(&ctx.author)?;
            store::add_template(&w, &name, &parsed)?;
            w.commit()?;
            output::line(
                &Msg::AddedPlanTemplate {
                    name: name.clone(),
                    n: parsed.len(),
                }
                .to_string(),
            )?;
            Ok(())
        }
    }
}

/// Refuses a `--version N` that names no plan version (of `house`, or of any house).
fn check_version(conn: &Conn, house: Option<&str>, version: i64) -> Result<()> {
    match house {
        Some(h) => {
            let hid = house_id(conn, h)?;
            let versions = store::versions(conn, hid)?;
            if versions.is_empty() {
                return Err(crate::messages::rejected(Msg::NoPlanYet {
                    house: h.to_string(),
                }));
            }
            if !versions.iter().any(|p| p.version == version) {
                return Err(crate::messages::rejected(Msg::NoPlanVersion {
                    house: h.to_string(),
                    version,
                    versions: versions
                        .iter()
                        .map(|p| p.version.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                }));
            }
        }
        None => {
            if !store::plan_version_numbers(conn)?
                .values()
                .any(|v| *v == version)
            {
                return Err(crate::messages::rejected(Msg::NoHouseHasVersion {
                    version,
                }));
            }
        }
    }
    Ok(())
}

/// `plan show --version N`: the view of one version of a house's plan, the
/// current one or an earlier one kept read-only.
fn version_view(conn: &Conn, house: &str, version: i64, as_of: &str, fr: bool) -> Result<PlanView> {
    check_version(conn, Some(house), version)?;
    crate::report::compute::plan_version_view(conn, house, Some(version), as_of, fr)
}

fn show(ctx: &Ctx, house: &str, as_of_arg: Option<&str>, version: Option<i64>) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let as_of = super::as_of(as_of_arg)?.to_string();
    let view = match version {
        Some(v) => version_view(&db.conn, house, v, &as_of, ctx.fr())?,
        None => plan_view(&db.conn, house, &as_of, ctx.fr())?,
    };
    if let Some(p) = view.plan.as_ref().filter(|p| p.superseded) {
        let (_, current) = current_plan(&db.conn, house)?;
        output::warn(
            &Msg::PlanSuperseded {
                version: p.version,
                house: house.to_string(),
                current: current.version,
            }
            .to_string(),
        )?;
    }
    match format {
        Format::Json => {
            let mut out = serde_json::to_string_pretty(&view)?;
            out.push('\n');
            output::write_text(None, &out)
        }
        Format::Csv => output::write_text(
            None,
            &output::plan_csv(&view, ACTION_COLUMNS, &|a| {
                action_row(a, view.plan.as_ref().map(|p| p.version), &view.as_of)
            })?,
        ),
        _ => output::write_text(None, &crate::report::render::table::plan(&view, ctx.fr())),
    }
}
