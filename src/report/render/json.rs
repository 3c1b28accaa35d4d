//! The report as JSON: the shape the README documents ("Reports"). The model is
//! serialised as it is, written straight to text (no intermediate tree); each
//! alert gets its sentence (`message`) in the reader's language.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::report::i18n::alert_text;
use crate::report::model::{
    Alert, Completeness, DimensionSummary, Distribution, EventSummary, Group, HouseCompleteness,
    HouseIndicator, HouseReport, IndicatorSection, Laggard, Overview, PilotReport, PlanView,
    PlansSection,
};

/// An alert as the JSON shows it: its data, then its sentence.
#[derive(Serialize)]
struct AlertWithMessage<'a> {
    #[serde(flatten)]
    alert: &'a Alert,
    message: String,
}

/// Alerts with their sentences, each worded as it is written: a report over
/// thousands of houses does not hold every sentence at once.
struct WithMessages<'a> {
    alerts: &'a [Alert],
    fr: bool,
    published: bool,
}

impl Serialize for WithMessages<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.alerts.iter().map(|alert| AlertWithMessage {
            alert,
            message: alert_text(alert, self.fr, self.published),
        }))
    }
}

fn with_messages(alerts: &[Alert], fr: bool, published: bool) -> WithMessages<'_> {
    WithMessages {
        alerts,
        fr,
        published,
    }
}

/// [`PilotReport`] field by field, alerts with their sentences; with `--by`
/// its groups, over many houses the spread and the laggards.
#[derive(Serialize)]
struct PilotJson<'a> {
    period: &'a str,
    cohort: &'a str,
    as_of: &'a str,
    houses: usize,
    published: bool,
    overview: &'a Overview,
    indicators: &'a [IndicatorSection],
    plans: &'a PlansSection,
    completeness: &'a Completeness,
    assessment: &'a [DimensionSummary],
    events: &'a EventSummary,
    alerts: WithMessages<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest_period_with_data: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<&'a [Group]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    distribution: Option<&'a [Distribution]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    laggards: Option<&'a [Laggard]>,
}

/// [`HouseReport`] field by field, alerts with their sentences.
#[derive(Serialize)]
struct HouseJson<'a> {
    period: &'a str,
    as_of: &'a str,
    published: bool,
    house: &'a crate::store::house::House,
    association: &'a Option<crate::store::association::Association>,
    indicators: &'a [HouseIndicator],
    plan: &'a PlanView,
    completeness: &'a Option<HouseCompleteness>,
    alerts: WithMessages<'a>,
}

/// `value` as pretty JSON and a newline, written to `w` as it goes (in
/// blocks: the serializer's many small writes stay inlined).
fn write<T: Serialize>(w: &mut dyn Write, value: &T) -> Result<()> {
    let mut blocks = std::io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer_pretty(&mut blocks, value)?;
    blocks.write_all(b"\n")?;
    Ok(blocks.flush()?)
}

fn text<T: Serialize>(value: &T) -> Result<String> {
    let mut out = Vec::new();
    write(&mut out, value)?;
    Ok(String::from_utf8(out)?)
}

pub fn pilot(w: &mut dyn Write, report: &PilotReport, fr: bool) -> Result<()> {
    pilot_with(w, report, None, &[], &[], fr)
}

pub fn house(report: &HouseReport, fr: bool) -> Result<String> {
    let r = report;
    text(&HouseJson {
        period: &r.period,
        as_of: &r.as_of,
        published: r.published,
        house: &r.house,
        association: &r.association,
        indicators: &r.indicators,
        plan: &r.plan,
        completeness: &r.completeness,
        alerts: with_messages(&r.alerts, fr, r.published),
    })
}

/// `report pilot --by`: the pilot report with its `groups` (and, over many
/// houses, the spread across houses and the houses furthest behind).
pub fn pilot_with(
    w: &mut dyn Write,
    report: &PilotReport,
    groups: Option<&[Group]>,
    distributions: &[Distribution],
    laggards: &[Laggard],
    fr: bool,
) -> Result<()> {
    let r = report;
    let spread = !distributions.is_empty();
    write(
        w,
        &PilotJson {
            period: &r.period,
            cohort: &r.cohort,
            as_of: &r.as_of,
            houses: r.houses,
            published: r.published,
            overview: &r.overview,
            indicators: &r.indicators,
            plans: &r.plans,
            completeness: &r.completeness,
            assessment: &r.assessment,
            events: &r.events,
            alerts: with_messages(&r.alerts, fr, r.published),
            latest_period_with_data: r.latest_period_with_data.as_deref(),
            groups,
            distribution: spread.then_some(distributions),
            laggards: spread.then_some(laggards),
        },
    )
}

/// `report evaluation --format json`.
pub fn evaluation(e: &crate::report::model::Evaluation) -> Result<String> {
    text(e)
}
