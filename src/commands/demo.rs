//! `suivi demo`: a database of 12 fictional pilot houses built from the
//! fixtures embedded in the binary, loaded the way an analyst would load real
//! files (through `import`), then the pilot report.

use std::path::Path;

use anyhow::{Context, Result};

use crate::cli::{DemoArgs, ImportArgs};
use crate::context::Ctx;
use crate::domain::date::Date;
use crate::domain::period::Period;
use crate::report::{compute, render};
use crate::sheet::headers::FileKind;
use crate::store::{Db, house, plan};

/// The demo's files, fictional, as associations would send them.
const FILES: &[(&str, &str)] = &[
    (
        "associations.csv",
        include_str!("../../fixtures/demo/associations.csv"),
    ),
    ("houses.csv", include_str!("../../fixtures/demo/houses.csv")),
    (
        "observations.csv",
        include_str!("../../fixtures/demo/observations.csv"),
    ),
    (
        "targets.csv",
        include_str!("../../fixtures/demo/targets.csv"),
    ),
    ("plans.csv", include_str!("../../fixtures/demo/plans.csv")),
    (
        "actions.csv",
        include_str!("../../fixtures/demo/actions.csv"),
    ),
    (
        "assessments.csv",
        include_str!("../../fixtures/demo/assessments.csv"),
    ),
    ("events.csv", include_str!("../../fixtures/demo/events.csv")),
];

/// The demo tells the story at the end of the 2025-2026 school year.
pub const DEMO_PERIOD: &str = "2025-2026";
pub const DEMO_AS_OF: &str = "2026-06-30";

pub fn run(ctx: &Ctx, args: &DemoArgs) -> Result<()> {
    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("cannot create {}", args.out_dir.display()))?;
    let path = args.out_dir.join("suivi-demo.db");
    if path.exists() {
        std::fs::remove_file(&path)
            .with_context(|| format!("cannot replace {}", path.display()))?;
    }
    let files = args.out_dir.join("suivi-demo-files");
    std::fs::create_dir_all(&files)
        .with_context(|| format!("cannot create {}", files.display()))?;
    for (name, text) in FILES {
        crate::fsout::write_bytes(&files.join(name), text.as_bytes())?;
    }
    let mut db = super::init::create(&path, &ctx.author)?;
    load(&mut db, &ctx.author, &files)?;

    let as_of = Date::parse(DEMO_AS_OF).expect("valid demo date");
    let req = compute::Request {
        period: Period::parse(DEMO_PERIOD).expect("valid demo period"),
        cohort: Some("pilot".into()),
        as_of,
        fr: ctx.fr(),
        publish: false,
        house: None,
    };
    let computed = compute::pilot(&db.conn, &req)?;
    let html = args.out_dir.join("suivi-demo-report.html");
    crate::fsout::write_bytes(
        &html,
        render::html::pilot(&computed.report, ctx.fr()).as_bytes(),
    )?;
    print!("{}", render::table::pilot(&computed, ctx.fr()));
    println!(
        "\nDemo database: {} (built from the fictional files in {}).",
        path.display(),
        files.display()
    );
    println!(
        "The same report as a document: {} (open it in a browser).",
        html.display()
    );
    println!(
        "Try: suivi --db {} report house DT04 --period {DEMO_PERIOD} --as-of {DEMO_AS_OF}",
        path.display()
    );
    Ok(())
}

fn import(db: &mut Db, author: &str, kind: FileKind, file: &Path) -> Result<()> {
    let args = ImportArgs {
        file: file.to_path_buf(),
        dry_run: false,
        skip_invalid: false,
        rejects: None,
        delimiter: None,
        encoding: None,
        decimal: None,
        sheet: None,
        force: Default::default(),
    };
    let done = super::import::import_file(db, author, kind, &args, false)?;
    if done.error_count() > 0 {
        anyhow::bail!("the embedded demo file {} does not import", file.display());
    }
    Ok(())
}

fn load(db: &mut Db, author: &str, dir: &Path) -> Result<()> {
    import(
        db,
        author,
        FileKind::Associations,
        &dir.join("associations.csv"),
    )?;
    import(db, author, FileKind::Houses, &dir.join("houses.csv"))?;
    import(
        db,
        author,
        FileKind::Observations,
        &dir.join("observations.csv"),
    )?;
    import(db, author, FileKind::Targets, &dir.join("targets.csv"))?;
    // Plans and activities are recorded by analysts, not imported: the same
    // store calls as `plan init`, `plan stage` and `plan event add`.
    {
        let w = db.writer(author)?;
        for rec in records(&dir.join("plans.csv"))? {
            let hid = house::id(&w.tx, &rec[0])?.context("demo plan of an unknown house")?;
            let p = plan::create(&w, hid, &rec[0], &rec[1], &rec[2], "standard")?;
            for (i, (stage, _, _)) in crate::domain::plan::STAGES.iter().enumerate() {
                if let Some(date) = rec.get(3 + i).filter(|d| !d.is_empty()) {
                    plan::set_stage(&w, &p, stage, date)?;
                }
            }
        }
        for rec in records(&dir.join("events.csv"))? {
            let hid = house::id(&w.tx, &rec[0])?.context("demo event of an unknown house")?;
            let count = |s: &str| s.parse::<i64>().ok();
            let e = plan::Event {
                id: 0,
                house: rec[0].to_string(),
                kind: rec[1].to_string(),
                date: rec[2].to_string(),
                title: rec[3].to_string(),
                women: count(&rec[4]),
                men: count(&rec[5]),
                notes: Some(rec[6].to_string()).filter(|n| !n.is_empty()),
            };
            plan::insert_event(&w, hid, &e)?;
        }
        w.commit()?;
    }
    import(db, author, FileKind::Actions, &dir.join("actions.csv"))?;
    import(
        db,
        author,
        FileKind::Assessments,
        &dir.join("assessments.csv"),
    )?;
    Ok(())
}

fn records(path: &Path) -> Result<Vec<csv::StringRecord>> {
    let mut rdr =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    rdr.records()
        .collect::<std::result::Result<Vec<_>, _>>()
        .with_context(|| format!("{} is malformed", path.display()))
}
