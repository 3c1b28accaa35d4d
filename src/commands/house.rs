//! `suivi house add|list|show|edit|remove`.

use anyhow::Result;
use rusqlite::Connection;

use super::{clean, edit_opt};
use crate::cli::{HouseAdd, HouseCmd, HouseEdit, HouseFields, HouseList};
use crate::context::Ctx;
use crate::domain::date::Date;
use crate::domain::number::{Decimal, parse_number};
use crate::domain::register::{self, HOUSE_KINDS, MILIEUX, STATUSES};
use crate::output::{self, Listing, opt_text, text};
use crate::store::association;
use crate::store::house::{self, House};
use crate::store::region::{self, Region};
use crate::{prompt, reject, reject_field};

/// Columns of `house list`, in the order of CLI.md's JSON keys.
pub const COLUMNS: &[&str] = &[
    "code",
    "name",
    "name_ar",
    "kind",
    "region",
    "province",
    "commune",
    "milieu",
    "capacity",
    "association",
    "cohort",
    "status",
];

pub fn run(ctx: &Ctx, cmd: HouseCmd) -> Result<()> {
    match cmd {
        HouseCmd::Add(a) => add(ctx, a),
        HouseCmd::List(a) => list(ctx, &a),
        HouseCmd::Show { code } => show(ctx, &code),
        HouseCmd::Edit(a) => edit(ctx, a),
        HouseCmd::Remove { code, yes } => remove(ctx, &code, yes),
    }
}

/// Validates the fields of a house over `base` (the current house when
/// editing). Every refusal names the field and the value. Shared by
/// `house add`, `house edit` and `import houses`.
pub fn resolve(
    conn: &Connection,
    regions: &[Region],
    code: &str,
    f: &HouseFields,
    base: Option<&House>,
) -> Result<House> {
    let code = code.trim();
    if code.is_empty() {
        reject_field!("code", "the house code is empty");
    }
    if code.chars().any(char::is_whitespace) {
        reject_field!(
            "code",
            "house code \"{code}\" contains spaces; use letters, digits, - or _"
        );
    }
    let required =
        |v: &Option<String>, current: Option<&String>, field: &'static str| -> Result<String> {
            match (v, current) {
                (Some(v), _) if !v.trim().is_empty() => Ok(v.trim().to_string()),
                (Some(_), _) => reject_field!(field, "the {field} of house {code} is empty"),
                (None, Some(c)) => Ok(c.clone()),
                (None, None) => reject_field!(field, "house {code} has no {field} (--{field})"),
            }
        };
    let name = required(&f.name, base.map(|b| &b.name), "name")?;
    let kind_in = required(&f.kind, base.map(|b| &b.kind), "kind")?;
    let Some(kind) = register::lookup(HOUSE_KINDS, &kind_in) else {
        reject_field!(
            "kind",
            "unknown house kind \"{kind_in}\"; use one of {}",
            register::codes(HOUSE_KINDS)
        );
    };
    let region_in = required(&f.region, base.map(|b| &b.region_code), "region")?;
    let region = region::resolve(regions, &region_in).map_err(|e| {
        let details = e
            .downcast_ref::<crate::error::Error>()
            .map(|x| x.details().to_vec())
            .unwrap_or_default();
        crate::error::rejected_field("region", format!("{e} ({})", details.join("; ")))
    })?;
    let milieu = match edit_opt(&base.and_then(|b| b.milieu.clone()), &f.milieu) {
        None => None,
        Some(m) => match register::lookup(MILIEUX, &m) {
            Some(code) => Some(code.to_string()),
            None => reject_field!(
                "milieu",
                "unknown milieu \"{m}\" for house {code}; use rural or urban (urbain)"
            ),
        },
    };
    let capacity = match (&f.capacity, base) {
        (Some(c), _) => parse_capacity(code, c)?,
        (None, Some(b)) => b.capacity,
        (None, None) => reject_field!("capacity", "house {code} has no capacity (--capacity)"),
    };
    let association = edit_opt(&base.and_then(|b| b.association.clone()), &f.association);
    if let Some(a) = &association
        && association::get(conn, a)?.is_none()
    {
        reject_field!(
            "association",
            "unknown association \"{a}\" for house {code}; add it first with `suivi association add {a} --name ...`"
        );
    }
    let cohort = match &f.cohort {
        Some(c) if !c.trim().is_empty() => c.trim().to_lowercase(),
        _ => base
            .map(|b| b.cohort.clone())
            .unwrap_or_else(|| "pilot".into()),
    };
    let status = match &f.status {
        Some(s) if !s.trim().is_empty() => match register::lookup(STATUSES, s) {
            Some(s) => s.to_string(),
            None => reject_field!(
                "status",
                "unknown status \"{s}\" for house {code}; use active or closed"
            ),
        },
        _ => base
            .map(|b| b.status.clone())
            .unwrap_or_else(|| "active".into()),
    };
    let date = |v: Option<String>, field: &'static str| -> Result<Option<String>> {
        match v {
            None => Ok(None),
            Some(d) => match Date::parse(&d) {
                Ok(d) => Ok(Some(d.to_string())),
                Err(e) => reject_field!(field, "{field} of house {code}: {e}"),
            },
        }
    };
    Ok(House {
        code: code.to_string(),
        name,
        name_ar: edit_opt(&base.and_then(|b| b.name_ar.clone()), &f.name_ar),
        kind: kind.to_string(),
        region: region.name_fr.clone(),
        region_code: region.code.clone(),
        province: edit_opt(&base.and_then(|b| b.province.clone()), &f.province),
        commune: edit_opt(&base.and_then(|b| b.commune.clone()), &f.commune),
        milieu,
        capacity,
        association,
        cohort,
        opened: date(
            edit_opt(&base.and_then(|b| b.opened.clone()), &f.opened),
            "opened",
        )?,
        status,
        legal_basis: edit_opt(&base.and_then(|b| b.legal_basis.clone()), &f.legal_basis),
        authorisation_no: edit_opt(
            &base.and_then(|b| b.authorisation_no.clone()),
            &f.authorisation_no,
        ),
        authorisation_date: date(
            edit_opt(
                &base.and_then(|b| b.authorisation_date.clone()),
                &f.authorisation_date,
            ),
            "authorisation_date",
        )?,
    })
}

fn parse_capacity(code: &str, input: &str) -> Result<i64> {
    match parse_number(input, Decimal::Auto) {
        Ok(v) if v >= 0.0 && v.fract() == 0.0 && v < 1e9 => Ok(v as i64),
        Ok(v) => reject_field!(
            "capacity",
            "capacity \"{input}\" of house {code} must be a whole number of places, 0 or more (got {v})"
        ),
        Err(_) => reject_field!(
            "capacity",
            "capacity \"{input}\" of house {code} is not a number of places"
        ),
    }
}

fn add(ctx: &Ctx, a: HouseAdd) -> Result<()> {
    let mut db = ctx.open()?;
    let regions = region::all(&db.conn)?;
    let code = prompt::text(ctx, a.code, "CODE", "house code")?;
    if house::get(&db.conn, code.trim())?.is_some() {
        reject!(
            "house {} already exists; nothing was changed (use `suivi house edit {}`)",
            code.trim(),
            code.trim()
        );
    }
    let mut f = a.fields;
    f.name = Some(prompt::text(
        ctx,
        f.name,
        "--name",
        "name of the house (French)",
    )?);
    let fr = ctx.fr();
    let choices = |vocab: &[(&str, &str, &str)]| -> Vec<(String, String)> {
        vocab
            .iter()
            .map(|(c, l_fr, l_en)| {
                (
                    c.to_string(),
                    format!("{c} — {}", if fr { l_fr } else { l_en }),
                )
            })
            .collect()
    };
    f.kind = Some(prompt::select(
        ctx,
        f.kind,
        "--kind",
        "kind of house",
        &choices(HOUSE_KINDS),
    )?);
    let region_choices: Vec<(String, String)> = regions
        .iter()
        .map(|r| (r.code.clone(), format!("{} {}", r.code, r.name_fr)))
        .collect();
    f.region = Some(prompt::select(
        ctx,
        f.region,
        "--region",
        "region",
        &region_choices,
    )?);
    if ctx.interactive {
        if f.milieu.is_none() {
            f.milieu = Some(prompt::select(
                ctx,
                None,
                "--milieu",
                "milieu",
                &choices(MILIEUX),
            )?);
        }
        if f.association.is_none() {
            let mut assoc: Vec<(String, String)> = vec![(String::new(), "(none yet)".into())];
            for a in association::list(&db.conn)? {
                assoc.push((a.code.clone(), format!("{} — {}", a.code, a.name)));
            }
            if assoc.len() > 1 {
                f.association = Some(prompt::select(
                    ctx,
                    None,
                    "--association",
                    "managing association",
                    &assoc,
                )?);
            }
        }
    }
    f.capacity = Some(prompt::text(
        ctx,
        f.capacity,
        "--capacity",
        "capacity (authorised places)",
    )?);
    f.name_ar = clean(f.name_ar);
    let h = resolve(&db.conn, &regions, &code, &f, None)?;
    let w = db.writer(&ctx.author)?;
    house::insert(&w, &h)?;
    w.commit()?;
    println!(
        "Added house {} ({}, {}, {} places)",
        h.code, h.name, h.region, h.capacity
    );
    Ok(())
}

fn list(ctx: &Ctx, a: &HouseList) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let region_code = match &a.region {
        Some(r) => Some(region::resolve(&region::all(&db.conn)?, r)?.code),
        None => None,
    };
    let kind = match &a.kind {
        Some(k) => match register::lookup(HOUSE_KINDS, k) {
            Some(k) => Some(k.to_string()),
            None => reject!(
                "unknown house kind \"{k}\"; use one of {}",
                register::codes(HOUSE_KINDS)
            ),
        },
        None => None,
    };
    let filter = house::Filter {
        region_code,
        cohort: a.cohort.as_ref().map(|c| c.trim().to_lowercase()),
        kind,
    };
    let houses = house::list(&db.conn, &filter)?;
    output::print_listing(format, &Listing::of(&houses, COLUMNS)?)
}

pub fn get_or_reject(conn: &Connection, code: &str) -> Result<House> {
    match house::get(conn, code)? {
        Some(h) => Ok(h),
        None => reject!("unknown house \"{code}\"; see `suivi house list`"),
    }
}

fn show(ctx: &Ctx, code: &str) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let h = get_or_reject(&db.conn, code)?;
    output::print_record(
        format,
        &[
            ("code", text(&h.code)),
            ("name", text(&h.name)),
            ("name_ar", opt_text(&h.name_ar)),
            ("kind", text(&h.kind)),
            ("region", text(&h.region)),
            ("region_code", text(&h.region_code)),
            ("province", opt_text(&h.province)),
            ("commune", opt_text(&h.commune)),
            ("milieu", opt_text(&h.milieu)),
            ("capacity", h.capacity.into()),
            ("association", opt_text(&h.association)),
            ("cohort", text(&h.cohort)),
            ("opened", opt_text(&h.opened)),
            ("status", text(&h.status)),
            ("legal_basis", opt_text(&h.legal_basis)),
            ("authorisation_no", opt_text(&h.authorisation_no)),
            ("authorisation_date", opt_text(&h.authorisation_date)),
        ],
    )
}

fn edit(ctx: &Ctx, a: HouseEdit) -> Result<()> {
    let mut db = ctx.open()?;
    let before = get_or_reject(&db.conn, &a.code)?;
    let regions = region::all(&db.conn)?;
    let after = resolve(&db.conn, &regions, &before.code, &a.fields, Some(&before))?;
    if after == before {
        println!("House {} unchanged", before.code);
        return Ok(());
    }
    let w = db.writer(&ctx.author)?;
    house::update(&w, &before, &after)?;
    w.commit()?;
    println!("Updated house {}", after.code);
    Ok(())
}

fn remove(ctx: &Ctx, code: &str, yes: bool) -> Result<()> {
    let mut db = ctx.open()?;
    let h = get_or_reject(&db.conn, code)?;
    let refs = house::references(&db.conn, code)?;
    if !refs.is_empty() {
        let what: Vec<String> = refs.iter().map(|(w, n)| format!("{n} {w}")).collect();
        reject!(
            "house {code} cannot be removed: {} refer to it; mark it closed instead (`suivi house edit {code} --status closed`)",
            what.join(", ")
        );
    }
    if !prompt::confirm(ctx, yes, &format!("Remove house {code} ({})?", h.name))? {
        println!("Nothing removed");
        return Ok(());
    }
    let w = db.writer(&ctx.author)?;
    house::delete(&w, &h)?;
    w.commit()?;
    println!("Removed house {code}");
    Ok(())
}
