//! Institutional development plans (projets de développement institutionnel):
//! versions, stages, axes, actions; and the assessments and events around them.

use std::collections::HashMap;

use crate::params;
use crate::store::Conn;
use anyhow::Result;

use super::audit::Key;
use crate::domain::plan::stage_rank;

/// The furthest stage reached by each house's current plan (house id → stage).
pub fn furthest_stages(conn: &Conn) -> Result<HashMap<i64, String>> {
    let mut out: HashMap<i64, String> = HashMap::new();
    conn.query_each(
        "SELECT p.house_id, s.stage FROM plan p JOIN plan_stage s ON s.plan_id = p.id
         WHERE p.superseded = 0",
        (),
        |r| {
            let house: i64 = r.get(0)?;
            let stage: String = r.get(1)?;
            let better = match out.get(&house) {
                Some(cur) => stage_rank(&stage) > stage_rank(cur),
                None => true,
            };
            if better {
                out.insert(house, stage);
            }
            Ok(())
        },
    )?;
    Ok(out)
}

pub use crate::domain::plan::Plan;

fn plan_from_row(r: &crate::store::Row) -> Result<Plan> {
    Ok(Plan {
        id: r.get(0)?,
        house: r.get(1)?,
        version: r.get(2)?,
        start: r.get(3)?,
        end: r.get(4)?,
        template: r.get(5)?,
        created_at: r.get(6)?,
        superseded: r.get::<i64>(7)? != 0,
    })
}

const PLAN_SELECT: &str =
    "SELECT p.id, h.code, p.version, p.start_period, p.end_period, p.template,
        p.created_at, p.superseded FROM plan p JOIN house h ON h.id = p.house_id";

/// Every version of a house's plan, oldest first.
pub fn versions(conn: &Conn, house_id: i64) -> Result<Vec<Plan>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{PLAN_SELECT} WHERE p.house_id = ?1 ORDER BY p.version"
    ))?;
    let rows = stmt.query_map([house_id], plan_from_row)?;
    rows.collect::<Result<_>>()
}

pub fn current(conn: &Conn, house_id: i64) -> Result<Option<Plan>> {
    Ok(versions(conn, house_id)?
        .into_iter()
        .rfind(|p| !p.superseded))
}

/// Axes of a plan template: (code, French label, English label), in order.
pub fn template_axes(conn: &Conn, template: &str) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, label_fr, label_en FROM plan_template_axis WHERE template = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([template], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect::<Result<_>>()
}

/// Template names with their axes' codes.
pub fn templates(conn: &Conn) -> Result<Vec<(String, Vec<String>)>> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    conn.query_each(
        "SELECT template, code FROM plan_template_axis ORDER BY template, position",
        (),
        |r| {
            let (t, c): (String, String) = (r.get(0)?, r.get(1)?);
            match out.last_mut() {
                Some((name, codes)) if *name == t => codes.push(c),
                _ => out.push((t, vec![c])),
            }
            Ok(())
        },
    )?;
    Ok(out)
}

pub fn add_template(
    w: &super::Writer,
    name: &str,
    axes: &[(String, String, String)],
) -> Result<()> {
    for (pos, (code, fr, en)) in axes.iter().enumerate() {
        w.tx.execute(
            "INSERT INTO plan_template_axis (template, code, label_fr, label_en, position) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![name, code, fr, en, pos as i64],
        )?;
    }
    w.log(
        "insert",
        "plan_template",
        name,
        None,
        None,
        Some(&serde_json::json!(axes)),
    )
}

/// Creates a new version of a house's plan with the template's axes; older
/// versions become read-only history.
pub fn create(
    w: &super::Writer,
    house_id: i64,
    house: &str,
    start: &str,
    end: &str,
    template: &str,
) -> Result<Plan> {
    let version: i64 = w.tx.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM plan WHERE house_id = ?1",
        [house_id],
        |r| r.get(0),
    )?;
    w.tx.execute(
        "UPDATE plan SET superseded = 1 WHERE house_id = ?1",
        [house_id],
    )?;
    let id: i64 = w.tx.query_row(
        "INSERT INTO plan (house_id, version, start_period, end_period, template, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        params![house_id, version, start, end, template, w.at],
        |r| r.get(0),
    )?;
    w.tx.execute(
        "INSERT INTO plan_axis (plan_id, code, label_fr, label_en, position)
         SELECT CAST(?1 AS BIGINT), code, label_fr, label_en, position FROM plan_template_axis WHERE template = ?2",
        params![id, template],
    )?;
    let plan = Plan {
        id,
        house: house.to_string(),
        version,
        start: start.to_string(),
        end: end.to_string(),
        template: template.to_string(),
        created_at: w.at.clone(),
        superseded: false,
    };
    w.log(
        "insert",
        "plan",
        &format!("{house}/v{version}"),
        Some(house),
        None,
        Some(&serde_json::json!(plan)),
    )?;
    Ok(plan)
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Axis {
    #[serde(skip)]
    pub id: i64,
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
}

pub fn axes(conn: &Conn, plan_id: i64) -> Result<Vec<Axis>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, code, label_fr, label_en FROM plan_axis WHERE plan_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([plan_id], |r| {
        Ok(Axis {
            id: r.get(0)?,
            code: r.get(1)?,
            label_fr: r.get(2)?,
            label_en: r.get(3)?,
        })
    })?;
    rows.collect::<Result<_>>()
}

/// Stages reached by a plan, (stage, date), in funnel order.
pub fn stages(conn: &Conn, plan_id: i64) -> Result<Vec<(String, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT stage, reached_on FROM plan_stage WHERE plan_id = ?1")?;
    let rows = stmt.query_map([plan_id], |r| {
        Ok((r.get::<String>(0)?, r.get::<String>(1)?))
    })?;
    let mut v: Vec<(String, String)> = rows.collect::<Result<_>>()?;
    v.sort_by_key(|(s, _)| stage_rank(s));
    Ok(v)
}

/// Sets the date a stage was reached, and removes the stages after it (a plan
/// sent back to an earlier stage has not reached the later ones any more).
pub fn set_stage(w: &super::Writer, plan: &Plan, stage: &str, date: &str) -> Result<()> {
    let before = stages(&w.tx, plan.id)?;
    for (later, _, _) in &crate::domain::plan::STAGES[stage_rank(stage) + 1..] {
        w.tx.execute(
            "DELETE FROM plan_stage WHERE plan_id = ?1 AND stage = ?2",
            params![plan.id, later],
        )?;
    }
    w.tx.execute(
        "INSERT INTO plan_stage (plan_id, stage, reached_on) VALUES (?1, ?2, ?3)
         ON CONFLICT (plan_id, stage) DO UPDATE SET reached_on = excluded.reached_on",
        params![plan.id, stage, date],
    )?;
    let after = stages(&w.tx, plan.id)?;
    w.log(
        "update",
        "plan_stage",
        &format!("{}/v{}", plan.house, plan.version),
        Some(&plan.house),
        Some(&serde_json::json!(before)),
        Some(&serde_json::json!(after)),
    )
}

pub use crate::domain::action::Action;

const ACTION_SELECT: &str =
    "SELECT a.id, h.code, x.code, a.title, a.owner, a.start, a.due, a.budget, a.spent,
        a.status, a.progress, a.plan_id, p.superseded
    FROM action a JOIN plan p ON p.id = a.plan_id JOIN house h ON h.id = p.house_id
    JOIN plan_axis x ON x.id = a.axis_id";

fn action_from_row(r: &crate::store::Row) -> Result<Action> {
    Ok(Action {
        id: r.get(0)?,
        house: r.get(1)?,
        axis: r.get(2)?,
        title: r.get(3)?,
        owner: r.get(4)?,
        start: r.get(5)?,
        due: r.get(6)?,
        budget: r.get(7)?,
        spent: r.get(8)?,
        status: r.get(9)?,
        progress: r.get(10)?,
        plan_id: r.get(11)?,
        superseded: r.get::<i64>(12)? != 0,
    })
}

pub fn action(conn: &Conn, id: i64) -> Result<Option<Action>> {
    use crate::store::OptionalExtension;
    conn.prepare_cached(&format!("{ACTION_SELECT} WHERE a.id = ?1"))?
        .query_row([id], action_from_row)
        .optional()
}

/// Actions of current plans, optionally of one house (code) and one axis (code).
pub fn actions(conn: &Conn, house: Option<&str>, axis: Option<&str>) -> Result<Vec<Action>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{ACTION_SELECT} WHERE p.superseded = 0 AND (?1 IS NULL OR h.code = ?1) AND (?2 IS NULL OR x.code = ?2)
         ORDER BY h.code, x.position, a.due, a.id"
    ))?;
    let rows = stmt.query_map(params![house, axis], action_from_row)?;
    rows.collect::<Result<_>>()
}

/// Actions of one plan version (current or superseded).
pub fn plan_actions(conn: &Conn, plan_id: i64) -> Result<Vec<Action>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{ACTION_SELECT} WHERE a.plan_id = ?1 ORDER BY x.position, a.due, a.id"
    ))?;
    let rows = stmt.query_map([plan_id], action_from_row)?;
    rows.collect::<Result<_>>()
}

pub fn insert_action(w: &super::Writer, plan_id: i64, axis_id: i64, a: &Action) -> Result<i64> {
    let id: i64 = w.tx.query_row(
        "INSERT INTO action (plan_id, axis_id, title, owner, start, due, budget, spent, status, progress, batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
        params![
            plan_id, axis_id, a.title, a.owner, a.start, a.due, a.budget, a.spent, a.status,
            a.progress, w.batch
        ],
        |r| r.get(0),
    )?;
    let stored = Action { id, ..a.clone() };
    w.record(
        "insert",
        &Key::Action { id },
        Some(&stored.house),
        None,
        Some(&serde_json::json!(stored)),
    )?;
    Ok(id)
}

pub fn update_action(
    w: &super::Writer,
    axis_id: i64,
    before: &Action,
    after: &Action,
) -> Result<()> {
    w.tx.prepare_cached(
        "UPDATE action SET axis_id = ?2, title = ?3, owner = ?4, start = ?5, due = ?6, budget = ?7, spent = ?8,
            status = ?9, progress = ?10 WHERE id = ?1",
    )?
    .execute(params![
        after.id,
        axis_id,
        after.title,
        after.owner,
        after.start,
        after.due,
        after.budget,
        after.spent,
        after.status,
        after.progress
    ])?;
    w.record(
        "update",
        &Key::Action { id: after.id },
        Some(&after.house),
        Some(&serde_json::json!(before)),
        Some(&serde_json::json!(after)),
    )
}

pub fn delete_action(w: &super::Writer, a: &Action) -> Result<()> {
    w.tx.execute("DELETE FROM action WHERE id = ?1", [a.id])?;
    w.record(
        "delete",
        &Key::Action { id: a.id },
        Some(&a.house),
        Some(&serde_json::json!(a)),
        None,
    )
}

/// Assessment dimensions: (code, French label, English label), in order.
pub fn dimensions(conn: &Conn) -> Result<Vec<(String, String, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT code, label_fr, label_en FROM dimension ORDER BY position")?;
    let rows = stmt.query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect::<Result<_>>()
}

pub use crate::domain::assessment::Assessment;

/// Sets a score; returns whether anything changed.
/// A locked period refuses scores, as it refuses observations, unless the
/// writer carries a reason (a forced import, an undo).
pub fn assess(w: &super::Writer, house_id: i64, a: &Assessment) -> Result<bool> {
    use crate::store::OptionalExtension;
    if w.reason.is_none() {
        let last = crate::domain::period::Period::parse(&a.period)
            .map(|p| p.last_month())
            .unwrap_or(a.first_month);
        let lock: Option<(String, String)> = w
            .tx
            .prepare_cached(
                "SELECT period, reason FROM period_lock WHERE first_month <= ?2 AND last_month >= ?1 LIMIT 1",
            )?
            .query_row(params![a.first_month, last], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((locked, reason)) = lock {
            return Err(crate::error::rejected_with(
                crate::messages::Msg::ScoresLocked {
                    period: a.period.clone(),
                    house: a.house.clone(),
                }
                .to_string(),
                vec![
                    crate::messages::Msg::LockedAs {
                        lock: locked,
                        reason,
                    }
                    .to_string(),
                    crate::messages::Msg::UnlockFirst.to_string(),
                ],
            ));
        }
    }
    let old: Option<f64> =
        w.tx.prepare_cached(
            "SELECT score FROM assessment WHERE house_id = ?1 AND period = ?2 AND dimension = ?3",
        )?
        .query_row(params![house_id, a.period, a.dimension], |r| r.get(0))
        .optional()?;
    if old == Some(a.score) {
        return Ok(false);
    }
    w.tx.prepare_cached(
        "INSERT INTO assessment (house_id, period, first_month, dimension, score, batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (house_id, period, dimension) DO UPDATE SET score = excluded.score, batch_id = excluded.batch_id",
    )?
    .execute(params![house_id, a.period, a.first_month, a.dimension, a.score, w.batch])?;
    w.record(
        if old.is_some() { "update" } else { "insert" },
        &assessment_key(a),
        Some(&a.house),
        old.map(|s| serde_json::json!({"score": s})).as_ref(),
        Some(&serde_json::json!({"score": a.score})),
    )?;
    Ok(true)
}

/// Assessments, of one house or all, by period then dimension order.
pub fn assessments(conn: &Conn, house_id: Option<i64>) -> Result<Vec<Assessment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.code, s.period, s.dimension, s.score, s.first_month FROM assessment s
         JOIN house h ON h.id = s.house_id JOIN dimension d ON d.code = s.dimension
         WHERE (?1 IS NULL OR s.house_id = ?1) ORDER BY h.code, s.first_month, s.period, d.position",
    )?;
    let rows = stmt.query_map([house_id], |r| {
        Ok(Assessment {
            house: r.get(0)?,
            period: r.get(1)?,
            dimension: r.get(2)?,
            score: r.get(3)?,
            first_month: r.get(4)?,
        })
    })?;
    rows.collect::<Result<_>>()
}

pub use crate::domain::plan::Event;

pub fn insert_event(w: &super::Writer, house_id: i64, e: &Event) -> Result<i64> {
    let id: i64 = w.tx.query_row(
        "INSERT INTO event (house_id, kind, date, title, women, men, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        params![house_id, e.kind, e.date, e.title, e.women, e.men, e.notes],
        |r| r.get(0),
    )?;
    let stored = Event { id, ..e.clone() };
    w.log(
        "insert",
        "event",
        &id.to_string(),
        Some(&stored.house),
        None,
        Some(&serde_json::json!(stored)),
    )?;
    Ok(id)
}

pub fn events(conn: &Conn, house_id: Option<i64>) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, h.code, e.kind, e.date, e.title, e.women, e.men, e.notes FROM event e
         JOIN house h ON h.id = e.house_id WHERE (?1 IS NULL OR e.house_id = ?1) ORDER BY e.date, e.id",
    )?;
    let rows = stmt.query_map([house_id], |r| {
        Ok(Event {
            id: r.get(0)?,
            house: r.get(1)?,
            kind: r.get(2)?,
            date: r.get(3)?,
            title: r.get(4)?,
            women: r.get(5)?,
            men: r.get(6)?,
            notes: r.get(7)?,
        })
    })?;
    rows.collect::<Result<_>>()
}

pub fn delete_assessment(w: &super::Writer, house_id: i64, a: &Assessment) -> Result<()> {
    w.tx.execute(
        "DELETE FROM assessment WHERE house_id = ?1 AND period = ?2 AND dimension = ?3",
        params![house_id, a.period, a.dimension],
    )?;
    w.record(
        "delete",
        &assessment_key(a),
        Some(&a.house),
        Some(&serde_json::json!({"score": a.score})),
        None,
    )
}

impl Axis {
    /// The axis as the action rules see it.
    pub fn rule_ref(&self) -> crate::domain::action::AxisRef {
        crate::domain::action::AxisRef {
            code: self.code.clone(),
            label_fr: self.label_fr.clone(),
            label_en: self.label_en.clone(),
        }
    }
}

fn assessment_key(a: &Assessment) -> Key {
    Key::Assessment {
        house: a.house.clone(),
        period: a.period.clone(),
        dimension: a.dimension.clone(),
    }
}

/// Actions of version `version` of each house's plan (current or superseded),
/// optionally of one house (code) and one axis (code).
pub fn actions_of_version(
    conn: &Conn,
    house: Option<&str>,
    axis: Option<&str>,
    version: i64,
) -> Result<Vec<Action>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{ACTION_SELECT} WHERE p.version = ?3 AND (?1 IS NULL OR h.code = ?1) AND (?2 IS NULL OR x.code = ?2)
         ORDER BY h.code, x.position, a.due, a.id"
    ))?;
    let rows = stmt.query_map(params![house, axis, version], action_from_row)?;
    rows.collect::<Result<_>>()
}

/// The version number of every plan (plan id → version).
pub fn plan_version_numbers(conn: &Conn) -> Result<HashMap<i64, i64>> {
    let mut stmt = conn.prepare_cached("SELECT id, version FROM plan")?;
    let rows = stmt.query_map((), |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<Result<_>>()
}

/// The version number of a house's current plan (None without a plan).
pub fn current_version(conn: &Conn, house_id: i64) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT max(version) FROM plan WHERE house_id = ?1 AND superseded = 0")?
        .query_row([house_id], |r| r.get(0))
}
