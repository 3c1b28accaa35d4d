//! Validation rules evaluated over the observations: what `suivi check` lists
//! and the pilot report's alerts show.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Result;

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
    )?;
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
    let mut houses: Vec<(&String, &Series)> = data
        .iter()
        .filter_map(|(id, m)| codes.get(id).map(|c| (c, m)))
        .collect();
    houses.sort_by(|a, b| a.0.cmp(b.0));
    let id_of = |code: &str| catalogue.by_code(code).map(|i| i.id);
    let mut out = Vec::new();
    for (house, by_indicator) in houses {
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
                    let series = by_indicator.get(&id_of(code)?)?;
                    if let Some(v) = series.get(&p) {
                        return Some(*v);
                    }
                    series
                        .iter()
                        .filter(|(q, _)| q.contains(&p))
                        .min_by_key(|(q, _)| q.span())
                        .map(|(_, v)| *v)
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
