//! The rejects file an import writes aside (`--skip-invalid --rejects FILE`):
//! its reasons are for the association that sent the file, so they speak the
//! language of the file's own headers (French unless they are English) and
//! carry no command, flag or backtick; the reason column is recognised and
//! skipped when the corrected file comes back.

use crate::sheet::headers::{FileKind, columns};
use crate::text::normalize;

/// The language of a file's headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderLang {
    Fr,
    En,
}

/// French unless more headers are spelled the English way than the French way
/// (headers spelled the same in both, such as `Code` or `Province`, do not count).
pub fn headers_language(kind: FileKind, headers: &[String]) -> HeaderLang {
    let (mut fr, mut en) = (0usize, 0usize);
    for h in headers {
        let n = normalize(h);
        if n.is_empty() {
            continue;
        }
        if n == "reason" {
            en += 1;
            continue;
        }
        if n == "motifdurejet" {
            fr += 1;
            continue;
        }
        for spec in columns(kind) {
            let f = normalize(spec.header_fr);
            let e = normalize(spec.header_en);
            let k = normalize(spec.key);
            if f == e {
                continue;
            }
            if n == f {
                fr += 1;
                break;
            }
            if n == e || n == k {
                en += 1;
                break;
            }
        }
    }
    if en > fr {
        HeaderLang::En
    } else {
        HeaderLang::Fr
    }
}

/// The header of the reason column.
pub fn reason_header(lang: HeaderLang) -> &'static str {
    match lang {
        HeaderLang::Fr => crate::sheet::write::REJECT_REASON_HEADER,
        HeaderLang::En => "Reason",
    }
}

/// One row's reason: the column at fault (`B (Maison)`, empty when none) and why.
pub fn reason(lang: HeaderLang, column: &str, message: &str) -> String {
    let why = for_association(message, lang);
    match (lang, column.is_empty()) {
        (_, true) => why,
        (HeaderLang::Fr, false) => format!("Colonne {column} : {why}"),
        (HeaderLang::En, false) => format!("Column {column}: {why}"),
    }
}

/// A message of the engine, said for an association: in its language when
/// known, without commands, flags or backticks.
pub fn for_association(message: &str, lang: HeaderLang) -> String {
    let plain = without_commands(message);
    if lang == HeaderLang::Fr
        && let Some(fr) = french(&plain)
    {
        return fr;
    }
    plain
}

/// Cuts every clause that names a command or a flag, then any backtick left.
fn without_commands(message: &str) -> String {
    let mut s = message.to_string();
    loop {
        let at = [s.find('`'), s.find(" --"), s.find("--")]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = at else { break };
        let head = &s[..at];
        let cut = ["; ", ": ", " (", ", ", ". "]
            .iter()
            .filter_map(|sep| head.rfind(sep))
            .max()
            .unwrap_or(0);
        s.truncate(cut);
    }
    let s = s.replace('`', "");
    s.trim()
        .trim_end_matches([';', ':', ',', '(', ' '])
        .to_string()
}

/// Known messages in French, `{}` standing for the parts that vary.
const FRENCH: &[(&str, &str)] = &[
    (
        "unknown house \"{}\"",
        "maison « {} » inconnue : vérifiez le code de la maison",
    ),
    (
        "unknown indicator \"{}\"",
        "indicateur « {} » inconnu : vérifiez le code de l'indicateur",
    ),
    (
        "unknown association \"{}\" for house {}",
        "association « {} » inconnue pour la maison {}",
    ),
    ("the house code is empty", "le code de la maison est vide"),
    (
        "the association code is empty",
        "le code de l'association est vide",
    ),
    ("the period is empty", "la période est vide"),
    ("the indicator is empty", "l'indicateur est vide"),
    ("the value is empty", "la valeur est vide"),
    (
        "house {} appears twice in this file (lines {} and {}): keep one row",
        "la maison {} figure deux fois dans ce fichier (lignes {} et {}) : gardez une seule ligne",
    ),
    (
        "association {} appears twice in this file (lines {} and {}): keep one row",
        "l'association {} figure deux fois dans ce fichier (lignes {} et {}) : gardez une seule ligne",
    ),
    (
        "action \"{}\" of {} appears twice in this file (lines {} and {}): keep one row",
        "l'action « {} » de {} figure deux fois dans ce fichier (lignes {} et {}) : gardez une seule ligne",
    ),
    (
        "{} appears twice in this file (lines {} and {}): keep one row",
        "{} figure deux fois dans ce fichier (lignes {} et {}) : gardez une seule ligne",
    ),
    (
        "{} appears twice in this file with different values ({} and {})",
        "{} figure deux fois dans ce fichier avec des valeurs différentes ({} et {})",
    ),
    (
        "\"{}\" is beyond the last column of the header{}",
        "« {} » est au-delà de la dernière colonne de l'en-tête : la ligne a plus de cellules \
         que l'en-tête (une virgule décimale dans un fichier séparé par des virgules ? \
         mettez alors le nombre entre guillemets ou utilisez le point-virgule comme séparateur)",
    ),
    (
        "period {} is locked ({})",
        "la période {} est verrouillée ({}) : demandez au ministère de la rouvrir",
    ),
    (
        "house {} has no plan yet",
        "la maison {} n'a pas encore de plan d'action : le ministère doit le créer avant",
    ),
    (
        "{} is computed from a formula: send its components instead",
        "{} est calculé par une formule : envoyez plutôt ses composantes",
    ),
    (
        "this spelling is not recognised",
        "cette écriture de la période n'est pas reconnue (exemples : 2025-09, 2025-T1, 2025-2026)",
    ),
];

fn french(message: &str) -> Option<String> {
    FRENCH.iter().find_map(|(en, fr)| {
        let parts = fill(en, message)?;
        let mut out = String::new();
        let mut holes = parts.iter();
        let mut pieces = fr.split("{}").peekable();
        while let Some(piece) = pieces.next() {
            out.push_str(piece);
            if pieces.peek().is_some() {
                out.push_str(holes.next().map_or("", |h| h.as_str()));
            }
        }
        Some(out)
    })
}

/// The parts of `message` that stand for the `{}` of `pattern`, when it matches.
fn fill(pattern: &str, message: &str) -> Option<Vec<String>> {
    let literals: Vec<&str> = pattern.split("{}").collect();
    let mut rest = message.strip_prefix(literals[0])?;
    let mut holes = Vec::new();
    for (i, lit) in literals.iter().enumerate().skip(1) {
        let last = i == literals.len() - 1;
        if last && lit.is_empty() {
            holes.push(rest.to_string());
            rest = "";
            continue;
        }
        let at = if last {
            rest.rfind(lit)?
        } else {
            rest.find(lit)?
        };
        holes.push(rest[..at].to_string());
        rest = &rest[at + lit.len()..];
    }
    rest.is_empty().then_some(holes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_headers_decide_the_language() {
        let fr = strings(&["Maison", "Indicateur", "Période", "Valeur"]);
        let en = strings(&["House", "Indicator", "Period", "Value"]);
        let keys = strings(&["house", "indicator", "period", "value", "Reason"]);
        assert_eq!(
            headers_language(FileKind::Observations, &fr),
            HeaderLang::Fr
        );
        assert_eq!(
            headers_language(FileKind::Observations, &en),
            HeaderLang::En
        );
        assert_eq!(
            headers_language(FileKind::Observations, &keys),
            HeaderLang::En
        );
        let neutral = strings(&["Code", "Province"]);
        assert_eq!(headers_language(FileKind::Houses, &neutral), HeaderLang::Fr);
    }

    #[test]
    fn reasons_carry_no_command_or_flag() {
        for lang in [HeaderLang::Fr, HeaderLang::En] {
            for m in [
                "unknown house \"DT99\" (see `suivi house list`)",
                "house DT01 has no plan yet; create it with `suivi plan init DT01 --start P --end P`",
                "period 2025-09 is locked (closed); add --force --reason to write into it",
                "\"1,5\" is not a number: use --decimal comma if the file uses decimal commas",
            ] {
                let r = reason(lang, "B (Maison)", m);
                assert!(
                    !r.contains('`') && !r.contains("--") && !r.contains("suivi"),
                    "{r}"
                );
            }
        }
        assert_eq!(
            reason(
                HeaderLang::Fr,
                "A (Maison)",
                "unknown house \"DT99\" (see `suivi house list`)"
            ),
            "Colonne A (Maison) : maison « DT99 » inconnue : vérifiez le code de la maison"
        );
        assert_eq!(
            reason(
                HeaderLang::En,
                "A (House)",
                "unknown house \"DT99\" (see `suivi house list`)"
            ),
            "Column A (House): unknown house \"DT99\""
        );
        assert_eq!(
            for_association(
                "house DT01 appears twice in this file (lines 2 and 5): keep one row",
                HeaderLang::Fr
            ),
            "la maison DT01 figure deux fois dans ce fichier (lignes 2 et 5) : gardez une seule ligne"
        );
    }
}
