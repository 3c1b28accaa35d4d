//! Asking a person at a terminal for what the command line left out; with
//! `--no-input` or no terminal, a missing value is a usage error naming its flag.

use crate::messages::Prompt;
use anyhow::Result;
use dialoguer::{Confirm, Input, Select, theme::ColorfulTheme};

use crate::context::Ctx;

fn missing(flag: &str, what: &'static str) -> anyhow::Error {
    crate::messages::usage(crate::messages::Msg::MissingFlag {
        flag: flag.to_string(),
        what,
    })
}

/// A field, by its key, as the question names it.
fn label(what: &str) -> String {
    crate::messages::field_label(what, crate::messages::lang()).to_string()
}

/// Returns `given`, or asks for a non-empty text; `what` is the field's key.
pub fn text(ctx: &Ctx, given: Option<String>, flag: &str, what: &'static str) -> Result<String> {
    if let Some(v) = given {
        return Ok(v);
    }
    if !ctx.interactive {
        return Err(missing(flag, what));
    }
    let v: String = Input::with_theme(&ColorfulTheme::default())
        .with_prompt(label(what))
        .validate_with(|s: &String| {
            if s.trim().is_empty() {
                Err(Prompt::AnAnswerIsRequired
                    .text(crate::messages::lang() == crate::cli::Lang::Fr))
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
    what: &'static str,
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
        .with_prompt(label(what))
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
        return Err(crate::messages::usage(crate::messages::Msg::NeedsYes {
            question: question.to_string(),
        }));
    }
    Ok(Confirm::with_theme(&ColorfulTheme::default())
        .with_prompt(question)
        .default(false)
        .interact()?)
}

/// The person's words in the chosen language.
pub fn say(ctx: &Ctx, p: Prompt) -> &'static str {
    p.text(ctx.fr())
}

/// Asks for a text until `check` accepts it (its sentence is shown, and the
/// question asked again); `optional`: Enter gives an empty answer.
pub fn ask(
    ctx: &Ctx,
    what: &str,
    optional: bool,
    check: impl Fn(&str) -> std::result::Result<(), String>,
) -> Result<String> {
    let prompt = if optional {
        format!("{what} {}", say(ctx, Prompt::EnterToSkip))
    } else {
        what.to_string()
    };
    let required = say(ctx, Prompt::AnAnswerIsRequired);
    let v: String = Input::with_theme(&ColorfulTheme::default())
        .with_prompt(prompt)
        .allow_empty(optional)
        .validate_with(|s: &String| -> std::result::Result<(), String> {
            let s = s.trim();
            if s.is_empty() {
                return if optional {
                    Ok(())
                } else {
                    Err(required.to_string())
                };
            }
            check(s)
        })
        .interact_text()?;
    Ok(v.trim().to_string())
}

/// Lets the person pick one of `choices` (value, label), typing to filter the
/// list; `optional`: a first choice skips (empty answer).
pub fn pick(ctx: &Ctx, what: &str, choices: &[(String, String)], optional: bool) -> Result<String> {
    let mut labels: Vec<String> = Vec::new();
    if optional {
        labels.push(say(ctx, Prompt::Skip).to_string());
    }
    labels.extend(choices.iter().map(|(_, l)| l.clone()));
    let i = dialoguer::FuzzySelect::with_theme(&ColorfulTheme::default())
        .with_prompt(format!("{what} {}", say(ctx, Prompt::TypeToFilter)))
        .items(&labels)
        .default(0)
        .interact()?;
    Ok(match (optional, i) {
        (true, 0) => String::new(),
        (true, i) => choices[i - 1].0.clone(),
        (false, i) => choices[i].0.clone(),
    })
}

/// A yes/no question answered with a word: `o`, `oui`, `n`, `non` in French,
/// `y`, `yes`, `n`, `no` in English (either is accepted in both).
pub fn yes_no(ctx: &Ctx, question: &str) -> Result<bool> {
    let hint = say(ctx, Prompt::YN);
    let v: String = Input::with_theme(&ColorfulTheme::default())
        .with_prompt(format!("{question} {hint}"))
        .validate_with(|s: &String| -> std::result::Result<(), String> {
            match answer(s) {
                Some(_) => Ok(()),
                None => Err(say(ctx, Prompt::AnswerYesOrNoYN).into()),
            }
        })
        .interact_text()?;
    Ok(answer(&v) == Some(true))
}

/// `oui`/`o`/`yes`/`y` is yes, `non`/`n`/`no` is no, anything else no answer.
pub fn answer(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "o" | "oui" | "y" | "yes" => Some(true),
        "n" | "non" | "no" => Some(false),
        _ => None,
    }
}
