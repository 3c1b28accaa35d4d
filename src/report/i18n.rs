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
        "done" => ("réalisées", "done"),
        "in_progress" => ("en cours", "in progress"),
        "planned" => ("prévues", "planned"),
        "cancelled" => ("annulées", "cancelled"),
        "late" => ("en retard", "late"),
        "completeness" => ("Complétude des données", "Data completeness"),
        "expected" => ("attendus", "expected"),
        "received" => ("reçus", "received"),
        "rate" => ("taux", "rate"),
        "house_months" => ("mois-maisons", "house-months"),
        _ => return key_fallback(key),
    };
    if fr { f } else { e }
}

fn key_fallback(key: &str) -> &str {
    key
}
