//! Closed vocabularies (house kinds, milieu, status; plan stages, action
//! statuses, event kinds) and how loosely typed input (French or English, any
//! case) maps onto them.

use crate::text::normalize;

/// House kinds: the pilot's three, then the other EPS kinds of the generalisation.
pub const HOUSE_KINDS: &[(&str, &str, &str)] = &[
    ("dar-talib", "Dar Talib (garçons)", "Dar Talib (boys)"),
    ("dar-taliba", "Dar Taliba (filles)", "Dar Taliba (girls)"),
    ("mixed", "Mixte", "Mixed"),
    (
        "children-centre",
        "Centre pour enfants",
        "Children's centre",
    ),
    (
        "elderly-centre",
        "Centre pour personnes âgées",
        "Centre for elderly people",
    ),
    (
        "disability-centre",
        "Centre pour personnes en situation de handicap",
        "Centre for people with disabilities",
    ),
    ("women-centre", "Centre pour femmes", "Women's centre"),
    ("other", "Autre établissement", "Other establishment"),
];

pub const MILIEUX: &[(&str, &str, &str)] =
    &[("rural", "Rural", "Rural"), ("urban", "Urbain", "Urban")];

pub const STATUSES: &[(&str, &str, &str)] =
    &[("active", "Actif", "Active"), ("closed", "Fermé", "Closed")];

/// Extra spellings people type, normalized, mapped to a code.
const SYNONYMS: &[(&str, &str)] = &[
    ("dartalib", "dar-talib"),
    ("dartaliba", "dar-taliba"),
    ("mixte", "mixed"),
    ("urbain", "urban"),
    ("urbaine", "urban"),
    ("rurale", "rural"),
    ("actif", "active"),
    ("active", "active"),
    ("ouvert", "active"),
    ("ferme", "closed"),
    ("fermee", "closed"),
    // Plan action statuses, as associations write them.
    ("prevue", "planned"),
    ("prevu", "planned"),
    ("planifiee", "planned"),
    ("afaire", "planned"),
    ("encours", "in_progress"),
    ("inprogress", "in_progress"),
    ("demarree", "in_progress"),
    ("termine", "done"),
    ("terminee", "done"),
    ("realise", "done"),
    ("realisee", "done"),
    ("fait", "done"),
    ("acheve", "done"),
    ("annule", "cancelled"),
    ("annulee", "cancelled"),
    ("abandonne", "cancelled"),
    ("canceled", "cancelled"),
    // Event kinds.
    ("formation", "training"),
    ("atelier", "workshop"),
    ("visite", "visit"),
    ("visitedesuivi", "visit"),
    ("monitoringvisit", "visit"),
    // Plan stages.
    ("redige", "drafted"),
    ("valide", "validated"),
    ("adopte", "adopted"),
    ("enexecution", "executing"),
    ("execution", "executing"),
    ("evalue", "evaluated"),
];

/// Matches `input` against a vocabulary by code, French or English label, or a
/// known synonym, ignoring case, accents and punctuation.
pub fn lookup(vocab: &[(&'static str, &str, &str)], input: &str) -> Option<&'static str> {
    let n = normalize(input);
    if n.is_empty() {
        return None;
    }
    for (code, fr, en) in vocab {
        if normalize(code) == n || normalize(fr) == n || normalize(en) == n {
            return Some(code);
        }
    }
    SYNONYMS
        .iter()
        .find(|(s, _)| *s == n)
        .and_then(|(_, code)| vocab.iter().find(|(c, _, _)| c == code).map(|(c, _, _)| *c))
}

/// The codes of a vocabulary, for error messages.
pub fn codes(vocab: &[(&str, &str, &str)]) -> String {
    vocab
        .iter()
        .map(|(c, _, _)| *c)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_match_codes_labels_and_synonyms() {
        assert_eq!(lookup(HOUSE_KINDS, "Dar Taliba"), Some("dar-taliba"));
        assert_eq!(lookup(HOUSE_KINDS, "dar-talib"), Some("dar-talib"));
        assert_eq!(lookup(HOUSE_KINDS, "MIXTE"), Some("mixed"));
        assert_eq!(
            lookup(HOUSE_KINDS, "Dar Taliba (filles)"),
            Some("dar-taliba")
        );
        assert_eq!(lookup(HOUSE_KINDS, "castle"), None);
    }

    #[test]
    fn milieu_in_french_or_english() {
        assert_eq!(lookup(MILIEUX, "urbain"), Some("urban"));
        assert_eq!(lookup(MILIEUX, "Rural"), Some("rural"));
        assert_eq!(lookup(MILIEUX, ""), None);
        assert_eq!(lookup(STATUSES, "fermé"), Some("closed"));
    }
}
