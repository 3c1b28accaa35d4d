//! `suivi demo`: a database of 12 fictional pilot houses built from the
//! fixtures embedded in the binary, then what it holds.

use anyhow::{Context, Result};

use crate::cli::{DemoArgs, HouseFields};
use crate::context::Ctx;
use crate::output::{self, Listing};
use crate::store::association::{self, Association};
use crate::store::{house, region};

const ASSOCIATIONS: &str = include_str!("../../fixtures/demo/associations.csv");
const HOUSES: &str = include_str!("../../fixtures/demo/houses.csv");

pub fn run(ctx: &Ctx, args: &DemoArgs) -> Result<()> {
    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("cannot create {}", args.out_dir.display()))?;
    let path = args.out_dir.join("suivi-demo.db");
    if path.exists() {
        std::fs::remove_file(&path)
            .with_context(|| format!("cannot replace {}", path.display()))?;
    }
    let mut db = super::init::create(&path, &ctx.author)?;
    let regions = region::all(&db.conn)?;
    let w = db.writer(&ctx.author)?;
    for rec in records(ASSOCIATIONS)? {
        let opt = |i: usize| (!rec[i].is_empty()).then(|| rec[i].to_string());
        let a = Association {
            code: rec[0].to_string(),
            name: rec[1].to_string(),
            registration_no: opt(2),
            president: opt(3),
            phone: opt(4),
            email: opt(5),
        };
        super::association::validate(&a)?;
        association::insert(&w, &a)?;
    }
    for rec in records(HOUSES)? {
        let opt = |i: usize| (!rec[i].is_empty()).then(|| rec[i].to_string());
        let fields = HouseFields {
            name: opt(1),
            name_ar: opt(2),
            kind: opt(3),
            region: opt(4),
            province: opt(5),
            commune: opt(6),
            milieu: opt(7),
            capacity: opt(8),
            association: opt(9),
            cohort: opt(10),
            opened: opt(11),
            status: opt(12),
            ..Default::default()
        };
        let h = super::house::resolve(&w.tx, &regions, &rec[0], &fields, None)?;
        house::insert(&w, &h)?;
    }
    w.commit()?;

    let houses = house::list(&db.conn, &house::Filter::default())?;
    println!(
        "Demo database written to {} (all data fictional). Try: suivi --db {} house list",
        path.display(),
        path.display()
    );
    println!();
    output::print_listing(
        ctx.listing_format()?,
        &Listing::of(
            &houses,
            &[
                "code",
                "name",
                "name_ar",
                "kind",
                "region",
                "capacity",
                "association",
            ],
        )?,
    )
}

fn records(text: &str) -> Result<Vec<csv::StringRecord>> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    rdr.records()
        .collect::<std::result::Result<Vec<_>, _>>()
        .context("embedded demo data is malformed")
}
