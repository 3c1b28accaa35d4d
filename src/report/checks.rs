//! Validation rules evaluated over the observations: what `suivi check` lists
//! and the pilot report's alerts show.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Result;

use crate::domain::indicator::Catalogue;
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
type Series = HashMap<i64, BTreeMap<Period, f64>>;

/// Evaluates every rule. A value missing at a period is looked up in the
/// shortest recorded period that contains it (a capacity recorded for the
/// school year applies to each of its months).
pub fn evaluate(conn: &rusqlite::Connection, within: Option<&Period>) -> Result<Vec<Violation>> {
    let rules: Vec<(store::StoredRule, Rule)> = store::list(conn)?
        .into_iter()
        .filter_map(|r| {
            let parsed = rule::parse(&format!("{} {} {}", r.left, r.op, r.right)).ok()?;
            Some((r, parsed))
        })
        .collect();
    // Only the indicators the rules name, as ids and month spans: a report over
    // millions of rows must not turn each into text.
    let catalogue = crate::store::indicator::catalogue(conn)?;
    let mut ids: Vec<i64> = Vec::new();
    for (_, r) in &rules {
        for v in r.left.variables().into_iter().chain(r.right.variables()) {
            if let Some(i) = catalogue.by_code(&v)
                && !ids.contains(&i.id)
            {
                ids.push(i.id);
            }
        }
    }
    let facts = observation::facts(
        conn,
        &ids,
        within.map(|p| p.first_month()),
        within.map(|p| p.last_month()),
        None,
    )?;
    let capacities = Capacities::load(conn, &catalogue)?;
    // house id -> indicator id -> period -> value
    let mut data: HashMap<i64, Series> = HashMap::new();
    for (house, indicator, first, last, value) in facts {
        if let Some(p) = Period::from_months(first, last) {
            data.entry(house)
                .or_default()
                .entry(indicator)
                .or_default()
                .insert(p, value);
        }
    }
    let codes: HashMap<i64, String> = crate::store::house::ids(conn)?
        .into_iter()
        .map(|(code, id)| (id, code))
        .collect();
    let mut houses: Vec<(&i64, &String, &Series)> = data
        .iter()
        .filter_map(|(id, m)| codes.get(id).map(|c| (id, c, m)))
        .collect();
    houses.sort_by(|a, b| a.1.cmp(b.1));
    let id_of = |code: &str| catalogue.by_code(code).map(|i| i.id);
    let mut out = Vec::new();
    for (house_id, house, by_indicator) in houses {
        for (stored, r) in &rules {
            let vars: Vec<String> = r
                .left
                .variables()
                .into_iter()
                .chain(r.right.variables())
                .collect();
            let periods: BTreeSet<Period> = vars
                .iter()
                .filter_map(|v| id_of(v).and_then(|id| by_indicator.get(&id)))
                .flat_map(|m| m.keys().copied())
                .collect();
            for p in periods {
                let lookup = |code: &str| -> Option<f64> {
                    let id = id_of(code)?;
                    let found = by_indicator.get(&id).and_then(|series| {
                        if let Some(v) = series.get(&p) {
                            return Some(*v);
                        }
                        series
                            .iter()
                            .filter(|(q, _)| q.contains(&p))
                            .min_by_key(|(q, _)| q.span())
                            .map(|(_, v)| *v)
                    });
                    match found {
                        None if Some(id) == capacities.indicator_id() => {
                            capacities.fallback(*house_id, p.first_month(), p.last_month())
                        }
                        v => v,
                    }
                };
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
    Ok(out)
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
    pub fn load(conn: &rusqlite::Connection, catalogue: &Catalogue) -> Result<Capacities> {
        let mut stmt = conn.prepare_cached("SELECT id, capacity FROM house WHERE capacity > 0")?;
        let register = stmt
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as f64))
            })?
            .collect::<rusqlite::Result<HashMap<i64, f64>>>()?;
        let id = catalogue.by_code(CAPACITY).map(|i| i.id);
        let mut recorded: HashMap<i64, Vec<(i32, i32, f64)>> = HashMap::new();
        if let Some(id) = id {
            for (house, _, first, last, value) in observation::facts(conn, &[id], None, None, None)?
            {
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
