//! Capacity self-assessments: one score (1 to 4) per house, period and
//! dimension; and the rules a score follows, typed or imported.

use serde::{Deserialize, Serialize};

use super::input::{Field, FieldError};
use super::number::{Decimal, parse_number};
use super::plan::check_score;
use crate::messages::Msg;
use crate::text::normalize;

/// One capacity self-assessment score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub house: String,
    pub period: String,
    pub dimension: String,
    pub score: f64,
    #[serde(skip)]
    pub first_month: i32,
}

/// Finds an assessment dimension, (code, French, English), by code or label.
pub fn find_dimension(
    dims: &[(String, String, String)],
    input: &str,
) -> Result<String, FieldError> {
    let n = normalize(input);
    match dims
        .iter()
        .find(|(c, fr, en)| normalize(c) == n || normalize(fr) == n || normalize(en) == n)
    {
        Some((c, _, _)) => Ok(c.clone()),
        None => Err(FieldError::invalid(
            Field::Dimension,
            "assessment.dimension.unknown",
            input,
            Msg::UnknownDimension {
                input: input.to_string(),
                choices: dims
                    .iter()
                    .map(|(c, _, _)| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            },
        )),
    }
}

/// Parses a capacity score (1 to 4).
pub fn parse_score(input: &str, decimal: Decimal) -> Result<f64, FieldError> {
    let bad = |m: Box<Msg>| {
        FieldError::invalid(
            Field::Score,
            "assessment.score.invalid",
            input,
            Msg::FieldWhy {
                field: "score",
                why: m,
            },
        )
    };
    let v = parse_number(input, decimal).map_err(|e| bad(Box::new(e.msg())))?;
    check_score(v).map_err(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_and_scores_are_checked() {
        let dims = vec![(
            "governance".to_string(),
            "Gouvernance".to_string(),
            "Governance".to_string(),
        )];
        assert_eq!(find_dimension(&dims, "gouvernance").unwrap(), "governance");
        assert_eq!(
            find_dimension(&dims, "x").unwrap_err().field,
            Field::Dimension
        );
        assert_eq!(parse_score("2,5", Decimal::Auto), Ok(2.5));
        assert_eq!(
            parse_score("5", Decimal::Auto).unwrap_err().field,
            Field::Score
        );
    }
}
