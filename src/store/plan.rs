//! Institutional development plans (projets de développement institutionnel):
//! versions, stages, axes, actions; and the assessments and events around them.

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::{Connection, params};

/// Plan stages in the order a plan goes through them.
pub const STAGES: &[&str] = &[
    "diagnostic",
    "drafted",
    "validated",
    "adopted",
    "executing",
    "evaluated",
];

/// The furthest stage reached by each house's current plan (house id → stage).
pub fn furthest_stages(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.house_id, s.stage FROM plan p JOIN plan_stage s ON s.plan_id = p.id
         WHERE p.superseded = 0",
    )?;
    let mut out: HashMap<i64, String> = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let house: i64 = r.get(0)?;
        let stage: String = r.get(1)?;
        let rank = |s: &str| STAGES.iter().position(|x| *x == s);
        let better = match out.get(&house) {
            Some(cur) => rank(&stage) > rank(cur),
            None => true,
        };
        if better {
            out.insert(house, stage);
        }
    }
    Ok(out)
}

/// One action of a current plan, as reports count it.
#[derive(Debug, Clone)]
pub struct ActionFact {
    pub house_id: i64,
    pub axis: String,
    pub status: String,
    pub due: String,
    pub budget: Option<f64>,
    pub spent: Option<f64>,
}

/// Every action of every house's current plan.
pub fn current_actions(conn: &Connection) -> Result<Vec<ActionFact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.house_id, x.code, a.status, a.due, a.budget, a.spent
         FROM action a JOIN plan p ON p.id = a.plan_id JOIN plan_axis x ON x.id = a.axis_id
         WHERE p.superseded = 0 ORDER BY p.house_id, x.position, a.due",
    )?;
    let rows = stmt.query_map(params![], |r| {
        Ok(ActionFact {
            house_id: r.get(0)?,
            axis: r.get(1)?,
            status: r.get(2)?,
            due: r.get(3)?,
            budget: r.get(4)?,
            spent: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An action is late when past due and neither done nor cancelled.
pub fn is_late(status: &str, due: &str, as_of: &str) -> bool {
    due < as_of && status != "done" && status != "cancelled"
}
