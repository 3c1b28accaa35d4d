//! `suivi backup FILE`: a consistent copy made with SQLite's online backup.

use anyhow::Result;

use crate::cli::BackupArgs;
use crate::context::Ctx;

pub fn run(ctx: &Ctx, args: &BackupArgs) -> Result<()> {
    let db = ctx.open()?;
    db.backup_to(&args.file)?;
    crate::output::line(&format!(
        "Backed up {} to {}",
        ctx.db_path.display(),
        args.file.display()
    ))
}
