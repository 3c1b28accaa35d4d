//! `suivi init`: a new database with its reference data.

use anyhow::Result;

use crate::context::Ctx;
use crate::store::{Db, seed};

pub fn run(ctx: &Ctx) -> Result<()> {
    crate::output::line(&init(ctx)?)
}

fn init(ctx: &Ctx) -> Result<String> {
    create(&ctx.db_path, &ctx.author)?;
    Ok(format!(
        "Created {} with Morocco's 12 regions and 75 provinces and prefectures, the default indicator catalogue, the standard plan template and the default validation rules.",
        ctx.db_path.display()
    ))
}

/// Creates a database with reference data in one transaction.
pub fn create(path: &std::path::Path, author: &str) -> Result<Db> {
    let mut db = Db::create(path)?;
    let w = db.writer(author)?;
    seed::reference_data(&w)?;
    w.commit()?;
    Ok(db)
}
