//! `suivi demo`: a database of 12 fictional pilot houses built from the
//! fixtures embedded in the binary, loaded the way an analyst would load real
//! files (through `import`), then the pilot report. `--national`: a fictional
//! country (`demo::national`), then counts of what was built.

use std::path::Path;

use crate::messages::Msg;
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

/// The demo's files tell the story up to the end of the 2025-2026 school year;
/// they are moved by whole school years so that their last one is the current one.
pub const DEMO_PERIOD: &str = "2025-2026";
pub const DEMO_AS_OF: &str = "2026-06-30";
/// The last school year of the demo's files (`2025-2026`).
const DEMO_LAST_YEAR: i32 = 2025;

/// How the demo's files follow the day they are built: whole school years to
/// add to every date and period, and the last month whose data may be known.
#[derive(Debug, Clone, Copy)]
struct Shift {
    years: i32,
    /// Month index of last month (the current one is not over).
    last_month: i32,
    today: Date,
}

impl Shift {
    fn for_today(today: Date) -> Shift {
        let Period::SchoolYear(current) = Period::school_year_of(today) else {
            unreachable!("school_year_of gives a school year")
        };
        Shift {
            years: current - DEMO_LAST_YEAR,
            last_month: today.month_index() - 1,
            today,
        }
    }

    /// A date `YYYY-MM-DD`, month `YYYY-MM` or school year `YYYY-YYYY` moved by
    /// the shift; any other text as it is.
    fn field(&self, text: &str) -> String {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let year = |r: std::ops::Range<usize>| text[r].parse::<i32>().unwrap_or(0) + self.years;
        match b.len() {
            10 if digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) => {
                match Date::parse(text) {
                    Ok(d) => {
                        let y = d.year() + self.years;
                        let day = d
                            .day()
                            .min(crate::domain::date::days_in_month(y, d.month()));
                        Date::new(y, d.month(), day)
                            .map_or_else(|| text.to_string(), |d| d.to_string())
                    }
                    Err(_) => text.to_string(),
                }
            }
            7 if digits(0..4) && b[4] == b'-' && digits(5..7) => {
                format!("{:04}-{}", year(0..4), &text[5..7])
            }
            9 if digits(0..4) && b[4] == b'-' && digits(5..9) => {
                format!("{:04}-{:04}", year(0..4), year(5..9))
            }
            _ => text.to_string(),
        }
    }

    /// Whether a period had begun by last month (data of later months cannot be known yet).
    fn known(&self, period: &str) -> bool {
        Period::parse(period).map_or(true, |p| p.first_month() <= self.last_month)
    }

    /// Whether a date is past (an event or a stage cannot be dated after today).
    fn past(&self, date: &str) -> bool {
        Date::parse(date).map_or(true, |d| d <= self.today)
    }

    /// One demo file, moved: every date and period shifted; observations of
    /// periods not begun by last month, and events after today, left out.
    fn file(&self, name: &str, text: &str) -> Result<String> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.with_context(|| format!("the embedded demo file {name} is malformed"))?;
            let mut fields: Vec<String> = rec.iter().map(|f| f.to_string()).collect();
            if i > 0 {
                fields = fields.iter().map(|f| self.field(f)).collect();
                let keep = match name {
                    "observations.csv" => self.known(&fields[2]),
                    "assessments.csv" => self.known(&fields[1]),
                    "events.csv" => self.past(&fields[2]),
                    "plans.csv" => {
                        // A stage not reached by today stays empty.
                        for f in fields.iter_mut().skip(3) {
                            if !self.past(f) {
                                f.clear();
                            }
                        }
                        true
                    }
                    _ => true,
                };
                if !keep {
                    continue;
                }
            }
            out.write_record(&fields)?;
        }
        String::from_utf8(out.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)
            .context("the demo files are UTF-8")
    }
}

pub fn run(ctx: &Ctx, args: &DemoArgs) -> Result<()> {
    let text = if args.national {
        national(ctx, args)?
    } else {
        pilot(ctx, args)?
    };
    crate::output::write_text(None, &text)
}

fn cannot_create(dir: &Path) -> String {
    crate::messages::Msg::CannotCreate {
        path: dir.display().to_string(),
    }
    .to_string()
}

fn cannot_replace(path: &Path) -> String {
    crate::messages::Msg::CannotReplace {
        path: path.display().to_string(),
    }
    .to_string()
}

/// The database file a demo writes, after removing an older one.
fn fresh_path(dir: &Path, name: &str) -> Result<std::path::PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| cannot_create(dir))?;
    let path = dir.join(name);
    if path.exists() {
        std::fs::remove_file(&path).with_context(|| cannot_replace(&path))?;
    }
    Ok(path)
}

/// Builds the national demo; returns the summary to print.
fn national(ctx: &Ctx, args: &DemoArgs) -> Result<String> {
    let path = fresh_path(&args.out_dir, "suivi-national.db")?;
    let mut db = super::init::create(&path, &ctx.author)?;
    let today = crate::store::local_today(&db.conn);
    let s = crate::demo::national::build(&mut db, &ctx.author, today)?;
    db.finished();
    if ctx.format == Some(crate::cli::Format::Json) {
        let mut v = serde_json::to_value(&s)?;
        v["database"] = serde_json::Value::String(path.display().to_string());
        return Ok(format!("{}\n", serde_json::to_string_pretty(&v)?));
    }
    let list = |items: &[(String, usize)]| {
        items
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let regions = s
        .by_region
        .iter()
        .map(|(code, _, n)| format!("{code}: {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    // The last school year whose exam results are in: the current one once June is reached.
    let current = Period::school_year_of(today);
    let complete = if today.month_index() >= current.last_month() - 2 {
        current
    } else {
        current.previous()
    };
    let (complete, baseline) = (complete.canonical(), complete.previous().canonical());
    let mut t = String::new();
    t.push_str(&format!(
        "{}\n",
        Msg::NationalDemo {
            path: path.display().to_string(),
            today: crate::domain::format::date(&today.to_string(), crate::messages::fr()),
        }
    ));
    t.push_str(&format!(
        "{}\n",
        Msg::NationalEstablishments {
            houses: s.houses,
            provinces: s.provinces,
            associations: s.associations,
        }
    ));
    for (what, list) in [
        ("kind", list(&s.by_kind)),
        ("cohort", list(&s.by_cohort)),
        ("region", regions),
    ] {
        t.push_str(&format!("{}\n", Msg::NationalBy { what, list }));
    }
    t.push_str(&format!(
        "{}\n",
        Msg::NationalYears {
            years: s.school_years.join(", "),
        }
    ));
    t.push_str(&format!(
        "{}\n",
        Msg::NationalCounts {
            observations: s.observations,
            batch: s.batch,
            targets: s.targets,
            plans: s.plans,
            actions: s.actions,
        }
    ));
    t.push_str(&format!(
        "{}\n",
        Msg::DemoTry {
            commands: format!(
                "suivi --db {db} report pilot --cohort all --period {complete}\n     \
                 suivi --db {db} report evaluation --pilot pilot --comparison wave2 --baseline {baseline} --endline {complete}",
                db = path.display()
            ),
        }
    ));
    Ok(t)
}

/// Builds the 12-house demo and its report; returns the report and notes to print.
fn pilot(ctx: &Ctx, args: &DemoArgs) -> Result<String> {
    let path = fresh_path(&args.out_dir, "suivi-demo.db")?;
    let files = args.out_dir.join("suivi-demo-files");
    std::fs::create_dir_all(&files).with_context(|| cannot_create(&files))?;
    let shift = Shift::for_today(Date::today());
    for (name, text) in FILES {
        crate::fsout::write_bytes(&files.join(name), shift.file(name, text)?.as_bytes())?;
    }
    let mut db = super::init::create(&path, &ctx.author)?;
    load(&mut db, &ctx.author, &files)?;
    db.finished();

    // The story is told at the end of the current school year, or at the end
    // of last month (the last one with data) if sooner.
    let end = Date::parse(&shift.field(DEMO_AS_OF)).expect("valid demo date");
    let last_month_end = Date::from_days(
        Date::new(shift.today.year(), shift.today.month(), 1)
            .expect("the first of a month")
            .to_days()
            - 1,
    );
    let as_of = end.min(last_month_end);
    let period_text = shift.field(DEMO_PERIOD);
    let period = Period::parse(&period_text).expect("valid demo period");
    let req = compute::Request {
        period,
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
    let mut text = render::table::pilot(&computed, ctx.fr());
    text.push_str(&format!(
        "\n{}\n",
        Msg::DemoDatabase {
            path: path.display().to_string(),
            files: files.display().to_string(),
        }
    ));
    text.push_str(&format!(
        "{}\n",
        Msg::DemoDocument {
            path: html.display().to_string(),
        }
    ));
    text.push_str(&format!(
        "{}\n",
        Msg::DemoTry {
            commands: format!(
                "suivi --db {} report house DT04 --period {period_text} --as-of {as_of}",
                path.display()
            ),
        }
    ));
    Ok(text)
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
    if done.rejected > 0 {
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
