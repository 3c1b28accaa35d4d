//! Actions of a house's development plan, and the rules their fields follow,
//! typed or imported.

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::input::{Field, FieldError};
use super::number::{Decimal, parse_number};
use super::plan as rules;
use crate::messages::Msg;
use crate::text::normalize;

/// An action of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: i64,
    pub house: String,
    pub axis: String,
    pub title: String,
    pub owner: Option<String>,
    pub start: Option<String>,
    pub due: String,
    pub budget: Option<f64>,
    pub spent: Option<f64>,
    pub status: String,
    pub progress: Option<f64>,
    #[serde(skip)]
    pub plan_id: i64,
    #[serde(skip)]
    pub superseded: bool,
}

impl Action {
    /// A new action of `house`'s plan `plan_id`, before its fields are given.
    pub fn blank(house: &str, plan_id: i64) -> Action {
        Action {
            id: 0,
            house: house.to_string(),
            axis: String::new(),
            title: String::new(),
            owner: None,
            start: None,
            due: String::new(),
            budget: None,
            spent: None,
            status: "planned".into(),
            progress: None,
            plan_id,
            superseded: false,
        }
    }
}

/// An axis of a plan, as the rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisRef {
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
}

/// An action's fields as given: `None` keeps the current value.
#[derive(Debug, Default, Clone)]
pub struct ActionInput {
    pub axis: Option<String>,
    pub title: Option<String>,
    pub owner: Option<String>,
    pub start: Option<String>,
    pub due: Option<String>,
    pub budget: Option<String>,
    pub spent: Option<String>,
    pub status: Option<String>,
    pub progress: Option<String>,
}

/// Finds an axis by code or label (French or English); returns its index.
pub fn find_axis(axes: &[AxisRef], input: &str, house: &str) -> Result<usize, FieldError> {
    let n = normalize(input);
    axes.iter()
        .position(|a| {
            normalize(&a.code) == n || normalize(&a.label_fr) == n || normalize(&a.label_en) == n
        })
        .ok_or_else(|| {
            FieldError::invalid(
                Field::Axis,
                "action.axis.unknown",
                input,
                Msg::UnknownAxis {
                    input: input.to_string(),
                    house: house.to_string(),
                    choices: axes
                        .iter()
                        .map(|a| a.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            )
        })
}

fn date(input: &str, field: Field) -> Result<String, FieldError> {
    Date::parse(input).map(|d| d.to_string()).map_err(|e| {
        FieldError::invalid(
            field,
            "action.date.invalid",
            input,
            Msg::FieldWhy {
                field: field.key(),
                why: Box::new(Msg::NotADate { input: e.input }),
            },
        )
    })
}

/// A sum of dirhams (French numbers accepted), 0 or more.
pub fn mad(input: &str, field: Field, decimal: Decimal) -> Result<f64, FieldError> {
    match parse_number(input, decimal) {
        Ok(v) if v >= 0.0 && v.is_finite() => Ok(v),
        Ok(v) => Err(FieldError::invalid(
            field,
            "action.amount.negative",
            input,
            Msg::AmountNegative {
                field: field.key(),
                value: v.to_string(),
            },
        )),
        Err(e) => Err(FieldError::invalid(
            field,
            "action.amount.invalid",
            input,
            Msg::FieldWhy {
                field: field.key(),
                why: Box::new(e.msg()),
            },
        )),
    }
}

/// Validates an action's fields over `base` (the action being changed, or a
/// blank one); returns the index of its axis in `axes` and the action.
pub fn validate(
    house: &str,
    axes: &[AxisRef],
    f: &ActionInput,
    base: &Action,
    decimal: Decimal,
) -> Result<(usize, Action), FieldError> {
    let mut a = base.clone();
    let axis = match &f.axis {
        Some(x) => find_axis(axes, x, house)?,
        None => match axes.iter().position(|x| x.code == base.axis) {
            Some(i) => i,
            None => {
                return Err(FieldError::missing(
                    Field::Axis,
                    "action.axis.missing",
                    Msg::ActionNeedsAxis {
                        house: house.to_string(),
                    },
                ));
            }
        },
    };
    a.axis = axes[axis].code.clone();
    if let Some(t) = &f.title {
        if t.trim().is_empty() {
            return Err(FieldError::invalid(
                Field::Title,
                "action.title.empty",
                "",
                Msg::ActionTitleEmpty {
                    house: house.to_string(),
                },
            ));
        }
        a.title = t.trim().to_string();
    }
    if let Some(o) = &f.owner {
        a.owner = Some(o.trim().to_string()).filter(|o| !o.is_empty());
    }
    if let Some(s) = &f.start {
        a.start = if s.trim().is_empty() {
            None
        } else {
            Some(date(s, Field::Start)?)
        };
    }
    if let Some(d) = &f.due {
        a.due = date(d, Field::Due)?;
    }
    if let Some(b) = &f.budget {
        a.budget = if b.trim().is_empty() {
            None
        } else {
            Some(mad(b, Field::Budget, decimal)?)
        };
    }
    if let Some(s) = &f.spent {
        a.spent = if s.trim().is_empty() {
            None
        } else {
            Some(mad(s, Field::Spent, decimal)?)
        };
    }
    if let Some(s) = &f.status {
        a.status = rules::action_status(s)
            .map_err(|e| FieldError::invalid(Field::Status, "action.status.unknown", s, *e))?
            .to_string();
        if a.status == "done" && f.progress.is_none() {
            a.progress = Some(100.0);
        }
    }
    if let Some(p) = &f.progress {
        let bad = |m: Box<Msg>| {
            FieldError::invalid(
                Field::Progress,
                "action.progress.invalid",
                p,
                Msg::FieldWhy {
                    field: "progress",
                    why: m,
                },
            )
        };
        let v = parse_number(p, decimal).map_err(|e| bad(Box::new(e.msg())))?;
        a.progress = Some(rules::check_progress(v).map_err(bad)?);
    }
    if a.title.is_empty() {
        return Err(FieldError::missing(
            Field::Title,
            "action.title.missing",
            Msg::ActionNeedsTitle {
                house: house.to_string(),
            },
        ));
    }
    if a.due.is_empty() {
        return Err(FieldError::missing(
            Field::Due,
            "action.due.missing",
            Msg::ActionNeedsDue {
                title: a.title.clone(),
                house: house.to_string(),
            },
        ));
    }
    if let Some(s) = &a.start
        && s > &a.due
    {
        return Err(FieldError::invalid(
            Field::Due,
            "action.due.before_start",
            a.due.clone(),
            Msg::DueBeforeStart {
                title: a.title.clone(),
                house: house.to_string(),
                due: a.due.clone(),
                start: s.clone(),
            },
        ));
    }
    Ok((axis, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axes() -> Vec<AxisRef> {
        vec![AxisRef {
            code: "gouvernance".into(),
            label_fr: "Gouvernance".into(),
            label_en: "Governance".into(),
        }]
    }

    #[test]
    fn an_action_is_checked_field_by_field() {
        let f = ActionInput {
            axis: Some("Governance".into()),
            title: Some("Former le bureau".into()),
            due: Some("2025-06-30".into()),
            budget: Some("1 500,50".into()),
            status: Some("terminé".into()),
            ..Default::default()
        };
        let (i, a) = validate(
            "DT01",
            &axes(),
            &f,
            &Action::blank("DT01", 1),
            Decimal::Auto,
        )
        .unwrap();
        assert_eq!(
            (i, a.axis.as_str(), a.progress),
            (0, "gouvernance", Some(100.0))
        );
        assert_eq!(a.budget, Some(1500.5));
        let mut g = f.clone();
        g.axis = Some("nowhere".into());
        let e = validate(
            "DT01",
            &axes(),
            &g,
            &Action::blank("DT01", 1),
            Decimal::Auto,
        )
        .unwrap_err();
        assert_eq!(e.field, Field::Axis);
        let mut g = f.clone();
        g.start = Some("2025-07-01".into());
        let e = validate(
            "DT01",
            &axes(),
            &g,
            &Action::blank("DT01", 1),
            Decimal::Auto,
        )
        .unwrap_err();
        assert_eq!(e.field, Field::Due);
        let mut g = f;
        g.budget = Some("-3".into());
        let e = validate(
            "DT01",
            &axes(),
            &g,
            &Action::blank("DT01", 1),
            Decimal::Auto,
        )
        .unwrap_err();
        assert_eq!(e.field, Field::Budget);
    }
}
