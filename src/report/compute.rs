//! Computes the pilot report from the database in one pass of queries:
//! aggregation happens in SQLite, formulas on the combined components.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::store::Conn;
use anyhow::Result;

use super::model::*;
use crate::domain::aggregate::{self, Across, OverTime};
use crate::domain::date::Date;
use crate::domain::indicator::{Catalogue, Indicator, Kind, Unit, denominator};
use crate::domain::period::Period;
use crate::fasthash::{FastMap, FastSet};
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

/// Which figures a published report withholds.
///
/// Primary: a house's count of pupils from 1 to [`SMALL_COUNT`]. Secondary:
/// a house's value summing its observations in the period (over-time rule
/// `sum` or `mean`) when exactly one of them is withheld; a total over houses
/// when exactly one of its addends is withheld (two or more give only their
/// sum away), or when it is itself small; a rate when any of its parts is.
struct Withhold<'a> {
    publish: bool,
    cat: &'a Catalogue,
    base: &'a Base<'a>,
    /// (house id, indicator id) → how many of the house's observations inside
    /// the period are small, for pupil counts summed or averaged over time.
    sums: &'a HashMap<(i64, i64), usize>,
    /// Pupil counts summed over time whose shown monthly trend has exactly
    /// one month withheld: their period total would give that month away.
    months_once: &'a HashSet<String>,
}

impl Withhold<'_> {
    /// Whether a house's value of a recorded pupil count is withheld.
    fn cell(&self, house: i64, code: &str) -> bool {
        let Some(i) = self.cat.by_code(code) else {
            return false;
        };
        if !self.publish || !i.pupils || i.formula().is_some() {
            return false;
        }
        small((self.base)(house, code)) || self.sums.get(&(house, i.id)) == Some(&1)
    }

    /// The pupil counts an indicator is made of (itself, or its formula's).
    fn parts(&self, ind: &Indicator) -> Vec<String> {
        self.cat
            .recorded_components(&ind.code)
            .into_iter()
            .filter(|c| self.cat.by_code(c).is_some_and(|i| i.pupils))
            .collect()
    }

    /// Whether a house's value of `ind` is withheld: a withheld count, or a
    /// rate with a withheld part.
    fn value(&self, ind: &Indicator, house: i64) -> bool {
        self.publish && self.parts(ind).iter().any(|c| self.cell(house, c))
    }

    /// Whether a pilot-wide value of `ind` over `houses` is withheld: one of
    /// its parts totals over the houses with exactly one withheld addend, or
    /// is a small count itself.
    fn total(&self, ind: &Indicator, houses: &[i64]) -> bool {
        if !self.publish {
            return false;
        }
        self.parts(ind).iter().any(|c| {
            let withheld = houses.iter().filter(|h| self.cell(**h, c)).count();
            let values: Vec<f64> = houses.iter().filter_map(|h| (self.base)(*h, c)).collect();
            let total = self.cat.by_code(c).and_then(|comp| across(comp, &values));
            withheld == 1 || small(total) || self.months_once.contains(c)
        })
    }

    /// Whether a house's baseline or target of a pupil count is withheld.
    fn goal(&self, ind: &Indicator, v: Option<f64>) -> bool {
        self.publish && ind.pupils && ind.formula().is_none() && small(v)
    }

    /// Whether a pilot-wide baseline or target summing the houses' ones is withheld.
    fn goal_total(&self, ind: &Indicator, cells: &[Option<f64>]) -> bool {
        if !self.publish || !ind.pupils || ind.formula().is_some() {
            return false;
        }
        let withheld = cells.iter().filter(|v| small(**v)).count();
        let values: Vec<f64> = cells.iter().flatten().copied().collect();
        withheld == 1 || small(across(ind, &values))
    }
}

/// The report period's observations, read in one pass and folded every way
/// the report needs. Everything is kept per house in scope by its place in
/// the scope and per recorded indicator by its slot, in flat tables: a report
/// over millions of observations holds no map entry per house and indicator,
/// nor any observation itself.
struct Observed {
    /// Each house's observations of each recorded indicator combined by the
    /// indicator's over-time rule (houses in scope).
    values: PeriodValues,
    /// One-month observations of the houses in scope: the monthly trends,
    /// and most of what the validation rules read.
    monthly: Monthly,
    /// Which months each house in scope reported (completeness).
    covered: Coverage,
    /// For pupil counts summed or averaged over time: (house id, indicator
    /// id) → how many observations inside the period are small counts
    /// (published reports only).
    small: HashMap<(i64, i64), usize>,
    /// Observations longer than a month of the indicators the validation
    /// rules read, by house in scope (one-month ones are in `monthly`).
    rule_facts: FastMap<i64, Vec<observation::Fact>>,
    /// By place: whether the house has any observation the rules read.
    rule_houses: Vec<bool>,
}

/// House id → the house's place in the report's scope: a vector indexed by
/// id when ids are dense (as SQLite's row ids are), else a map.
struct Places {
    dense: Vec<u32>,
    sparse: FastMap<i64, usize>,
}

impl Places {
    const NONE: u32 = u32::MAX;

    fn new(ids: impl Iterator<Item = i64> + Clone) -> Places {
        let (count, max) = ids
            .clone()
            .fold((0usize, -1i64), |(n, m), id| (n + 1, m.max(id)));
        let dense_ok = max < 4 * count as i64 + 1024 && count < Places::NONE as usize;
        if dense_ok && ids.clone().all(|id| id >= 0) {
            let mut dense = vec![Places::NONE; usize::try_from(max + 1).unwrap_or(0)];
            for (i, id) in ids.enumerate() {
                dense[id as usize] = i as u32;
            }
            Places {
                dense,
                sparse: FastMap::default(),
            }
        } else {
            Places {
                dense: Vec::new(),
                sparse: ids.enumerate().map(|(i, id)| (id, i)).collect(),
            }
        }
    }

    #[inline]
    fn get(&self, id: i64) -> Option<usize> {
        if self.dense.is_empty() {
            return self.sparse.get(&id).copied();
        }
        usize::try_from(id)
            .ok()
            .and_then(|i| self.dense.get(i))
            .filter(|p| **p != Places::NONE)
            .map(|p| *p as usize)
    }
}

/// A house's value of a recorded indicator over a period: its observations
/// inside the period combined by the indicator's over-time rule.
pub trait OverPeriod {
    fn value(&self, house: i64, ind: &Indicator) -> Option<f64>;
}

impl OverPeriod for observation::CombinedMap {
    fn value(&self, house: i64, ind: &Indicator) -> Option<f64> {
        self.get(&(house, ind.id)).map(|c| over_time(&ind.kind, c))
    }
}

/// One house's observations of one recorded indicator, folded by the
/// indicator's over-time rule only (what [`observation::Combiner`] folds
/// every way, kept small): `count` 0 is no observation.
#[derive(Clone, Copy, Default)]
struct Cell {
    /// sum / max / min / last value.
    a: f64,
    /// The sum's compensation (sum and mean); for `last`, the bits of its
    /// key (see [`Cell::key`]).
    b: f64,
    count: u32,
}

impl Cell {
    /// For `last`: the latest last month, then the shortest span.
    fn key(&self) -> (i32, i32) {
        let bits = self.b.to_bits();
        ((bits >> 32) as u32 as i32, bits as u32 as i32)
    }

    fn set_key(&mut self, (lm, span): (i32, i32)) {
        self.b = f64::from_bits((u64::from(lm as u32) << 32) | u64::from(span as u32));
    }
}

/// [`OverPeriod`] of the houses in scope, folded as the observations come
/// (as [`observation::Combiner`] folds them, in the same order): a table by
/// recorded indicator, each column allocated when it gets its first value.
pub struct PeriodValues {
    places: Places,
    houses: usize,
    /// Indicator id → (slot, over-time rule) of recorded indicators.
    slot: FastMap<i64, (usize, OverTime)>,
    columns: Vec<Vec<Cell>>,
}

impl PeriodValues {
    /// An empty table for the houses `ids` (their places: their order).
    fn new(cat: &Catalogue, ids: &[i64]) -> PeriodValues {
        let slot: FastMap<i64, (usize, OverTime)> = recorded(cat)
            .enumerate()
            .map(|(i, (id, rule))| (id, (i, rule)))
            .collect();
        PeriodValues {
            places: Places::new(ids.iter().copied()),
            houses: ids.len(),
            columns: vec![Vec::new(); slot.len()],
            slot,
        }
    }

    #[inline]
    fn add(&mut self, place: usize, (slot, rule): (usize, OverTime), fm: i32, lm: i32, v: f64) {
        let houses = self.houses;
        let column = &mut self.columns[slot];
        if column.is_empty() {
            column.resize(houses, Cell::default());
        }
        let c = &mut column[place];
        match rule {
            OverTime::Sum | OverTime::Mean => {
                // Compensated as observation::Combiner's sums are.
                observation::add_compensated(&mut c.a, &mut c.b, v);
            }
            OverTime::Max => c.a = if c.count == 0 { v } else { c.a.max(v) },
            OverTime::Min => c.a = if c.count == 0 { v } else { c.a.min(v) },
            OverTime::Last => {
                let key = (lm, fm - lm);
                if c.count == 0 || key > c.key() {
                    c.set_key(key);
                    c.a = v;
                }
            }
        }
        c.count = c.count.saturating_add(1);
    }
}

impl PeriodValues {
    /// Frees the table once nothing reads it (a report written without
    /// roll-ups): what it answers afterwards is that no house has a value.
    pub fn release(&mut self) {
        self.columns = vec![Vec::new(); self.columns.len()];
        self.slot = FastMap::default();
    }
}

impl OverPeriod for PeriodValues {
    fn value(&self, house: i64, ind: &Indicator) -> Option<f64> {
        let &(slot, rule) = self.slot.get(&ind.id)?;
        let c = self.columns[slot].get(self.places.get(house)?)?;
        if c.count == 0 {
            return None;
        }
        Some(match rule {
            OverTime::Sum => c.a + c.b,
            OverTime::Mean => (c.a + c.b) / f64::from(c.count),
            OverTime::Max | OverTime::Min | OverTime::Last => c.a,
        })
    }
}

/// The recorded indicators of the catalogue (id and over-time rule), in
/// catalogue order: the slots of [`Monthly`] and [`PeriodValues`].
fn recorded(cat: &Catalogue) -> impl Iterator<Item = (i64, OverTime)> + '_ {
    cat.items.iter().filter_map(|ind| match ind.kind {
        Kind::Recorded { over_time, .. } => Some((ind.id, over_time)),
        Kind::Formula(_) => None,
    })
}

/// Reads the observations inside the report's period once (see [`Observed`]).
fn observed(
    conn: &Conn,
    req: &Request,
    cat: &Catalogue,
    houses: &[(i64, &House)],
    checker: &super::checks::Checker,
) -> Result<Observed> {
    let (first, last) = (req.period.first_month(), req.period.last_month());
    let small_counts: FastSet<i64> = cat
        .items
        .iter()
        .filter(|i| {
            req.publish
                && i.pupils
                && matches!(
                    i.kind,
                    Kind::Recorded {
                        over_time: OverTime::Sum | OverTime::Mean,
                        ..
                    }
                )
        })
        .map(|i| i.id)
        .collect();
    let ids: Vec<i64> = houses.iter().map(|(id, _)| *id).collect();
    let mut values = PeriodValues::new(cat, &ids);
    let mut monthly = Monthly::new(cat, first, last, houses.len());
    let mut covered = Coverage::new(cat, first, last, houses);
    let mut small_obs = HashMap::new();
    let mut rule_facts: FastMap<i64, Vec<observation::Fact>> = FastMap::default();
    let mut rule_houses = vec![false; houses.len()];
    // Per recorded slot: whether the rules read it.
    let read: Vec<bool> = recorded(cat).map(|(id, _)| checker.reads(id)).collect();
    observation::each_in_period(conn, first, last, req.cohort.as_deref(), |fact| {
        let (house, indicator, a, b, v) = fact;
        covered.add(fact);
        if let Some(p) = values.places.get(house) {
            match values.slot.get(&indicator).copied() {
                Some(slot) => {
                    values.add(p, slot, a, b, v);
                    if a == b {
                        monthly.set(p, slot.0, a, v);
                    }
                    if read[slot.0] {
                        rule_houses[p] = true;
                        if a != b {
                            rule_facts.entry(house).or_default().push(fact);
                        }
                    }
                }
                // Not a recorded indicator of the catalogue: no slot, but
                // the rules may still read it (they never do today).
                None if checker.reads(indicator) => {
                    rule_houses[p] = true;
                    rule_facts.entry(house).or_default().push(fact);
                }
                None => {}
            }
        }
        if small_counts.contains(&indicator) && small(Some(v)) {
            *small_obs.entry((house, indicator)).or_insert(0) += 1;
        }
    })?;
    Ok(Observed {
        values,
        monthly,
        covered,
        small: small_obs,
        rule_facts,
        rule_houses,
    })
}

/// One-month observations of the houses in scope: value by house (its place
/// in the scope), recorded indicator and month of the period. A column per
/// recorded indicator, allocated at its first value, of `f32` while every
/// value fits one exactly (counts and days do), else of `f64`: values are
/// kept exact. A month not reported holds [`Monthly::NONE`] (a NaN no
/// observation has: the database stores none).
struct Monthly {
    first: i32,
    months: usize,
    houses: usize,
    /// recorded indicator id → its place among the recorded indicators.
    slot: FastMap<i64, usize>,
    columns: Vec<Column>,
}

enum Column {
    Empty,
    Narrow(Vec<f32>),
    Wide(Vec<f64>),
}

impl Monthly {
    const NONE: u64 = 0x7ff8_0000_dead_0001;
    const NONE_32: u32 = 0x7fc0_0d01;

    fn new(cat: &Catalogue, first: i32, last: i32, houses: usize) -> Monthly {
        let months = (last - first + 1).max(0) as usize;
        let slot: FastMap<i64, usize> = recorded(cat)
            .enumerate()
            .map(|(i, (id, _))| (id, i))
            .collect();
        Monthly {
            first,
            months,
            houses,
            columns: (0..slot.len()).map(|_| Column::Empty).collect(),
            slot,
        }
    }

    /// Where a recorded indicator's values are kept (see [`Monthly::get`]).
    fn slot(&self, indicator: i64) -> Option<usize> {
        self.slot.get(&indicator).copied()
    }

    fn index(&self, house: usize, month: i32) -> Option<usize> {
        let m = usize::try_from(month - self.first)
            .ok()
            .filter(|m| *m < self.months)?;
        Some(house * self.months + m)
    }

    fn set(&mut self, house: usize, slot: usize, month: i32, value: f64) {
        let Some(i) = self.index(house, month) else {
            return;
        };
        let size = self.houses * self.months;
        let Some(column) = self.columns.get_mut(slot) else {
            return;
        };
        if matches!(column, Column::Empty) {
            *column = Column::Narrow(vec![f32::from_bits(Monthly::NONE_32); size]);
        }
        match column {
            Column::Narrow(v) => {
                let narrow = value as f32;
                if f64::from(narrow).to_bits() == value.to_bits()
                    && narrow.to_bits() != Monthly::NONE_32
                {
                    v[i] = narrow;
                } else {
                    let mut wide: Vec<f64> = v
                        .iter()
                        .map(|x| {
                            if x.to_bits() == Monthly::NONE_32 {
                                f64::from_bits(Monthly::NONE)
                            } else {
                                f64::from(*x)
                            }
                        })
                        .collect();
                    wide[i] = value;
                    *column = Column::Wide(wide);
                }
            }
            Column::Wide(v) => v[i] = value,
            Column::Empty => {}
        }
    }

    /// The value of the house at place `house` in the scope, of the
    /// indicator kept at `slot`.
    fn get(&self, house: usize, slot: usize, month: i32) -> Option<f64> {
        let i = self.index(house, month)?;
        match self.columns.get(slot)? {
            Column::Empty => None,
            Column::Narrow(v) => {
                let x = *v.get(i)?;
                (x.to_bits() != Monthly::NONE_32).then_some(f64::from(x))
            }
            Column::Wide(v) => {
                let x = *v.get(i)?;
                (x.to_bits() != Monthly::NONE).then_some(x)
            }
        }
    }
}

/// Which months of a period each house reported: an observation of a month
/// or a quarter covers the months of its period, of an indicator that applies
/// to the house's kind (yearly figures such as capacity or exam results do not
/// make a month reported).
pub struct Coverage {
    first: i32,
    months: usize,
    /// indicator id → the kinds of house it applies to (empty: every kind).
    kinds_of: FastMap<i64, Vec<String>>,
    /// house id → (kind, whether each month of the period is covered).
    houses: FastMap<i64, (String, Vec<bool>)>,
}

impl Coverage {
    pub fn new(cat: &Catalogue, first: i32, last: i32, houses: &[(i64, &House)]) -> Coverage {
        let months = (last - first + 1).max(0) as usize;
        Coverage {
            first,
            months,
            kinds_of: cat.items.iter().map(|i| (i.id, i.kinds.clone())).collect(),
            houses: houses
                .iter()
                .map(|(id, h)| (*id, (h.kind.clone(), vec![false; months])))
                .collect(),
        }
    }

    pub fn add(&mut self, (house, indicator, a, b, _): observation::Fact) {
        if b - a >= 3 {
            return;
        }
        let Some((kind, got)) = self.houses.get_mut(&house) else {
            return;
        };
        if self
            .kinds_of
            .get(&indicator)
            .is_some_and(|k| !k.is_empty() && !k.contains(kind))
        {
            return;
        }
        for m in a.max(self.first)..=b {
            if let Some(g) = usize::try_from(m - self.first)
                .ok()
                .and_then(|i| got.get_mut(i))
            {
                *g = true;
            }
        }
    }

    /// Whether the house reported month `m`.
    fn has(&self, house: i64, m: i32) -> bool {
        let Ok(i) = usize::try_from(m - self.first) else {
            return false;
        };
        i < self.months && self.houses.get(&house).is_some_and(|(_, got)| got[i])
    }
}

/// Everything computed, kept for renderers that show more than the JSON.
pub struct Computed {
    pub report: PilotReport,
    pub houses: Vec<House>,
    pub catalogue: Catalogue,
    /// Each house's recorded indicators over the period, as read for the
    /// report (kept for the roll-ups, which would otherwise read them again).
    pub combined: PeriodValues,
}

/// The latest school year in which these houses have data, by the last month
/// an observation covers.
fn latest_school_year_with_data(
    conn: &Conn,
    house_ids: &[(i64, &House)],
) -> Result<Option<String>> {
    let ids: Vec<i64> = house_ids.iter().map(|(id, _)| *id).collect();
    let latest = observation::latest_month(conn, &ids)?;
    Ok(latest.and_then(|m| {
        let date = Date::new(m.div_euclid(12) as i32, m.rem_euclid(12) as u32 + 1, 1)?;
        Some(Period::school_year_of(date).canonical())
    }))
}

pub fn pilot(conn: &Conn, req: &Request) -> Result<Computed> {
    let mut houses = house::list(
        conn,
        &house::Filter {
            cohort: req.cohort.clone(),
            ..Default::default()
        },
    )?;
    houses.retain(|h| req.house.as_ref().is_none_or(|c| *c == h.code));
    // Held to the end: not a slot more than needed.
    houses.shrink_to_fit();
    let ids = house::ids(conn)?;
    let house_ids: Vec<(i64, &House)> = houses
        .iter()
        .filter_map(|h| ids.get(&h.code).map(|id| (*id, h)))
        .collect();
    let cat = catalogue_store::catalogue(conn)?;
    let (first, last) = (req.period.first_month(), req.period.last_month());
    let checker = super::checks::Checker::load(conn)?;
    let Observed {
        values: combined,
        monthly,
        covered,
        small: sums,
        mut rule_facts,
        rule_houses,
    } = observed(conn, req, &cat, &house_ids, &checker)?;
    let targets: HashMap<(i64, i64), target::Target> = target::list(conn, req.cohort.as_deref())?
        .into_iter()
        .map(|(h, i, t)| ((h, i), t))
        .collect();

    let capacities = super::checks::Capacities::load(conn, &cat)?;
    // A house's value of a recorded indicator over the period: its observations
    // inside the period combined by the over-time rule; capacity without one
    // comes from a longer observation or the register.
    let base_of = |house_id: i64| {
        let combined = &combined;
        let cat = &cat;
        let capacities = &capacities;
        move |code: &str| -> Option<f64> {
            let ind = cat.by_code(code)?;
            match combined.value(house_id, ind) {
                Some(v) => Some(v),
                None if Some(ind.id) == capacities.indicator_id() => {
                    capacities.fallback(house_id, first, last)
                }
                None => None,
            }
        }
    };
    // Each house's capacity over the period: the figure the overview, the
    // capacity indicator and the occupancy rate share.
    let capacity_of: HashMap<String, i64> = house_ids
        .iter()
        .filter_map(|(id, h)| {
            base_of(*id)(super::checks::CAPACITY).map(|v| (h.code.clone(), v.round() as i64))
        })
        .collect();

    let ids_in_scope: Vec<i64> = house_ids.iter().map(|(id, _)| *id).collect();
    let base = |id: i64, code: &str| base_of(id)(code);
    // Published reports withhold small counts of pupils (primary suppression)
    // and every figure they could be recomputed from (secondary); see README,
    // `--publish`.
    let trend_last = last.min(req.as_of.month_index());
    let mut trends: HashMap<String, Vec<TrendPoint>> = cat
        .items
        .iter()
        .map(|ind| {
            let points = trend(&cat, ind, &monthly, first, trend_last, req.publish);
            (ind.code.clone(), points)
        })
        .collect();
    // The validation rules, on the month table and the longer observations
    // (as `suivi check` reads them), a few hundred houses at a time: each
    // house's broken rules folded into its alerts as they come.
    let mut rule_alerts = RuleAlerts::default();
    {
        let rule_ids = checker.indicator_ids();
        let slots: Vec<(i64, usize)> = rule_ids
            .iter()
            .filter_map(|id| monthly.slot(*id).map(|s| (*id, s)))
            .collect();
        let with_facts: Vec<i64> = house_ids
            .iter()
            .zip(&rule_houses)
            .filter(|(_, has)| **has)
            .map(|((id, _), _)| *id)
            .collect();
        let facts_of = |id: i64| -> Vec<observation::Fact> {
            let mut out = rule_facts.remove(&id).unwrap_or_default();
            if let Some(p) = combined.places.get(id) {
                for (indicator, slot) in &slots {
                    for m in first..=last {
                        if let Some(v) = monthly.get(p, *slot, m) {
                            out.push((id, *indicator, m, m, v));
                        }
                    }
                }
            }
            out
        };
        checker.broken_within(req.period, &with_facts, facts_of, &capacities, |v| {
            rule_alerts.add(v)
        });
        rule_alerts.out.shrink_to_fit();
    }
    // The month table is the largest thing read: gone before the figures are built.
    drop(monthly);
    let months_once: HashSet<String> = cat
        .items
        .iter()
        .filter(|i| {
            matches!(
                i.kind,
                Kind::Recorded {
                    over_time: OverTime::Sum | OverTime::Mean,
                    ..
                }
            )
        })
        .filter(|i| {
            trends
                .get(&i.code)
                .is_some_and(|t| t.iter().filter(|p| p.suppressed).count() == 1)
        })
        .map(|i| i.code.clone())
        .collect();
    let withhold = Withhold {
        publish: req.publish,
        cat: &cat,
        base: &base,
        sums: &sums,
        months_once: &months_once,
    };
    // Each house's code, shared by its rows of every indicator.
    let code_of: FastMap<i64, Arc<String>> = house_ids
        .iter()
        .map(|(id, h)| (*id, Arc::new(h.code.clone())))
        .collect();
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
        let mut rows = Vec::with_capacity(house_ids.len());
        // An indicator is reported when a house has data for it (or for a
        // component of its formula, even if the formula divides by zero) or a target.
        let mut any = false;
        let components = cat.recorded_components(&ind.code);
        for (hid, h) in &house_ids {
            let house_base = base_of(*hid);
            let value = cat.value(&ind.code, &house_base);
            let t = targets.get(&(*hid, ind.id));
            any |= t.is_some() || components.iter().any(|c| house_base(c).is_some());
            let (baseline, target) = (t.and_then(|t| t.baseline), t.map(|t| t.target));
            let elapsed = t.and_then(|t| elapsed(t, last));
            let progress = aggregate::progress(baseline, value, target);
            let status = aggregate::status(ind.direction, baseline, value, target, elapsed);
            // A rate over a withheld count would give the count away: withheld too.
            let mut withheld = Vec::new();
            if withhold.value(ind, *hid) {
                withheld.push("value");
            }
            if withhold.goal(ind, baseline) {
                withheld.push("baseline");
            }
            if withhold.goal(ind, target) {
                withheld.push("target");
            }
            if !withheld.is_empty() && progress.is_some() {
                withheld.push("progress");
            }
            let shown = |name: &str, v: Option<f64>| v.filter(|_| !withheld.contains(&name));
            rows.push(HouseFigures::new(
                code_of
                    .get(hid)
                    .cloned()
                    .unwrap_or_else(|| Arc::new(h.code.clone())),
                [
                    shown("baseline", baseline),
                    shown("value", value),
                    shown("target", target),
                    shown("progress", progress),
                ],
                if withheld.contains(&"value") {
                    aggregate::Status::NoData
                } else {
                    status
                },
                Withheld::of(&withheld),
            ));
        }
        if !any {
            continue;
        }
        let (value, value_houses) = pilot_value(&cat, ind, &ids_in_scope, &base);
        let (baseline, target) = pilot_targets(&cat, ind, &ids_in_scope, &targets, &base);
        let with_target: Vec<i64> = ids_in_scope
            .iter()
            .copied()
            .filter(|id| targets.contains_key(&(*id, ind.id)))
            .collect();
        // Progress compares baseline, value and target over the same houses:
        // those that have all three.
        let same: Vec<i64> = ids_in_scope
            .iter()
            .copied()
            .filter(|id| {
                targets
                    .get(&(*id, ind.id))
                    .is_some_and(|t| t.baseline.is_some())
                    && cat.value(&ind.code, &|c| base(*id, c)).is_some()
            })
            .collect();
        let (same_value, same_complete) = pilot_value(&cat, ind, &same, &base);
        let (same_baseline, same_target) = pilot_targets(&cat, ind, &same, &targets, &base);
        let progress = aggregate::progress(same_baseline, same_value, same_target);
        let goals = |pick: &dyn Fn(&target::Target) -> Option<f64>, houses: &[i64]| {
            let cells: Vec<Option<f64>> = houses
                .iter()
                .filter_map(|id| targets.get(&(*id, ind.id)))
                .map(pick)
                .collect();
            withhold.goal_total(ind, &cells)
        };
        let mut withheld = Vec::new();
        if value.is_some() && withhold.total(ind, &value_houses) {
            withheld.push("value");
        }
        if baseline.is_some() && goals(&|t| t.baseline, &with_target) {
            withheld.push("baseline");
        }
        if target.is_some() && goals(&|t| Some(t.target), &with_target) {
            withheld.push("target");
        }
        if progress.is_some()
            && (withhold.total(ind, &same_complete)
                || goals(&|t| t.baseline, &same)
                || goals(&|t| Some(t.target), &same))
        {
            withheld.push("progress");
        }
        let shown = |name: &str, v: Option<f64>| v.filter(|_| !withheld.contains(&name));
        indicators.push(IndicatorSection {
            code: ind.code.clone(),
            name: crate::report::i18n::name_in_script(ind.name(req.fr), ind.name_ar.as_deref()),
            unit: ind.unit.as_str().to_string(),
            direction: ind.direction.as_str().to_string(),
            formula: ind.formula().map(|f| f.to_string()),
            pupils: ind.pupils,
            trend: trends.remove(&ind.code).unwrap_or_default(),
            pilot: Figures {
                baseline: shown("baseline", baseline),
                value: shown("value", value),
                target: shown("target", target),
                progress: shown("progress", progress),
                houses: value_houses.len(),
                target_houses: with_target.len(),
                progress_houses: if progress.is_some() { same.len() } else { 0 },
                suppressed: !withheld.is_empty(),
                withheld,
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

    let completeness = matrix(
        first,
        last.min(req.as_of.month_index()),
        &covered,
        &house_ids,
    );
    let overview = overview(conn, &houses, &capacity_of, &plans, &indicators, req.fr)?;
    let mut alerts = alerts(
        conn,
        req,
        &houses,
        &indicators,
        &completeness,
        rule_alerts.out,
    )?;
    alerts.extend(shares_over_100(&cat, &indicators).iter().map(share_alert));
    // Capacity always has a value (the register's): it says nothing of data received.
    let no_data = !house_ids.is_empty()
        && indicators
            .iter()
            .filter(|i| i.code != super::checks::CAPACITY)
            .all(|i| i.pilot.value.is_none() && i.houses.iter().all(|h| h.value().is_none()));
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
            latest_period_with_data: if no_data {
                latest_school_year_with_data(conn, &house_ids)?
            } else {
                None
            },
            alerts,
        },
        houses,
        catalogue: cat,
        combined,
    })
}

/// Per dimension, the mean over houses of each house's first and latest score.
fn assessment_summary(
    conn: &Conn,
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
            dimension: code.clone(),
            label: crate::report::i18n::coded(&code, &if fr { label_fr } else { label_en }),
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

/// A house's value of a recorded indicator: (house id, code) → value.
type Base<'a> = dyn Fn(i64, &str) -> Option<f64> + 'a;

/// The pilot-wide value over `houses`, and the houses that make it. A formula
/// is evaluated on the components combined across the houses that report
/// every component: a ratio of sums, never a mean of the houses' rates.
fn pilot_value(
    cat: &Catalogue,
    ind: &Indicator,
    houses: &[i64],
    base: &Base,
) -> (Option<f64>, Vec<i64>) {
    let components: Vec<String> = match &ind.kind {
        Kind::Recorded { .. } => vec![ind.code.clone()],
        Kind::Formula(_) => cat.recorded_components(&ind.code),
    };
    let complete: Vec<i64> = houses
        .iter()
        .copied()
        .filter(|id| components.iter().all(|c| base(*id, c).is_some()))
        .collect();
    if complete.is_empty() {
        return (None, complete);
    }
    let pilot_base = |code: &str| -> Option<f64> {
        let comp = cat.by_code(code)?;
        let values: Vec<f64> = complete.iter().filter_map(|id| base(*id, code)).collect();
        across(comp, &values)
    };
    (cat.value(&ind.code, &pilot_base), complete)
}

/// Pilot-wide baseline and target from the houses' ones. For a recorded
/// indicator they combine like values; for a rate, each house's figure is
/// weighted by its denominator in the report period (pupils sat for the
/// success rate), which is how a ratio of sums weights houses.
fn pilot_targets(
    cat: &Catalogue,
    ind: &Indicator,
    houses: &[i64],
    targets: &HashMap<(i64, i64), target::Target>,
    base: &Base,
) -> (Option<f64>, Option<f64>) {
    let with_target: Vec<(i64, &target::Target)> = houses
        .iter()
        .filter_map(|id| targets.get(&(*id, ind.id)).map(|t| (*id, t)))
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
                    .and_then(|d| d.eval(&|v| cat.value(v, &|c| base(id, c))))
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

/// The completeness matrix of months `[first, last]`: house-months, and
/// those the houses reported.
pub fn matrix(first: i32, last: i32, covered: &Coverage, houses: &[(i64, &House)]) -> Completeness {
    if last < first || houses.is_empty() {
        return Completeness::default();
    }
    let months: Vec<i32> = (first..=last).collect();
    let mut out = Completeness {
        months: months
            .iter()
            .map(|m| Period::from_month_index(*m).canonical())
            .collect(),
        ..Default::default()
    };
    for (hid, h) in houses {
        let got: Vec<bool> = months.iter().map(|m| covered.has(*hid, *m)).collect();
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
    out
}

/// The pilot-wide value of an indicator month by month, from one-month
/// observations, computed as the period's pilot-wide value is (ratio of sums
/// over the houses reporting every part that month), with the number of
/// houses behind each month.
fn trend(
    cat: &Catalogue,
    ind: &Indicator,
    monthly: &Monthly,
    first: i32,
    last: i32,
    publish: bool,
) -> Vec<TrendPoint> {
    // Where each component's values are kept, looked up once, not per house
    // and month.
    let slots: Vec<(String, usize)> = cat
        .recorded_components(&ind.code)
        .into_iter()
        .filter_map(|c| {
            let slot = monthly.slot(cat.by_code(&c)?.id)?;
            Some((c, slot))
        })
        .collect();
    let slot_of = |code: &str| slots.iter().find(|(c, _)| c == code).map(|(_, s)| *s);
    // Houses by their place in the scope (how `monthly` keeps them).
    let houses: Vec<i64> = (0..monthly.houses as i64).collect();
    let points: Vec<TrendPoint> = (first..=last)
        .map(|m| {
            let base = |place: i64, code: &str| -> Option<f64> {
                monthly.get(place as usize, slot_of(code)?, m)
            };
            let (value, with) = pilot_value(cat, ind, &houses, &base);
            // A month's total is withheld as the period's is, on the houses'
            // monthly values.
            let sums = HashMap::new();
            let none = HashSet::new();
            let withhold = Withhold {
                publish,
                cat,
                base: &base,
                sums: &sums,
                months_once: &none,
            };
            let suppressed = value.is_some() && withhold.total(ind, &with);
            TrendPoint {
                period: Period::from_month_index(m).canonical(),
                value: value.filter(|_| !suppressed),
                houses: Some(with.len()),
                suppressed,
            }
        })
        .collect();
    if points.iter().filter(|p| p.value.is_some()).count() < 2 {
        return Vec::new();
    }
    points
}

/// Houses by region and kind, capacity and boarders. Capacities are the
/// period's figures (an observation, else the register), as in the indicators.
fn overview(
    conn: &Conn,
    houses: &[House],
    capacity_of: &HashMap<String, i64>,
    plans: &PlansSection,
    indicators: &[IndicatorSection],
    fr: bool,
) -> Result<Overview> {
    let capacity = |h: &House| capacity_of.get(&h.code).copied().unwrap_or(0);
    let pilot = |code: &str| {
        indicators
            .iter()
            .find(|i| i.code == code)
            .and_then(|i| i.pilot.value)
    };
    let mut o = Overview {
        capacity: houses.iter().map(&capacity).sum(),
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
                label: crate::report::i18n::name_in_script(&r.name_fr, Some(&r.name_ar)),
                houses: mine.len(),
                capacity: mine.iter().map(|h| capacity(h)).sum(),
            });
        }
    }
    for (code, l_fr, l_en) in crate::domain::register::HOUSE_KINDS {
        let mine: Vec<&House> = houses.iter().filter(|h| h.kind == *code).collect();
        if !mine.is_empty() {
            o.by_kind.push(GroupCount {
                key: code.to_string(),
                label: crate::report::i18n::coded(code, if fr { l_fr } else { l_en }),
                houses: mine.len(),
                capacity: mine.iter().map(|h| capacity(h)).sum(),
            });
        }
    }
    let regions = crate::store::region::all(conn)?;
    for h in houses {
        let region_ar = regions
            .iter()
            .find(|r| r.code == h.region_code)
            .map(|r| r.name_ar.as_str());
        o.house_list.push(HouseLine {
            code: h.code.clone(),
            name: h.name.clone(),
            name_ar: h.name_ar.clone(),
            kind: h.kind.clone(),
            region: crate::report::i18n::name_in_script(&h.region, region_ar),
            capacity: capacity(h),
            stage: plans
                .houses
                .iter()
                .find(|s| s.house == h.code)
                .and_then(|s| s.stage.clone()),
        });
    }
    Ok(o)
}

/// A house's share that exceeds 100 % although its parts are a part and its
/// whole (see [`is_share`]): the data are wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareOver100 {
    pub indicator: String,
    pub house: String,
    pub value: f64,
}

/// Whether an indicator is a share of a whole, which the units say cannot
/// exceed 100 %: a percentage `100 * PART / WHOLE` whose parts count the same
/// kind of thing (the same unit, and pupils on both sides or on neither).
/// The girls' share, the success rate or the share of staff trained are
/// shares; the occupancy rate (pupils over places) is not, and may pass 100 %.
pub fn is_share(cat: &Catalogue, ind: &Indicator) -> bool {
    use crate::domain::formula::{BinOp, Expr};
    fn hundred(e: &Expr) -> bool {
        matches!(e, Expr::Number(n) if *n == 100.0)
    }
    fn vars(e: &Expr, out: &mut Vec<String>) {
        match e {
            Expr::Var(v) => out.push(v.clone()),
            Expr::Number(_) => {}
            Expr::Neg(x) => vars(x, out),
            Expr::Binary(_, a, b) => {
                vars(a, out);
                vars(b, out);
            }
        }
    }
    if ind.unit != Unit::Percent {
        return false;
    }
    let Some(f) = ind.formula() else {
        return false;
    };
    let (part, whole) = match f.expr() {
        Expr::Binary(BinOp::Div, top, whole) => match top.as_ref() {
            Expr::Binary(BinOp::Mul, a, b) if hundred(a) => (b.as_ref(), whole.as_ref()),
            Expr::Binary(BinOp::Mul, a, b) if hundred(b) => (a.as_ref(), whole.as_ref()),
            _ => return false,
        },
        Expr::Binary(BinOp::Mul, a, b) => match (a.as_ref(), b.as_ref()) {
            (n, Expr::Binary(BinOp::Div, p, w)) | (Expr::Binary(BinOp::Div, p, w), n)
                if hundred(n) =>
            {
                (p.as_ref(), w.as_ref())
            }
            _ => return false,
        },
        _ => return false,
    };
    let mut names = Vec::new();
    vars(part, &mut names);
    vars(whole, &mut names);
    let mut kinds = names
        .iter()
        .flat_map(|v| cat.recorded_components(v))
        .filter_map(|c| cat.by_code(&c).map(|i| (i.unit, i.pupils)));
    let Some(first) = kinds.next() else {
        return false;
    };
    kinds.all(|k| k == first)
}

/// Every house figure of a share (see [`is_share`]) above 100 %.
pub fn shares_over_100(cat: &Catalogue, indicators: &[IndicatorSection]) -> Vec<ShareOver100> {
    let mut out = Vec::new();
    for section in indicators {
        if !cat.by_code(&section.code).is_some_and(|i| is_share(cat, i)) {
            continue;
        }
        for h in &section.houses {
            if let Some(v) = h.value().filter(|v| *v > 100.0 + 1e-9) {
                out.push(ShareOver100 {
                    indicator: section.code.clone(),
                    house: h.house.to_string(),
                    value: v,
                });
            }
        }
    }
    out
}

/// The alert of a share above 100 %.
fn share_alert(s: &ShareOver100) -> Alert {
    Alert {
        kind: "share_over_100",
        severity: "error",
        house: Some(s.house.clone()),
        subject: AlertSubject::ShareOver100 {
            indicator: s.indicator.clone(),
            value: s.value,
        },
    }
}

/// The alerts of broken rules: one per rule and house, not per month, with
/// the first broken period as its example and the count of the others.
#[derive(Default)]
struct RuleAlerts {
    out: Vec<Alert>,
    /// Where each (house, rule) alert of the current chunk of houses sits
    /// in `out`, so a further month is counted without a scan. A chunk holds
    /// every violation of its houses: cleared between chunks.
    at: HashMap<(String, String), usize>,
}

impl RuleAlerts {
    /// Adds one chunk of houses' violations (see [`super::checks::Checker::broken_within`]).
    fn add(&mut self, violations: Vec<super::checks::Violation>) {
        self.at.clear();
        for v in violations {
            if v.rule == "boarders_within_capacity" {
                continue;
            }
            if let Some(&i) = self.at.get(&(v.house.clone(), v.rule.clone())) {
                if let AlertSubject::Rule { periods, .. } = &mut self.out[i].subject {
                    *periods += 1;
                }
                continue;
            }
            self.at
                .insert((v.house.clone(), v.rule.clone()), self.out.len());
            self.out.push(Alert {
                kind: "rule",
                severity: if v.severity == "error" {
                    "error"
                } else {
                    "warning"
                },
                house: Some(v.house),
                subject: AlertSubject::Rule {
                    rule: v.rule,
                    periods: 1,
                    example: RuleExample {
                        period: v.period.canonical(),
                        left: v.left,
                        op: v.op,
                        right: v.right,
                        left_value: v.left_value,
                        right_value: v.right_value,
                    },
                },
            });
        }
    }
}

/// Broken rules, overcrowding, late actions and missing data, as data: the
/// document layer words them.
fn alerts(
    conn: &Conn,
    req: &Request,
    houses: &[House],
    indicators: &[IndicatorSection],
    completeness: &Completeness,
    rule_alerts: Vec<Alert>,
) -> Result<Vec<Alert>> {
    let in_scope: HashSet<&str> = houses.iter().map(|h| h.code.as_str()).collect();
    let mut out = rule_alerts;
    if let Some(occ) = indicators.iter().find(|i| i.code == "occupancy_rate") {
        for h in &occ.houses {
            if let Some(rate) = h.value().filter(|v| *v > 100.0) {
                out.push(Alert {
                    kind: "overcrowding",
                    severity: "warning",
                    house: Some(h.house.to_string()),
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
pub fn plan_view(conn: &Conn, house: &str, as_of: &str, fr: bool) -> Result<PlanView> {
    plan_version_view(conn, house, None, as_of, fr)
}

/// [`plan_view`] of one version of the plan (`None`: the current one); the
/// versions before it are listed as previous. Assessments and activities belong
/// to the house, not to a version: every version's view has them.
pub fn plan_version_view(
    conn: &Conn,
    house: &str,
    version: Option<i64>,
    as_of: &str,
    fr: bool,
) -> Result<PlanView> {
    let Some(hid) = house::id(conn, house)? else {
        crate::reject!(
            "{}{} {}",
            crate::messages::Msg::UnknownHouse {
                code: house.to_string()
            },
            if crate::messages::fr() {
                "\u{a0};"
            } else {
                ";"
            },
            crate::messages::Msg::SeeList {
                command: "suivi house list".into()
            }
        );
    };
    let versions = plan::versions(conn, hid)?;
    let plan = match version {
        None => versions.iter().rfind(|p| !p.superseded).cloned(),
        Some(v) => versions.iter().find(|p| p.version == v).cloned(),
    };
    let chosen = plan.as_ref().map_or(i64::MAX, |p| p.version);
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
        previous_versions: versions
            .into_iter()
            .filter(|p| p.superseded && p.version < chosen)
            .collect(),
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
                label: crate::report::i18n::coded(
                    &axis.code,
                    if fr { &axis.label_fr } else { &axis.label_en },
                ),
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
            dimension: code.clone(),
            label: crate::report::i18n::coded(&code, &if fr { label_fr } else { label_en }),
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
pub fn house(conn: &Conn, req: &Request) -> Result<HouseReport> {
    let code = req.house.clone().unwrap_or_default();
    let Some(h) = house::get(conn, &code)? else {
        crate::reject!(
            "{}{} {}",
            crate::messages::Msg::UnknownHouse {
                code: code.to_string()
            },
            if crate::messages::fr() {
                "\u{a0};"
            } else {
                ";"
            },
            crate::messages::Msg::SeeList {
                command: "suivi house list".into()
            }
        );
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
                houses: None,
                suppressed: req.publish && pupils && small(Some(o.value)),
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
    conn: &Conn,
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
    let cat = catalogue_store::catalogue(conn)?;
    let mut covered = Coverage::new(&cat, first, last, &with_ids);
    if last >= first && !with_ids.is_empty() {
        observation::each_in_period(conn, first, last, cohort, |fact| covered.add(fact))?;
    }
    Ok(matrix(first, last, &covered, &with_ids))
}

/// Whether a house reports every recorded component of an indicator (the
/// houses a group's ratio of sums is taken over).
pub fn house_reports(
    cat: &Catalogue,
    combined: &impl OverPeriod,
    house_id: i64,
    ind: &Indicator,
) -> bool {
    let components = match &ind.kind {
        Kind::Recorded { .. } => vec![ind.code.clone()],
        Kind::Formula(_) => cat.recorded_components(&ind.code),
    };
    components.iter().all(|c| {
        cat.by_code(c)
            .is_some_and(|i| combined.value(house_id, i).is_some())
    })
}

/// The value of an indicator over a set of houses with the pilot-wide rules
/// (over time, then across houses; a formula as a ratio of sums over the
/// houses reporting every component): for roll-ups and the evaluation.
/// With `capacity` (the capacities and the period's first and last months), a
/// house without a capacity observation in the period counts its register's,
/// as the pilot-wide figures do.
pub fn group_value(
    cat: &Catalogue,
    ind: &Indicator,
    houses: &[(i64, &House)],
    combined: &impl OverPeriod,
    capacity: Option<(&super::checks::Capacities, i32, i32)>,
) -> Option<f64> {
    let base = |house_id: i64, code: &str| -> Option<f64> {
        let ind = cat.by_code(code)?;
        match (combined.value(house_id, ind), capacity) {
            (Some(v), _) => Some(v),
            (None, Some((caps, first, last))) if Some(ind.id) == caps.indicator_id() => {
                caps.fallback(house_id, first, last)
            }
            _ => None,
        }
    };
    let ids: Vec<i64> = houses.iter().map(|(id, _)| *id).collect();
    pilot_value(cat, ind, &ids, &base).0
}

/// Whether an indicator is expected of a house (its kind): completeness and
/// templates count only these.
pub fn applicable(ind: &Indicator, house: &House) -> bool {
    ind.applies_to(&house.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aggregate::Direction;

    fn recorded_as(id: i64, rule: OverTime) -> Indicator {
        Indicator {
            id,
            code: format!("i{id}"),
            name_fr: format!("I {id}"),
            name_en: None,
            name_ar: None,
            unit: Unit::Mad,
            direction: Direction::Up,
            kind: Kind::Recorded {
                over_time: rule,
                across: Across::Sum,
            },
            pupils: false,
            kinds: Vec::new(),
        }
    }

    /// Every over-time rule, on amounts whose sums round, with months,
    /// quarters and a year, in a scrambled order: the flat table folds to
    /// the very bits the combiner gives.
    #[test]
    fn period_values_fold_to_the_combiners_bits() {
        let rules = [
            OverTime::Sum,
            OverTime::Mean,
            OverTime::Max,
            OverTime::Min,
            OverTime::Last,
        ];
        let cat = Catalogue::new(
            rules
                .iter()
                .enumerate()
                .map(|(i, r)| recorded_as(i as i64 + 1, *r))
                .collect(),
        );
        // Sparse house ids: a map of places, not a vector.
        let houses = [7_000_000_i64, 3, 12];
        let mut values = PeriodValues::new(&cat, &houses);
        let mut combiner = observation::Combiner::default();
        let mut seed = 17u64;
        for step in 0..600 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let house = houses[(seed >> 33) as usize % houses.len()];
            let ind = 1 + (seed >> 40) as i64 % 5;
            let first = 24290 + (seed >> 20) as i32 % 12;
            let last = first + [0, 0, 2, 11][step % 4].min(24301 - first);
            let v = ((seed >> 8) % 100_000) as f64 / 100.0 - 300.0;
            let fact = (house, ind, first, last, v);
            combiner.add(fact);
            let p = values.places.get(house).unwrap();
            let slot = values.slot[&ind];
            values.add(p, slot, first, last, v);
        }
        let combined = combiner.finish();
        for h in houses {
            for ind in &cat.items {
                let want = combined.value(h, ind).map(f64::to_bits);
                assert_eq!(
                    values.value(h, ind).map(f64::to_bits),
                    want,
                    "{h} {}",
                    ind.code
                );
            }
        }
        assert_eq!(values.value(4, &cat.items[0]), None);
        values.release();
        assert_eq!(values.value(3, &cat.items[0]), None);
    }

    /// Counts stay in `f32` columns, an amount widens its column: every
    /// value comes back exact (a negative zero too), months not reported
    /// as none.
    #[test]
    fn month_table_keeps_values_exact() {
        let cat = Catalogue::new(vec![
            recorded_as(1, OverTime::Sum),
            recorded_as(2, OverTime::Sum),
        ]);
        let mut m = Monthly::new(&cat, 100, 102, 2);
        m.set(0, 0, 100, 12.0);
        m.set(1, 0, 102, -0.0);
        m.set(0, 1, 101, 3.0);
        m.set(1, 1, 101, 0.1);
        m.set(1, 1, 102, 16_777_217.0);
        assert!(matches!(m.columns[0], Column::Narrow(_)));
        assert!(matches!(m.columns[1], Column::Wide(_)));
        assert_eq!(m.get(0, 0, 100), Some(12.0));
        assert_eq!(
            m.get(1, 0, 102).map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        assert_eq!(m.get(0, 1, 101), Some(3.0));
        assert_eq!(m.get(1, 1, 101), Some(0.1));
        assert_eq!(m.get(1, 1, 102), Some(16_777_217.0));
        assert_eq!(m.get(0, 0, 101), None);
        assert_eq!(m.get(1, 1, 100), None);
        assert_eq!(m.get(0, 0, 103), None);
        assert_eq!(m.get(0, 2, 100), None);
    }
}
