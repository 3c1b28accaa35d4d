//! `suivi province list`: Morocco's provinces and prefectures, the reference
//! data houses name their province with.

use anyhow::Result;

use crate::cli::ProvinceCmd;
use crate::context::Ctx;
use crate::output::{self, Listing};
use crate::store::region;

pub fn run(ctx: &Ctx, cmd: ProvinceCmd) -> Result<()> {
    match cmd {
        ProvinceCmd::List { region: filter } => {
            let format = ctx.listing_format()?;
            let db = ctx.open()?;
            let code = match &filter {
                Some(r) => Some(region::resolve(&region::all(&db.conn)?, r)?.code),
                None => None,
            };
            let provinces = region::provinces(&db.conn, code.as_deref())?;
            output::print_listing(
                format,
                &Listing::of(
                    &provinces,
                    &[
                        "code",
                        "kind",
                        "name_fr",
                        "name_ar",
                        "region",
                        "region_name",
                        "iso",
                    ],
                )?
                .keyed(&["code", "name_fr", "region"]),
            )
        }
    }
}
