//! Actions files: actions of each house's current plan, known by their title.

use super::{Change, Context, Effect, RowError, Tally};
use crate::domain::action::{self as rules, Action, ActionInput, AxisRef};
use crate::messages::Msg;
use crate::sheet::read::Row;
use crate::store::{Writer, plan};
use crate::text::normalize;

pub(super) fn row(cx: &mut Context, w: &Writer, row: &Row) -> Result<Tally, RowError> {
    let (house_id, house) = cx.house_id(row, "house")?;
    let Some(current) = plan::current(&w.tx, house_id)? else {
        return Err(RowError::at(
            "house",
            Msg::NoPlanYet {
                house: house.clone(),
            },
        ));
    };
    let input = ActionInput {
        axis: cx.cell(row, "axis"),
        title: cx.cell(row, "title"),
        owner: cx.cell(row, "owner"),
        start: cx.cell(row, "start"),
        due: cx.cell(row, "due"),
        budget: cx.cell(row, "budget"),
        spent: cx.cell(row, "spent"),
        status: cx.cell(row, "status"),
        progress: cx.cell(row, "progress"),
    };
    // An action is known by its title within the house's current plan.
    let title = input.title.clone().unwrap_or_default();
    let key = normalize(&title);
    if !key.is_empty() {
        cx.once(format!("{house_id}/{key}"), row.line(), "title", || {
            Msg::ActionNamed {
                title: title.clone(),
                house: house.clone(),
            }
        })?;
    }
    let axes = plan::axes(&w.tx, current.id)?;
    let refs: Vec<AxisRef> = axes.iter().map(plan::Axis::rule_ref).collect();
    let existing = plan::plan_actions(&w.tx, current.id)?
        .into_iter()
        .find(|a| normalize(&a.title) == key);
    let base = existing
        .clone()
        .unwrap_or_else(|| Action::blank(&house, current.id));
    let (axis, after) = rules::validate(&house, &refs, &input, &base, cx.decimal)?;
    let axis_id = axes[axis].id;
    let effect = match &existing {
        Some(b) if *b == after => Effect::Unchanged,
        Some(b) => {
            plan::update_action(w, axis_id, b, &after)?;
            Effect::Updated
        }
        None => {
            plan::insert_action(w, current.id, axis_id, &after)?;
            Effect::Inserted
        }
    };
    Ok(Tally::one(effect, cx.collect_changes, || Change {
        what: format!("action {house} \"{}\"", after.title),
        old: existing.map(|b| b.status),
        new: after.status.clone(),
    }))
}
