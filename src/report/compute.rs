//! Computes the pilot report from the database in one pass of queries:
//! aggregation happens in SQLite, formulas on the combined components.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use rusqlite::Connection;

use super::model::*;
use crate::domain::aggregate::{self, Across, OverTime};
use crate::domain::date::Date;
use crate::domain::indicator::{Catalogue, Indicator, Kind, Unit, denominator};
use crate::domain::period::Period;
use crate::store::house::{self, House};
use crate::store::observation::{self, Combined};
use crate::store::{indicator as catalogue_store, plan, target};

/// What a report is asked for.
pub struct Request {
    pub period: Period,
    /// A cohort name, or `None` for every house.
    pub cohort: Option<String>,
    pub as_of: Date,
    pub fr: bool,
    /// Suppress small counts of pupils: the report leaves the ministry.
    pub publish: bool,
    /// Only this house (the house report).
    pub house: Option<String>,
}

/// Counts of pupils from 1 to this are withheld in published reports (0 is not).
pub const SMALL_COUNT: f64 = 4.0;

fn small(v: Option<f64>) -> bool {
    v.is_some_and(|v| v > 0.0 && v <= SMALL_COUNT)
}

/// Everything computed, kept for renderers that show more than the JSON.
pub struct Computed {
    pub report: PilotReport,
    pub houses: Vec<House>,
    pub catalogue: Catalogue,
}

pub fn pilot(conn: &Connection, req: &Request) -> Result<Computed> {
    let mut houses = house::list(
        conn,
        &house::Filter {
            cohort: req.cohort.clone(),
            ..Default::default()
        },
    )?;
    houses.retain(|h| req.house.as_ref().is_none_or(|c| *c == h.code));
    let ids = house::ids(conn)?;
    let house_ids: Vec<(i64, &House)> = houses
        .iter()
        .filter_map(|h| ids.get(&h.code).map(|id| (*id, h)))
        .collect();
    let cat = catalogue_store::catalogue(conn)?;
    let (first, last) = (req.period.first_month(), req.period.last_month());
    let combined = observation::combined(conn, first, last, req.cohort.as_deref())?;
    let monthly = observation::monthly(conn, first, last, req.cohort.as_deref())?;
    let targets: HashMap<(i64, i64), target::Target> = target::list(conn, req.cohort.as_deref())?
        .into_iter()
        .map(|(h, i, t)| ((h, i), t))
        .collect();

    let base_of = |house_id: i64| {
        let combined = &combined;
        let cat = &cat;
        move |code: &str| -> Option<f64> {
            let ind = cat.by_code(code)?;
            let c = combined.get(&(house_id, ind.id))?;
            Some(over_time(&ind.kind, c))
        }
    };

    let mut indicators = Vec::new();
    for ind in &cat.items {
        // Only the houses whose kind reports the indicator (exam results are
        // not asked of an elderly people's centre).
        let house_ids: Vec<(i64, &House)> = house_ids
            .iter()
            .filter(|(_, h)| ind.applies_to(&h.kind))
            .copied()
            .collect();
        if house_ids.is_empty() {
            continue;
        }
        let mut rows = Vec::new();
        // An indicator is reported when a house has data for it (or for a
        // component of its formula, even if the formula divides by zero) or a target.
        let mut any = false;
        let components = cat.recorded_components(&ind.code);
        let pupil_components: Vec<&String> = components
            .iter()
            .filter(|c| cat.by_code(c).is_some_and(|i| i.pupils))
            .collect();
        for (hid, h) in &house_ids {
            let base = base_of(*hid);
            let value = cat.value(&ind.code, &base);
            let t = targets.get(&(*hid, ind.id));
            any |= t.is_some() || components.iter().any(|c| base(c).is_some());
            let (baseline, target) = (t.and_then(|t| t.baseline), t.map(|t| t.target));
            let elapsed = t.and_then(|t| elapsed(t, last));
            // A rate over a small count would give the count away: withheld too.
            let suppressed = req.publish && pupil_components.iter().any(|c| small(base(c)));
            let progress = aggregate::progress(baseline, value, target);
            let status =
                aggregate::status(ind.direction, baseline, value, target, elapsed).as_str();
            rows.push(if suppressed {
                HouseFigures {
                    house: h.code.clone(),
                    baseline: None,
                    value: None,
                    target: None,
                    progress: None,
                    status: "no_data",
                    suppressed: true,
                }
            } else {
                HouseFigures {
                    house: h.code.clone(),
                    baseline,
                    value,
                    target,
                    progress,
                    status,
                    suppressed: false,
                }
            });
        }
        if !any {
            continue;
        }
        let mut pilot_value = pilot_value(&cat, ind, &house_ids, &base_of);
        if req.publish && ind.pupils && small(pilot_value) {
            pilot_value = None;
        }
        let (pilot_baseline, pilot_target) =
            pilot_targets(&cat, ind, &house_ids, &targets, &base_of);
        indicators.push(IndicatorSection {
            code: ind.code.clone(),
            name: ind.name(req.fr).to_string(),
            unit: ind.unit.as_str().to_string(),
            direction: ind.direction.as_str().to_string(),
            formula: ind.formula().map(|f| f.to_string()),
            pupils: ind.pupils,
            trend: trend(
                &cat,
                ind,
                &monthly,
                first,
                last.min(req.as_of.month_index()),
                req.publish,
            ),
            pilot: Figures {
                baseline: pilot_baseline,
                value: pilot_value,
                target: pilot_target,
                progress: aggregate::progress(pilot_baseline, pilot_value, pilot_target),
            },
            houses: rows,
        });
    }

    let in_scope: HashSet<&str> = houses.iter().map(|h| h.code.as_str()).collect();
    let mut plans = PlansSection::default();
    let stages = plan::furthest_stages(conn)?;
    for (hid, h) in &house_ids {
        let stage = stages.get(hid).cloned();
        plans.stages.add(stage.as_deref());
        plans.houses.push(HouseStage {
            house: h.code.clone(),
            stage,
            version: plan::current_version(conn, *hid)?,
        });
    }
    let as_of = req.as_of.to_string();
    for (code, fr, en) in plan::template_axes(conn, "standard")? {
        plans.by_axis.push(AxisSummary {
            axis: code,
            label: if req.fr { fr } else { en },
            ..Default::default()
        });
    }
    for a in plan::actions(conn, None, None)? {
        if !in_scope.contains(a.house.as_str()) {
            continue;
        }
        let late = crate::domain::plan::is_late(&a.status, &a.due, &as_of);
        plans.actions.count(&a.status, late);
        let i = match plans.by_axis.iter().position(|x| x.axis == a.axis) {
            Some(i) => i,
            None => {
                plans.by_axis.push(AxisSummary {
                    axis: a.axis.clone(),
                    label: a.axis.clone(),
                    ..Default::default()
                });
                plans.by_axis.len() - 1
            }
        };
        let x = &mut plans.by_axis[i];
        x.counts.count(&a.status, late);
        x.budget += a.budget.unwrap_or(0.0);
        x.spent += a.spent.unwrap_or(0.0);
    }
    for x in &mut plans.by_axis {
        x.execution_rate = x.counts.execution_rate();
    }
    let assessment = assessment_summary(conn, &in_scope, req.fr)?;
    let mut events = EventSummary::default();
    for e in plan::events(conn, None)? {
        let in_period = Date::parse(&e.date).is_ok_and(|d| req.period.contains_date(d));
        if !in_scope.contains(e.house.as_str()) || !in_period {
            continue;
        }
        events.total += 1;
        match e.kind.as_str() {
            "training" => events.training += 1,
            "workshop" => events.workshop += 1,
            _ => events.visit += 1,
        }
        events.women += e.women.unwrap_or(0);
        events.men += e.men.unwrap_or(0);
    }

    let completeness = completeness(conn, req, &house_ids)?;
    let overview = overview(conn, &houses, &plans, &indicators, req.fr)?;
    let alerts = alerts(conn, req, &houses, &indicators, &completeness)?;
    Ok(Computed {
        report: PilotReport {
            period: req.period.canonical(),
            cohort: req.cohort.clone().unwrap_or_else(|| "all".into()),
            as_of,
            houses: houses.len(),
            published: req.publish,
            overview,
            indicators,
            plans,
            completeness,
            assessment,
            events,
            alerts,
        },
        houses,
        catalogue: cat,
    })
}

/// Per dimension, the mean over houses of each house's first and latest score.
fn assessment_summary(
    conn: &Connection,
    in_scope: &HashSet<&str>,
    fr: bool,
) -> Result<Vec<DimensionSummary>> {
    let scores = plan::assessments(conn, None)?;
    let mut out = Vec::new();
    for (code, label_fr, label_en) in plan::dimensions(conn)? {
        let (mut first, mut latest) = (Vec::new(), Vec::new());
        let mut houses: Vec<&str> = scores
            .iter()
            .filter(|s| s.dimension == code && in_scope.contains(s.house.as_str()))
            .map(|s| s.house.as_str())
            .collect();
        houses.dedup();
        for h in &houses {
            let mine: Vec<f64> = scores
                .iter()
                .filter(|s| s.dimension == code && s.house == *h)
                .map(|s| s.score)
                .collect();
            first.extend(mine.first());
            latest.extend(mine.last());
        }
        out.push(DimensionSummary {
            dimension: code,
            label: if fr { label_fr } else { label_en },
            baseline: aggregate::combine_across(Across::Mean, &first),
            latest: aggregate::combine_across(Across::Mean, &latest),
            houses: houses.len(),
        });
    }
    Ok(out)
}

/// A recorded indicator's observations inside the period, combined by its rule.
fn over_time(kind: &Kind, c: &Combined) -> f64 {
    match kind {
        Kind::Recorded { over_time, .. } => match over_time {
            OverTime::Sum => c.sum,
            OverTime::Mean => c.mean,
            OverTime::Max => c.max,
            OverTime::Min => c.min,
            OverTime::Last => c.last,
        },
        Kind::Formula(_) => f64::NAN,
    }
}

/// Combines houses' values of a recorded indicator by its across rule; a yes/no
/// indicator reads as the share of reporting houses answering yes.
fn across(ind: &Indicator, values: &[f64]) -> Option<f64> {
    match (&ind.kind, ind.unit) {
        (_, Unit::Bool) => aggregate::share_yes(values),
        (Kind::Recorded { across, .. }, _) => aggregate::combine_across(*across, values),
        (Kind::Formula(_), _) => aggregate::combine_across(Across::Mean, values),
    }
}

/// The pilot-wide value. A formula is evaluated on the components combined
/// across the houses that report every component: a ratio of sums, never a
/// mean of the houses' rates.
fn pilot_value<F, G>(
    cat: &Catalogue,
    ind: &Indicator,
    houses: &[(i64, &House)],
    base_of: &F,
) -> Option<f64>
where
    F: Fn(i64) -> G,
    G: Fn(&str) -> Option<f64>,
{
    let components: Vec<String> = match &ind.kind {
        Kind::Recorded { .. } => vec![ind.code.clone()],
        Kind::Formula(_) => cat.recorded_components(&ind.code),
    };
    let complete: Vec<i64> = houses
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| {
            let base = base_of(*id);
            components.iter().all(|c| base(c).is_some())
        })
        .collect();
    if complete.is_empty() {
        return None;
    }
    let pilot_base = |code: &str| -> Option<f64> {
        let comp = cat.by_code(code)?;
        let values: Vec<f64> = complete
            .iter()
            .filter_map(|id| base_of(*id)(code))
            .collect();
        across(comp, &values)
    };
    cat.value(&ind.code, &pilot_base)
}

/// Pilot-wide baseline and target from the houses' ones. For a recorded
/// indicator they combine like values; for a rate, each house's figure is
/// weighted by its denominator in the report period (pupils sat for the
/// success rate), which is how a ratio of sums weights houses.
fn pilot_targets<F, G>(
    cat: &Catalogue,
    ind: &Indicator,
    houses: &[(i64, &House)],
    targets: &HashMap<(i64, i64), target::Target>,
    base_of: &F,
) -> (Option<f64>, Option<f64>)
where
    F: Fn(i64) -> G,
    G: Fn(&str) -> Option<f64>,
{
    let with_target: Vec<(i64, &target::Target)> = houses
        .iter()
        .filter_map(|(id, _)| targets.get(&(*id, ind.id)).map(|t| (*id, t)))
        .collect();
    if with_target.is_empty() {
        return (None, None);
    }
    match ind.formula() {
        None => {
            let baselines: Vec<f64> = with_target.iter().filter_map(|(_, t)| t.baseline).collect();
            let targets: Vec<f64> = with_target.iter().map(|(_, t)| t.target).collect();
            (across(ind, &baselines), across(ind, &targets))
        }
        Some(f) => {
            let den = denominator(f);
            let weight = |id: i64| -> f64 {
                den.as_ref()
                    .and_then(|d| d.eval(&|v| cat.value(v, &base_of(id))))
                    .filter(|w| w.is_finite() && *w > 0.0)
                    .unwrap_or(1.0)
            };
            let weighted = |pick: &dyn Fn(&target::Target) -> Option<f64>| -> Option<f64> {
                let (mut sum, mut total) = (0.0, 0.0);
                for (id, t) in &with_target {
                    if let Some(v) = pick(t) {
                        let w = weight(*id);
                        sum += v * w;
                        total += w;
                    }
                }
                (total > 0.0).then(|| sum / total)
            };
            (weighted(&|t| t.baseline), weighted(&|t| Some(t.target)))
        }
    }
}

/// The fraction of the time from baseline to target that has passed at the
/// end of the report period, in months.
fn elapsed(t: &target::Target, report_last: i32) -> Option<f64> {
    let b = Period::parse(t.baseline_period.as_deref()?)
        .ok()?
        .last_month();
    let e = Period::parse(&t.target_period).ok()?.last_month();
    if e <= b {
        return None;
    }
    Some(((report_last - b) as f64 / (e - b) as f64).clamp(0.0, 1.0))
}

/// House-months of the period up to the as-of date, and those covered by at
/// least one observation; house by house, month by month.
fn completeness(
    conn: &Connection,
    req: &Request,
    houses: &[(i64, &House)],
) -> Result<Completeness> {
    let last = req.period.last_month().min(req.as_of.month_index());
    matrix(
        conn,
        req.period.first_month(),
        last,
        req.period.last_month(),
        req.cohort.as_deref(),
        houses,
    )
}

/// The completeness matrix of months `[first, last]`; observations may run to `until`.
pub fn matrix(
    conn: &Connection,
    first: i32,
    last: i32,
    until: i32,
    cohort: Option<&str>,
    houses: &[(i64, &House)],
) -> Result<Completeness> {
    if last < first || houses.is_empty() {
        return Ok(Completeness::default());
    }
    let covered = applicable_months(conn, first, until, cohort, houses)?;
    let months: Vec<i32> = (first..=last).collect();
    let mut out = Completeness {
        months: months
            .iter()
            .map(|m| Period::from_month_index(*m).canonical())
            .collect(),
        ..Default::default()
    };
    for (hid, h) in houses {
        let spans = covered.get(hid).map(Vec::as_slice).unwrap_or(&[]);
        let got: Vec<bool> = months
            .iter()
            .map(|m| spans.iter().any(|(a, b)| a <= m && m <= b))
            .collect();
        let received = got.iter().filter(|g| **g).count();
        if received == 0 {
            out.not_reporting.push(h.code.clone());
        }
        out.houses.push(HouseCompleteness {
            house: h.code.clone(),
            expected: months.len(),
            received,
            rate: Some(100.0 * received as f64 / months.len() as f64),
            missing: months
                .iter()
                .zip(&got)
                .filter(|(_, g)| !**g)
                .map(|(m, _)| Period::from_month_index(*m).canonical())
                .collect(),
            months: got,
        });
        out.expected += months.len();
        out.received += received;
    }
    out.rate = Some(100.0 * out.received as f64 / out.expected as f64);
    Ok(out)
}

/// The pilot-wide value of an indicator month by month, from one-month
/// observations: recorded indicators combine across houses by their rule,
/// formulas are evaluated on the monthly components.
fn trend(
    cat: &Catalogue,
    ind: &Indicator,
    monthly: &HashMap<(i64, i32), observation::MonthTotals>,
    first: i32,
    last: i32,
    publish: bool,
) -> Vec<TrendPoint> {
    let at = |m: i32| {
        let base = |code: &str| -> Option<f64> {
            let i = cat.by_code(code)?;
            let (sum, mean, _) = monthly.get(&(i.id, m))?;
            Some(match (&i.kind, i.unit) {
                (_, Unit::Bool) => 100.0 * mean,
                (
                    Kind::Recorded {
                        across: Across::Mean,
                        ..
                    },
                    _,
                ) => *mean,
                _ => *sum,
            })
        };
        cat.value(&ind.code, &base)
            .filter(|v| !(publish && ind.pupils && small(Some(*v))))
    };
    let points: Vec<TrendPoint> = (first..=last)
        .map(|m| TrendPoint {
            period: Period::from_month_index(m).canonical(),
            value: at(m),
        })
        .collect();
    if points.iter().filter(|p| p.value.is_some()).count() < 2 {
        return Vec::new();
    }
    points
}

/// Houses by region and kind, capacity and boarders.
fn overview(
    conn: &Connection,
    houses: &[House],
    plans: &PlansSection,
    indicators: &[IndicatorSection],
    fr: bool,
) -> Result<Overview> {
    let pilot = |code: &str| {
        indicators
            .iter()
            .find(|i| i.code == code)
            .and_then(|i| i.pilot.value)
    };
    let mut o = Overview {
        capacity: houses.iter().map(|h| h.capacity).sum(),
        boarders: pilot("boarders"),
        boarders_girls: pilot("boarders_girls"),
        ..Default::default()
    };
    o.boarders_boys = match (o.boarders, o.boarders_girls) {
        (Some(b), Some(g)) if b >= g => Some(b - g),
        _ => None,
    };
    for r in crate::store::region::all(conn)? {
        let mine: Vec<&House> = houses.iter().filter(|h| h.region_code == r.code).collect();
        if !mine.is_empty() {
            o.by_region.push(GroupCount {
                key: r.code.clone(),
                label: r.name_fr.clone(),
                houses: mine.len(),
                capacity: mine.iter().map(|h| h.capacity).sum(),
            });
        }
    }
    for (code, l_fr, l_en) in crate::domain::register::HOUSE_KINDS {
        let mine: Vec<&House> = houses.iter().filter(|h| h.kind == *code).collect();
        if !mine.is_empty() {
            o.by_kind.push(GroupCount {
                key: code.to_string(),
                label: if fr { l_fr } else { l_en }.to_string(),
                houses: mine.len(),
                capacity: mine.iter().map(|h| h.capacity).sum(),
            });
        }
    }
    for h in houses {
        o.house_list.push(HouseLine {
            code: h.code.clone(),
            name: h.name.clone(),
            name_ar: h.name_ar.clone(),
            kind: h.kind.clone(),
            region: h.region.clone(),
            capacity: h.capacity,
            stage: plans
                .houses
                .iter()
                .find(|s| s.house == h.code)
                .and_then(|s| s.stage.clone()),
        });
    }
    Ok(o)
}

/// Broken rules, overcrowding, late actions and missing data, as data: the
/// document layer words them.
fn alerts(
    conn: &Connection,
    req: &Request,
    houses: &[House],
    indicators: &[IndicatorSection],
    completeness: &Completeness,
) -> Result<Vec<Alert>> {
    let in_scope: HashSet<&str> = houses.iter().map(|h| h.code.as_str()).collect();
    let mut out: Vec<Alert> = Vec::new();
    // One alert per rule and house, not per month.
    for v in super::checks::evaluate(conn, Some(&req.period))? {
        if !in_scope.contains(v.house.as_str()) || v.rule == "boarders_within_capacity" {
            continue;
        }
        let same = |a: &Alert| {
            a.house.as_deref() == Some(v.house.as_str())
                && matches!(&a.subject, AlertSubject::Rule { rule, .. } if *rule == v.rule)
        };
        if let Some(AlertSubject::Rule { periods, .. }) =
            out.iter_mut().find(|a| same(a)).map(|a| &mut a.subject)
        {
            *periods += 1;
            continue;
        }
        out.push(Alert {
            kind: "rule",
            severity: if v.severity == "error" {
                "error"
            } else {
                "warning"
            },
            house: Some(v.house.clone()),
            subject: AlertSubject::Rule {
                rule: v.rule.clone(),
                periods: 1,
                example: RuleExample {
                    period: v.period.canonical(),
                    left: v.left.clone(),
                    op: v.op.clone(),
                    right: v.right.clone(),
                    left_value: v.left_value,
                    right_value: v.right_value,
                },
            },
        });
    }
    if let Some(occ) = indicators.iter().find(|i| i.code == "occupancy_rate") {
        for h in &occ.houses {
            if let Some(rate) = h.value.filter(|v| *v > 100.0) {
                out.push(Alert {
                    kind: "overcrowding",
                    severity: "warning",
                    house: Some(h.house.clone()),
                    subject: AlertSubject::Overcrowding {
                        indicator: occ.code.clone(),
                        rate,
                    },
                });
            }
        }
    }
    let as_of = req.as_of.to_string();
    for a in plan::actions(conn, None, None)? {
        if in_scope.contains(a.house.as_str())
            && crate::domain::plan::is_late(&a.status, &a.due, &as_of)
        {
            out.push(Alert {
                kind: "late_action",
                severity: "warning",
                house: Some(a.house.clone()),
                subject: AlertSubject::LateAction {
                    action: a.title.clone(),
                    due: a.due.clone(),
                },
            });
        }
    }
    for h in &completeness.houses {
        let (severity, subject) = if h.received == 0 {
            (
                "error",
                AlertSubject::NoData {
                    period: req.period.canonical(),
                },
            )
        } else if !h.missing.is_empty() {
            (
                "warning",
                AlertSubject::MissingMonths {
                    months: h.missing.clone(),
                },
            )
        } else {
            continue;
        };
        out.push(Alert {
            kind: "missing_data",
            severity,
            house: Some(h.house.clone()),
            subject,
        });
    }
    Ok(out)
}

/// Gathers a house's plan, assessments and events.
pub fn plan_view(conn: &Connection, house: &str, as_of: &str, fr: bool) -> Result<PlanView> {
    let Some(hid) = house::id(conn, house)? else {
        crate::reject!("unknown house \"{house}\"; see `suivi house list`");
    };
    let versions = plan::versions(conn, hid)?;
    let plan = versions.iter().rfind(|p| !p.superseded).cloned();
    let mut view = PlanView {
        house: house.to_string(),
        as_of: as_of.to_string(),
        plan: plan.clone(),
        stage: None,
        stages: Vec::new(),
        axes: Vec::new(),
        late_actions: Vec::new(),
        assessment: Vec::new(),
        events: plan::events(conn, Some(hid))?,
        previous_versions: versions.into_iter().filter(|p| p.superseded).collect(),
    };
    if let Some(p) = &plan {
        view.stages = plan::stages(conn, p.id)?
            .into_iter()
            .map(|(stage, reached_on)| StageView { stage, reached_on })
            .collect();
        view.stage = view.stages.last().map(|s| s.stage.clone());
        let actions = plan::plan_actions(conn, p.id)?;
        for axis in plan::axes(conn, p.id)? {
            let mine: Vec<ActionView> = actions
                .iter()
                .filter(|a| a.axis == axis.code)
                .map(|a| ActionView {
                    late: crate::domain::plan::is_late(&a.status, &a.due, as_of),
                    action: a.clone(),
                })
                .collect();
            let budget: f64 = mine.iter().filter_map(|a| a.action.budget).sum();
            let spent: f64 = mine.iter().filter_map(|a| a.action.spent).sum();
            view.late_actions
                .extend(mine.iter().filter(|a| a.late).map(|a| a.action.id));
            view.axes.push(AxisView {
                label: if fr {
                    axis.label_fr.clone()
                } else {
                    axis.label_en.clone()
                },
                code: axis.code,
                total: mine.len(),
                done: mine.iter().filter(|a| a.action.status == "done").count(),
                late: mine.iter().filter(|a| a.late).count(),
                execution_rate: crate::domain::plan::execution_rate(
                    mine.iter().map(|a| a.action.status.as_str()),
                ),
                budget,
                spent,
                budget_executed: (budget > 0.0).then(|| 100.0 * spent / budget),
                actions: mine,
            });
        }
    }
    let scores = plan::assessments(conn, Some(hid))?;
    for (code, label_fr, label_en) in plan::dimensions(conn)? {
        let mine: Vec<&plan::Assessment> = scores.iter().filter(|s| s.dimension == code).collect();
        let (first, last) = (mine.first(), mine.last());
        view.assessment.push(DimensionView {
            dimension: code,
            label: if fr { label_fr } else { label_en },
            baseline_period: first.map(|s| s.period.clone()),
            baseline: first.map(|s| s.score),
            latest_period: last.map(|s| s.period.clone()),
            latest: last.map(|s| s.score),
        });
    }
    Ok(view)
}

/// One house's dossier: the pilot computation restricted to the house, with
/// the history of each indicator, the plan, completeness and alerts.
pub fn house(conn: &Connection, req: &Request) -> Result<HouseReport> {
    let code = req.house.clone().unwrap_or_default();
    let Some(h) = house::get(conn, &code)? else {
        crate::reject!("unknown house \"{code}\"; see `suivi house list`");
    };
    let hid = house::id(conn, &code)?.unwrap_or_default();
    let r = pilot(
        conn,
        &Request {
            cohort: None,
            period: req.period,
            as_of: req.as_of,
            fr: req.fr,
            publish: req.publish,
            house: Some(code.clone()),
        },
    )?;
    let history = observation::history(conn, Some(hid), None, None, Some(req.period.last_month()))?;
    let mut indicators = Vec::new();
    for section in r.report.indicators {
        let pupils = section.pupils;
        let Some(figures) = section.houses.into_iter().next() else {
            continue;
        };
        let hist: Vec<TrendPoint> = history
            .iter()
            .filter(|o| o.indicator == section.code)
            .map(|o| TrendPoint {
                period: o.period.clone(),
                value: Some(o.value).filter(|v| !(req.publish && pupils && small(Some(*v)))),
            })
            .collect();
        indicators.push(HouseIndicator {
            code: section.code,
            name: section.name,
            unit: section.unit,
            direction: section.direction,
            formula: section.formula,
            figures,
            history: hist,
        });
    }
    let association = match &h.association {
        Some(a) => crate::store::association::get(conn, a)?,
        None => None,
    };
    Ok(HouseReport {
        period: req.period.canonical(),
        as_of: req.as_of.to_string(),
        published: req.publish,
        plan: plan_view(conn, &code, &req.as_of.to_string(), req.fr)?,
        completeness: r.report.completeness.houses.into_iter().next(),
        alerts: r.report.alerts,
        association,
        house: h,
        indicators,
    })
}

/// `report completeness`: the matrix over months `[first, last]`.
pub fn completeness_report(
    conn: &Connection,
    first: i32,
    last: i32,
    cohort: Option<&str>,
) -> Result<Completeness> {
    let houses = house::list(
        conn,
        &house::Filter {
            cohort: cohort.map(str::to_string),
            ..Default::default()
        },
    )?;
    let ids = house::ids(conn)?;
    let with_ids: Vec<(i64, &House)> = houses
        .iter()
        .filter_map(|h| ids.get(&h.code).map(|id| (*id, h)))
        .collect();
    matrix(conn, first, last, last, cohort, &with_ids)
}

/// Whether a house reports every recorded component of an indicator (the
/// houses a group's ratio of sums is taken over).
pub fn house_reports(
    cat: &Catalogue,
    combined: &HashMap<(i64, i64), Combined>,
    house_id: i64,
    ind: &Indicator,
) -> bool {
    let components = match &ind.kind {
        Kind::Recorded { .. } => vec![ind.code.clone()],
        Kind::Formula(_) => cat.recorded_components(&ind.code),
    };
    components.iter().all(|c| {
        cat.by_code(c)
            .is_some_and(|i| combined.contains_key(&(house_id, i.id)))
    })
}

/// The value of an indicator over a set of houses with the pilot-wide rules
/// (over time, then across houses; a formula as a ratio of sums over the
/// houses reporting every component): for roll-ups and the evaluation.
pub fn group_value(
    cat: &Catalogue,
    ind: &Indicator,
    houses: &[(i64, &House)],
    combined: &HashMap<(i64, i64), Combined>,
) -> Option<f64> {
    let base_of = |house_id: i64| {
        move |code: &str| -> Option<f64> {
            let ind = cat.by_code(code)?;
            Some(over_time(&ind.kind, combined.get(&(house_id, ind.id))?))
        }
    };
    pilot_value(cat, ind, houses, &base_of)
}

/// Whether an indicator is expected of a house (its kind): completeness and
/// templates count only these.
pub fn applicable(ind: &Indicator, house: &House) -> bool {
    ind.applies_to(&house.kind)
}

/// Months each house reported within `[first, last]`, counting only
/// observations of indicators that apply to the house's kind (completeness).
pub fn applicable_months(
    conn: &Connection,
    first: i32,
    last: i32,
    cohort: Option<&str>,
    houses: &[(i64, &House)],
) -> Result<HashMap<i64, Vec<(i32, i32)>>> {
    let cat = catalogue_store::catalogue(conn)?;
    let kinds: HashMap<i64, &str> = houses
        .iter()
        .map(|(id, h)| (*id, h.kind.as_str()))
        .collect();
    let applies: HashMap<i64, &Indicator> = cat.items.iter().map(|i| (i.id, i)).collect();
    let mut out = HashMap::new();
    for (house, spans) in observation::indicator_months_covered(conn, first, last, cohort)? {
        let Some(kind) = kinds.get(&house) else {
            continue;
        };
        let mut mine: Vec<(i32, i32)> = spans
            .into_iter()
            .filter(|(ind, _, _)| applies.get(ind).is_none_or(|i| i.applies_to(kind)))
            .map(|(_, a, b)| (a, b))
            .collect();
        mine.sort_unstable();
        mine.dedup();
        out.insert(house, mine);
    }
    Ok(out)
}
