//! Labels of reports and templates in French and English.

use crate::cli::Lang;
use crate::messages::plural;

/// A label by key, in French (`fr = true`) or English, or in Arabic or French
/// beside Arabic when the report's [`Script`] says so. Unknown keys come back as they are.
pub fn label(key: &str, fr: bool) -> &str {
    match script() {
        Script::Latin => latin_label(key, fr),
        Script::Arabic => arabic(key).unwrap_or_else(|| latin_label(key, true)),
        Script::Bilingual => bilingual(key).unwrap_or_else(|| latin_label(key, true)),
    }
}

fn latin_label(key: &str, fr: bool) -> &str {
    match latin_pair(key) {
        Some((f, e)) => {
            if fr {
                f
            } else {
                e
            }
        }
        None => key,
    }
}

/// A label's French and English forms, `None` for a key without any.
fn latin_pair(key: &str) -> Option<(&'static str, &'static str)> {
    let pair = match key {
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
        "houses_elsewhere" => (
            "Plus de 30 maisons : pas de liste maison par maison ici ; la fiche de chaque maison est produite par « suivi report house CODE ».",
            "Over 30 houses: no house-by-house list here; each house's dossier comes from \"suivi report house CODE\".",
        ),
        "more_alerts" => (
            "autres alertes non listées ; voir la fiche de chaque maison :",
            "more alerts not listed; see each house's dossier:",
        ),
        "by_region" => ("Par région", "By region"),
        "by_province" => ("Par province", "By province"),
        "by_kind" => ("Par type d'établissement", "By kind of establishment"),
        "by_milieu" => ("Par milieu", "By setting"),
        "by_cohort" => ("Par cohorte", "By cohort"),
        "group_region" => ("Région", "Region"),
        "group_province" => ("Province", "Province"),
        "group_kind" => ("Type", "Kind"),
        "group_milieu" => ("Milieu", "Setting"),
        "group_cohort" => ("Cohorte", "Cohort"),
        "reporting" => ("maisons déclarantes", "houses reporting"),
        "groups_note" => (
            "Chaque groupe est calculé avec les mêmes règles que l'ensemble : rapports de sommes pour les taux, sur les maisons auxquelles l'indicateur s'applique et qui le déclarent.",
            "Each group is computed with the same rules as the whole: ratios of sums for rates, over the houses the indicator applies to that report it.",
        ),
        "distribution" => ("Répartition entre maisons", "Spread across houses"),
        "distribution_note" => (
            "Valeur de chaque maison : minimum, premier quartile (Q1), médiane, troisième quartile (Q3), maximum. Sur le graphique, chaque barre grise compte les maisons d'une tranche de valeurs ; la boîte va de Q1 à Q3, le trait épais est la médiane.",
            "Each house's value: minimum, first quartile (Q1), median, third quartile (Q3), maximum. On the chart each grey bar counts the houses in a range of values; the box spans Q1 to Q3, the thick line is the median.",
        ),
        "min" => ("min.", "min."),
        "max" => ("max.", "max."),
        "median" => ("médiane", "median"),
        "laggards" => (
            "Les 10 maisons les plus en retard sur leurs cibles",
            "The 10 houses furthest behind their targets",
        ),
        "laggards_note" => (
            "Classées par nombre d'indicateurs en retard, puis par progrès moyen vers les cibles.",
            "Ranked by the number of indicators behind, then by mean progress towards the targets.",
        ),
        "behind_count" => ("en retard / cibles", "behind / targets"),
        "mean_progress" => ("progrès moyen", "mean progress"),
        "no_laggard" => (
            "Aucune maison en retard sur ses cibles.",
            "No house behind its targets.",
        ),
        "eval_title" => (
            "Évaluation du pilote : différence de différences",
            "Pilot evaluation: difference in differences",
        ),
        "pilot_group" => ("Pilote", "Pilot"),
        "comparison_group" => ("Comparaison", "Comparison"),
        "did" => ("Diff. de diff.", "Diff. in diff."),
        "change" => ("évolution", "change"),
        "panel" => ("maisons (pilote / comp.)", "houses (pilot / comp.)"),
        "method" => ("Méthode et limites", "Method and limits"),
        "method_text" => (
            "Pour chaque indicateur, on compare l'évolution des maisons du pilote entre la période de référence et la période finale à celle des maisons de comparaison sur les mêmes périodes. La différence de différences est l'évolution du pilote moins celle de la comparaison : ce que le pilote a gagné de plus (ou de moins) que des maisons qui n'en faisaient pas partie. Chaque côté est calculé sur les seules maisons qui déclarent l'indicateur aux deux périodes (panel équilibré), et les taux sont des rapports de sommes sur ces maisons.",
            "For each indicator, the change in the pilot houses from the baseline to the endline period is set beside the change in the comparison houses over the same periods. The difference in differences is the pilot's change minus the comparison's: what the pilot gained more (or less) than houses that were not in it. Each side is computed only over the houses that report the indicator at both periods (a balanced panel), and rates are ratios of sums over those houses.",
        ),
        "limits_text" => (
            "Limites : les maisons du pilote n'ont pas été tirées au sort, elles peuvent différer des maisons de comparaison autrement que par le pilote ; les effectifs sont petits, un écart de quelques points peut être dû au hasard ; les maisons qui ont cessé de déclarer sont écartées et listées ci-dessous. Ce tableau est une comparaison, pas la preuve d'un effet.",
            "Limits: the pilot houses were not drawn at random and may differ from the comparison houses in other ways than the pilot; the numbers are small, and a gap of a few points may be chance; houses that stopped reporting are left out and listed below. This table is a comparison, not a proof of effect.",
        ),
        "naive_note" => (
            "« Évolution » seule (avant/après) mélange l'effet du pilote et ce qui a changé partout ; seule la différence de différences retire ce qui a changé aussi chez les maisons de comparaison.",
            "A \"change\" alone (before/after) mixes the pilot's effect with what changed everywhere; only the difference in differences removes what also changed in the comparison houses.",
        ),
        "dropped" => (
            "Maisons sorties du panel (déclarent à la référence, pas à la fin)",
            "Houses that dropped out (reported at baseline, not at endline)",
        ),
        "slopes" => (
            "Référence → fin, pilote et comparaison",
            "Baseline → endline, pilot and comparison",
        ),
        "no_dropped" => ("aucune", "none"),
        "eval_empty" => (
            "Aucun indicateur n'est déclaré aux deux périodes par ces maisons : vérifiez --baseline et --endline (`suivi report completeness`).",
            "No indicator is reported at both periods by these houses: check --baseline and --endline (`suivi report completeness`).",
        ),
        // Coverage and withheld figures (issue 13).
        "withheld" => ("masqué", "withheld"),
        "withheld_note" => (
            "« masqué » : valeur masquée (petit effectif d'élèves, ou qui permettrait d'en recalculer un) ; « — » : pas de donnée.",
            "\"withheld\": value withheld (a small count of pupils, or a figure that would let one be recomputed); \"—\": no data.",
        ),
        "houses_note" => (
            "« Maisons » : maisons dont les données font la valeur ; le progrès compare référence, valeur et cible sur les seules maisons qui ont les trois (« sur N maisons » quand elles sont moins nombreuses).",
            "\"Houses\": houses whose data make the value; progress compares baseline, value and target over the houses that have all three only (\"over N houses\" when they are fewer).",
        ),
        "over" => ("sur", "over"),
        "points" => ("pts", "pts"),
        "fewer_houses" => (
            "moins de maisons ont transmis ce mois",
            "fewer houses reported this month",
        ),
        "withheld_month" => (
            "valeur du mois masquée (petit effectif)",
            "month's value withheld (small count)",
        ),
        _ => return None,
    };
    Some(pair)
}

/// An alert's sentence in the reader's language. A published report names the
/// rule (or the problem) and the house but shows none of the values: they
/// could give a withheld small count away.
pub fn alert_text(a: &crate::report::model::Alert, fr: bool, published: bool) -> String {
    match script() {
        Script::Latin => latin_alert_text(a, fr, published),
        Script::Arabic => arabic_alert_text(a, published),
        Script::Bilingual => format!(
            "{} · {}",
            latin_alert_text(a, true, published),
            isolate(&arabic_alert_text(a, published))
        ),
    }
}

/// An alert's sentence in Arabic (see [`alert_text`]).
fn arabic_alert_text(a: &crate::report::model::Alert, published: bool) -> String {
    use crate::domain::format;
    use crate::report::model::AlertSubject as S;
    let hundred = format::percent(100.0, 0, true);
    match &a.subject {
        S::Rule {
            rule,
            periods,
            example: e,
        } => {
            let head = format!(
                "القاعدة {} غير محترمة (عدد الفترات {})",
                ltr(rule),
                format::count(*periods as i64)
            );
            if published {
                return head;
            }
            let example = ltr(&format!(
                "{} {} {} ({} {} {})",
                e.left,
                e.op,
                e.right,
                format::plain(e.left_value),
                e.op,
                format::plain(e.right_value)
            ));
            format!("{head}، مثلا {example}")
        }
        S::Overcrowding { rate, .. } => {
            if published {
                format!("اكتظاظ: نسبة الإشغال تتجاوز {hundred}")
            } else {
                format!("اكتظاظ: نسبة الإشغال {}", format::percent(*rate, 0, true))
            }
        }
        S::ShareOver100 { indicator, value } => {
            if published {
                format!("{} تتجاوز {hundred}: جزء يتجاوز مجموعه", ltr(indicator))
            } else {
                format!(
                    "{} تتجاوز {hundred} ({}): جزء يتجاوز مجموعه، يجب تصحيح القيم",
                    ltr(indicator),
                    format::percent(*value, 1, true)
                )
            }
        }
        S::LateAction { action, due } => {
            format!("نشاط متأخر: «{action}» (الأجل {})", format::date(due, true))
        }
        S::NoData { .. } => "لم يتم التوصل بأي معطيات عن الفترة".to_string(),
        S::MissingMonths { months } => format!(
            "أشهر بدون معطيات (عددها {}): {}",
            format::count(months.len() as i64),
            months.iter().map(|m| ltr(m)).collect::<Vec<_>>().join("، ")
        ),
    }
}

/// An alert's sentence in French or English (see [`alert_text`]).
fn latin_alert_text(a: &crate::report::model::Alert, fr: bool, published: bool) -> String {
    use crate::domain::format;
    use crate::report::model::AlertSubject as S;
    match &a.subject {
        S::Rule {
            rule,
            periods,
            example: e,
        } => {
            let head = if fr {
                format!(
                    "règle {rule} non respectée ({})",
                    plural(*periods, "période", "périodes", Lang::Fr)
                )
            } else {
                format!(
                    "rule {rule} broken ({})",
                    plural(*periods, "period", "periods", Lang::En)
                )
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
                    "{} without data: {}",
                    plural(months.len(), "month", "months", Lang::En),
                    months.join(", ")
                )
            }
        }
    }
}

/// Which script a report's words are in beyond `fr`: French or English
/// (`Latin`), Arabic right to left (`--lang ar`), or French beside Arabic
/// (`--lang fr,ar`). Set once per report by the report command, for the
/// Markdown and HTML layouts only; the terminal stays French.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Script {
    #[default]
    Latin,
    Arabic,
    Bilingual,
}

thread_local! {
    static SCRIPT: std::cell::Cell<Script> = const { std::cell::Cell::new(Script::Latin) };
}

/// Chooses the script of the report being built on this thread.
pub fn set_script(s: Script) {
    SCRIPT.with(|c| c.set(s));
}

/// The script of the report being built on this thread.
pub fn script() -> Script {
    SCRIPT.with(|c| c.get())
}

/// Whether the report reads right to left.
pub fn rtl() -> bool {
    script() == Script::Arabic
}

/// Arabic text inside French: wrapped in a first-strong isolate (U+2068 …
/// U+2069) so that it reads right to left, its figures, periods and codes in
/// left-to-right isolates so that they keep their order (`110 %`, `2026-11`).
pub fn isolate(s: &str) -> String {
    format!("\u{2068}{}\u{2069}", isolate_ltr_runs(s))
}

/// A left-to-right expression (`24 / 36`, a code, a rule's example) kept in
/// one left-to-right isolate in an Arabic report, the isolates of its figures
/// dropped; unchanged in other reports.
pub fn ltr(s: &str) -> String {
    if !rtl() {
        return s.to_string();
    }
    let inner: String = s
        .chars()
        .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}'))
        .collect();
    format!("\u{2066}{inner}\u{2069}")
}

/// `a / b` (a count out of another), one left-to-right expression.
pub fn fraction(a: i64, b: i64) -> String {
    use crate::domain::format::count;
    ltr(&format!("{} / {}", count(a), count(b)))
}

/// From `a` to `b` (two periods, two figures): `a → b`; in an Arabic report
/// the arrow points the way the text reads, `a ← b`, each end isolated.
pub fn arrow(a: &str, b: &str) -> String {
    if rtl() {
        format!("{} ← {}", ltr(a), ltr(b))
    } else {
        format!("{a} → {b}")
    }
}

/// What goes before an explanation or a list: ` : ` in French (and beside
/// Arabic), `: ` in English and in Arabic.
pub fn colon(fr: bool) -> &'static str {
    match script() {
        Script::Arabic => ": ",
        Script::Bilingual => " : ",
        Script::Latin if fr => " : ",
        Script::Latin => ": ",
    }
}

/// Between the items of a list: `، ` in Arabic, `, ` otherwise.
pub fn comma() -> &'static str {
    if rtl() { "، " } else { ", " }
}

/// A sentence in the report's language: French or English, Arabic, or French
/// beside Arabic.
pub fn sentence(fr: bool, fr_text: &str, en_text: &str, ar_text: &str) -> String {
    match script() {
        Script::Latin if fr => fr_text.to_string(),
        Script::Latin => en_text.to_string(),
        Script::Arabic => ar_text.to_string(),
        Script::Bilingual => format!("{fr_text} · {}", isolate(ar_text)),
    }
}

/// Right-to-left text with every left-to-right run (a period `2026-2027`, a
/// date, a code `DT01`, a French name) in a left-to-right isolate (U+2066 …
/// U+2069), so that it keeps its own order.
/// Text already isolated is left as it is; other text comes back unchanged.
pub fn isolate_ltr_runs(s: &str) -> String {
    let ltr = |c: char| c.is_ascii_alphanumeric() || (c.is_alphabetic() && !is_arabic(c));
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    let mut depth = 0usize;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\u{2066}'..='\u{2068}' => depth += 1,
            '\u{2069}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 || !ltr(c) {
            out.push(c);
            i += 1;
            continue;
        }
        // The run goes to its last strong left-to-right character (or `%`),
        // never across Arabic letters, isolates or line breaks.
        // A `)` belongs to the run only when its `(` does.
        let (mut end, mut j, mut open) = (i, i, 0usize);
        while j < chars.len() {
            let d = chars[j];
            if is_arabic(d) || matches!(d, '\u{2066}'..='\u{2069}' | '\n' | '·' | '—' | '←') {
                break;
            }
            match d {
                '(' => open += 1,
                ')' if open > 0 => {
                    open -= 1;
                    end = j;
                }
                ')' => break,
                d if ltr(d) || d == '%' => end = j,
                _ => {}
            }
            j += 1;
        }
        out.push('\u{2066}');
        out.extend(&chars[i..=end]);
        out.push('\u{2069}');
        i = end + 1;
    }
    out
}

/// Right-to-left text whose isolated figures (`1 183 100`, `24 / 36`,
/// `74,4 %`) take no-break spaces, so that a narrow column never splits a
/// figure over two lines; other isolated runs (a French title) still wrap.
pub fn keep_figures_whole(s: &str) -> String {
    let figure = |c: char| {
        c.is_ascii_digit()
            || ('\u{0660}'..='\u{066C}').contains(&c)
            || matches!(c, ' ' | ',' | '.' | '%' | '+' | '-' | '−' | '/' | '←' | '→')
    };
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find('\u{2066}') {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let Some(end) = from.find('\u{2069}') else {
            rest = from;
            break;
        };
        let run = &from[..end];
        if run.chars().skip(1).all(figure) {
            out.push_str(&run.replace(' ', "\u{00A0}"));
        } else {
            out.push_str(run);
        }
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A name in the report's script: the Arabic one in Arabic (the French one
/// when there is none), both side by side in a bilingual report.
pub fn name_in_script(fr_or_en: &str, ar: Option<&str>) -> String {
    let ar = ar.map(str::trim).filter(|a| !a.is_empty());
    match (script(), ar) {
        (Script::Arabic, Some(a)) => a.to_string(),
        (Script::Bilingual, Some(a)) if a != fr_or_en => {
            format!("{fr_or_en} · {}", isolate(a))
        }
        _ => fr_or_en.to_string(),
    }
}

/// A coded value (house kind, dimension, …) in the report's script: its Arabic
/// label when there is one, else the given label.
pub fn coded(code: &str, given: &str) -> String {
    name_in_script(given, arabic(code))
}

/// `عدد الدور 12` in an Arabic report (a count after the noun needs no
/// agreement), French beside it in a bilingual one; `None` otherwise.
pub fn houses_count_ar(n: usize) -> Option<String> {
    let ar = format!("عدد الدور {}", crate::domain::format::count(n as i64));
    match script() {
        Script::Latin => None,
        Script::Arabic => Some(ar),
        Script::Bilingual => Some(format!("{n} maisons · {}", isolate(&ar))),
    }
}

/// A house's name in the report's script: `Nom (الاسم)` in French or
/// English, the Arabic name in Arabic, both in a bilingual report.
pub fn house_name(name: &str, ar: Option<&str>) -> String {
    match (script(), ar.map(str::trim).filter(|a| !a.is_empty())) {
        (Script::Latin, Some(a)) => format!("{name} ({a})"),
        (_, ar) => name_in_script(name, ar),
    }
}

/// French beside Arabic, for every label that has an Arabic form.
fn bilingual(key: &str) -> Option<&'static str> {
    static BOTH: std::sync::OnceLock<std::collections::HashMap<&'static str, String>> =
        std::sync::OnceLock::new();
    BOTH.get_or_init(|| {
        AR.iter()
            .map(|(k, a)| {
                let both = match latin_pair(k) {
                    Some((f, _)) if !f.is_empty() => format!("{f} · {}", isolate(a)),
                    _ => a.to_string(),
                };
                (*k, both)
            })
            .collect()
    })
    .get(key)
    .map(String::as_str)
}

fn arabic(key: &str) -> Option<&'static str> {
    AR.iter().find(|(k, _)| *k == key).map(|(_, a)| *a)
}

/// Arabic labels of reports and templates, by key (the keys of [`label`],
/// house kinds, assessment dimensions, plan axes and template headers).
const AR: &[(&str, &str)] = &[
    ("title", "تقييم التجربة النموذجية"),
    ("period", "الفترة"),
    ("cohort", "الفوج"),
    ("as_of", "الوضعية في"),
    ("houses", "الدور"),
    ("house", "الدار"),
    ("indicator", "المؤشر"),
    ("indicators", "المؤشرات"),
    ("value", "القيمة"),
    ("baseline", "القيمة المرجعية"),
    ("target", "الهدف"),
    ("progress", "التقدم"),
    ("status", "الحالة"),
    ("achieved", "محقق"),
    ("on_track", "في الطريق الصحيح"),
    ("behind", "متأخر"),
    ("no_data", "بدون معطيات"),
    ("plans", "مشاريع التنمية المؤسساتية"),
    ("stages", "المراحل"),
    ("stage", "المرحلة"),
    ("diagnostic", "التشخيص"),
    ("drafted", "محرر"),
    ("validated", "مصادق عليه"),
    ("adopted", "معتمد"),
    ("executing", "قيد التنفيذ"),
    ("evaluated", "مقيم"),
    ("none", "بدون مشروع"),
    ("actions", "الأنشطة"),
    ("total", "المجموع"),
    ("done", "منجزة"),
    ("in_progress", "جارية"),
    ("planned", "مبرمجة"),
    ("cancelled", "ملغاة"),
    ("late", "متأخرة"),
    ("completeness", "اكتمال المعطيات"),
    ("expected", "المنتظرة"),
    ("received", "المتوصل بها"),
    ("rate", "النسبة"),
    ("house_months", "أشهر-دور"),
    ("budget_executed", "الميزانية"),
    ("published", "نسخة منشورة: الأعداد الصغيرة محجوبة"),
    ("name", "الاسم"),
    ("overview", "نظرة عامة"),
    ("region", "الجهة"),
    ("capacity", "الطاقة الاستيعابية"),
    ("boarders", "النزلاء"),
    ("girls", "إناث"),
    ("boys", "ذكور"),
    ("alerts", "تنبيهات"),
    ("dossier", "بطاقة المؤسسة"),
    ("province", "الإقليم"),
    ("commune", "الجماعة"),
    ("milieu", "الوسط"),
    ("association", "الجمعية المسيرة"),
    ("opened", "تاريخ الافتتاح"),
    ("history", "السجل"),
    ("missing", "ناقصة"),
    ("not_reporting", "دور لم ترسل أي معطيات"),
    ("funnel", "اعتماد مشاريع التنمية: الدور التي بلغت كل مرحلة"),
    ("execution_title", "تنفيذ خطط العمل"),
    ("trends", "التطور الشهري (مجموع التجربة)"),
    ("by_house", "حسب الدار"),
    ("pilot_value", "مجموع التجربة"),
    ("target_mark", "الهدف"),
    (
        "status_rule",
        "الحالة: محقق إذا بلغت القيمة الهدف (في اتجاه المؤشر)؛ في الطريق الصحيح إذا كان التقدم منذ القيمة المرجعية لا يقل عن نسبة الوقت المنقضي حتى الأجل؛ متأخر في غير ذلك.",
    ),
    (
        "ratio_note",
        "نسب مجموع التجربة هي نسب مجاميع (مجموع الناجحين / مجموع المترشحين)، وليست أبدا متوسطات للنسب.",
    ),
    ("generated", "تقرير من إنتاج suivi"),
    ("no_plan", "لا يوجد مشروع بعد"),
    ("plan", "المشروع"),
    ("reached_on", "بلغت في"),
    ("axis", "المحور"),
    ("action", "النشاط"),
    ("execution", "التنفيذ"),
    ("budget_mad", "الميزانية (درهم)"),
    ("spent_mad", "المصروف (درهم)"),
    ("due", "الأجل"),
    ("dimension", "البعد"),
    ("latest", "الأخيرة"),
    ("assessment", "التقييم الذاتي للقدرات (من 1 إلى 4)"),
    ("events", "أنشطة التقوية والحوار"),
    ("date", "التاريخ"),
    ("kind", "النوع"),
    ("title_col", "العنوان"),
    ("women", "نساء"),
    ("men", "رجال"),
    ("training", "تكوين"),
    ("workshop", "ورشة"),
    ("visit", "زيارة"),
    ("superseded", "معوض (للقراءة فقط)"),
    ("by_region", "حسب الجهة"),
    ("by_province", "حسب الإقليم"),
    ("by_kind", "حسب نوع المؤسسة"),
    ("by_milieu", "حسب الوسط"),
    ("by_cohort", "حسب الفوج"),
    ("group_region", "الجهة"),
    ("group_province", "الإقليم"),
    ("group_kind", "النوع"),
    ("group_milieu", "الوسط"),
    ("group_cohort", "الفوج"),
    ("reporting", "الدور المصرحة"),
    ("distribution", "التوزيع بين الدور"),
    ("min", "الأدنى"),
    ("max", "الأقصى"),
    ("median", "الوسيط"),
    ("laggards", "الدور العشر الأكثر تأخرا عن أهدافها"),
    ("behind_count", "متأخرة / أهداف"),
    ("mean_progress", "متوسط التقدم"),
    ("no_laggard", "لا توجد دار متأخرة عن أهدافها."),
    ("eval_title", "تقييم التجربة: الفرق في الفروق"),
    ("pilot_group", "التجربة"),
    ("comparison_group", "المقارنة"),
    ("did", "الفرق في الفروق"),
    ("change", "التطور"),
    ("method", "المنهجية والحدود"),
    ("no_dropped", "لا شيء"),
    (
        "houses_elsewhere",
        "أكثر من 30 دارا: لا توجد هنا لائحة الدور دارا دارا؛ بطاقة كل دار ينتجها الأمر «suivi report house CODE».",
    ),
    ("more_alerts", "تنبيهات أخرى غير مدرجة؛ انظر بطاقة كل دار:"),
    (
        "groups_note",
        "تحسب كل مجموعة بنفس قواعد المجموع: نسب مجاميع بالنسبة للنسب، على الدور التي ينطبق عليها المؤشر والتي تصرح به.",
    ),
    (
        "distribution_note",
        "قيمة كل دار: الأدنى، الربيع الأول (Q1)، الوسيط، الربيع الثالث (Q3)، الأقصى. في الرسم، يعد كل عمود رمادي الدور التي تقع قيمتها في مجال واحد؛ يمتد الصندوق من Q1 إلى Q3، والخط السميك هو الوسيط.",
    ),
    (
        "laggards_note",
        "مرتبة حسب عدد المؤشرات المتأخرة، ثم حسب متوسط التقدم نحو الأهداف.",
    ),
    ("panel", "الدور (التجربة / المقارنة)"),
    (
        "method_text",
        "بالنسبة لكل مؤشر، يقارن تطور دور التجربة بين الفترة المرجعية والفترة النهائية بتطور دور المقارنة خلال نفس الفترتين. الفرق في الفروق هو تطور التجربة ناقص تطور المقارنة: ما كسبته التجربة زيادة (أو نقصانا) عن دور لم تكن جزءا منها. يحسب كل جانب على الدور التي تصرح بالمؤشر في الفترتين معا فقط (عينة متوازنة)، والنسب هي نسب مجاميع على هذه الدور.",
    ),
    (
        "limits_text",
        "الحدود: لم تختر دور التجربة بالقرعة، وقد تختلف عن دور المقارنة بأمور أخرى غير التجربة؛ الأعداد صغيرة، وقد يكون فارق بضع نقاط من قبيل الصدفة؛ الدور التي توقفت عن التصريح مستبعدة ومدرجة أدناه. هذا الجدول مقارنة، وليس دليلا على أثر.",
    ),
    (
        "naive_note",
        "«التطور» وحده (قبل وبعد) يخلط أثر التجربة بما تغير في كل مكان؛ الفرق في الفروق وحده يستبعد ما تغير أيضا لدى دور المقارنة.",
    ),
    (
        "dropped",
        "الدور الخارجة من العينة (صرحت في الفترة المرجعية وليس في الفترة النهائية)",
    ),
    (
        "slopes",
        "من الفترة المرجعية إلى الفترة النهائية، التجربة والمقارنة",
    ),
    (
        "eval_empty",
        "لا تصرح هذه الدور بأي مؤشر في الفترتين معا: تحقق من --baseline و--endline (suivi report completeness).",
    ),
    ("withheld", "محجوب"),
    (
        "withheld_note",
        "«محجوب»: قيمة محجوبة (عدد صغير من التلاميذ، أو رقم يسمح بإعادة حسابه)؛ «—»: لا توجد معطيات.",
    ),
    (
        "houses_note",
        "«الدور»: الدور التي تكون معطياتها القيمة؛ يقارن التقدم بين القيمة المرجعية والقيمة والهدف على الدور التي تتوفر على الثلاثة فقط (ويذكر عددها عندما يكون أقل).",
    ),
    ("over", "على"),
    ("fewer_houses", "عدد أقل من الدور صرح هذا الشهر"),
    ("withheld_month", "قيمة الشهر محجوبة (عدد صغير)"),
    ("points", "نقطة"),
    // House kinds, milieus, assessment dimensions, plan axes.
    ("dar-talib", "دار الطالب"),
    ("dar-taliba", "دار الطالبة"),
    ("mixed", "دار مختلطة"),
    ("children-centre", "مركز لرعاية الأطفال"),
    ("elderly-centre", "مركز لرعاية الأشخاص المسنين"),
    ("disability-centre", "مركز لرعاية الأشخاص في وضعية إعاقة"),
    ("women-centre", "مركز لاستقبال النساء"),
    ("other", "مؤسسة أخرى"),
    ("rural", "قروي"),
    ("urban", "حضري"),
    ("governance", "الحكامة"),
    ("management", "التدبير"),
    ("services", "الخدمات"),
    ("partnerships", "الشراكات"),
    ("digitalisation", "الرقمنة"),
    ("sustainability", "الاستدامة"),
    ("gouvernance", "الحكامة"),
    ("gestion", "التدبير"),
    ("partenariats", "الشراكات"),
    ("comment", "ملاحظة"),
    ("pilot", "التجريبي"),
    ("active", "مفتوحة"),
    ("closed", "مغلقة"),
    ("yes", "نعم"),
    ("no", "لا"),
    ("all", "الكل"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_to_right_runs_are_isolated_once() {
        assert_eq!(
            isolate_ltr_runs("تقييم — 2026-2027"),
            "تقييم — \u{2066}2026-2027\u{2069}"
        );
        assert_eq!(
            isolate_ltr_runs("الدار DT01 (fictive) هنا"),
            "الدار \u{2066}DT01 (fictive)\u{2069} هنا"
        );
        assert_eq!(
            isolate_ltr_runs("تنبيهات (13)"),
            "تنبيهات (\u{2066}13\u{2069})"
        );
        let done = "القيمة \u{2066}74,4 %\u{2069}";
        assert_eq!(isolate_ltr_runs(done), done);
    }

    #[test]
    fn isolated_figures_do_not_break_over_two_lines() {
        assert_eq!(
            keep_figures_whole("المجموع \u{2066}1 183 100\u{2069} و\u{2066}Mise en place\u{2069}"),
            "المجموع \u{2066}1\u{a0}183\u{a0}100\u{2069} و\u{2066}Mise en place\u{2069}"
        );
    }

    #[test]
    fn arabic_labels_fall_back_to_french_and_pair_in_bilingual() {
        set_script(Script::Arabic);
        assert_eq!(label("overview", true), "نظرة عامة");
        assert_eq!(label("not_a_key", true), "not_a_key");
        set_script(Script::Bilingual);
        assert_eq!(
            label("overview", true),
            "Vue d'ensemble · \u{2068}نظرة عامة\u{2069}"
        );
        assert_eq!(
            isolate("نسبة الإشغال 110 %"),
            "\u{2068}نسبة الإشغال \u{2066}110 %\u{2069}\u{2069}"
        );
        set_script(Script::Latin);
        assert_eq!(label("overview", false), "Overview");
    }
}
