//! Targets: per house and indicator, a baseline (value, period) and a target
//! (value, period); and the rules they follow, typed or imported.

use serde::{Deserialize, Serialize};

use super::indicator::{Indicator, Unit};
use super::input::{Field, FieldError};
use super::number::{Decimal, parse_number};
use super::period::Period;
use crate::messages::Msg;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub house: String,
    pub indicator: String,
    pub baseline: Option<f64>,
    pub baseline_period: Option<String>,
    pub target: f64,
    pub target_period: String,
}

/// A target as given (texts as typed or read from a cell).
#[derive(Debug, Clone, Default)]
pub struct TargetInput {
    pub baseline: Option<String>,
    pub baseline_period: Option<String>,
    pub target: String,
    pub target_period: String,
}

/// Whether a target or baseline value fits its indicator's unit: a
/// percentage lies in 0-100, counts, sums and durations are not negative, a
/// yes/no is 0 or 1. A computed indicator (a ratio) may have a fraction.
pub fn check_value(ind: &Indicator, v: f64) -> Result<(), Box<Msg>> {
    match ind.unit {
        _ if !v.is_finite() => Err(Box::new(Msg::NotFinite)),
        Unit::Percent if !(0.0..=100.0).contains(&v) => Err(Box::new(Msg::OutsidePercent)),
        Unit::Count if ind.formula().is_some() && v < 0.0 => Err(Box::new(Msg::IsNegative {
            unit: Unit::Count.noun(),
        })),
        Unit::Count if ind.formula().is_some() => Ok(()),
        unit => unit.check(v),
    }
}

fn value(ind: &Indicator, input: &str, field: Field, decimal: Decimal) -> Result<f64, FieldError> {
    let parsed = if ind.formula().is_some() {
        parse_number(input, decimal).map_err(|e| Box::new(e.msg()))
    } else {
        ind.unit.parse_value(input, decimal)
    }
    .and_then(|v| {
        check_value(ind, v).map(|_| v).map_err(|why| {
            Box::new(Msg::ValueIs {
                input: input.to_string(),
                why,
            })
        })
    });
    parsed.map_err(|why| {
        FieldError::invalid(
            field,
            "target.value.invalid",
            input,
            Msg::ValueOfIndicator {
                field: field.key(),
                indicator: ind.code.clone(),
                why,
            },
        )
    })
}

fn period(input: &str, field: Field) -> Result<Period, FieldError> {
    Period::parse(input).map_err(|e| {
        FieldError::invalid(
            field,
            "target.period.invalid",
            input,
            Msg::FieldWhy {
                field: field.key(),
                why: Box::new(e.msg()),
            },
        )
    })
}

/// Validates a target's values and periods for `house` and `ind`.
pub fn validate(
    house: &str,
    ind: &Indicator,
    t: &TargetInput,
    decimal: Decimal,
) -> Result<Target, FieldError> {
    let baseline = t
        .baseline
        .as_deref()
        .map(|b| value(ind, b, Field::Baseline, decimal))
        .transpose()?;
    let bp = t
        .baseline_period
        .as_deref()
        .map(|p| period(p, Field::BaselinePeriod))
        .transpose()?;
    if baseline.is_some() != bp.is_some() {
        let field = if baseline.is_some() {
            Field::BaselinePeriod
        } else {
            Field::Baseline
        };
        return Err(FieldError::invalid(
            field,
            "target.baseline.half",
            "",
            Msg::BaselineHalf {
                house: house.to_string(),
                indicator: ind.code.clone(),
            },
        ));
    }
    let target = value(ind, &t.target, Field::Target, decimal)?;
    let tp = period(&t.target_period, Field::TargetPeriod)?;
    if let Some(bp) = bp
        && tp.last_month() < bp.last_month()
    {
        return Err(FieldError::invalid(
            Field::TargetPeriod,
            "target.period.order",
            tp.canonical(),
            Msg::TargetBeforeBaseline {
                target: tp.canonical(),
                baseline: bp.canonical(),
                house: house.to_string(),
                indicator: ind.code.clone(),
            },
        ));
    }
    Ok(Target {
        house: house.to_string(),
        indicator: ind.code.clone(),
        baseline,
        baseline_period: bp.map(|p| p.canonical()),
        target,
        target_period: tp.canonical(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aggregate::{Across, Direction, OverTime};
    use crate::domain::formula::Formula;
    use crate::domain::indicator::Kind;

    fn ind(code: &str, unit: Unit, formula: Option<&str>) -> Indicator {
        Indicator {
            id: 1,
            code: code.into(),
            name_fr: code.into(),
            name_en: None,
            name_ar: None,
            unit,
            direction: Direction::Up,
            kind: match formula {
                Some(f) => Kind::Formula(Formula::parse(f).unwrap()),
                None => Kind::Recorded {
                    over_time: OverTime::Last,
                    across: Across::Sum,
                },
            },
            pupils: false,
            kinds: Vec::new(),
        }
    }

    fn input(target: &str) -> TargetInput {
        TargetInput {
            baseline: None,
            baseline_period: None,
            target: target.into(),
            target_period: "2025-2026".into(),
        }
    }

    #[test]
    fn a_target_outside_its_units_range_is_refused() {
        let rate = ind("success_rate", Unit::Percent, Some("100 * a / b"));
        let e = validate("DT01", &rate, &input("185"), Decimal::Auto).unwrap_err();
        assert_eq!(e.field, Field::Target);
        assert!(e.message().contains("0-100"), "{e}");
        assert!(validate("DT01", &rate, &input("85"), Decimal::Auto).is_ok());
        let mut baseline = input("85");
        baseline.baseline = Some("120".into());
        baseline.baseline_period = Some("2023-2024".into());
        let e = validate("DT01", &rate, &baseline, Decimal::Auto).unwrap_err();
        assert_eq!(e.field, Field::Baseline);
        let ratio = ind("boarders_per_staff", Unit::Count, Some("a / b"));
        assert!(validate("DT01", &ratio, &input("12,5"), Decimal::Auto).is_ok());
        assert!(validate("DT01", &ratio, &input("-1"), Decimal::Auto).is_err());
        let count = ind("boarders", Unit::Count, None);
        assert!(validate("DT01", &count, &input("12.5"), Decimal::Auto).is_err());
    }

    #[test]
    fn a_half_baseline_and_periods_out_of_order_are_refused() {
        let count = ind("boarders", Unit::Count, None);
        let mut t = input("90");
        t.baseline = Some("80".into());
        assert_eq!(
            validate("DT01", &count, &t, Decimal::Auto)
                .unwrap_err()
                .field,
            Field::BaselinePeriod
        );
        t.baseline_period = Some("2027-2028".into());
        assert_eq!(
            validate("DT01", &count, &t, Decimal::Auto)
                .unwrap_err()
                .field,
            Field::TargetPeriod
        );
    }
}
