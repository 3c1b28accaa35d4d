//! `suivi association add|list|show|edit|remove`.

use crate::messages::Prompt;
use anyhow::Result;

use super::{clean, edit_opt, field_error};
use crate::cli::{AssociationAdd, AssociationCmd, AssociationEdit};
use crate::context::Ctx;
use crate::domain::association as rules;
use crate::messages::Msg;
use crate::output::{self, Listing, opt_text, text};
use crate::prompt;
use crate::store::association::{self, Association};

pub const COLUMNS: &[&str] = crate::output::columns::ASSOCIATIONS;

pub fn run(ctx: &Ctx, cmd: AssociationCmd) -> Result<()> {
    match cmd {
        AssociationCmd::Add(a) => add(ctx, a),
        AssociationCmd::List => list(ctx),
        AssociationCmd::Show { code } => show(ctx, &code),
        AssociationCmd::Edit(a) => edit(ctx, a),
        AssociationCmd::Remove { code, yes } => remove(ctx, &code, yes),
    }
}

/// Checks an association's fields (refusals as the command line says them).
pub fn validate(a: &Association) -> Result<()> {
    rules::validate(a).map_err(field_error)
}

fn add(ctx: &Ctx, a: AssociationAdd) -> Result<()> {
    let mut db = ctx.open()?;
    let asking = ctx.interactive;
    let say = |p: Prompt| prompt::say(ctx, p);
    // At a terminal: ask in the person's language, optional fields with Enter to skip.
    let ask = |given: Option<String>, what: Prompt, optional: bool| -> Result<Option<String>> {
        match given {
            Some(v) => Ok(Some(v)),
            None if asking => Ok(Some(prompt::ask(ctx, say(what), optional, |_| Ok(()))?)),
            None => Ok(None),
        }
    };
    let code = match a.code {
        Some(c) => c.trim().to_string(),
        // A code that breaks a rule or is taken is explained and asked again.
        None if asking => {
            let codes = association::codes(&db.conn)?;
            prompt::ask(ctx, say(Prompt::AssociationCode), false, |c| {
                if codes.iter().any(|x| x == c) {
                    return Err(crate::messages::Msg::CodeTaken {
                        code: c.to_string(),
                    }
                    .to_string());
                }
                rules::check_new_code(c, codes.iter().map(String::as_str)).map_err(|e| e.message())
            })?
        }
        None => prompt::text(ctx, None, "CODE", "code")?,
    };
    let name = match ask(a.name, Prompt::NameOfTheAssociation, false)? {
        Some(n) => n.trim().to_string(),
        None => prompt::text(ctx, None, "--name", "name")?,
    };
    let assoc = Association {
        code,
        name,
        registration_no: clean(ask(a.registration_no, Prompt::RegistrationNumber, true)?),
        president: clean(ask(a.president, Prompt::President2, true)?),
        phone: clean(ask(a.phone, Prompt::Phone2, true)?),
        email: clean(ask(a.email, Prompt::Email2, true)?),
    };
    validate(&assoc)?;
    if asking {
        crate::output::warn(say(Prompt::NewAssociation))?;
        for (k, v) in [
            ("code", Some(&assoc.code)),
            (say(Prompt::Name), Some(&assoc.name)),
            (say(Prompt::Registration), assoc.registration_no.as_ref()),
            (say(Prompt::President), assoc.president.as_ref()),
            (say(Prompt::Phone), assoc.phone.as_ref()),
            (say(Prompt::Email), assoc.email.as_ref()),
        ] {
            crate::output::warn(&format!(
                "  {k:<14} {}",
                v.map(String::as_str).unwrap_or("—")
            ))?;
        }
        if !prompt::yes_no(ctx, say(Prompt::SaveThisAssociation))? {
            return output::line(say(Prompt::NothingWasSaved));
        }
    }
    if association::get(&db.conn, &assoc.code)?.is_none() {
        let codes = association::codes(&db.conn)?;
        rules::check_new_code(&assoc.code, codes.iter().map(String::as_str))
            .map_err(field_error)?;
    } else {
        return Err(crate::messages::rejected(Msg::AssociationExists {
            code: assoc.code.clone(),
        }));
    }
    let w = db.writer(&ctx.author)?;
    association::insert(&w, &assoc)?;
    w.commit()?;
    output::line(
        &Msg::AddedAssociation {
            code: assoc.code.clone(),
            name: assoc.name.clone(),
        }
        .to_string(),
    )?;
    Ok(())
}

fn list(ctx: &Ctx) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let all = association::list(&db.conn)?;
    output::print_listing(
        format,
        &Listing::of(&all, COLUMNS)?.keyed(&["code", "name", "president"]),
    )
}

fn get_or_reject(conn: &crate::store::Conn, code: &str) -> Result<Association> {
    match association::get(conn, code)? {
        Some(a) => Ok(a),
        None => Err(crate::messages::rejected(Msg::UnknownAssociation {
            code: code.to_string(),
            closest: crate::messages::near(
                association::codes(conn)?.iter().map(String::as_str),
                code,
            ),
        })),
    }
}

fn show(ctx: &Ctx, code: &str) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let a = get_or_reject(&db.conn, code)?;
    let houses = association::houses_of(&db.conn, code)?;
    let houses_value = match format {
        crate::cli::Format::Json => serde_json::json!(houses),
        _ => text(&houses.join(", ")),
    };
    output::print_record(
        format,
        &[
            ("code", text(&a.code)),
            ("name", text(&a.name)),
            ("registration_no", opt_text(&a.registration_no)),
            ("president", opt_text(&a.president)),
            ("phone", opt_text(&a.phone)),
            ("email", opt_text(&a.email)),
            ("houses", houses_value),
        ],
    )
}

fn edit(ctx: &Ctx, a: AssociationEdit) -> Result<()> {
    let mut db = ctx.open()?;
    let before = get_or_reject(&db.conn, &a.code)?;
    let after = Association {
        code: before.code.clone(),
        name: a
            .name
            .map(|n| n.trim().to_string())
            .unwrap_or_else(|| before.name.clone()),
        registration_no: edit_opt(&before.registration_no, &a.registration_no),
        president: edit_opt(&before.president, &a.president),
        phone: edit_opt(&before.phone, &a.phone),
        email: edit_opt(&before.email, &a.email),
    };
    validate(&after)?;
    if after == before {
        output::line(
            &Msg::AssociationUnchanged {
                code: before.code.clone(),
            }
            .to_string(),
        )?;
        return Ok(());
    }
    let w = db.writer(&ctx.author)?;
    association::update(&w, &before, &after)?;
    w.commit()?;
    output::line(
        &Msg::UpdatedAssociation {
            code: after.code.clone(),
        }
        .to_string(),
    )?;
    Ok(())
}

fn remove(ctx: &Ctx, code: &str, yes: bool) -> Result<()> {
    let mut db = ctx.open()?;
    let a = get_or_reject(&db.conn, code)?;
    let houses = association::houses_of(&db.conn, code)?;
    if !houses.is_empty() {
        return Err(crate::messages::rejected(Msg::AssociationRunsHouses {
            code: code.to_string(),
            n: houses.len(),
            houses: houses.join(", "),
        }));
    }
    if !prompt::confirm(
        ctx,
        yes,
        &Msg::AskRemoveAssociation {
            code: code.to_string(),
            name: a.name.clone(),
        }
        .to_string(),
    )? {
        output::line(&Msg::NothingRemoved.to_string())?;
        return Ok(());
    }
    let w = db.writer(&ctx.author)?;
    association::delete(&w, &a)?;
    w.commit()?;
    output::line(
        &Msg::RemovedAssociation {
            code: code.to_string(),
        }
        .to_string(),
    )?;
    Ok(())
}
