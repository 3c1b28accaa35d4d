//! What every input rule returns when it refuses a value: the field at fault,
//! a stable message key, the value, and a sentence. Each caller adds its own
//! hint: the command line names the flag (`--region`), an import names the
//! column (`E (Région)`).

use std::fmt;

use crate::messages::Msg;

/// A field of a house, association, target, action or assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Code,
    Name,
    NameAr,
    Kind,
    Region,
    Province,
    Commune,
    Milieu,
    Capacity,
    Association,
    Cohort,
    Opened,
    Status,
    LegalBasis,
    AuthorisationNo,
    AuthorisationDate,
    RegistrationNo,
    President,
    Phone,
    Email,
    House,
    Indicator,
    Baseline,
    BaselinePeriod,
    Target,
    TargetPeriod,
    Axis,
    Title,
    Owner,
    Start,
    Due,
    Budget,
    Spent,
    Progress,
    Period,
    Dimension,
    Score,
}

impl Field {
    /// The field's key: the import column key and the JSON key.
    pub fn key(self) -> &'static str {
        match self {
            Field::Code => "code",
            Field::Name => "name",
            Field::NameAr => "name_ar",
            Field::Kind => "kind",
            Field::Region => "region",
            Field::Province => "province",
            Field::Commune => "commune",
            Field::Milieu => "milieu",
            Field::Capacity => "capacity",
            Field::Association => "association",
            Field::Cohort => "cohort",
            Field::Opened => "opened",
            Field::Status => "status",
            Field::LegalBasis => "legal_basis",
            Field::AuthorisationNo => "authorisation_no",
            Field::AuthorisationDate => "authorisation_date",
            Field::RegistrationNo => "registration_no",
            Field::President => "president",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::House => "house",
            Field::Indicator => "indicator",
            Field::Baseline => "baseline",
            Field::BaselinePeriod => "baseline_period",
            Field::Target => "target",
            Field::TargetPeriod => "target_period",
            Field::Axis => "axis",
            Field::Title => "title",
            Field::Owner => "owner",
            Field::Start => "start",
            Field::Due => "due",
            Field::Budget => "budget",
            Field::Spent => "spent",
            Field::Progress => "progress",
            Field::Period => "period",
            Field::Dimension => "dimension",
            Field::Score => "score",
        }
    }

    /// The command-line flag that sets the field (`--region`), or the
    /// positional argument (`CODE`).
    pub fn flag(self) -> String {
        match self {
            Field::Code => "CODE".to_string(),
            Field::House => "HOUSE".to_string(),
            Field::Indicator => "INDICATOR".to_string(),
            other => format!("--{}", other.key().replace('_', "-")),
        }
    }
}

/// Why a value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// No value where one is needed: the command line says which flag gives it.
    Missing,
    /// A value that breaks a rule.
    Invalid,
}

/// A value refused by an input rule.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
    /// A stable key for the message (`house.code.chars`), for translation.
    pub key: &'static str,
    /// The value refused, as given (empty when missing).
    pub value: String,
    /// The sentence, without a flag or column hint.
    pub msg: Box<Msg>,
}

impl FieldError {
    pub fn invalid(
        field: Field,
        key: &'static str,
        value: impl Into<String>,
        msg: Msg,
    ) -> FieldError {
        FieldError {
            field,
            problem: Problem::Invalid,
            key,
            value: value.into(),
            msg: Box::new(msg),
        }
    }

    pub fn missing(field: Field, key: &'static str, msg: Msg) -> FieldError {
        FieldError {
            field,
            problem: Problem::Missing,
            key,
            value: String::new(),
            msg: Box::new(msg),
        }
    }

    /// The sentence in the language of the run.
    pub fn message(&self) -> String {
        self.msg.to_string()
    }

    /// The sentence as the command line says it: a missing value names its flag.
    pub fn for_cli(&self) -> String {
        match self.problem {
            Problem::Missing => format!("{} ({})", self.message(), self.field.flag()),
            Problem::Invalid => self.message(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for FieldError {}

/// The longest house or association code.
pub const MAX_CODE_LEN: usize = 32;

/// Checks a house or association code: ASCII letters, digits, `-` and `_`,
/// 1 to 32 characters. `what` is "house" or "association".
pub fn check_code(what: &str, code: &str) -> Result<(), FieldError> {
    let house = what == "house";
    if code.is_empty() {
        return Err(FieldError::missing(
            Field::Code,
            "code.empty",
            if house {
                Msg::HouseCodeEmpty
            } else {
                Msg::AssociationCodeEmpty
            },
        ));
    }
    let shown = code.escape_debug().to_string();
    if let Some(c) = code
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(FieldError::invalid(
            Field::Code,
            "code.chars",
            code,
            Msg::CodeChars {
                house,
                code: shown,
                bad: c,
            },
        ));
    }
    if code.len() > MAX_CODE_LEN {
        return Err(FieldError::invalid(
            Field::Code,
            "code.length",
            code,
            Msg::CodeLength {
                house,
                code: code.to_string(),
                len: code.len(),
            },
        ));
    }
    Ok(())
}

/// A code that differs from `code` only by case, among `existing`: two such
/// codes would be the same house to a person.
pub fn case_twin<'a>(code: &str, existing: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    existing
        .into_iter()
        .find(|e| *e != code && e.eq_ignore_ascii_case(code))
}

/// The refusal of a code whose case twin exists.
pub fn twin_error(what: &str, code: &str, twin: &str) -> FieldError {
    FieldError::invalid(
        Field::Code,
        "code.case_twin",
        code,
        Msg::CodeCaseTwin {
            house: what == "house",
            code: code.to_string(),
            twin: twin.to_string(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_ascii_letters_digits_dash_underscore_up_to_32() {
        assert!(check_code("house", "DT01").is_ok());
        assert!(check_code("house", "dt_01-b").is_ok());
        let e = check_code("house", "=1+2").unwrap_err();
        assert!(e.message().contains("\"=\""), "{e}");
        let e = check_code("house", "DT\u{200B}01").unwrap_err();
        assert!(e.message().contains("invisible"), "{e}");
        assert!(e.message().contains("\\u{200b}"), "{e}");
        let e = check_code("house", &"A".repeat(41)).unwrap_err();
        assert!(e.message().contains("41 characters"), "{e}");
        assert!(check_code("house", &"A".repeat(32)).is_ok());
        assert_eq!(
            check_code("house", "").unwrap_err().problem,
            Problem::Missing
        );
        assert!(
            check_code("house", "DT 01")
                .unwrap_err()
                .message()
                .contains("spaces")
        );
    }

    #[test]
    fn case_twins_are_found() {
        assert_eq!(case_twin("dt01", ["DT01", "DT02"]), Some("DT01"));
        assert_eq!(case_twin("DT01", ["DT01"]), None);
        assert_eq!(case_twin("DT03", ["DT01"]), None);
    }

    #[test]
    fn the_cli_names_the_flag_of_a_missing_value() {
        let e = FieldError::missing(
            Field::Region,
            "house.region.missing",
            Msg::HouseFieldMissing {
                code: "X".into(),
                field: "region",
            },
        );
        assert_eq!(e.for_cli(), "house X has no region (--region)");
        assert_eq!(e.to_string(), "house X has no region");
        assert_eq!(Field::LegalBasis.flag(), "--legal-basis");
    }
}
