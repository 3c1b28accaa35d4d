//! `suivi import KIND FILE`, `import history`, `import undo`: the flags become
//! an [`ImportRequest`], the engine (`crate::import`) does the work, `output`
//! prints the summary.

use anyhow::Result;

use crate::cli::{DecimalArg, Format, ImportArgs, ImportCmd};
use crate::context::Ctx;
use crate::domain::number::Decimal;
use crate::error::rejected_with;
use crate::import::{self as engine, ImportRequest, ImportSummary};
use crate::messages::Msg;
use crate::output::{self, Listing};
use crate::sheet::decode::Encoding;
use crate::sheet::headers::FileKind;
use crate::sheet::read::ReadOptions;
use crate::store::import as batches;

pub fn run(ctx: &Ctx, cmd: ImportCmd) -> Result<()> {
    match cmd {
        ImportCmd::Houses(a) => import(ctx, FileKind::Houses, &a),
        ImportCmd::Associations(a) => import(ctx, FileKind::Associations, &a),
        ImportCmd::Observations(a) => import(ctx, FileKind::Observations, &a),
        ImportCmd::Targets(a) => import(ctx, FileKind::Targets, &a),
        ImportCmd::Actions(a) => import(ctx, FileKind::Actions, &a),
        ImportCmd::Assessments(a) => import(ctx, FileKind::Assessments, &a),
        ImportCmd::History => history(ctx),
        ImportCmd::Undo(a) => super::undo::run(ctx, &a),
    }
}

/// The request the flags describe.
pub fn request(
    kind: FileKind,
    a: &ImportArgs,
    author: &str,
    collect_changes: bool,
) -> Result<ImportRequest> {
    let encoding = a
        .encoding
        .as_deref()
        .map(Encoding::from_user)
        .transpose()
        .map_err(|e| {
            crate::messages::usage(Msg::FlagWhy {
                flag: "--encoding".into(),
                why: e.to_string(),
            })
        })?;
    let delimiter = match a.delimiter.as_deref() {
        None => None,
        Some("," | "comma") => Some(b','),
        Some(";" | "semicolon") => Some(b';'),
        Some("\t" | "tab" | "\\t") => Some(b'\t'),
        Some("|" | "pipe") => Some(b'|'),
        Some(other) => {
            return Err(crate::messages::usage(Msg::BadDelimiter {
                input: other.to_string(),
            }));
        }
    };
    if a.force.force
        && a.force
            .reason
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
    {
        return Err(crate::messages::usage(Msg::ForceNeedsReason));
    }
    Ok(ImportRequest {
        kind,
        file: a.file.clone(),
        read: ReadOptions {
            encoding,
            delimiter,
            sheet: a.sheet.clone(),
        },
        decimal: a.decimal.map(|d| match d {
            DecimalArg::Comma => Decimal::Comma,
            DecimalArg::Dot => Decimal::Dot,
        }),
        dry_run: a.dry_run,
        skip_invalid: a.skip_invalid,
        rejects: a.rejects.clone(),
        force: a.force.force,
        reason: a.force.reason.as_ref().map(|r| r.trim().to_string()),
        author: author.to_string(),
        collect_changes,
    })
}

fn import(ctx: &Ctx, kind: FileKind, a: &ImportArgs) -> Result<()> {
    let format = ctx.listing_format()?;
    let req = request(kind, a, &ctx.author, a.dry_run && format == Format::Table)?;
    let mut db = ctx.open()?;
    let summary = engine::run(&mut db, req)?;
    if summary.rejected > 0 && !a.skip_invalid {
        if format == Format::Json {
            output::import_summary_json(&summary)?;
        }
        return Err(refusal(&summary));
    }
    // The first warnings in full, then how many more: `check` lists them all.
    for v in &summary.warning_rules {
        output::warn(&v.entry_warning(ctx.fr(), a.dry_run))?;
    }
    if summary.warnings > summary.warning_rules.len() {
        let more = summary.warnings - summary.warning_rules.len();
        output::warn(&Msg::MoreWarnings { n: more }.to_string())?;
    }
    match format {
        Format::Json => output::import_summary_json(&summary),
        _ => output::write_text(None, &output::import_summary_text(&summary)),
    }
}

/// The error of an import refused because of its rows: each row's line,
/// column and reason, and what to do.
fn refusal(s: &ImportSummary) -> anyhow::Error {
    let mut details: Vec<String> = s
        .errors
        .iter()
        .map(|e| {
            Msg::RowAt {
                line: e.line,
                column: e.column.clone(),
                why: e.message.clone(),
            }
            .to_string()
        })
        .collect();
    if s.rejected > details.len() {
        details.push(
            Msg::MoreRows {
                n: s.rejected - details.len(),
            }
            .to_string(),
        );
    }
    details.push(Msg::FixRowsHint.to_string());
    rejected_with(
        Msg::RowsRejected {
            file: s.file.clone(),
            n: s.rejected,
        }
        .to_string(),
        details,
    )
}

/// Imports a file with the flags of `a`, without printing (the demo's files).
pub fn import_file(
    db: &mut crate::store::Db,
    author: &str,
    kind: FileKind,
    a: &ImportArgs,
    collect_changes: bool,
) -> Result<ImportSummary> {
    engine::run(db, request(kind, a, author, collect_changes)?)
}

fn history(ctx: &Ctx) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let all = batches::batches(&db.conn)?;
    output::print_listing(
        format,
        &Listing::of(
            &all,
            &[
                "id",
                "kind",
                "file",
                "sha256",
                "at",
                "by",
                "inserted",
                "updated",
                "unchanged",
                "rejected",
                "undone",
            ],
        )?
        .keyed(&["id", "kind", "file", "at", "rejected"]),
    )
}
