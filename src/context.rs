//! What every command needs to know about its invocation: the database, the
//! output format, the language, whether it may prompt, and who is acting.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{Cli, Format, Lang};
use crate::error::usage;
use crate::store::Db;

pub struct Ctx {
    pub db_path: PathBuf,
    pub format: Option<Format>,
    pub lang: Lang,
    /// Digits of figures in an Arabic report.
    pub digits: crate::cli::Digits,
    /// Prompts are allowed: stdin is a terminal and `--no-input` was not given.
    pub interactive: bool,
    /// Who is acting: `$SUIVI_USER`, else the OS user.
    pub author: String,
}

impl Ctx {
    pub fn from_cli(cli: &Cli) -> Ctx {
        let db_path = cli.db.clone().unwrap_or_else(|| PathBuf::from("suivi.db"));
        let lang = cli.lang.unwrap_or_else(lang_from_env);
        Ctx {
            db_path,
            format: cli.format,
            lang,
            digits: cli.digits,
            interactive: !cli.no_input && std::io::stdin().is_terminal(),
            author: author_from_env(),
        }
    }

    /// Opens the existing database; never creates one.
    pub fn open(&self) -> Result<Db> {
        Db::open_existing(&self.db_path)
    }

    /// The format of a listing: table, csv or json.
    pub fn listing_format(&self) -> Result<Format> {
        match self.format.unwrap_or(Format::Table) {
            f @ (Format::Table | Format::Csv | Format::Json) => Ok(f),
            other => Err(usage(
                crate::messages::Msg::NotAListingFormat {
                    format: format_name(other).to_string(),
                }
                .to_string(),
            )),
        }
    }

    pub fn fr(&self) -> bool {
        self.lang != Lang::En
    }
}

pub fn format_name(f: Format) -> &'static str {
    match f {
        Format::Table => "table",
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Md => "md",
        Format::Html => "html",
        Format::Xlsx => "xlsx",
    }
}

/// The language of `$LC_ALL`, `$LC_MESSAGES` or `$LANG`: French unless English.
pub fn lang_from_env() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if v.is_empty() {
                continue;
            }
            return if v.to_ascii_lowercase().starts_with("en") {
                Lang::En
            } else {
                Lang::Fr
            };
        }
    }
    Lang::Fr
}

fn author_from_env() -> String {
    for var in ["SUIVI_USER", "USER", "LOGNAME", "USERNAME"] {
        if let Ok(v) = std::env::var(var) {
            let v = clean_author(&v);
            if !v.is_empty() {
                return v;
            }
        }
    }
    "unknown".to_string()
}

/// The author as stored in the journal: control characters (a newline would
/// forge a line of `suivi log`) become spaces, runs of spaces one, at most 64
/// characters.
fn clean_author(raw: &str) -> String {
    let spaced: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(64)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn authors_lose_control_characters() {
        assert_eq!(
            super::clean_author(" ana\nfake line\t\u{1b}[31m "),
            "ana fake line [31m"
        );
        assert_eq!(super::clean_author("\n\r"), "");
        assert_eq!(super::clean_author(&"x".repeat(100)).len(), 64);
    }
}
