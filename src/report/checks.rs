//! Validation rules evaluated over the observations: what `suivi check` lists
//! and the pilot report's alerts show.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Result;

use crate::domain::aggregate::OverTime;
use crate::domain::indicator::{Catalogue, Kind};
use crate::domain::period::Period;
use crate::domain::rule::{self, Rule};
use crate::store::observation;
use crate::store::rule as store;

/// One broken rule at one house and period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Violation {
    pub rule: String,
    pub severity: String,
    pub house: String,
    #[serde(serialize_with = "canonical")]
    pub period: Period,
    pub left: String,
    pub left_value: f64,
    pub op: String,
    pub right: String,
    pub right_value: f64,
}

/// One house's values: indicator id → period → value.
type Series = crate::fasthash::FastMap<i64, BTreeMap<Period, f64>>;

/// Which periods a rule is checked for, at one house.
enum Scope {
    /// Each period with a recorded value of the rule's indicators and the
    /// school year around it; with a period given, only those inside it, and
    /// the period itself.
    Recorded(Option<Period>),
    /// House by house, the periods given and the school year around each
    /// (entry-time checks).
    Around(HashMap<i64, BTreeSet<Period>>),
}

impl Violation {
    /// Whether the rule reads `code`, directly or through a formula.
    pub fn involves(&self, catalogue: &Catalogue, code: &str) -> bool {
        [&self.left, &self.right].into_iter().any(|side| {
            crate::domain::formula::Formula::parse(side).is_ok_and(|f| {
                f.variables().iter().any(|v| {
                    v == code || catalogue.recorded_components(v).iter().any(|c| c == code)
                })
            })
        })
    }

    /// The warning printed when an entry breaks the rule (`dry_run`: a
    /// `--dry-run` import, which recorded nothing).
    pub fn entry_warning(&self, fr: bool, dry_run: bool) -> String {
        let (l, r) = (
            crate::output::number_text(self.left_value),
            crate::output::number_text(self.right_value),
        );
        let p = self.period.canonical();
        let (fr_then, en_then) = if dry_run {
            (
                "la valeur serait enregistrée",
                "the value would be recorded",
            )
        } else {
            ("la valeur est enregistrée", "the value is recorded")
        };
        if fr {
            format!(
                "attention : {} {p} enfreint la règle {} ({} {} {} : {l} {} {r}) ; {fr_then}, corrigez-la ou l'autre valeur (`suivi check`)",
                self.house, self.rule, self.left, self.op, self.right, self.op
            )
        } else {
            format!(
                "warning: {} {p} breaks rule {} ({} {} {}: {l} {} {r}); {en_then}, correct it or the other value (`suivi check`)",
                self.house, self.rule, self.left, self.op, self.right, self.op
            )
        }
    }
}

/// Evaluates every rule at every house (`suivi check` and the report's alerts).
///
/// A rule is checked on the values the report shows for that house and
/// period: each indicator's observations inside the period combined by its
/// over-time rule (so October's trained staff meets September's staff in
/// the school year), formulas computed on those, capacity from an observation
/// or else the register. The periods are each period with a recorded value
/// of the rule's indicators and the school year containing it; with
/// `within`, those inside it and `within` itself.
/// `only`: the codes of the houses to check (a report's), every house when `None`.
pub fn evaluate(
    conn: &crate::store::Conn,
    within: Option<&Period>,
    only: Option<&std::collections::HashSet<&str>>,
) -> Result<Vec<Violation>> {
    let checker = Checker::load(conn)?;
    // A few hundred houses at a time, in the order of their codes (the order
    // of the result): memory stays flat however many observations there are.
    let mut houses: Vec<(&String, i64)> = checker
        .codes
        .iter()
        .filter(|(_, c)| only.is_none_or(|o| o.contains(c.as_str())))
        .map(|(id, c)| (c, *id))
        .collect();
    houses.sort_unstable();
    let mut out = Vec::new();
    for chunk in houses.chunks(HOUSES_PER_EVALUATION) {
        let ids: Vec<i64> = chunk.iter().map(|(_, id)| *id).collect();
        out.extend(checker.run(conn, None, Scope::Recorded(within.copied()), Some(&ids))?);
    }
    Ok(out)
}

/// Houses whose values [`evaluate`] reads at once.
const HOUSES_PER_EVALUATION: usize = 256;

/// The rules broken at one house for `period` and for the school year that
/// contains it, with the values as they stand in the database: what an entry
/// (`indicator record`, an import row) warns about.
pub fn violations_for(
    conn: &crate::store::Conn,
    house_id: i64,
    period: &Period,
) -> Result<Vec<Violation>> {
    violations_at(conn, &[(house_id, *period)])
}

/// The indicators (ids, with the recorded components of formulas) that rules
/// of error severity name: only a value of one of these can break such a rule.
pub fn error_rule_indicators(
    conn: &crate::store::Conn,
    catalogue: &Catalogue,
) -> Result<std::collections::HashSet<i64>> {
    let mut ids = std::collections::HashSet::new();
    for r in store::list(conn)? {
        if r.severity != "error" {
            continue;
        }
        for side in [&r.left, &r.right] {
            let Ok(f) = crate::domain::formula::Formula::parse(side) else {
                continue;
            };
            for v in f.variables() {
                for c in catalogue.recorded_components(&v) {
                    ids.extend(catalogue.by_code(&c).map(|i| i.id));
                }
            }
        }
    }
    Ok(ids)
}

/// [`violations_for`] for many entries at once (an import batch): the rules,
/// the catalogue and the observations are read once, not per row.
pub fn violations_at(
    conn: &crate::store::Conn,
    entries: &[(i64, Period)],
) -> Result<Vec<Violation>> {
    Checker::load(conn)?.violations_at(conn, entries)
}

/// The school year containing `p`, if `p` lies within one.
fn school_year_around(p: &Period) -> Option<Period> {
    let y = Period::school_year_of(p.start_date());
    y.contains(p).then_some(y)
}

/// What checking values against the rules reads besides the values: the
/// rules, the catalogue, the house codes and the register's capacities. An
/// import loads it once and checks its houses a few at a time.
pub struct Checker {
    rules: Vec<(store::StoredRule, Rule)>,
    catalogue: Catalogue,
    /// Recorded indicators the rules depend on.
    ids: Vec<i64>,
    codes: HashMap<i64, String>,
    register: HashMap<i64, f64>,
}

impl Checker {
    pub fn load(conn: &crate::store::Conn) -> Result<Checker> {
        let rules: Vec<(store::StoredRule, Rule)> = store::list(conn)?
            .into_iter()
            .filter_map(|r| {
                let parsed = rule::parse(&format!("{} {} {}", r.left, r.op, r.right)).ok()?;
                Some((r, parsed))
            })
            .collect();
        // Only the recorded indicators the rules depend on, as ids and month
        // spans: a report over millions of rows must not turn each into text.
        let catalogue = crate::store::indicator::catalogue(conn)?;
        let mut ids: Vec<i64> = Vec::new();
        for (_, r) in &rules {
            for c in components(&catalogue, r) {
                if let Some(i) = catalogue.by_code(&c)
                    && !ids.contains(&i.id)
                {
                    ids.push(i.id);
                }
            }
        }
        let codes: HashMap<i64, String> = crate::store::house::ids(conn)?
            .into_iter()
            .map(|(code, id)| (id, code))
            .collect();
        let register = crate::store::house::register_capacities(conn)?;
        Ok(Checker {
            rules,
            catalogue,
            ids,
            codes,
            register,
        })
    }

    /// [`violations_at`] with what was loaded.
    pub fn violations_at(
        &self,
        conn: &crate::store::Conn,
        entries: &[(i64, Period)],
    ) -> Result<Vec<Violation>> {
        let Some(around) = around(entries) else {
            return Ok(Vec::new());
        };
        let house = (around.len() == 1).then(|| *around.keys().next().unwrap_or(&0));
        let houses: Vec<i64> = around.keys().copied().collect();
        let several = (houses.len() > 1).then_some(houses.as_slice());
        self.run(conn, house, Scope::Around(around), several)
    }

    fn run(
        &self,
        conn: &crate::store::Conn,
        house: Option<i64>,
        scope: Scope,
        houses: Option<&[i64]>,
    ) -> Result<Vec<Violation>> {
        let (catalogue, ids) = (&self.catalogue, &self.ids);
        let bounds = match &scope {
            Scope::Recorded(p) => p.map(|p| (p.first_month(), p.last_month())),
            Scope::Around(map) => {
                let all = map.values().flatten();
                let first = all.clone().map(Period::first_month).min();
                let last = all.map(Period::last_month).max();
                first.zip(last)
            }
        };
        let (from, to) = (bounds.map(|b| b.0), bounds.map(|b| b.1));
        // Several houses (an import's, a chunk of all): only theirs, read by
        // the key's index.
        let facts = match houses {
            Some(h) => observation::facts_of_houses(conn, ids, from, to, h)?,
            None => observation::facts(conn, ids, from, to, house)?,
        };
        // Capacities of the houses in scope only: an index search each, not a
        // scan of every observation.
        // The register's capacities of those houses only (not a copy of all).
        let register_of = |h: &[i64]| -> HashMap<i64, f64> {
            h.iter()
                .filter_map(|id| self.register.get(id).map(|c| (*id, *c)))
                .collect()
        };
        let capacities = match (houses, house) {
            (Some(h), _) => Capacities::load_for(conn, catalogue, register_of(h), h)?,
            (None, Some(h)) => Capacities::load_for(conn, catalogue, register_of(&[h]), &[h])?,
            (None, None) => Capacities::load_with(conn, catalogue, self.register.clone())?,
        };
        Ok(self.judge(facts, &capacities, &scope))
    }

    /// Whether the rules read the recorded indicator `id`.
    pub fn reads(&self, id: i64) -> bool {
        self.ids.contains(&id)
    }

    /// The recorded indicators the rules read (see [`Checker::reads`]).
    pub fn indicator_ids(&self) -> &[i64] {
        &self.ids
    }

    /// The rules broken inside `within` (as [`evaluate`] finds them) at
    /// `houses`, on observations already read: `facts_of` gives a house's
    /// observations inside `within` of the indicators the rules read (see
    /// [`Checker::reads`]). As [`evaluate`], a few hundred houses at a time
    /// in the order of their codes (the order of the result), each chunk's
    /// violations handed to `each` as they are found: neither the facts nor
    /// the violations of every house are held at once.
    pub fn broken_within(
        &self,
        within: Period,
        houses: &[i64],
        mut facts_of: impl FnMut(i64) -> Vec<observation::Fact>,
        capacities: &Capacities,
        mut each: impl FnMut(Vec<Violation>),
    ) {
        let mut houses: Vec<(&String, i64)> = houses
            .iter()
            .filter_map(|id| self.codes.get(id).map(|c| (c, *id)))
            .collect();
        houses.sort_unstable();
        let scope = Scope::Recorded(Some(within));
        for chunk in houses.chunks(HOUSES_PER_EVALUATION) {
            let mine: Vec<observation::Fact> =
                chunk.iter().flat_map(|(_, id)| facts_of(*id)).collect();
            each(self.judge(mine, capacities, &scope));
        }
    }

    /// The rules tested on `facts`, house by house in the order of their codes.
    fn judge(
        &self,
        facts: Vec<observation::Fact>,
        capacities: &Capacities,
        scope: &Scope,
    ) -> Vec<Violation> {
        let (rules, catalogue) = (&self.rules, &self.catalogue);
        let components = |r: &Rule| components(catalogue, r);
        // house id -> indicator id -> period -> value
        let mut data: crate::fasthash::FastMap<i64, Series> = Default::default();
        for (house, indicator, first, last, value) in facts {
            if let Some(p) = Period::from_months(first, last) {
                data.entry(house)
                    .or_default()
                    .entry(indicator)
                    .or_default()
                    .insert(p, value);
            }
        }
        if let Scope::Around(map) = scope {
            data.retain(|h, _| map.contains_key(h));
            for h in map.keys() {
                data.entry(*h).or_default();
            }
        }
        let codes = &self.codes;
        let mut houses: Vec<(&i64, &String, &Series)> = data
            .iter()
            .filter_map(|(id, m)| codes.get(id).map(|c| (id, c, m)))
            .collect();
        houses.sort_by(|a, b| a.1.cmp(b.1));
        let mut out = Vec::new();
        for (house_id, house, by_indicator) in houses {
            for (stored, r) in rules {
                let recorded = || -> BTreeSet<Period> {
                    components(r)
                        .iter()
                        .filter_map(|c| catalogue.by_code(c).and_then(|i| by_indicator.get(&i.id)))
                        .flat_map(|m| m.keys().copied())
                        .collect()
                };
                // An import's houses: the periods it touched, as they are
                // (read in place, not copied per rule).
                let periods: std::borrow::Cow<BTreeSet<Period>> = match scope {
                    Scope::Recorded(within) => std::borrow::Cow::Owned(
                        recorded()
                            .iter()
                            .flat_map(|p| [Some(*p), school_year_around(p)])
                            .flatten()
                            .chain(within.iter().copied())
                            .filter(|p| within.is_none_or(|w| w.contains(p)))
                            .collect(),
                    ),
                    Scope::Around(map) => match map.get(house_id) {
                        Some(set) => std::borrow::Cow::Borrowed(set),
                        None => std::borrow::Cow::Owned(BTreeSet::new()),
                    },
                };
                for &p in periods.iter() {
                    let base = |code: &str| -> Option<f64> {
                        let ind = catalogue.by_code(code)?;
                        let folded = by_indicator
                            .get(&ind.id)
                            .and_then(|series| fold(&ind.kind, series, &p));
                        match folded {
                            None if Some(ind.id) == capacities.indicator_id() => {
                                capacities.fallback(*house_id, p.first_month(), p.last_month())
                            }
                            v => v,
                        }
                    };
                    let lookup = |code: &str| catalogue.value(code, &base);
                    if let (Some(l), Some(rv)) = (r.left.eval(&lookup), r.right.eval(&lookup))
                        && !r.op.holds(l, rv)
                    {
                        out.push(Violation {
                            rule: stored.name.clone(),
                            severity: stored.severity.clone(),
                            house: house.clone(),
                            period: p,
                            left: stored.left.clone(),
                            left_value: l,
                            op: stored.op.clone(),
                            right: stored.right.clone(),
                            right_value: rv,
                        });
                    }
                }
            }
        }
        out
    }
}

/// The recorded indicators a rule reads, directly or through formulas.
fn components(catalogue: &Catalogue, r: &Rule) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in r.left.variables().into_iter().chain(r.right.variables()) {
        for c in catalogue.recorded_components(&v) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Each house's periods and the school year around each; None when empty.
fn around(entries: &[(i64, Period)]) -> Option<HashMap<i64, BTreeSet<Period>>> {
    let mut around: HashMap<i64, BTreeSet<Period>> = HashMap::new();
    for (house, p) in entries {
        let periods = around.entry(*house).or_default();
        periods.insert(*p);
        periods.extend(school_year_around(p));
    }
    (!around.is_empty()).then_some(around)
}

/// A house's observations of one indicator inside `period`, combined by its
/// over-time rule, as the report combines them (`last`: the latest period,
/// the shortest on a tie).
fn fold(kind: &Kind, series: &BTreeMap<Period, f64>, period: &Period) -> Option<f64> {
    let Kind::Recorded { over_time, .. } = kind else {
        return None;
    };
    // One pass, in the series' order (sums add up as they always did), over
    // the periods that start inside `period` only: the series sorts by first
    // month, and the month before `period` sorts after every other period
    // starting that month (the shortest last).
    let start = Period::from_month_index(period.first_month() - 1);
    let last_month = period.last_month();
    let mut inside = series
        .range((std::ops::Bound::Excluded(start), std::ops::Bound::Unbounded))
        .take_while(|(q, _)| q.first_month() <= last_month)
        .filter(|(q, _)| period.contains(q));
    let (first_q, &first) = inside.next()?;
    let (mut sum, mut n, mut max, mut min) = (first, 1usize, first, first);
    let mut last = (first_q, first);
    for (q, &v) in inside {
        sum += v;
        n += 1;
        max = max.max(v);
        min = min.min(v);
        let key = |p: &Period| (p.last_month(), p.first_month() - p.last_month());
        // `max_by_key` keeps the last of equal keys.
        if key(q) >= key(last.0) {
            last = (q, v);
        }
    }
    Some(match over_time {
        OverTime::Sum => sum,
        OverTime::Mean => sum / n as f64,
        OverTime::Max => max,
        OverTime::Min => min,
        OverTime::Last => last.1,
    })
}

fn canonical<S: serde::Serializer>(p: &Period, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&p.canonical())
}

/// Where a house's capacity comes from when no capacity observation lies
/// inside a period: the shortest observation containing the period (a
/// capacity recorded for the school year applies to its months), else the
/// register's capacity (`house add --capacity`). A capacity of 0 or less in
/// the register is no figure.
pub struct Capacities {
    id: Option<i64>,
    register: HashMap<i64, f64>,
    /// house id → (first month, last month, value) of capacity observations.
    recorded: HashMap<i64, Vec<(i32, i32, f64)>>,
}

impl Capacities {
    pub fn load(conn: &crate::store::Conn, catalogue: &Catalogue) -> Result<Capacities> {
        let register = crate::store::house::register_capacities(conn)?;
        Capacities::load_with(conn, catalogue, register)
    }

    /// [`Capacities::load`] with the register's capacities already read.
    fn load_with(
        conn: &crate::store::Conn,
        catalogue: &Catalogue,
        register: HashMap<i64, f64>,
    ) -> Result<Capacities> {
        Capacities::read(conn, catalogue, register, None)
    }

    /// The capacities of some houses only.
    fn load_for(
        conn: &crate::store::Conn,
        catalogue: &Catalogue,
        register: HashMap<i64, f64>,
        houses: &[i64],
    ) -> Result<Capacities> {
        Capacities::read(conn, catalogue, register, Some(houses))
    }

    fn read(
        conn: &crate::store::Conn,
        catalogue: &Catalogue,
        register: HashMap<i64, f64>,
        houses: Option<&[i64]>,
    ) -> Result<Capacities> {
        let id = catalogue.by_code(CAPACITY).map(|i| i.id);
        let mut recorded: HashMap<i64, Vec<(i32, i32, f64)>> = HashMap::new();
        if let Some(id) = id {
            // By house, through the key's index: the indicator alone has none,
            // and a scan would read every observation.
            let facts = match houses {
                Some(h) => observation::facts_by_house_in_recorded_order(conn, id, h)?,
                None => {
                    let all: Vec<i64> = crate::store::house::ids(conn)?.into_values().collect();
                    observation::facts_by_house_in_recorded_order(conn, id, &all)?
                }
            };
            // A one-month observation is never a fallback: a period it
            // contains is that month, which holds it (see `fallback`).
            for (house, _, first, last, value) in facts.into_iter().filter(|f| f.3 > f.2) {
                recorded
                    .entry(house)
                    .or_default()
                    .push((first, last, value));
            }
        }
        Ok(Capacities {
            id,
            register,
            recorded,
        })
    }

    /// The capacity indicator's id, if the catalogue has one.
    pub fn indicator_id(&self) -> Option<i64> {
        self.id
    }

    /// The capacity of a house over months `[first, last]` when no capacity
    /// observation lies inside them.
    pub fn fallback(&self, house: i64, first: i32, last: i32) -> Option<f64> {
        self.recorded
            .get(&house)
            .and_then(|rows| {
                rows.iter()
                    .filter(|(a, b, _)| *a <= first && last <= *b)
                    .min_by_key(|(a, b, _)| b - a)
                    .map(|(_, _, v)| *v)
            })
            .or_else(|| self.register.get(&house).copied())
    }
}

/// The code of the indicator whose figure falls back on the register.
pub const CAPACITY: &str = "capacity";
