//! Asking a person at a terminal for what the command line left out; with
//! `--no-input` or no terminal, a missing value is a usage error naming its flag.

use anyhow::Result;
use dialoguer::{Confirm, Input, Select, theme::ColorfulTheme};

use crate::context::Ctx;
use crate::error::usage;

fn missing(flag: &str, what: &str) -> anyhow::Error {
    usage(format!(
        "missing {flag} ({what}); pass it on the command line (prompts need a terminal and no --no-input)"
    ))
}

/// Returns `given`, or asks for a non-empty text.
pub fn text(ctx: &Ctx, given: Option<String>, flag: &str, what: &str) -> Result<String> {
    if let Some(v) = given {
        return Ok(v);
    }
    if !ctx.interactive {
        return Err(missing(flag, what));
    }
    let v: String = Input::with_theme(&ColorfulTheme::default())
        .with_prompt(what)
        .validate_with(|s: &String| {
            if s.trim().is_empty() {
                Err("a value is required")
            } else {
                Ok(())
            }
        })
        .interact_text()?;
    Ok(v)
}

/// Returns `given`, or lets the person pick one of `choices` (value, label).
pub fn select(
    ctx: &Ctx,
    given: Option<String>,
    flag: &str,
    what: &str,
    choices: &[(String, String)],
) -> Result<String> {
    if let Some(v) = given {
        return Ok(v);
    }
    if !ctx.interactive {
        return Err(missing(flag, what));
    }
    let labels: Vec<&str> = choices.iter().map(|(_, l)| l.as_str()).collect();
    let i = Select::with_theme(&ColorfulTheme::default())
        .with_prompt(what)
        .items(&labels)
        .default(0)
        .interact()?;
    Ok(choices[i].0.clone())
}

/// Asks before a destructive change; `--yes` answers for the person.
pub fn confirm(ctx: &Ctx, yes: bool, question: &str) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !ctx.interactive {
        return Err(usage(format!(
            "{question} Refusing without confirmation: add --yes"
        )));
    }
    Ok(Confirm::with_theme(&ColorfulTheme::default())
        .with_prompt(question)
        .default(false)
        .interact()?)
}
