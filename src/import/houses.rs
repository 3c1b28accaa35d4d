//! Houses files: one house per row, by code.

use super::{Change, Context, Effect, RowError, Tally, normalize_number};
use crate::domain::house::{self as rules, HouseInput};
use crate::messages::Msg;
use crate::sheet::read::Row;
use crate::store::{Writer, house};

pub(super) fn row(cx: &mut Context, w: &Writer, row: &Row) -> Result<Tally, RowError> {
    let Some(code) = cx.cell(row, "code") else {
        return Err(RowError::at("code", Msg::HouseCodeEmpty));
    };
    cx.once(code.to_ascii_lowercase(), row.line(), "code", || {
        Msg::HouseNamed { code: code.clone() }
    })?;
    let input = HouseInput {
        name: cx.cell(row, "name"),
        name_ar: cx.cell(row, "name_ar"),
        kind: cx.cell(row, "kind"),
        region: cx.cell(row, "region"),
        province: cx.cell(row, "province"),
        commune: cx.cell(row, "commune"),
        milieu: cx.cell(row, "milieu"),
        capacity: cx
            .cell(row, "capacity")
            .map(|c| normalize_number(&c, cx.decimal)),
        association: cx.cell(row, "association"),
        cohort: cx.cell(row, "cohort"),
        opened: cx.cell(row, "opened"),
        status: cx.cell(row, "status"),
        legal_basis: cx.cell(row, "legal_basis"),
        authorisation_no: cx.cell(row, "authorisation_no"),
        authorisation_date: cx.cell(row, "authorisation_date"),
    };
    let Some(registry) = cx.registry.as_mut() else {
        return Err(RowError::Fatal(anyhow::anyhow!(
            "the register was not read for a houses file"
        )));
    };
    let before = house::get(&w.tx, &code)?;
    let after = rules::validate(&code, &input, before.as_ref(), &*registry)?;
    let effect = match &before {
        Some(b) if *b == after => Effect::Unchanged,
        Some(b) => {
            house::update(w, b, &after)?;
            Effect::Updated
        }
        None => {
            house::insert(w, &after)?;
            let Some(id) = house::id(&w.tx, &after.code)? else {
                return Err(RowError::Fatal(anyhow::anyhow!(
                    "house {} is not in the database right after it was written",
                    after.code
                )));
            };
            cx.houses.insert(after.code.clone(), id);
            registry.houses.push(after.code.clone());
            Effect::Inserted
        }
    };
    Ok(Tally::one(effect, cx.collect_changes, || Change {
        what: format!("house {code}"),
        old: before.map(|b| b.name),
        new: after.name,
    }))
}
