//! `suivi template observations`: a sheet for an association to fill in, one
//! row per house and one column per indicator, that imports back as is.

use anyhow::Result;

use crate::cli::{TemplateArgs, TemplateKind};
use crate::context::Ctx;
use crate::sheet::headers::{FileKind, column};
use crate::sheet::write::{Cell, CsvStyle, write_csv};
use crate::store::{house, indicator};

pub fn run(ctx: &Ctx, cmd: TemplateKind) -> Result<()> {
    match cmd {
        TemplateKind::Observations(a) => observations(ctx, &a),
    }
}

fn observations(ctx: &Ctx, a: &TemplateArgs) -> Result<()> {
    let db = ctx.open()?;
    let period = super::parse_period(&a.period, "--period")?;
    let cat = indicator::catalogue(&db.conn)?;
    let indicators = if a.indicators.is_empty() {
        cat.items
            .iter()
            .filter(|i| i.formula().is_none())
            .collect::<Vec<_>>()
    } else {
        let mut v = Vec::new();
        for name in &a.indicators {
            let ind = super::indicator::find(&cat, name.trim())?;
            if ind.formula().is_some() {
                return Err(crate::messages::rejected(
                    crate::messages::Msg::ListComponents {
                        code: ind.code.clone(),
                    },
                ));
            }
            v.push(ind);
        }
        v
    };
    let cohort = super::known_cohort(&db.conn, &a.cohort)?;
    let houses: Vec<_> = house::list(
        &db.conn,
        &house::Filter {
            cohort,
            ..Default::default()
        },
    )?
    .into_iter()
    .filter(|h| h.status == "active")
    .collect();
    if houses.is_empty() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::NoActiveHouseInCohort {
                cohort: a.cohort.clone(),
            },
        ));
    }
    // By default, only the indicators that apply to the kinds of these houses.
    let indicators: Vec<_> = indicators
        .into_iter()
        .filter(|i| !a.indicators.is_empty() || houses.iter().any(|h| i.applies_to(&h.kind)))
        .collect();
    let fr = ctx.fr();
    let header = |key: &str| {
        column(FileKind::Observations, key)
            .map(|c| if fr { c.header_fr } else { c.header_en })
            .unwrap_or(key)
            .to_string()
    };
    // Arabic (`--lang ar`): Arabic headers, indicator and house names (French when
    // there is none), a right-to-left sheet; it imports back as is.
    let arabic = ctx.lang == crate::cli::Lang::Ar;
    let mut headers = if arabic {
        vec!["رمز الدار".into(), "اسم الدار".into(), "الفترة".into()]
    } else {
        vec![header("house"), header("house_name"), header("period")]
    };
    headers.extend(indicators.iter().map(|i| match (&i.name_ar, arabic) {
        (Some(a), true) if !a.trim().is_empty() => a.clone(),
        _ => i.name(fr).to_string(),
    }));
    let rows = houses.iter().map(|h| {
        let name = match (&h.name_ar, arabic) {
            (Some(a), true) if !a.trim().is_empty() => a.clone(),
            _ => h.name.clone(),
        };
        let mut row = vec![
            Cell::Text(h.code.clone()),
            Cell::Text(name),
            Cell::Text(period.canonical()),
        ];
        row.extend(indicators.iter().map(|_| Cell::Empty));
        row
    });
    let xlsx = a
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        crate::sheet::write::write_xlsx_dir(&a.out, &period.canonical(), &headers, rows, arabic)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    } else if a
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        crate::fsout::write_with(&a.out, |w| {
            Ok(write_csv(w, CsvStyle::Excel, &headers, rows)?)
        })?;
    } else {
        return Err(crate::messages::usage(crate::messages::Msg::OutCsvOrXlsx));
    }
    crate::output::line(
        &crate::messages::Msg::WroteTemplate {
            path: a.out.display().to_string(),
            houses: houses.len(),
            indicators: indicators.len(),
            period: period.canonical(),
        }
        .to_string(),
    )
}
