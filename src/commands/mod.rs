//! One module per noun: turn arguments into requests, call the store and the
//! domain, hand rows to `output`. No SQL and no formatting decisions here.

pub mod association;
pub mod backup;
pub mod demo;
pub mod docs;
pub mod house;
pub mod init;
pub mod log;

use anyhow::Result;

use crate::cli::Command;
use crate::context::Ctx;

pub fn dispatch(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Init => init::run(ctx),
        Command::Demo(a) => demo::run(ctx, &a),
        Command::Association(c) => association::run(ctx, c),
        Command::House(c) => house::run(ctx, c),
        Command::Log(a) => log::run(ctx, &a),
        Command::Backup(a) => backup::run(ctx, &a),
        Command::Completions(a) => docs::completions(&a),
        Command::Man(a) => docs::man(&a),
    }
}

/// An optional text flag: absent keeps `current`, an empty value clears it.
pub fn edit_opt(current: &Option<String>, given: &Option<String>) -> Option<String> {
    match given {
        None => current.clone(),
        Some(v) if v.trim().is_empty() => None,
        Some(v) => Some(v.trim().to_string()),
    }
}

/// A trimmed optional text, empty meaning absent.
pub fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}
