//! Managing associations (associations gestionnaires, dahir of 1958) and the
//! rules their fields follow.

use serde::{Deserialize, Serialize};

use super::input::{Field, FieldError, case_twin, check_code, twin_error};
use crate::messages::Msg;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Association {
    pub code: String,
    pub name: String,
    pub registration_no: Option<String>,
    pub president: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Checks an association's fields; the error names the field and value.
pub fn validate(a: &Association) -> Result<(), FieldError> {
    if a.code.trim().is_empty() {
        return Err(FieldError::missing(
            Field::Code,
            "association.code.empty",
            Msg::AssociationCodeEmpty,
        ));
    }
    if a.name.trim().is_empty() {
        return Err(FieldError::invalid(
            Field::Name,
            "association.name.empty",
            "",
            Msg::AssociationNameEmpty {
                code: a.code.clone(),
            },
        ));
    }
    if let Some(e) = &a.email
        && (!e.contains('@') || e.starts_with('@') || e.ends_with('@'))
    {
        return Err(FieldError::invalid(
            Field::Email,
            "association.email.invalid",
            e,
            Msg::NotAnEmail {
                input: e.clone(),
                code: a.code.clone(),
            },
        ));
    }
    Ok(())
}

/// Checks a new association's code: its characters and length, and that no
/// association in `existing` has the same code in another case.
pub fn check_new_code<'a>(
    code: &str,
    existing: impl IntoIterator<Item = &'a str>,
) -> Result<(), FieldError> {
    check_code("association", code)?;
    if let Some(twin) = case_twin(code, existing) {
        return Err(twin_error("association", code, twin));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assoc(code: &str) -> Association {
        Association {
            code: code.into(),
            name: "Association test".into(),
            registration_no: None,
            president: None,
            phone: None,
            email: Some("a@b.ma".into()),
        }
    }

    #[test]
    fn fields_and_codes_are_checked() {
        assert!(validate(&assoc("A1")).is_ok());
        let mut a = assoc("A1");
        a.email = Some("nobody".into());
        assert_eq!(validate(&a).unwrap_err().field, Field::Email);
        a.name = " ".into();
        assert_eq!(validate(&a).unwrap_err().field, Field::Name);
        assert!(check_new_code("a1", ["A1"]).is_err());
        assert!(
            check_new_code("A 1", ["A2"])
                .unwrap_err()
                .message()
                .contains("spaces")
        );
        assert!(check_new_code("A2", ["A1"]).is_ok());
    }
}
