//! Houses: maisons des étudiants (Dar Talib / Dar Taliba) and, for the
//! generalisation, every other kind of social-protection establishment; and
//! the rules a house's fields follow, whether typed or imported.

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::input::{Field, FieldError, case_twin, check_code, twin_error};
use super::number::{Decimal, parse_number};
use super::register::{self, HOUSE_KINDS, MILIEUX, STATUSES};
use crate::messages::Msg;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct House {
    pub code: String,
    pub name: String,
    pub name_ar: Option<String>,
    pub kind: String,
    /// The region's French name, as people read it.
    pub region: String,
    /// The region's code (01-12).
    pub region_code: String,
    pub province: Option<String>,
    pub commune: Option<String>,
    pub milieu: Option<String>,
    pub capacity: i64,
    /// Code of the managing association.
    pub association: Option<String>,
    pub cohort: String,
    pub opened: Option<String>,
    pub status: String,
    pub legal_basis: Option<String>,
    pub authorisation_no: Option<String>,
    pub authorisation_date: Option<String>,
}

/// A house's fields as given: `None` keeps the current value (or has none),
/// an empty text clears an optional field.
#[derive(Debug, Clone, Default)]
pub struct HouseInput {
    pub name: Option<String>,
    pub name_ar: Option<String>,
    pub kind: Option<String>,
    pub region: Option<String>,
    pub province: Option<String>,
    pub commune: Option<String>,
    pub milieu: Option<String>,
    pub capacity: Option<String>,
    pub association: Option<String>,
    pub cohort: Option<String>,
    pub opened: Option<String>,
    pub status: Option<String>,
    pub legal_basis: Option<String>,
    pub authorisation_no: Option<String>,
    pub authorisation_date: Option<String>,
}

/// What the rules need to know of the rest of the register.
pub trait Lookups {
    /// The (code, French name) of a region typed as `input`, or the sentence
    /// that refuses it (naming the choices).
    fn region(&self, input: &str) -> Result<(String, String), Box<Msg>>;
    fn association_exists(&self, code: &str) -> bool;
    /// An existing house whose code differs from `code` only by case.
    fn house_case_twin(&self, code: &str) -> Option<String>;
}

/// An optional text: absent keeps `current`, an empty value clears it.
pub fn edit_opt(current: &Option<String>, given: &Option<String>) -> Option<String> {
    match given {
        None => current.clone(),
        Some(v) if v.trim().is_empty() => None,
        Some(v) => Some(v.trim().to_string()),
    }
}

/// Checks a new house's code: its characters and length, and that no house
/// has the same code in another case.
pub fn check_new_code(code: &str, refs: &dyn Lookups) -> Result<(), FieldError> {
    check_code("house", code)?;
    if let Some(twin) = refs.house_case_twin(code) {
        return Err(twin_error("house", code, &twin));
    }
    Ok(())
}

/// Validates a house's fields over `base` (the current house when editing;
/// `None` for a new house, whose code is checked too). Every refusal names
/// the field and the value.
pub fn validate(
    code: &str,
    f: &HouseInput,
    base: Option<&House>,
    refs: &dyn Lookups,
) -> Result<House, FieldError> {
    let code = code.trim();
    if base.is_none() {
        check_new_code(code, refs)?;
    }
    let required = |v: &Option<String>,
                    current: Option<&String>,
                    field: Field|
     -> Result<String, FieldError> {
        let name = field.key();
        match (v, current) {
            (Some(v), _) if !v.trim().is_empty() => Ok(v.trim().to_string()),
            (Some(_), _) => Err(FieldError::invalid(
                field,
                "house.field.empty",
                "",
                Msg::HouseFieldEmpty {
                    code: code.to_string(),
                    field: name,
                },
            )),
            (None, Some(c)) => Ok(c.clone()),
            (None, None) => Err(FieldError::missing(
                field,
                "house.field.missing",
                Msg::HouseFieldMissing {
                    code: code.to_string(),
                    field: name,
                },
            )),
        }
    };
    let name = required(&f.name, base.map(|b| &b.name), Field::Name)?;
    let kind_in = required(&f.kind, base.map(|b| &b.kind), Field::Kind)?;
    let Some(kind) = register::lookup(HOUSE_KINDS, &kind_in) else {
        return Err(FieldError::invalid(
            Field::Kind,
            "house.kind.unknown",
            &kind_in,
            Msg::UnknownHouseKind {
                input: kind_in.clone(),
                choices: register::codes(HOUSE_KINDS),
            },
        ));
    };
    let region_in = required(&f.region, base.map(|b| &b.region_code), Field::Region)?;
    let (region_code, region_name) = refs
        .region(&region_in)
        .map_err(|m| FieldError::invalid(Field::Region, "house.region.unknown", &region_in, *m))?;
    let milieu = match edit_opt(&base.and_then(|b| b.milieu.clone()), &f.milieu) {
        None => None,
        Some(m) => match register::lookup(MILIEUX, &m) {
            Some(code) => Some(code.to_string()),
            None => {
                return Err(FieldError::invalid(
                    Field::Milieu,
                    "house.milieu.unknown",
                    &m,
                    Msg::UnknownMilieu {
                        input: m.clone(),
                        code: code.to_string(),
                    },
                ));
            }
        },
    };
    let capacity = match (&f.capacity, base) {
        (Some(c), _) => parse_capacity(code, c)?,
        (None, Some(b)) => b.capacity,
        (None, None) => {
            return Err(FieldError::missing(
                Field::Capacity,
                "house.capacity.missing",
                Msg::HouseFieldMissing {
                    code: code.to_string(),
                    field: "capacity",
                },
            ));
        }
    };
    let association = edit_opt(&base.and_then(|b| b.association.clone()), &f.association);
    if let Some(a) = &association
        && !refs.association_exists(a)
    {
        return Err(FieldError::invalid(
            Field::Association,
            "house.association.unknown",
            a,
            Msg::HouseUnknownAssociation {
                association: a.clone(),
                code: code.to_string(),
            },
        ));
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
            None => {
                return Err(FieldError::invalid(
                    Field::Status,
                    "house.status.unknown",
                    s,
                    Msg::UnknownHouseStatus {
                        input: s.clone(),
                        code: code.to_string(),
                    },
                ));
            }
        },
        _ => base
            .map(|b| b.status.clone())
            .unwrap_or_else(|| "active".into()),
    };
    let date = |v: Option<String>, field: Field| -> Result<Option<String>, FieldError> {
        match v {
            None => Ok(None),
            Some(d) => match Date::parse(&d) {
                Ok(d) => Ok(Some(d.to_string())),
                Err(e) => Err(FieldError::invalid(
                    field,
                    "house.date.invalid",
                    &d,
                    Msg::FieldOfWhy {
                        field: field.key(),
                        of: code.to_string(),
                        why: Box::new(Msg::NotADate { input: e.input }),
                    },
                )),
            },
        }
    };
    Ok(House {
        code: code.to_string(),
        name,
        name_ar: edit_opt(&base.and_then(|b| b.name_ar.clone()), &f.name_ar),
        kind: kind.to_string(),
        region: region_name,
        region_code,
        province: edit_opt(&base.and_then(|b| b.province.clone()), &f.province),
        commune: edit_opt(&base.and_then(|b| b.commune.clone()), &f.commune),
        milieu,
        capacity,
        association,
        cohort,
        opened: date(
            edit_opt(&base.and_then(|b| b.opened.clone()), &f.opened),
            Field::Opened,
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
            Field::AuthorisationDate,
        )?,
    })
}

fn parse_capacity(code: &str, input: &str) -> Result<i64, FieldError> {
    let bad = |m: Msg| FieldError::invalid(Field::Capacity, "house.capacity.invalid", input, m);
    match parse_number(input, Decimal::Auto) {
        Ok(v) if v >= 0.0 && v.fract() == 0.0 && v < 1e9 => Ok(v as i64),
        Ok(v) => Err(bad(Msg::CapacityNotWhole {
            input: input.to_string(),
            code: code.to_string(),
            got: v.to_string(),
        })),
        Err(_) => Err(bad(Msg::CapacityNotNumber {
            input: input.to_string(),
            code: code.to_string(),
        })),
    }
}

/// A house code in `codes` whose case differs from `code`'s.
pub fn twin_among<'a>(code: &str, codes: impl IntoIterator<Item = &'a str>) -> Option<String> {
    case_twin(code, codes).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Refs;
    impl Lookups for Refs {
        fn region(&self, input: &str) -> Result<(String, String), Box<Msg>> {
            if input == "05" {
                Ok(("05".into(), "Béni Mellal-Khénifra".into()))
            } else {
                Err(Box::new(Msg::UnknownRegion {
                    input: input.to_string(),
                    closest: Vec::new(),
                    choices: "05".into(),
                }))
            }
        }
        fn association_exists(&self, code: &str) -> bool {
            code == "A1"
        }
        fn house_case_twin(&self, code: &str) -> Option<String> {
            twin_among(code, ["DT01"])
        }
    }

    fn input() -> HouseInput {
        HouseInput {
            name: Some("Dar Test".into()),
            kind: Some("dar-talib".into()),
            region: Some("05".into()),
            capacity: Some("80".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_new_house_is_checked_field_by_field() {
        let h = validate("DT02", &input(), None, &Refs).unwrap();
        assert_eq!(h.region, "Béni Mellal-Khénifra");
        assert_eq!(h.cohort, "pilot");
        let e = validate("dt01", &input(), None, &Refs).unwrap_err();
        assert_eq!((e.field, e.key), (Field::Code, "code.case_twin"));
        let e = validate("=1+2", &input(), None, &Refs).unwrap_err();
        assert_eq!(e.field, Field::Code);
        let mut f = input();
        f.region = None;
        let e = validate("DT02", &f, None, &Refs).unwrap_err();
        assert_eq!(e.field, Field::Region);
        assert_eq!(e.message(), "house DT02 has no region");
        f.region = Some("99".into());
        assert_eq!(validate("DT02", &f, None, &Refs).unwrap_err().value, "99");
        let mut f = input();
        f.capacity = Some("-3".into());
        assert_eq!(
            validate("DT02", &f, None, &Refs).unwrap_err().field,
            Field::Capacity
        );
        let mut f = input();
        f.association = Some("A2".into());
        assert_eq!(
            validate("DT02", &f, None, &Refs).unwrap_err().field,
            Field::Association
        );
    }

    #[test]
    fn an_edit_keeps_what_is_not_given_and_clears_what_is_empty() {
        let mut f = input();
        f.province = Some("Azilal".into());
        let base = validate("DT02", &f, None, &Refs).unwrap();
        let edit = HouseInput {
            province: Some(String::new()),
            ..Default::default()
        };
        let after = validate("DT02", &edit, Some(&base), &Refs).unwrap();
        assert_eq!(after.province, None);
        assert_eq!(after.name, base.name);
    }
}
