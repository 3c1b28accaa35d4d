//! Associations files: one managing association per row, by code.

use super::{Change, Context, Effect, RowError, Tally};
use crate::domain::association::{self as rules, Association};
use crate::messages::Msg;
use crate::sheet::read::Row;
use crate::store::{Writer, association};

pub(super) fn row(cx: &mut Context, w: &Writer, row: &Row) -> Result<Tally, RowError> {
    let Some(code) = cx.cell(row, "code") else {
        return Err(RowError::at("code", Msg::AssociationCodeEmpty));
    };
    cx.once(code.to_ascii_lowercase(), row.line(), "code", || {
        Msg::AssociationNamed { code: code.clone() }
    })?;
    let after = Association {
        code: code.clone(),
        name: cx.cell(row, "name").unwrap_or_default(),
        registration_no: cx.cell(row, "registration_no"),
        president: cx.cell(row, "president"),
        phone: cx.cell(row, "phone"),
        email: cx.cell(row, "email"),
    };
    let before = association::get(&w.tx, &code)?;
    if before.is_none() {
        rules::check_new_code(&code, cx.association_codes.iter().map(String::as_str))?;
    }
    rules::validate(&after)?;
    let effect = match &before {
        Some(b) if *b == after => Effect::Unchanged,
        Some(b) => {
            association::update(w, b, &after)?;
            Effect::Updated
        }
        None => {
            association::insert(w, &after)?;
            cx.association_codes.push(code.clone());
            Effect::Inserted
        }
    };
    Ok(Tally::one(effect, cx.collect_changes, || Change {
        what: format!("association {code}"),
        old: before.map(|b| b.name),
        new: after.name,
    }))
}
