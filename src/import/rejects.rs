//! The rejects file an import writes aside (`--skip-invalid --rejects FILE`):
//! its reasons are for the association that sent the file, so they speak the
//! language of the file's own headers (French unless they are English) and
//! carry no command, flag or backtick; the reason column is recognised and
//! skipped when the corrected file comes back.

use crate::cli::Lang;
use crate::messages::{Msg, NBSP};
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
pub fn reason(lang: HeaderLang, column: &str, message: &Msg) -> String {
    let why = for_association(message, lang);
    match (lang, column.is_empty()) {
        (_, true) => why,
        (HeaderLang::Fr, false) => format!("Colonne {column}{NBSP}: {why}"),
        (HeaderLang::En, false) => format!("Column {column}: {why}"),
    }
}

/// The reasons of a row refused for several of its values, one after the
/// other: each value's column and why.
pub fn reasons(lang: HeaderLang, reasons: &[(String, Msg)]) -> String {
    reasons
        .iter()
        .map(|(column, message)| reason(lang, column, message))
        .collect::<Vec<_>>()
        .join(match lang {
            HeaderLang::Fr => "\u{a0}; ",
            HeaderLang::En => "; ",
        })
}

/// A message of the engine, said for an association: in the language of the
/// file, without commands, flags or backticks.
pub fn for_association(message: &Msg, lang: HeaderLang) -> String {
    without_commands(&message.text(match lang {
        HeaderLang::Fr => Lang::Fr,
        HeaderLang::En => Lang::En,
    }))
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
        let cut = ["; ", ": ", " (", ", ", ". ", "\u{a0}; ", "\u{a0}: "]
            .iter()
            .filter_map(|sep| head.rfind(sep))
            .max()
            .unwrap_or(0);
        s.truncate(cut);
    }
    let s = s.replace('`', "");
    s.trim()
        .trim_end_matches([';', ':', ',', '(', ' ', NBSP])
        .to_string()
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
        let unknown = Msg::RowUnknownHouse {
            code: "DT99".into(),
            closest: Vec::new(),
        };
        for lang in [HeaderLang::Fr, HeaderLang::En] {
            for m in [
                unknown.clone(),
                Msg::NoPlanYet {
                    house: "DT01".into(),
                },
                Msg::NotANumber {
                    input: "1,5".into(),
                    reason: Some(Box::new(Msg::HintDecimalComma)),
                },
            ] {
                let r = reason(lang, "B (Maison)", &m);
                assert!(
                    !r.contains('`') && !r.contains("--") && !r.contains("suivi"),
                    "{r}"
                );
            }
        }
        assert_eq!(
            reason(HeaderLang::Fr, "A (Maison)", &unknown),
            "Colonne A (Maison)\u{a0}: maison inconnue « DT99 »"
        );
        assert_eq!(
            reason(HeaderLang::En, "A (House)", &unknown),
            "Column A (House): unknown house \"DT99\""
        );
        assert_eq!(
            for_association(
                &Msg::AppearsTwice {
                    what: Box::new(Msg::HouseNamed {
                        code: "DT01".into()
                    }),
                    first: 2,
                    line: 5
                },
                HeaderLang::Fr
            ),
            "la maison DT01 figure deux fois dans ce fichier (lignes 2 et 5)\u{a0}: gardez une seule ligne"
        );
    }
}
