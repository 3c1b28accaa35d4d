//! `suivi init`: a new database with its reference data.

use anyhow::Result;

use crate::context::Ctx;
use crate::store::{Db, seed};

pub fn run(ctx: &Ctx) -> Result<()> {
    crate::output::line(&init(ctx)?)
}

fn init(ctx: &Ctx) -> Result<String> {
    create(&ctx.db_path, &ctx.author)?;
    Ok(crate::messages::Msg::CreatedDb {
        path: crate::store::shown(&ctx.db_path),
    }
    .to_string())
}

/// Creates a database with reference data in one transaction.
pub fn create(path: &std::path::Path, author: &str) -> Result<Db> {
    let mut db = Db::create(path)?;
    let w = db.writer(author)?;
    seed::reference_data(&w)?;
    w.commit()?;
    // Removed if the process is interrupted until dropped or `finished`
    // (`db copy` and `demo` go on building it).
    Ok(db)
}
