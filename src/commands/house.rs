//! `suivi house add|list|show|edit|remove`.

use crate::messages::Prompt;
use crate::store::Conn;
use anyhow::Result;

use super::{clean, field_error};
use crate::cli::{HouseAdd, HouseCmd, HouseEdit, HouseFields, HouseList};
use crate::context::Ctx;
use crate::domain::house::{HouseInput, validate};
use crate::domain::register::{self, HOUSE_KINDS, MILIEUX};
use crate::output::{self, Listing, opt_text, text};
use crate::prompt;
use crate::store::association;
use crate::store::house::{self, House};
use crate::store::region;

/// Columns of `house list`: those of the houses export, one list per kind;
/// the terminal table keeps the listing's key columns unless `--wide`.
pub const COLUMNS: &[&str] = crate::output::columns::HOUSES;

pub fn run(ctx: &Ctx, cmd: HouseCmd) -> Result<()> {
    match cmd {
        HouseCmd::Add(a) => add(ctx, a),
        HouseCmd::List(a) => list(ctx, &a),
        HouseCmd::Show { code } => show(ctx, &code),
        HouseCmd::Edit(a) => edit(ctx, a),
        HouseCmd::Remove { code, yes } => remove(ctx, &code, yes),
    }
}

/// The fields of `house add` and `house edit`, as the domain takes them.
pub fn input(f: &HouseFields) -> HouseInput {
    HouseInput {
        name: f.name.clone(),
        name_ar: f.name_ar.clone(),
        kind: f.kind.clone(),
        region: f.region.clone(),
        province: f.province.clone(),
        commune: f.commune.clone(),
        milieu: f.milieu.clone(),
        capacity: f.capacity.clone(),
        association: f.association.clone(),
        cohort: f.cohort.clone(),
        opened: f.opened.clone(),
        status: f.status.clone(),
        legal_basis: f.legal_basis.clone(),
        authorisation_no: f.authorisation_no.clone(),
        authorisation_date: f.authorisation_date.clone(),
    }
}

/// Validates a house typed on the command line (refusals name the flag).
fn resolve(conn: &Conn, code: &str, f: &HouseFields, base: Option<&House>) -> Result<House> {
    let registry = house::Registry::load(conn)?;
    validate(code, &input(f), base, &registry).map_err(field_error)
}

fn add(ctx: &Ctx, a: HouseAdd) -> Result<()> {
    if ctx.interactive {
        return add_asking(ctx, a);
    }
    let mut db = ctx.open()?;
    let regions = region::all(&db.conn)?;
    let code = prompt::text(ctx, a.code, "CODE", "code")?;
    if house::get(&db.conn, code.trim())?.is_some() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::HouseExists {
                code: code.trim().to_string(),
            },
        ));
    }
    let mut f = a.fields;
    f.name = Some(prompt::text(ctx, f.name, "--name", "name")?);
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
        "kind",
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
    f.capacity = Some(prompt::text(ctx, f.capacity, "--capacity", "capacity")?);
    f.name_ar = clean(f.name_ar);
    let h = resolve(&db.conn, &code, &f, None)?;
    let w = db.writer(&ctx.author)?;
    house::insert(&w, &h)?;
    w.commit()?;
    output::line(
        &crate::messages::Msg::AddedHouse {
            code: h.code.clone(),
            name: h.name.clone(),
            region: h.region.to_string(),
            capacity: h.capacity as i64,
        }
        .to_string(),
    )?;
    Ok(())
}

/// `house add` at a terminal: asks in the person's language for every field the
/// command line left out, optional ones with Enter to skip; a refused answer is
/// explained and asked again, the others kept; nothing is saved before a summary
/// and a yes (Ctrl-C or no saves nothing).
fn add_asking(ctx: &Ctx, a: HouseAdd) -> Result<()> {
    use crate::domain::input::Field;
    let mut db = ctx.open()?;
    let regions = region::all(&db.conn)?;
    let fr = ctx.fr();
    let say = |p: Prompt| prompt::say(ctx, p);
    let mut code = a.code.unwrap_or_default();
    let mut f = a.fields;
    let vocab = |v: &[(&str, &str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(c, l_fr, l_en)| {
                (
                    c.to_string(),
                    format!("{c} — {}", if fr { l_fr } else { l_en }),
                )
            })
            .collect()
    };
    let associations: Vec<(String, String)> = association::list(&db.conn)?
        .into_iter()
        .map(|x| (x.code.clone(), format!("{} — {}", x.code, x.name)))
        .collect();
    let no_check = |_: &str| Ok(());
    loop {
        if code.trim().is_empty() {
            code = prompt::ask(ctx, say(Prompt::HouseCode), false, |c| {
                match house::get(&db.conn, c) {
                    Ok(Some(_)) => Err(crate::messages::Msg::CodeTaken {
                        code: c.to_string(),
                    }
                    .to_string()),
                    _ => Ok(()),
                }
            })?;
        }
        if f.name.is_none() {
            f.name = Some(prompt::ask(
                ctx,
                say(Prompt::NameOfTheHouseFrench),
                false,
                no_check,
            )?);
        }
        if f.name_ar.is_none() {
            f.name_ar = Some(prompt::ask(ctx, say(Prompt::NameInArabic), true, no_check)?);
        }
        if f.kind.is_none() {
            f.kind = Some(prompt::pick(
                ctx,
                say(Prompt::KindOfHouse),
                &vocab(HOUSE_KINDS),
                false,
            )?);
        }
        if f.region.is_none() {
            let choices: Vec<(String, String)> = regions
                .iter()
                .map(|r| (r.code.clone(), format!("{} {}", r.code, r.name_fr)))
                .collect();
            f.region = Some(prompt::pick(ctx, say(Prompt::Region), &choices, false)?);
        }
        if f.province.is_none() {
            let in_region = region::resolve(&regions, f.region.as_deref().unwrap_or_default())
                .ok()
                .map(|r| r.code);
            let choices: Vec<(String, String)> = region::provinces(&db.conn, in_region.as_deref())?
                .into_iter()
                .map(|p| (p.code.clone(), format!("{} — {}", p.name_fr, p.code)))
                .collect();
            f.province = Some(prompt::pick(
                ctx,
                say(Prompt::ProvinceOrPrefecture),
                &choices,
                true,
            )?);
        }
        if f.commune.is_none() {
            f.commune = Some(prompt::ask(ctx, say(Prompt::Commune), true, no_check)?);
        }
        if f.milieu.is_none() {
            f.milieu = Some(prompt::pick(
                ctx,
                say(Prompt::Milieu),
                &vocab(MILIEUX),
                false,
            )?);
        }
        if f.capacity.is_none() {
            let not_number = say(Prompt::TheCapacityIsAWholeNumber);
            f.capacity = Some(prompt::ask(
                ctx,
                say(Prompt::CapacityAuthorisedPlaces),
                false,
                |c| {
                    c.parse::<u32>()
                        .map(|_| ())
                        .map_err(|_| format!("« {c} » : {not_number}"))
                },
            )?);
        }
        if f.association.is_none() {
            f.association = Some(if associations.is_empty() {
                String::new()
            } else {
                prompt::pick(ctx, say(Prompt::ManagingAssociation), &associations, true)?
            });
        }
        if f.opened.is_none() {
            f.opened = Some(prompt::ask(
                ctx,
                say(Prompt::OpeningDateDdMmYyyy),
                true,
                |d| {
                    crate::domain::date::Date::parse(d)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                },
            )?);
        }
        let registry = house::Registry::load(&db.conn)?;
        let h = match validate(&code, &input(&f), None, &registry) {
            Ok(h) => h,
            Err(e) => {
                // Explain, forget only the refused answer, and ask it again.
                crate::output::warn(&format!("{} {}", say(Prompt::Refused), e.message()))?;
                match e.field {
                    Field::Code => code.clear(),
                    Field::Name => f.name = None,
                    Field::NameAr => f.name_ar = None,
                    Field::Kind => f.kind = None,
                    Field::Region => f.region = None,
                    Field::Province => f.province = None,
                    Field::Commune => f.commune = None,
                    Field::Milieu => f.milieu = None,
                    Field::Capacity => f.capacity = None,
                    Field::Association => f.association = None,
                    Field::Opened => f.opened = None,
                    // A flag given on the command line that no question asks.
                    _ => return Err(field_error(e)),
                }
                continue;
            }
        };
        crate::output::warn(say(Prompt::NewHouse))?;
        let summary = [
            (say(Prompt::Code), Some(h.code.clone())),
            (say(Prompt::Name), Some(h.name.clone())),
            (say(Prompt::ArabicName), h.name_ar.clone()),
            (say(Prompt::Kind), Some(h.kind.clone())),
            (say(Prompt::Region2), Some(h.region.clone())),
            (say(Prompt::Province), h.province.clone()),
            (say(Prompt::Commune2), h.commune.clone()),
            (say(Prompt::Milieu2), h.milieu.clone()),
            (say(Prompt::Capacity), Some(h.capacity.to_string())),
            (say(Prompt::Association), h.association.clone()),
            (say(Prompt::Opened), h.opened.clone()),
        ];
        for (k, v) in summary {
            crate::output::warn(&format!("  {k:<12} {}", v.unwrap_or_else(|| "—".into())))?;
        }
        if !prompt::yes_no(ctx, say(Prompt::SaveThisHouse))? {
            output::line(say(Prompt::NothingWasSaved))?;
            return Ok(());
        }
        let w = db.writer(&ctx.author)?;
        house::insert(&w, &h)?;
        w.commit()?;
        return output::line(
            &crate::messages::Msg::AddedHouse {
                code: h.code.clone(),
                name: h.name.clone(),
                region: h.region.to_string(),
                capacity: h.capacity as i64,
            }
            .to_string(),
        );
    }
}

fn list(ctx: &Ctx, a: &HouseList) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    // A filter that names nothing known is a mistake in the command, not an
    // empty answer: exit 2 with the known values and the closest one.
    let region_code = match &a.region {
        Some(r) => {
            let regions = region::all(&db.conn)?;
            match region::find(&regions, r) {
                Some(found) => Some(found.code),
                None => {
                    let names: Vec<String> = regions
                        .iter()
                        .map(|x| format!("{} {}", x.code, x.name_fr))
                        .collect();
                    return Err(crate::messages::usage(
                        crate::messages::Msg::UnknownRegionFlag {
                            input: r.clone(),
                            closest: crate::messages::near(
                                regions.iter().map(|x| x.name_fr.as_str()),
                                r,
                            ),
                            known: names.join(", "),
                        },
                    ));
                }
            }
        }
        None => None,
    };
    let kind = match &a.kind {
        Some(k) => match register::lookup(HOUSE_KINDS, k) {
            Some(k) => Some(k.to_string()),
            None => {
                return Err(crate::messages::usage(
                    crate::messages::Msg::UnknownKindFlag {
                        input: k.clone(),
                        closest: crate::messages::near(HOUSE_KINDS.iter().map(|(c, _, _)| *c), k),
                        known: register::codes(HOUSE_KINDS),
                    },
                ));
            }
        },
        None => None,
    };
    // `all` is no filter.
    let cohort = a
        .cohort
        .as_deref()
        .map(|c| super::known_cohort(&db.conn, c))
        .transpose()?
        .flatten();
    let filter = house::Filter {
        region_code,
        cohort,
        kind,
    };
    let houses = house::list(&db.conn, &filter)?;
    output::print_listing(
        format,
        &Listing::of(&houses, COLUMNS)?.keyed(&["code", "name", "kind", "region", "cohort"]),
    )
}

pub fn get_or_reject(conn: &Conn, code: &str) -> Result<House> {
    match house::get(conn, code)? {
        Some(h) => Ok(h),
        None => Err(super::unknown_house(conn, code)),
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
    let after = resolve(&db.conn, &before.code, &a.fields, Some(&before))?;
    if after == before {
        output::line(
            &crate::messages::Msg::HouseUnchanged {
                code: before.code.clone(),
            }
            .to_string(),
        )?;
        return Ok(());
    }
    let w = db.writer(&ctx.author)?;
    house::update(&w, &before, &after)?;
    w.commit()?;
    output::line(
        &crate::messages::Msg::UpdatedHouse {
            code: after.code.clone(),
        }
        .to_string(),
    )?;
    Ok(())
}

fn remove(ctx: &Ctx, code: &str, yes: bool) -> Result<()> {
    let mut db = ctx.open()?;
    let h = get_or_reject(&db.conn, code)?;
    let refs = house::references(&db.conn, code)?;
    if !refs.is_empty() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::HouseInUse {
                code: code.to_string(),
                refs,
            },
        ));
    }
    let question = crate::messages::Msg::AskRemoveHouse {
        code: code.to_string(),
        name: h.name.clone(),
    };
    if !prompt::confirm(ctx, yes, &question.to_string())? {
        output::line(&crate::messages::Msg::NothingRemoved.to_string())?;
        return Ok(());
    }
    let w = db.writer(&ctx.author)?;
    house::delete(&w, &h)?;
    w.commit()?;
    output::line(
        &crate::messages::Msg::RemovedHouse {
            code: code.to_string(),
        }
        .to_string(),
    )?;
    Ok(())
}
