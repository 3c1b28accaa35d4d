//! `suivi association add|list|show|edit|remove`.

use anyhow::Result;

use super::{clean, edit_opt};
use crate::cli::{AssociationAdd, AssociationCmd, AssociationEdit};
use crate::context::Ctx;
use crate::output::{self, Listing, opt_text, text};
use crate::store::association::{self, Association};
use crate::{prompt, reject, reject_field};

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

/// Checks an association's fields; the error names the field and value.
pub fn validate(a: &Association) -> Result<()> {
    if a.code.trim().is_empty() {
        reject_field!("code", "the association code is empty");
    }
    if a.code.chars().any(char::is_whitespace) {
        reject_field!(
            "code",
            "association code \"{}\" contains spaces; use letters, digits, - or _",
            a.code
        );
    }
    if a.name.trim().is_empty() {
        reject_field!("name", "the name of association {} is empty", a.code);
    }
    if let Some(e) = &a.email
        && (!e.contains('@') || e.starts_with('@') || e.ends_with('@'))
    {
        reject_field!(
            "email",
            "\"{e}\" is not an e-mail address (association {})",
            a.code
        );
    }
    Ok(())
}

fn add(ctx: &Ctx, a: AssociationAdd) -> Result<()> {
    let mut db = ctx.open()?;
    let code = prompt::text(ctx, a.code, "CODE", "association code")?
        .trim()
        .to_string();
    let name = prompt::text(ctx, a.name, "--name", "name of the association")?
        .trim()
        .to_string();
    let assoc = Association {
        code,
        name,
        registration_no: clean(a.registration_no),
        president: clean(a.president),
        phone: clean(a.phone),
        email: clean(a.email),
    };
    validate(&assoc)?;
    if association::get(&db.conn, &assoc.code)?.is_some() {
        reject!(
            "association {} already exists; nothing was changed (use `suivi association edit {}`)",
            assoc.code,
            assoc.code
        );
    }
    let w = db.writer(&ctx.author)?;
    association::insert(&w, &assoc)?;
    w.commit()?;
    println!("Added association {} ({})", assoc.code, assoc.name);
    Ok(())
}

fn list(ctx: &Ctx) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let all = association::list(&db.conn)?;
    output::print_listing(format, &Listing::of(&all, COLUMNS)?)
}

fn get_or_reject(conn: &rusqlite::Connection, code: &str) -> Result<Association> {
    match association::get(conn, code)? {
        Some(a) => Ok(a),
        None => reject!("unknown association \"{code}\"; see `suivi association list`"),
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
        println!("Association {} unchanged", before.code);
        return Ok(());
    }
    let w = db.writer(&ctx.author)?;
    association::update(&w, &before, &after)?;
    w.commit()?;
    println!("Updated association {}", after.code);
    Ok(())
}

fn remove(ctx: &Ctx, code: &str, yes: bool) -> Result<()> {
    let mut db = ctx.open()?;
    let a = get_or_reject(&db.conn, code)?;
    let houses = association::houses_of(&db.conn, code)?;
    if !houses.is_empty() {
        reject!(
            "association {code} runs {} house(s) ({}); give them another association first (`suivi house edit CODE --association OTHER`)",
            houses.len(),
            houses.join(", ")
        );
    }
    if !prompt::confirm(
        ctx,
        yes,
        &format!("Remove association {code} ({})?", a.name),
    )? {
        println!("Nothing removed");
        return Ok(());
    }
    let w = db.writer(&ctx.author)?;
    association::delete(&w, &a)?;
    w.commit()?;
    println!("Removed association {code}");
    Ok(())
}
