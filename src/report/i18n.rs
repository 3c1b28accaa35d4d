//! Labels of reports and templates in French and English.

/// A label by key, in French (`fr = true`) or English. Unknown keys come back as they are.
pub fn label(key: &str, fr: bool) -> &str {
    let (f, e) = match key {
        "title" => ("Évaluation du pilote", "Pilot evaluation"),
        "period" => ("Période", "Period"),
        "cohort" => ("Cohorte", "Cohort"),
        "as_of" => ("Situation au", "As of"),
        "houses" => ("Maisons", "Houses"),
        "house" => ("Maison", "House"),
        "indicator" => ("Indicateur", "Indicator"),
        "indicators" => ("Indicateurs", "Indicators"),
        "value" => ("Valeur", "Value"),
        "baseline" => ("Référence", "Baseline"),
        "target" => ("Cible", "Target"),
        "progress" => ("Progrès", "Progress"),
        "status" => ("Statut", "Status"),
        "achieved" => ("atteint", "achieved"),
        "on_track" => ("en bonne voie", "on track"),
        "behind" => ("en retard", "behind"),
        "no_data" => ("sans données", "no data"),
        "plans" => (
            "Projets de développement institutionnel (PDI)",
            "Institutional development plans",
        ),
        "stages" => ("Étapes", "Stages"),
        "stage" => ("Étape", "Stage"),
        "diagnostic" => ("diagnostic", "diagnostic"),
        "drafted" => ("rédigé", "drafted"),
        "validated" => ("validé", "validated"),
        "adopted" => ("adopté", "adopted"),
        "executing" => ("en exécution", "executing"),
        "evaluated" => ("évalué", "evaluated"),
        "none" => ("sans PDI", "no plan"),
        "actions" => ("Actions", "Actions"),
        "total" => ("total", "total"),
        "done" => ("faites", "done"),
        "in_progress" => ("en cours", "in progress"),
        "planned" => ("prévues", "planned"),
        "cancelled" => ("annulées", "cancelled"),
        "late" => ("retard", "late"),
        "completeness" => ("Complétude des données", "Data completeness"),
        "expected" => ("attendus", "expected"),
        "received" => ("reçus", "received"),
        "rate" => ("taux", "rate"),
        "house_months" => ("mois-maisons", "house-months"),
        "budget_executed" => ("budget", "budget"),
        "published" => (
            "version publiée : petits effectifs masqués",
            "published version: small counts withheld",
        ),
        "name" => ("Nom", "Name"),
        "overview" => ("Vue d'ensemble", "Overview"),
        "region" => ("Région", "Region"),
        "capacity" => ("Capacité", "Capacity"),
        "boarders" => ("Internes", "Boarders"),
        "girls" => ("filles", "girls"),
        "boys" => ("garçons", "boys"),
        "alerts" => ("Alertes", "Alerts"),
        "dossier" => ("Fiche établissement", "House dossier"),
        "province" => ("Province", "Province"),
        "commune" => ("Commune", "Commune"),
        "milieu" => ("Milieu", "Setting"),
        "association" => ("Association gestionnaire", "Managing association"),
        "opened" => ("Ouverture", "Opened"),
        "history" => ("Historique", "History"),
        "missing" => ("manquants", "missing"),
        "not_reporting" => ("Maisons sans aucune donnée", "Houses that sent nothing"),
        "funnel" => (
            "Adoption des PDI : maisons ayant atteint chaque étape",
            "Plan adoption: houses that reached each stage",
        ),
        "execution_title" => ("Exécution des plans d'action", "Plan execution"),
        "trends" => (
            "Évolution mensuelle (ensemble du pilote)",
            "Monthly trends (whole pilot)",
        ),
        "by_house" => ("Par maison", "By house"),
        "pilot_value" => ("ensemble du pilote", "whole pilot"),
        "target_mark" => ("cible", "target"),
        "status_rule" => (
            "Statut : atteint si la valeur atteint la cible (dans le sens de l'indicateur) ; en bonne voie si le progrès depuis la référence est au moins la part du temps écoulé jusqu'à l'échéance ; en retard sinon.",
            "Status: achieved when the value meets the target (in the indicator's direction); on track when progress since the baseline is at least the share of time elapsed to the target period; behind otherwise.",
        ),
        "ratio_note" => (
            "Les taux de l'ensemble du pilote sont des rapports de sommes (total des admis / total des présentés), jamais des moyennes de taux.",
            "Pilot-wide rates are ratios of sums (total passed / total sat), never means of the houses' rates.",
        ),
        "fictional" => ("", ""),
        "generated" => ("Rapport produit par suivi", "Report produced by suivi"),
        "no_plan" => ("pas encore de PDI", "no plan yet"),
        "plan" => ("PDI", "Plan"),
        "reached_on" => ("atteinte le", "reached on"),
        "axis" => ("Axe", "Axis"),
        "action" => ("Action", "Action"),
        "execution" => ("exéc.", "exec."),
        "budget_mad" => ("budget (MAD)", "budget (MAD)"),
        "spent_mad" => ("dépensé (MAD)", "spent (MAD)"),
        "due" => ("échéance", "due"),
        "dimension" => ("Dimension", "Dimension"),
        "latest" => ("Dernière", "Latest"),
        "assessment" => (
            "Auto-évaluation des capacités (1 à 4)",
            "Capacity self-assessment (1 to 4)",
        ),
        "events" => (
            "Activités de renforcement et de dialogue",
            "Capacity-building and dialogue activities",
        ),
        "date" => ("Date", "Date"),
        "kind" => ("Type", "Kind"),
        "title_col" => ("Intitulé", "Title"),
        "women" => ("femmes", "women"),
        "men" => ("hommes", "men"),
        "training" => ("formation", "training"),
        "workshop" => ("atelier", "workshop"),
        "visit" => ("visite", "visit"),
        "superseded" => ("remplacé (lecture seule)", "superseded (read-only)"),
        _ => return key_fallback(key),
    };
    if fr { f } else { e }
}

fn key_fallback(key: &str) -> &str {
    key
}

/// An alert's sentence in the reader's language. A published report names the
/// rule (or the problem) and the house but shows none of the values: they
/// could give a withheld small count away.
pub fn alert_text(a: &crate::report::model::Alert, fr: bool, published: bool) -> String {
    use crate::domain::format;
    use crate::report::model::AlertSubject as S;
    match &a.subject {
        S::Rule {
            rule,
            periods,
            example: e,
        } => {
            let head = if fr {
                format!("règle {rule} non respectée ({periods} période(s))")
            } else {
                format!("rule {rule} broken ({periods} period(s))")
            };
            if published {
                return head;
            }
            let example = format!(
                "{} {} {} ({} {} {})",
                e.left,
                e.op,
                e.right,
                format::plain(e.left_value),
                e.op,
                format::plain(e.right_value)
            );
            if fr {
                format!("{head}, p. ex. {example}")
            } else {
                format!("{head}, e.g. {example}")
            }
        }
        S::Overcrowding { rate, .. } => match (fr, published) {
            (true, true) => "surpeuplement : taux d'occupation au-dessus de 100 %".into(),
            (false, true) => "overcrowding: occupancy rate above 100 %".into(),
            (true, false) => format!(
                "surpeuplement : taux d'occupation de {}",
                format::percent(*rate, 0, fr)
            ),
            (false, false) => format!(
                "overcrowding: occupancy rate {}",
                format::percent(*rate, 0, fr)
            ),
        },
        S::ShareOver100 { indicator, value } => match (fr, published) {
            (true, true) => format!("{indicator} au-dessus de 100 % : une partie dépasse son tout"),
            (false, true) => format!("{indicator} above 100 %: a part exceeds its whole"),
            (true, false) => format!(
                "{indicator} au-dessus de 100 % ({}) : une partie dépasse son tout, corriger les valeurs",
                format::percent(*value, 1, fr)
            ),
            (false, false) => format!(
                "{indicator} above 100 % ({}): a part exceeds its whole, correct the values",
                format::percent(*value, 1, fr)
            ),
        },
        S::LateAction { action, due } => {
            let due = crate::domain::format::date(due, fr);
            if fr {
                format!("action en retard : « {action} » (échéance {due})")
            } else {
                format!("late action: \"{action}\" (due {due})")
            }
        }
        S::NoData { .. } => if fr {
            "aucune donnée reçue pour la période"
        } else {
            "no data received for the period"
        }
        .to_string(),
        S::MissingMonths { months } => {
            if fr {
                format!("{} mois sans données : {}", months.len(), months.join(", "))
            } else {
                format!(
                    "{} month(s) without data: {}",
                    months.len(),
                    months.join(", ")
                )
            }
        }
    }
}
