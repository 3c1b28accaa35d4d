//! `suivi backup FILE`: a consistent copy made with SQLite's online backup.

use anyhow::Result;

use crate::cli::BackupArgs;
use crate::context::Ctx;

pub fn run(ctx: &Ctx, args: &BackupArgs) -> Result<()> {
    let db = ctx.open()?;
    db.backup_to(&args.file)?;
    crate::output::line(
        &crate::messages::Msg::BackedUp {
            from: ctx.db_path.display().to_string(),
            to: args.file.display().to_string(),
        }
        .to_string(),
    )
}
