//! suivi: follow the houses, plans and indicators of the social-protection
//! establishments programme, in one local SQLite file.

pub mod cli;
pub mod commands;
pub mod context;
pub mod demo;
pub mod domain;
pub mod error;
mod fasthash;
pub mod fsout;
pub mod import;
pub mod messages;
pub mod output;
pub mod prompt;
pub mod report;
pub mod sheet;
pub mod store;
pub mod text;

use std::io::Write;

use anyhow::Result;

use crate::cli::Cli;
use crate::context::Ctx;
use crate::messages::Msg;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let ctx = Ctx::from_cli(&cli);
    messages::set_lang(ctx.lang);
    output::set_wide(cli.wide);
    if let Some(mode) = cli.mode {
        fsout::set_mode(mode);
    }
    commands::dispatch(&ctx, cli.command)
}

/// Prints an error for a person and returns the exit code the README documents.
pub fn report_error(err: &anyhow::Error) -> u8 {
    // `suivi export ... | head` closes our stdout early: that is not a failure.
    for cause in err.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return 0;
        }
    }
    let mut stderr = std::io::stderr().lock();
    if let Some(e) = err.downcast_ref::<error::Error>() {
        let _ = writeln!(stderr, "{} {e}", Msg::ErrorPrefix);
        for d in e.details() {
            let _ = writeln!(stderr, "  {d}");
        }
        return e.exit_code() as u8;
    }
    // SQLite's and PostgreSQL's own text and codes never reach a person: the
    // context that says what suivi was doing, then what went wrong in words.
    if let Some(sentence) = err.chain().find_map(store::db_sentence) {
        let contexts: Vec<String> = err
            .chain()
            .take_while(|c| store::db_sentence(*c).is_none())
            .map(|c| c.to_string())
            .collect();
        let _ = match contexts.first() {
            Some(what) => writeln!(
                stderr,
                "{} {what}{} {sentence}",
                Msg::ErrorPrefix,
                if messages::fr() { "\u{a0}:" } else { ":" }
            ),
            None => writeln!(stderr, "{} {sentence}", Msg::ErrorPrefix),
        };
        return 1;
    }
    let _ = writeln!(stderr, "{} {err}", Msg::ErrorPrefix);
    for cause in err.chain().skip(1) {
        let _ = writeln!(stderr, "  {} {cause}", Msg::CausedBy);
    }
    1
}
