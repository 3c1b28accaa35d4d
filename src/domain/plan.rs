//! The rules of development plans: stages in order, action statuses, lateness,
//! execution rates, and capacity scores.

use super::register;
use crate::messages::Msg;

/// Plan stages in funnel order: (code, French, English).
pub const STAGES: &[(&str, &str, &str)] = &[
    ("diagnostic", "Diagnostic", "Diagnostic"),
    ("drafted", "Rédigé", "Drafted"),
    ("validated", "Validé", "Validated"),
    ("adopted", "Adopté", "Adopted"),
    ("executing", "En exécution", "Executing"),
    ("evaluated", "Évalué", "Evaluated"),
];

pub const ACTION_STATUSES: &[(&str, &str, &str)] = &[
    ("planned", "Prévue", "Planned"),
    ("in_progress", "En cours", "In progress"),
    ("done", "Réalisée", "Done"),
    ("cancelled", "Annulée", "Cancelled"),
];

pub const EVENT_KINDS: &[(&str, &str, &str)] = &[
    ("training", "Formation", "Training"),
    ("workshop", "Atelier", "Workshop"),
    ("visit", "Visite de suivi", "Monitoring visit"),
];

pub fn stage(input: &str) -> Result<&'static str, Box<Msg>> {
    register::lookup(STAGES, input).ok_or_else(|| {
        Box::new(Msg::UnknownStage {
            input: input.to_string(),
            choices: register::codes(STAGES),
        })
    })
}

pub fn stage_rank(code: &str) -> usize {
    STAGES.iter().position(|(c, _, _)| *c == code).unwrap_or(0)
}

pub fn action_status(input: &str) -> Result<&'static str, Box<Msg>> {
    register::lookup(ACTION_STATUSES, input).ok_or_else(|| {
        Box::new(Msg::UnknownActionStatus {
            input: input.to_string(),
            choices: register::codes(ACTION_STATUSES),
        })
    })
}

pub fn event_kind(input: &str) -> Result<&'static str, Box<Msg>> {
    register::lookup(EVENT_KINDS, input).ok_or_else(|| {
        Box::new(Msg::UnknownEventKind {
            input: input.to_string(),
        })
    })
}

/// Late: past due (strictly before `as_of`, ISO dates) and neither done nor cancelled.
pub fn is_late(status: &str, due: &str, as_of: &str) -> bool {
    due < as_of && status != "done" && status != "cancelled"
}

/// Execution rate: done over actions not cancelled, in percent.
pub fn execution_rate<'a>(statuses: impl IntoIterator<Item = &'a str>) -> Option<f64> {
    let (mut done, mut live) = (0usize, 0usize);
    for s in statuses {
        if s != "cancelled" {
            live += 1;
        }
        if s == "done" {
            done += 1;
        }
    }
    (live > 0).then(|| 100.0 * done as f64 / live as f64)
}

/// A progress percentage, 0 to 100.
pub fn check_progress(p: f64) -> Result<f64, Box<Msg>> {
    if (0.0..=100.0).contains(&p) {
        Ok(p)
    } else {
        Err(Box::new(Msg::ProgressOutside { p: p.to_string() }))
    }
}

/// A capacity score: 1 (nascent) to 4 (mature); decimals allowed, as a
/// dimension's score is the mean of its items.
pub fn check_score(s: f64) -> Result<f64, Box<Msg>> {
    if (1.0..=4.0).contains(&s) {
        Ok(s)
    } else {
        Err(Box::new(Msg::ScoreOutside {
            score: s.to_string(),
        }))
    }
}

/// Splits `governance=3` (or `governance:3`) into name and score text.
pub fn split_score(arg: &str) -> Result<(&str, &str), Box<Msg>> {
    arg.split_once('=')
        .or_else(|| arg.split_once(':'))
        .map(|(d, s)| (d.trim(), s.trim()))
        .filter(|(d, s)| !d.is_empty() && !s.is_empty())
        .ok_or_else(|| {
            Box::new(Msg::NotDimensionScore {
                arg: arg.to_string(),
            })
        })
}

/// A version of a house's plan.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Plan {
    #[serde(skip)]
    pub id: i64,
    pub house: String,
    pub version: i64,
    pub start: String,
    pub end: String,
    pub template: String,
    pub created_at: String,
    /// Replaced by a newer version: kept read-only in the history.
    pub superseded: bool,
}

/// A capacity-building or dialogue activity.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Event {
    pub id: i64,
    pub house: String,
    pub kind: String,
    pub date: String,
    pub title: String,
    pub women: Option<i64>,
    pub men: Option<i64>,
    pub notes: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_accept_french() {
        assert_eq!(action_status("en cours"), Ok("in_progress"));
        assert_eq!(action_status("Terminé"), Ok("done"));
        assert_eq!(action_status("annulée"), Ok("cancelled"));
        assert!(action_status("maybe").is_err());
        assert_eq!(stage("adopté"), Ok("adopted"));
        assert_eq!(stage("En exécution"), Ok("executing"));
        assert!(
            stage("published")
                .unwrap_err()
                .to_string()
                .contains("diagnostic")
        );
        assert_eq!(event_kind("atelier"), Ok("workshop"));
    }

    #[test]
    fn lateness_and_execution() {
        assert!(is_late("planned", "2025-01-31", "2025-02-01"));
        assert!(!is_late("planned", "2025-02-01", "2025-02-01"));
        assert!(!is_late("done", "2025-01-31", "2025-06-01"));
        assert!(!is_late("cancelled", "2025-01-31", "2025-06-01"));
        assert_eq!(execution_rate(["done", "planned", "cancelled"]), Some(50.0));
        assert_eq!(execution_rate(["cancelled"]), None);
    }

    #[test]
    fn scores_and_progress_are_bounded() {
        assert!(check_score(4.0).is_ok());
        assert!(check_score(2.5).is_ok());
        assert!(check_score(0.0).is_err());
        assert!(check_score(5.0).is_err());
        assert!(check_progress(101.0).is_err());
        assert_eq!(split_score("governance=3"), Ok(("governance", "3")));
        assert!(split_score("governance").is_err());
    }
}
