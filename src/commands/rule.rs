//! `suivi rule add|list|remove`.

use anyhow::Result;

use crate::cli::RuleCmd;
use crate::context::Ctx;
use crate::domain::rule;
use crate::output::{self, Listing};
use crate::prompt;
use crate::store::indicator as catalogue;
use crate::store::rule::{self as store, StoredRule};

pub fn run(ctx: &Ctx, cmd: RuleCmd) -> Result<()> {
    match cmd {
        RuleCmd::Add {
            name,
            rule,
            severity,
        } => output::line(&add(ctx, &name, &rule, &severity)?),
        RuleCmd::List => {
            let format = ctx.listing_format()?;
            let db = ctx.open()?;
            let rules = store::list(&db.conn)?;
            output::print_listing(
                format,
                &Listing::of(&rules, &["name", "left", "op", "right", "severity"])?
                    .keyed(&["name", "left", "op", "right"]),
            )
        }
        RuleCmd::Remove { name, yes } => output::line(&remove(ctx, &name, yes)?),
    }
}

/// Adds a rule; returns what was done.
fn add(ctx: &Ctx, name: &str, text: &str, severity: &str) -> Result<String> {
    let mut db = ctx.open()?;
    let name = name.trim();
    if name.is_empty() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::RuleNameEmpty,
        ));
    }
    let severity = severity.trim().to_lowercase();
    if severity != "error" && severity != "warning" {
        return Err(crate::messages::rejected(
            crate::messages::Msg::UnknownSeverity { input: severity },
        ));
    }
    let parsed = rule::parse(text).map_err(crate::error::rejected)?;
    let cat = catalogue::catalogue(&db.conn)?;
    for v in parsed
        .left
        .variables()
        .iter()
        .chain(parsed.right.variables().iter())
    {
        if cat.by_code(v).is_none() {
            return Err(crate::messages::rejected(
                crate::messages::Msg::RuleUnknownIndicator {
                    rule: text.to_string(),
                    name: v.to_string(),
                    closest: crate::messages::near(cat.items.iter().map(|x| x.code.as_str()), v),
                },
            ));
        }
    }
    if store::get(&db.conn, name)?.is_some() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::RuleExists {
                name: name.to_string(),
            },
        ));
    }
    let r = StoredRule {
        name: name.to_string(),
        left: parsed.left.to_string(),
        op: parsed.op.as_str().to_string(),
        right: parsed.right.to_string(),
        severity,
    };
    let w = db.writer(&ctx.author)?;
    store::insert(&w, &r)?;
    w.commit()?;
    Ok(crate::messages::Msg::AddedRule {
        name: name.to_string(),
        rule: format!("{} {} {}", r.left, r.op, r.right),
        severity: r.severity.clone(),
    }
    .to_string())
}

/// Removes a rule after confirmation; returns what was (not) done.
fn remove(ctx: &Ctx, name: &str, yes: bool) -> Result<String> {
    let mut db = ctx.open()?;
    let Some(r) = store::get(&db.conn, name)? else {
        return Err(crate::messages::rejected(
            crate::messages::Msg::UnknownRule {
                name: name.to_string(),
                closest: Vec::new(),
            },
        ));
    };
    if !prompt::confirm(
        ctx,
        yes,
        &crate::messages::Msg::AskRemoveRule {
            name: name.to_string(),
            rule: format!("{} {} {}", r.left, r.op, r.right),
        }
        .to_string(),
    )? {
        return Ok(crate::messages::Msg::NothingRemoved.to_string());
    }
    let w = db.writer(&ctx.author)?;
    store::delete(&w, &r)?;
    w.commit()?;
    Ok(crate::messages::Msg::RemovedRule {
        name: name.to_string(),
    }
    .to_string())
}
