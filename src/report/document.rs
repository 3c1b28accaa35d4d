//! The document layer: the computed model turned, once and in the reader's
//! language, into sections, paragraphs, typed tables, charts and alerts. The
//! emitters (`render::table`, `render::md`, `render::html`) only lay these
//! blocks out and escape text; none of them walks the report's sections.
//!
//! A terminal gets a shorter summary than a page: blocks meant for some media
//! only are wrapped in [`Block::Only`], so that every choice of what a report
//! shows is made here.

use crate::domain::format;
use crate::report::i18n::{alert_text, colon, comma, fraction, label, sentence};
use crate::report::model::{
    Completeness, Distribution, Evaluation, Group, HouseReport, Laggard, PilotReport, PlanView,
};
use crate::report::render::{action_status_label, identity, key_indicators, svg::spark_text};

/// A figure with its unit: `—` when missing, `%` after percentages and yes/no shares.
pub fn figure(v: Option<f64>, unit: &str, fr: bool) -> String {
    match v {
        None => "—".to_string(),
        Some(v) if unit == "percent" || unit == "bool" => format::percent(v, 1, fr),
        Some(v) => format::number(v, fr),
    }
}

/// A house's own figure: a yes/no indicator reads `oui`/`non` (pilot-wide it
/// is a share of houses, in percent).
pub fn house_figure(v: Option<f64>, unit: &str, fr: bool) -> String {
    match (unit, v) {
        ("bool", Some(v))
            if crate::report::i18n::script() != crate::report::i18n::Script::Latin =>
        {
            crate::report::i18n::coded(
                if v >= 0.5 { "yes" } else { "no" },
                if v >= 0.5 { "oui" } else { "non" },
            )
        }
        ("bool", Some(v)) => match (v >= 0.5, fr) {
            (true, true) => "oui",
            (true, false) => "yes",
            (false, true) => "non",
            (false, false) => "no",
        }
        .to_string(),
        _ => figure(v, unit, fr),
    }
}

/// Progress towards the target, as a percentage with no decimals.
pub fn progress_text(v: Option<f64>) -> String {
    v.map(|p| format::percent(p, 0, false))
        .unwrap_or_else(|| "—".to_string())
}

/// Media a block is shown in (bit flags).
pub type Media = u8;
pub const TERMINAL: Media = 1;
pub const MARKDOWN: Media = 2;
pub const HTML: Media = 4;

/// The block as a medium shows it: `Only` wrappers resolved, `None` when
/// the block is not for this medium.
pub fn shown(b: &Block, media: Media) -> Option<&Block> {
    match b {
        Block::Only(m, inner) if m & media != 0 => shown(inner, media),
        Block::Only(..) => None,
        other => Some(other),
    }
}

/// The facts under a title joined by ` · `, each escaped by the layout, the
/// badge (if any) last in the layout's mark.
pub fn facts_line(
    facts: &[String],
    badge: Option<&String>,
    esc: fn(&str) -> String,
    mark: fn(&str) -> String,
) -> String {
    let mut parts: Vec<String> = facts.iter().map(|f| esc(f)).collect();
    parts.extend(badge.map(|b| mark(b)));
    parts.join(" · ")
}

/// The blocks a text layout shows, in order: `Only` resolved, groups opened.
pub fn flat(blocks: &[Block], media: Media) -> Vec<&Block> {
    let mut out = Vec::new();
    for b in blocks {
        match shown(b, media) {
            Some(Block::Group(_, inner)) => out.extend(flat(inner, media)),
            Some(b) => out.push(b),
            None => {}
        }
    }
    out
}

#[derive(Debug, Clone)]
pub struct Document {
    pub fr: bool,
    /// The page title (HTML `<title>`).
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub enum Block {
    /// The report's title, the facts under it and a mark (published version).
    Title {
        text: String,
        facts: Vec<String>,
        badge: Option<String>,
    },
    Heading {
        level: u8,
        text: String,
    },
    Paragraph {
        style: Style,
        spans: Vec<Span>,
    },
    Table(Table),
    /// Label and value pairs (a house's identity).
    Fields(Vec<(String, String)>),
    /// Key figures shown large.
    Cards(Vec<(String, String)>),
    Chart(Chart),
    /// Received (true) or not, house by house and month by month.
    Matrix(Matrix),
    Alerts {
        title: String,
        items: Vec<AlertItem>,
    },
    /// Another document laid out as terminal text (a plan inside a Markdown dossier).
    Preformatted(Document),
    /// The caption of a figure.
    Caption(String),
    /// A blank line where a text layout wants one.
    Gap,
    /// A group of blocks (an HTML `<section>`, `<figure>` or grid).
    Group(GroupKind, Vec<Block>),
    /// Shown only in these media.
    Only(Media, Box<Block>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    /// A side remark (small, muted on a page).
    Note,
    /// The line under a title.
    Sub,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Section,
    Header,
    Figure,
    Grid,
}

#[derive(Debug, Clone)]
pub enum Span {
    Text(String),
    Strong(String),
    /// Arabic text, isolated right to left.
    Rtl(String),
    /// A mark such as "published version".
    Badge(String),
}

#[derive(Debug, Clone)]
pub struct AlertItem {
    pub error: bool,
    pub house: String,
    pub text: String,
}

/// Column kinds: numbers are right-aligned in every layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Count,
    Number,
    Percent,
    Money,
    Date,
    Score,
    Status,
    Chart,
}

impl Kind {
    pub fn numeric(self) -> bool {
        matches!(
            self,
            Kind::Count | Kind::Number | Kind::Percent | Kind::Money | Kind::Score
        )
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub label: String,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// A total line (a table footer; Markdown has none).
    pub total: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Shown instead of an empty table on a terminal.
    pub empty: Option<String>,
}

/// A typed cell: the emitter writes its text with [`Cell::text`].
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    /// Arabic text, isolated right to left on a page.
    Rtl(String),
    Count(i64),
    /// A figure as people read it (`1 200`); `—` when missing.
    Number(Option<f64>),
    /// A figure in the plain form (`1234.5`), empty when missing.
    Plain(Option<f64>),
    /// A figure with its unit (`74,4 %`).
    Figure(Option<f64>, String),
    /// A house's own figure: a yes/no indicator reads yes or no.
    HouseFigure(Option<f64>, String),
    /// Whole percent (`26 %`); `—` when missing.
    Percent(Option<f64>),
    /// A score with one decimal (`1,9`); `—` when missing.
    Score(Option<f64>),
    /// A status code with its label.
    Status(&'static str, String),
    /// Text with an optional warning mark (`en cours ⚠ retard`).
    Flagged(String, Option<String>),
    /// A series: a sparkline (text on a terminal, a chart on a page).
    Series(Vec<Option<f64>>, String, String),
    /// A figure withheld in a published report (`masqué`): never `—`, which
    /// means "no data", and never the value.
    Withheld,
    Empty,
}

impl Cell {
    /// The cell as text, in the document's language.
    pub fn text(&self, fr: bool) -> String {
        match self {
            Cell::Text(s) | Cell::Rtl(s) | Cell::Status(_, s) => s.clone(),
            Cell::Count(n) => format::count(*n),
            Cell::Number(v) => v.map(|v| format::number(v, fr)).unwrap_or("—".into()),
            Cell::Plain(v) => v.map(format::plain).unwrap_or_default(),
            Cell::Figure(v, unit) => figure(*v, unit, fr),
            Cell::HouseFigure(v, unit) => house_figure(*v, unit, fr),
            Cell::Percent(v) => progress_text(*v),
            Cell::Score(v) => v.map(|v| format::fixed(v, 1, fr)).unwrap_or("—".into()),
            Cell::Series(values, _, _) => spark_text(values),
            Cell::Flagged(t, None) => t.clone(),
            Cell::Flagged(t, Some(f)) => format!("{t} ⚠ {f}"),
            Cell::Withheld => label("withheld", fr).to_string(),
            Cell::Empty => String::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Chart {
    /// Houses that reached each stage, as a funnel over `total` houses.
    Funnel {
        stages: Vec<(String, usize)>,
        total: usize,
    },
    /// One bar per house with its target; the pilot-wide value as a line.
    Bars {
        bars: Vec<(String, Option<f64>, Option<f64>)>,
        /// Per bar: its value is withheld (no bar, the withheld mark instead).
        withheld: Vec<bool>,
        pilot: Option<f64>,
        suffix: &'static str,
    },
    /// A month-by-month line.
    Sparkline {
        values: Vec<Option<f64>>,
        /// Per month: when fewer houses reported than the most in the
        /// period, the words saying how many (a hollow point on the chart).
        fewer: Vec<Option<String>>,
        /// Per month: its value is withheld (a grey tick, never the value).
        withheld: Vec<bool>,
        first: String,
        last: String,
    },
    /// First and latest score per dimension.
    Dumbbell(Vec<(String, Option<f64>, Option<f64>)>),
    /// The key of the marks of the following charts.
    Legend(Vec<(&'static str, String)>),
    /// How houses' values spread: a box (quartiles, median) over a histogram.
    Strip {
        values: Vec<f64>,
        q1: f64,
        median: f64,
        q3: f64,
        suffix: &'static str,
    },
    /// Baseline → endline lines, one per group (pilot, comparison).
    Slope {
        from: String,
        to: String,
        lines: Vec<(String, Option<f64>, Option<f64>)>,
        suffix: &'static str,
    },
}

#[derive(Debug, Clone)]
pub struct Matrix {
    pub corner: String,
    pub months: Vec<String>,
    pub rows: Vec<(String, Vec<bool>, Option<f64>)>,
}

fn col(label: &str, kind: Kind) -> Column {
    Column {
        label: label.to_string(),
        kind,
    }
}

fn table(columns: Vec<Column>, rows: Vec<Vec<Cell>>) -> Table {
    Table {
        columns,
        rows: rows
            .into_iter()
            .map(|cells| Row {
                cells,
                total: false,
            })
            .collect(),
        empty: None,
    }
}

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph {
        style: Style::Plain,
        spans: vec![Span::Text(text.into())],
    }
}

fn note(text: impl Into<String>) -> Block {
    Block::Paragraph {
        style: Style::Note,
        spans: vec![Span::Text(text.into())],
    }
}

fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.to_string(),
    }
}

fn only(media: Media, b: Block) -> Block {
    Block::Only(media, Box::new(b))
}

fn section(blocks: Vec<Block>) -> Block {
    Block::Group(GroupKind::Section, blocks)
}

fn status(code: &'static str, fr: bool) -> Cell {
    Cell::Status(code, label(code, fr).to_string())
}

fn alerts(alerts: &[crate::report::model::Alert], fr: bool, published: bool) -> Block {
    Block::Alerts {
        title: format!("{} ({})", label("alerts", fr), alerts.len()),
        items: alerts
            .iter()
            .map(|a| AlertItem {
                error: a.severity == "error",
                house: a.house.clone().unwrap_or_default(),
                text: alert_text(a, fr, published),
            })
            .collect(),
    }
}

/// A cohort as a reader names it: `pilot` is the pilot cohort (`pilote` in French).
fn cohort_label(cohort: &str, fr: bool) -> String {
    match (cohort, fr) {
        // Arabic names the pilot cohort and "all" whatever `fr` says.
        ("pilot" | "all", _) if crate::report::i18n::rtl() => {
            crate::report::i18n::coded(cohort, cohort)
        }
        ("pilot", true) => crate::report::i18n::coded("pilot", "pilote"),
        ("all", true) => crate::report::i18n::coded("all", "toutes"),
        (c, _) => c.to_string(),
    }
}

/// Whether a count takes the plural: from 2 in French (`0 formation`, `1 atelier`,
/// `3 visites`), every count but 1 in English (`0 trainings`, `1 workshop`).
fn is_plural(n: usize, fr: bool) -> bool {
    if fr { n >= 2 } else { n != 1 }
}

/// A noun after its count (`3 formations`).
fn plural(noun: &str, n: usize, fr: bool) -> String {
    if is_plural(n, fr) && !noun.ends_with('s') {
        format!("{noun}s")
    } else {
        noun.to_string()
    }
}

/// Progress towards the target, or the withheld mark.
fn progress_cell(progress: Option<f64>, withheld: &[&str]) -> Cell {
    if withheld.contains(&"progress") {
        Cell::Withheld
    } else {
        Cell::Percent(progress)
    }
}

/// A pilot-wide progress, with `sur N maisons` when it compares fewer houses
/// than the value covers.
fn pilot_progress_cell(f: &crate::report::model::Figures, fr: bool) -> Cell {
    match (progress_cell(f.progress, &f.withheld), f.progress) {
        (Cell::Percent(_), Some(p)) if f.progress_houses != f.houses => Cell::Text(format!(
            "{} ({} {})",
            progress_text(Some(p)),
            label("over", fr),
            houses_count(f.progress_houses, fr)
        )),
        (cell, _) => cell,
    }
}

/// A house's status against its target, or the withheld mark when its value
/// is withheld (a status would tell on which side of the target it lies).
fn status_cell(f: &crate::report::model::HouseFigures, fr: bool) -> Cell {
    let has_target = f.target().is_some() || f.withheld.contains(&"target");
    if has_target && f.withheld.contains(&"value") {
        Cell::Withheld
    } else if has_target {
        status(f.status(), fr)
    } else {
        Cell::Text("—".into())
    }
}

/// Whether a published report shows any withheld figure (its legend is then due).
fn any_withheld(r: &PilotReport) -> bool {
    r.indicators.iter().any(|i| {
        !i.pilot.withheld.is_empty()
            || i.houses.iter().any(|h| !h.withheld.is_empty())
            || i.trend.iter().any(|p| p.suppressed)
    })
}

/// `1 maison`, `12 maisons` (`1 house`, `12 houses`).
fn houses_count(n: usize, fr: bool) -> String {
    if let Some(s) = crate::report::i18n::houses_count_ar(n) {
        return s;
    }
    let one = if fr { "maison" } else { "house" };
    if is_plural(n, fr) {
        format!("{n} {one}s")
    } else {
        format!("{n} {one}")
    }
}

/// The pilot evaluation.
pub fn pilot(r: &PilotReport, fr: bool) -> Document {
    let l = |k| label(k, fr);
    // Over this many houses, nothing is listed house by house (see `national`).
    let many = r.houses > crate::report::rollup::MANY_HOUSES;
    let mut b = Vec::new();
    let published = r.published.then(|| l("published").to_string());
    b.push(only(
        TERMINAL,
        Block::Title {
            text: l("title").to_string(),
            facts: vec![
                format!("{} {}", l("period"), r.period),
                format!("{} {}", l("cohort"), cohort_label(&r.cohort, fr)),
                format!("{} {}", l("houses"), r.houses),
                format!("{} {}", l("as_of"), format::date(&r.as_of, fr)),
            ],
            badge: published.clone(),
        },
    ));
    b.push(only(TERMINAL, Block::Gap));
    b.push(only(
        MARKDOWN | HTML,
        Block::Title {
            text: format!("{} — {}", l("title"), r.period),
            facts: vec![
                format!("{} {}", l("cohort"), cohort_label(&r.cohort, fr)),
                houses_count(r.houses, fr),
                format!("{} {}", l("as_of"), format::date(&r.as_of, fr)),
            ],
            badge: published,
        },
    ));

    // A period without data says so, and where the data are.
    if let Some(latest) = &r.latest_period_with_data {
        b.push(para(sentence(
            fr,
            &format!(
                "Aucune donnée pour la période {} : la dernière période avec des données est {latest} (--period {latest}).",
                r.period
            ),
            &format!(
                "No data for the period {}: the latest period with data is {latest} (--period {latest}).",
                r.period
            ),
            &format!(
                "لا توجد معطيات عن الفترة {}: آخر فترة تتوفر على معطيات هي {latest} (--period {latest}).",
                r.period
            ),
        )));
        b.push(only(TERMINAL | MARKDOWN, Block::Gap));
    }

    // Overview
    let o = &r.overview;
    // Boarders are summed over the houses that reported them: when some did
    // not, the overview says over how many.
    let boarders_cover = r
        .indicators
        .iter()
        .find(|i| i.code == "boarders")
        .map(|i| i.pilot.houses)
        .filter(|n| o.boarders.is_some() && *n < r.houses)
        .map(|n| format!(" {} {}", l("over"), houses_count(n, fr)))
        .unwrap_or_default();
    let boarders_line = format!(
        "{} {} · {} {}{boarders_cover} ({} {}{}{} {})",
        l("capacity"),
        format::number(o.capacity as f64, fr),
        l("boarders"),
        figure(o.boarders, "count", fr),
        figure(o.boarders_girls, "count", fr),
        l("girls"),
        comma(),
        figure(o.boarders_boys, "count", fr),
        l("boys"),
    );
    let kinds: Vec<String> = o
        .by_kind
        .iter()
        .map(|g| format!("{} {}", format::count(g.houses as i64), g.label))
        .collect();
    let regions = table(
        vec![
            col(l("region"), Kind::Text),
            col(l("houses"), Kind::Count),
            col(l("capacity"), Kind::Number),
        ],
        o.by_region
            .iter()
            .map(|g| {
                vec![
                    Cell::Text(g.label.clone()),
                    Cell::Count(g.houses as i64),
                    Cell::Number(Some(g.capacity as f64)),
                ]
            })
            .collect(),
    );
    let stage_of = |s: &Option<String>| label(s.as_deref().unwrap_or("none"), fr).to_string();
    let md_houses = table(
        vec![
            col(l("house"), Kind::Text),
            col(l("name"), Kind::Text),
            col(l("region"), Kind::Text),
            col(l("capacity"), Kind::Number),
            col(l("stage"), Kind::Text),
        ],
        o.house_list
            .iter()
            .map(|h| {
                vec![
                    Cell::Text(h.code.clone()),
                    Cell::Text(crate::report::i18n::house_name(
                        &h.name,
                        h.name_ar.as_deref(),
                    )),
                    Cell::Text(h.region.clone()),
                    Cell::Number(Some(h.capacity as f64)),
                    Cell::Text(stage_of(&h.stage)),
                ]
            })
            .collect(),
    );
    let mut html_houses = table(
        vec![
            col(l("house"), Kind::Text),
            col(l("name"), Kind::Text),
            col("", Kind::Text),
            col(l("region"), Kind::Text),
            col(l("capacity"), Kind::Number),
            col(l("stage"), Kind::Text),
        ],
        o.house_list
            .iter()
            .map(|h| {
                vec![
                    Cell::Text(h.code.clone()),
                    Cell::Text(h.name.clone()),
                    h.name_ar.clone().map(Cell::Rtl).unwrap_or(Cell::Empty),
                    Cell::Text(h.region.clone()),
                    Cell::Number(Some(h.capacity as f64)),
                    Cell::Text(stage_of(&h.stage)),
                ]
            })
            .collect(),
    );
    if crate::report::i18n::rtl() {
        // Right to left, one name: the Arabic one (the French one when there is none).
        html_houses = md_houses.clone();
    }
    b.push(section(vec![
        heading(2, l("overview")),
        only(MARKDOWN, para(&boarders_line)),
        only(
            HTML,
            Block::Cards(vec![
                (l("houses").into(), format::count(r.houses as i64)),
                (l("capacity").into(), format::number(o.capacity as f64, fr)),
                (
                    format!("{}{boarders_cover}", l("boarders")),
                    figure(o.boarders, "count", fr),
                ),
                (l("girls").into(), figure(o.boarders_girls, "count", fr)),
                (l("boys").into(), figure(o.boarders_boys, "count", fr)),
            ]),
        ),
        Block::Table(regions),
        only(MARKDOWN, Block::Gap),
        only(TERMINAL | HTML, para(kinds.join(" · "))),
        only(TERMINAL, para(&boarders_line)),
        only(TERMINAL, Block::Gap),
        if many {
            only(TERMINAL | MARKDOWN | HTML, note(l("houses_elsewhere")))
        } else {
            only(TERMINAL | MARKDOWN, Block::Table(md_houses))
        },
        only(
            HTML,
            if many {
                Block::Gap
            } else {
                Block::Table(html_houses)
            },
        ),
        only(TERMINAL | MARKDOWN, Block::Gap),
    ]));

    // Plans: the stages reached
    let ordered = r.plans.stages.ordered();
    let mut cumulative = Vec::new();
    for (i, (stage, _)) in ordered.iter().enumerate().take(6) {
        let at_least: usize = ordered[i..6].iter().map(|(_, n)| n).sum();
        cumulative.push((l(stage).to_string(), at_least));
    }
    cumulative.push((l("none").to_string(), r.plans.stages.none));
    let stages = table(
        vec![col(l("stage"), Kind::Text), col(l("houses"), Kind::Count)],
        ordered
            .iter()
            .map(|(s, n)| vec![Cell::Text(l(s).to_string()), Cell::Count(*n as i64)])
            .collect(),
    );
    b.push(section(vec![
        heading(2, l("plans")),
        only(HTML, heading(3, l("funnel"))),
        only(
            HTML,
            Block::Chart(Chart::Funnel {
                stages: cumulative,
                total: r.houses,
            }),
        ),
        only(TERMINAL | MARKDOWN, Block::Table(stages)),
        only(TERMINAL | MARKDOWN, Block::Gap),
    ]));

    // Indicators, pilot-wide
    let mut notes = vec![
        heading(2, l("indicators")),
        note(l("ratio_note")),
        note(l("houses_note")),
    ];
    if r.published && any_withheld(r) {
        notes.push(note(l("withheld_note")));
    }
    b.push(only(
        TERMINAL | MARKDOWN | HTML,
        section(
            notes
                .into_iter()
                .chain([
                    Block::Table(table(
                        figure_columns(
                            l("indicator"),
                            fr,
                            vec![
                                col(l("progress"), Kind::Percent),
                                col(l("houses"), Kind::Count),
                            ],
                        ),
                        r.indicators
                            .iter()
                            .map(|i| {
                                figure_cells(
                                    i.name.clone(),
                                    [i.pilot.value, i.pilot.baseline, i.pilot.target],
                                    &i.unit,
                                    false,
                                    &i.pilot.withheld,
                                    vec![
                                        pilot_progress_cell(&i.pilot, fr),
                                        Cell::Count(i.pilot.houses as i64),
                                    ],
                                )
                            })
                            .collect(),
                    )),
                    only(TERMINAL | MARKDOWN, Block::Gap),
                ])
                .collect(),
        ),
    ));

    // By house
    let names: std::collections::HashMap<&str, String> = o
        .house_list
        .iter()
        .map(|h| {
            let name = crate::report::i18n::name_in_script(&h.name, h.name_ar.as_deref());
            (h.code.as_str(), name)
        })
        .collect();
    let mut by_house = vec![
        heading(2, l("by_house")),
        only(
            HTML,
            Block::Chart(Chart::Legend(vec![
                ("background:#1f6f8b", l("value").to_string()),
                ("background:#c0392b", l("target_mark").to_string()),
                (
                    "border-top:2px dashed #333;height:0",
                    l("pilot_value").to_string(),
                ),
            ])),
        ),
        note(l("status_rule")),
    ];
    for i in key_indicators(r) {
        let suffix = if i.unit == "percent" || i.unit == "bool" {
            " %"
        } else {
            ""
        };
        let bars = i
            .houses
            .iter()
            .map(|h| {
                (
                    short_label(
                        &h.house,
                        names.get(h.house.as_str()).map_or("", String::as_str),
                    ),
                    h.value().filter(|_| !h.withheld.contains(&"value")),
                    h.target().filter(|_| !h.withheld.contains(&"target")),
                )
            })
            .collect();
        let withheld = i
            .houses
            .iter()
            .map(|h| h.withheld.contains(&"value"))
            .collect();
        let rows = i
            .houses
            .iter()
            .map(|h| {
                figure_cells(
                    h.house.to_string(),
                    [h.value(), h.baseline(), h.target()],
                    &i.unit,
                    true,
                    &h.withheld,
                    vec![progress_cell(h.progress(), &h.withheld), status_cell(h, fr)],
                )
            })
            .collect();
        by_house.push(Block::Group(
            GroupKind::Figure,
            vec![
                heading(3, &i.name),
                only(
                    HTML,
                    Block::Chart(Chart::Bars {
                        bars,
                        withheld,
                        pilot: i
                            .pilot
                            .value
                            .filter(|_| !i.pilot.withheld.contains(&"value")),
                        suffix,
                    }),
                ),
                Block::Table(table(
                    figure_columns(
                        l("house"),
                        fr,
                        vec![
                            col(l("progress"), Kind::Percent),
                            col(l("status"), Kind::Status),
                        ],
                    ),
                    rows,
                )),
                only(TERMINAL | MARKDOWN, Block::Gap),
            ],
        ));
    }
    if !many {
        b.push(section(by_house));
    }

    // Trends
    let trends: Vec<Block> = r
        .indicators
        .iter()
        .filter(|i| !i.trend.is_empty())
        .map(|i| {
            // The most houses that reported in one month of the period.
            let most = i.trend.iter().filter_map(|p| p.houses).max().unwrap_or(0);
            let fewer = i
                .trend
                .iter()
                .map(|p| match p.houses {
                    Some(n) if n < most && p.value.is_some() => Some(format!(
                        "{}{}{} / {}",
                        p.period,
                        colon(true),
                        houses_count(n, fr),
                        format::count(most as i64)
                    )),
                    _ => None,
                })
                .collect();
            Block::Group(
                GroupKind::Figure,
                vec![
                    Block::Chart(Chart::Sparkline {
                        values: i
                            .trend
                            .iter()
                            .map(|p| p.value.filter(|_| !p.suppressed))
                            .collect(),
                        fewer,
                        withheld: i.trend.iter().map(|p| p.suppressed).collect(),
                        first: i
                            .trend
                            .first()
                            .map(|p| p.period.clone())
                            .unwrap_or_default(),
                        last: i.trend.last().map(|p| p.period.clone()).unwrap_or_default(),
                    }),
                    Block::Caption(i.name.clone()),
                ],
            )
        })
        .collect();
    if !trends.is_empty() {
        let charts = || {
            trends.iter().flat_map(|t| match t {
                Block::Group(_, blocks) => blocks.as_slice(),
                _ => &[],
            })
        };
        let marked = charts().any(|b| {
            matches!(b, Block::Chart(Chart::Sparkline { fewer, .. }) if fewer.iter().any(Option::is_some))
        });
        let withheld = charts().any(|b| {
            matches!(b, Block::Chart(Chart::Sparkline { withheld, .. }) if withheld.contains(&true))
        });
        let mut legend = Vec::new();
        if marked {
            legend.push((
                "width:6px;height:6px;border:1.5px solid #1f6f8b;border-radius:50%;background:#fff",
                l("fewer_houses").to_string(),
            ));
        }
        if withheld {
            legend.push((
                "width:2px;height:10px;background:#9aa5ad",
                l("withheld_month").to_string(),
            ));
        }
        let mut blocks = vec![heading(2, l("trends"))];
        if !legend.is_empty() {
            blocks.push(Block::Chart(Chart::Legend(legend)));
        }
        blocks.push(Block::Group(GroupKind::Grid, trends));
        b.push(only(HTML, section(blocks)));
    }

    // Plan execution and events
    let execution = execution_table(r, fr);
    let e = &r.events;
    let counts = |sep: &str| {
        format!(
            "{} {}, {} {}, {} {}{sep} {} {}, {} {}",
            e.training,
            plural(l("training"), e.training, fr),
            e.workshop,
            plural(l("workshop"), e.workshop, fr),
            e.visit,
            plural(l("visit"), e.visit, fr),
            e.women,
            match (is_plural(e.women as usize, fr), fr) {
                (true, _) => l("women"),
                (false, true) => "femme",
                (false, false) => "woman",
            },
            e.men,
            match (is_plural(e.men as usize, fr), fr) {
                (true, _) => l("men"),
                (false, true) => "homme",
                (false, false) => "man",
            }
        )
    };
    let events_line = if crate::report::i18n::script() == crate::report::i18n::Script::Latin {
        vec![
            only(
                TERMINAL | MARKDOWN,
                para(format!("{}: {} ({})", l("events"), e.total, counts(";"))),
            ),
            only(
                HTML,
                para(format!("{} : {} ({})", l("events"), e.total, counts(" ;"))),
            ),
        ]
    } else {
        // A count after its noun needs no plural agreement: `تكوين: 3`.
        let n = |k: &str, v: i64| format!("{}{}{}", label(k, fr), colon(fr), format::count(v));
        let semicolon = if crate::report::i18n::rtl() {
            "؛ "
        } else {
            " ; "
        };
        vec![para(format!(
            "{}{}{} ({}{}{}{}{}{semicolon}{}{}{})",
            l("events"),
            colon(fr),
            format::count(e.total as i64),
            n("training", e.training as i64),
            comma(),
            n("workshop", e.workshop as i64),
            comma(),
            n("visit", e.visit as i64),
            n("women", e.women),
            comma(),
            n("men", e.men),
        ))]
    };
    let mut execution_blocks = vec![
        heading(2, l("execution_title")),
        Block::Table(execution),
        only(TERMINAL | MARKDOWN, Block::Gap),
    ];
    execution_blocks.extend(events_line);
    execution_blocks.push(only(TERMINAL, Block::Gap));
    b.push(section(execution_blocks));

    // Assessment
    let scores = table(
        vec![
            col(l("dimension"), Kind::Text),
            col(l("baseline"), Kind::Score),
            col(l("latest"), Kind::Score),
            col(l("houses"), Kind::Count),
        ],
        r.assessment
            .iter()
            .map(|d| {
                vec![
                    Cell::Text(d.label.clone()),
                    Cell::Score(d.baseline),
                    Cell::Score(d.latest),
                    Cell::Count(d.houses as i64),
                ]
            })
            .collect(),
    );
    b.push(section(vec![
        heading(2, l("assessment")),
        only(
            HTML,
            Block::Chart(Chart::Legend(vec![
                (
                    "background:#9aa5ad;height:8px;border-radius:4px",
                    l("baseline").to_string(),
                ),
                (
                    "background:#1f6f8b;height:8px;border-radius:4px",
                    l("latest").to_string(),
                ),
            ])),
        ),
        only(
            HTML,
            Block::Chart(Chart::Dumbbell(
                r.assessment
                    .iter()
                    .map(|d| (d.label.clone(), d.baseline, d.latest))
                    .collect(),
            )),
        ),
        only(TERMINAL | MARKDOWN, Block::Table(scores)),
        only(TERMINAL | MARKDOWN, Block::Gap),
    ]));

    // Completeness
    let c = &r.completeness;
    let mut matrix = vec![heading(2, l("completeness"))];
    if many {
        matrix.extend(completeness_blocks(&summary_only(c), fr));
        matrix.push(para(format!(
            "{}{}{}",
            l("not_reporting"),
            colon(fr),
            format::count(c.not_reporting.len() as i64)
        )));
    } else {
        matrix.extend(completeness_blocks(c, fr));
    }
    b.push(section(matrix));
    b.push(only(TERMINAL | MARKDOWN, Block::Gap));
    if many && r.alerts.len() > MANY_ALERTS {
        // Errors first, then as many warnings as fit; the rest counted.
        let mut shown: Vec<crate::report::model::Alert> = r.alerts.clone();
        shown.sort_by_key(|a| a.severity != "error");
        shown.truncate(MANY_ALERTS);
        let mut block = alerts(&shown, fr, r.published);
        if let Block::Alerts { title, .. } = &mut block {
            *title = format!("{} ({})", l("alerts"), r.alerts.len());
        }
        b.push(block);
        b.push(note(format!(
            "{} {} {}",
            format::count((r.alerts.len() - MANY_ALERTS) as i64),
            l("more_alerts"),
            "`suivi report house CODE`"
        )));
    } else {
        b.push(alerts(&r.alerts, fr, r.published));
    }
    Document {
        fr,
        title: format!("{} {}", l("title"), r.period),
        blocks: b,
    }
}

/// Alerts listed in a report over many houses; the rest are counted.
const MANY_ALERTS: usize = 40;

/// The completeness totals without the house rows.
fn summary_only(c: &Completeness) -> Completeness {
    Completeness {
        expected: c.expected,
        received: c.received,
        rate: c.rate,
        ..Default::default()
    }
}

/// Actions by axis with a total line: on a terminal, axis codes and the share
/// of the budget spent; on a page, axis names and the amounts.
fn execution_table(r: &PilotReport, fr: bool) -> Table {
    let l = |k| label(k, fr);
    let mut columns = vec![
        col(l("axis"), Kind::Text),
        col(l("actions"), Kind::Count),
        col(l("done"), Kind::Count),
        col(l("in_progress"), Kind::Count),
        col(l("late"), Kind::Count),
        col(l("execution"), Kind::Percent),
    ];
    columns.push(col(l("budget_mad"), Kind::Money));
    columns.push(col(l("spent_mad"), Kind::Money));
    let line = |name: String, c: &crate::report::model::ActionCounts, rate: Option<f64>| {
        vec![
            Cell::Text(name),
            Cell::Count(c.total as i64),
            Cell::Count(c.done as i64),
            Cell::Count(c.in_progress as i64),
            Cell::Count(c.late as i64),
            Cell::Percent(rate),
        ]
    };
    let mut t = table(columns, Vec::new());
    for x in &r.plans.by_axis {
        let mut cells = line(
            crate::report::i18n::coded(&x.axis, &x.label),
            &x.counts,
            x.execution_rate,
        );
        cells.push(Cell::Number(Some(x.budget)));
        cells.push(Cell::Number(Some(x.spent)));
        t.rows.push(Row {
            cells,
            total: false,
        });
    }
    let a = &r.plans.actions;
    let mut cells = line(l("total").to_string(), a, a.execution_rate());
    cells.extend(std::iter::repeat_n(Cell::Empty, 2));
    t.rows.push(Row { cells, total: true });
    t
}

/// Columns of a figures table: the row's name, value, baseline, target, then `rest`.
fn figure_columns(first: &str, fr: bool, rest: Vec<Column>) -> Vec<Column> {
    let l = |k| label(k, fr);
    let mut columns = vec![
        col(first, Kind::Text),
        col(l("value"), Kind::Number),
        col(l("baseline"), Kind::Number),
        col(l("target"), Kind::Number),
    ];
    columns.extend(rest);
    columns
}

/// Cells of a figures row: name, value, baseline and target in the unit (as a
/// house's own figure or a pilot-wide one), then `rest`.
fn figure_cells(
    name: String,
    [value, baseline, target]: [Option<f64>; 3],
    unit: &str,
    house: bool,
    withheld: &[&str],
    rest: Vec<Cell>,
) -> Vec<Cell> {
    let figure = |name: &str, v: Option<f64>| {
        if withheld.contains(&name) {
            Cell::Withheld
        } else if house {
            Cell::HouseFigure(v, unit.to_string())
        } else {
            Cell::Figure(v, unit.to_string())
        }
    };
    let mut cells = vec![
        Cell::Text(name),
        figure("value", value),
        figure("baseline", baseline),
        figure("target", target),
    ];
    cells.extend(rest);
    cells
}

/// `DT01 Dar Taliba Bab Taza…`: a house in a chart's margin.
fn short_label(code: &str, name: &str) -> String {
    let name: String = if name.chars().count() > 26 {
        name.chars().take(25).collect::<String>() + "…"
    } else {
        name.to_string()
    };
    format!("{code} {name}")
}

/// The completeness total, the matrix and the houses that sent nothing.
fn completeness_blocks(c: &Completeness, fr: bool) -> Vec<Block> {
    let l = |k| label(k, fr);
    let mut b = vec![para(format!(
        "{} {} ({})",
        fraction(c.received as i64, c.expected as i64),
        l("house_months"),
        progress_text(c.rate)
    ))];
    if c.houses.is_empty() {
        return b;
    }
    b.push(Block::Matrix(matrix(c, fr)));
    if !c.not_reporting.is_empty() {
        b.push(only(MARKDOWN, Block::Gap));
        b.push(para(format!(
            "{}{}{}",
            l("not_reporting"),
            colon(false),
            c.not_reporting.join(comma())
        )));
    }
    b
}

fn matrix(c: &Completeness, fr: bool) -> Matrix {
    Matrix {
        corner: label("house", fr).to_string(),
        months: c.months.clone(),
        rows: c
            .houses
            .iter()
            .map(|h| (h.house.clone(), h.months.clone(), h.rate))
            .collect(),
    }
}

/// `report completeness`: the matrix on its own.
pub fn completeness(c: &Completeness, fr: bool) -> Document {
    let l = |k| label(k, fr);
    let rate = progress_text(c.rate);
    let mut b = vec![only(
        TERMINAL,
        para(format!(
            "{}: {} / {} {} ({rate})",
            l("completeness"),
            c.received,
            c.expected,
            l("house_months"),
        )),
    )];
    if let (Some(first), Some(last)) = (c.months.first(), c.months.last()) {
        b.push(only(TERMINAL, para(format!("{first} → {last}"))));
    }
    b.push(only(
        MARKDOWN | HTML,
        para(format!(
            "{} {} ({rate})",
            fraction(c.received as i64, c.expected as i64),
            l("house_months"),
        )),
    ));
    if c.houses.is_empty() {
        b.push(only(TERMINAL, Block::Matrix(matrix(c, fr))));
    } else {
        b.push(Block::Matrix(matrix(c, fr)));
    }
    if !c.not_reporting.is_empty() {
        b.push(only(MARKDOWN, Block::Gap));
        b.push(para(format!(
            "{}{}{}",
            l("not_reporting"),
            colon(false),
            c.not_reporting.join(comma())
        )));
    }
    Document {
        fr,
        title: l("completeness").to_string(),
        blocks: b,
    }
}

/// Where a plan's page blocks show: the HTML page, and Markdown when the plan
/// is laid out as Markdown (in Arabic; in French and English a Markdown dossier
/// holds the plan as terminal text).
const PAGE: Media = HTML | MARKDOWN;

/// A house's plan: stages, axes, actions, assessment and events.
pub fn plan(v: &PlanView, fr: bool) -> Document {
    let l = |k| label(k, fr);
    let mut b = Vec::new();
    match &v.plan {
        None => {
            b.push(only(
                TERMINAL,
                para(format!("{} {}: {}", l("house"), v.house, l("no_plan"))),
            ));
            b.push(only(PAGE, para(l("no_plan"))));
        }
        Some(p) => {
            let stage = v.stage.as_deref().map(&l).unwrap_or("—");
            b.push(only(
                TERMINAL,
                para(format!(
                    "{} {} — {} v{} ({} → {}) · {}: {}",
                    l("house"),
                    v.house,
                    l("plan"),
                    p.version,
                    p.start,
                    p.end,
                    l("stage"),
                    stage
                )),
            ));
            b.push(only(
                PAGE,
                Block::Paragraph {
                    style: Style::Plain,
                    spans: vec![
                        Span::Text(format!(
                            "v{} · {} · {}{}",
                            p.version,
                            crate::report::i18n::arrow(&p.start, &p.end),
                            l("stage"),
                            colon(true),
                        )),
                        Span::Strong(stage.to_string()),
                    ],
                },
            ));
            b.push(Block::Table(table(
                vec![
                    col(l("stage"), Kind::Text),
                    col(l("reached_on"), Kind::Date),
                ],
                v.stages
                    .iter()
                    .map(|s| {
                        vec![
                            Cell::Text(l(&s.stage).to_string()),
                            Cell::Text(format::date(&s.reached_on, fr)),
                        ]
                    })
                    .collect(),
            )));
            b.push(only(TERMINAL, Block::Gap));
            b.push(only(
                TERMINAL,
                Block::Table(table(
                    vec![
                        col(l("axis"), Kind::Text),
                        col(l("actions"), Kind::Count),
                        col(l("done"), Kind::Count),
                        col(l("late"), Kind::Count),
                        col(l("execution"), Kind::Percent),
                        col(l("budget_mad"), Kind::Money),
                        col(l("spent_mad"), Kind::Money),
                    ],
                    v.axes
                        .iter()
                        .map(|x| {
                            vec![
                                Cell::Text(x.code.clone()),
                                Cell::Count(x.total as i64),
                                Cell::Count(x.done as i64),
                                Cell::Count(x.late as i64),
                                Cell::Percent(x.execution_rate),
                                Cell::Plain(Some(x.budget)),
                                Cell::Plain(Some(x.spent)),
                            ]
                        })
                        .collect(),
                )),
            ));
            b.push(only(TERMINAL, Block::Gap));
            let mut actions = Vec::new();
            for x in &v.axes {
                for a in &x.actions {
                    actions.push(vec![
                        Cell::Count(a.action.id),
                        Cell::Text(x.code.clone()),
                        Cell::Text(a.action.title.clone()),
                        Cell::Text(format::date(&a.action.due, fr)),
                        Cell::Flagged(
                            action_status_label(&a.action.status, fr).to_string(),
                            a.late.then(|| l("late").to_string()),
                        ),
                        Cell::Percent(a.action.progress),
                    ]);
                }
            }
            b.push(only(
                TERMINAL,
                Block::Table(table(
                    vec![
                        col("#", Kind::Text),
                        col(l("axis"), Kind::Text),
                        col(l("action"), Kind::Text),
                        col(l("due"), Kind::Date),
                        col(l("status"), Kind::Text),
                        col(l("progress"), Kind::Percent),
                    ],
                    actions,
                )),
            ));
            b.push(only(TERMINAL, Block::Gap));
            for x in &v.axes {
                b.push(only(
                    PAGE,
                    heading(
                        3,
                        &format!(
                            "{} — {} {}{}{} {}",
                            x.label,
                            progress_text(x.execution_rate),
                            l("execution"),
                            comma(),
                            format::count(x.late as i64),
                            l("late")
                        ),
                    ),
                ));
                if x.actions.is_empty() {
                    continue;
                }
                b.push(only(
                    PAGE,
                    Block::Table(table(
                        vec![
                            col(l("action"), Kind::Text),
                            col(l("due"), Kind::Date),
                            col(l("status"), Kind::Text),
                            col(l("progress"), Kind::Text),
                            col(l("budget_mad"), Kind::Money),
                            col(l("spent_mad"), Kind::Money),
                        ],
                        x.actions
                            .iter()
                            .map(|a| {
                                vec![
                                    Cell::Text(a.action.title.clone()),
                                    Cell::Text(format::date(&a.action.due, fr)),
                                    Cell::Flagged(
                                        crate::report::i18n::coded(
                                            &a.action.status,
                                            action_status_label(&a.action.status, fr),
                                        ),
                                        a.late.then(|| l("late").to_string()),
                                    ),
                                    Cell::Percent(a.action.progress),
                                    a.action
                                        .budget
                                        .map_or(Cell::Empty, |v| Cell::Number(Some(v))),
                                    a.action
                                        .spent
                                        .map_or(Cell::Empty, |v| Cell::Number(Some(v))),
                                ]
                            })
                            .collect(),
                    )),
                ));
            }
        }
    }
    let score = |s: Option<f64>, p: &Option<String>| match (s, p) {
        (Some(s), Some(p)) => format!("{} ({p})", format::plain(s)),
        _ => "—".to_string(),
    };
    b.push(only(TERMINAL, para(l("assessment"))));
    b.push(only(
        TERMINAL,
        Block::Table(table(
            vec![
                col(l("dimension"), Kind::Text),
                col(l("baseline"), Kind::Text),
                col(l("latest"), Kind::Text),
            ],
            v.assessment
                .iter()
                .map(|d| {
                    vec![
                        Cell::Text(d.label.clone()),
                        Cell::Text(score(d.baseline, &d.baseline_period)),
                        Cell::Text(score(d.latest, &d.latest_period)),
                    ]
                })
                .collect(),
        )),
    ));
    b.push(only(TERMINAL, Block::Gap));
    b.push(only(PAGE, heading(3, l("assessment"))));
    b.push(only(
        MARKDOWN,
        Block::Table(table(
            vec![
                col(l("dimension"), Kind::Text),
                col(l("baseline"), Kind::Text),
                col(l("latest"), Kind::Text),
            ],
            v.assessment
                .iter()
                .map(|d| {
                    let score = |s: Option<f64>, p: &Option<String>| match (s, p) {
                        (Some(s), Some(p)) => format!("{} ({p})", format::fixed(s, 1, fr)),
                        _ => "—".to_string(),
                    };
                    vec![
                        Cell::Text(d.label.clone()),
                        Cell::Text(score(d.baseline, &d.baseline_period)),
                        Cell::Text(score(d.latest, &d.latest_period)),
                    ]
                })
                .collect(),
        )),
    ));
    b.push(only(
        HTML,
        Block::Chart(Chart::Dumbbell(
            v.assessment
                .iter()
                .map(|d| (d.label.clone(), d.baseline, d.latest))
                .collect(),
        )),
    ));
    b.push(only(TERMINAL, para(l("events"))));
    b.push(only(PAGE, heading(3, l("events"))));
    let mut events = table(
        vec![
            col(l("date"), Kind::Date),
            col(l("kind"), Kind::Text),
            col(l("title_col"), Kind::Text),
            col(l("women"), Kind::Count),
            col(l("men"), Kind::Count),
        ],
        v.events
            .iter()
            .map(|e| {
                vec![
                    Cell::Text(format::date(&e.date, fr)),
                    Cell::Text(l(&e.kind).to_string()),
                    Cell::Text(e.title.clone()),
                    e.women.map_or(Cell::Empty, Cell::Count),
                    e.men.map_or(Cell::Empty, Cell::Count),
                ]
            })
            .collect(),
    );
    events.empty = Some("  —".into());
    b.push(Block::Table(events));
    for p in &v.previous_versions {
        b.push(only(
            TERMINAL,
            para(format!(
                "{} v{} ({} → {}): {}",
                l("plan"),
                p.version,
                p.start,
                p.end,
                l("superseded")
            )),
        ));
    }
    Document {
        fr,
        title: format!("{} {}", l("plan"), v.house),
        blocks: b,
    }
}

/// One house's dossier.
pub fn house(r: &HouseReport, fr: bool) -> Document {
    let l = |k| label(k, fr);
    let h = &r.house;
    let mut b = Vec::new();
    let published = r.published.then(|| l("published").to_string());
    // In French or English, the Arabic name follows the French one; in an
    // Arabic or bilingual report the name is already in the report's script.
    let latin = crate::report::i18n::script() == crate::report::i18n::Script::Latin;
    let (name, name_ar) = if latin {
        (h.name.clone(), h.name_ar.clone())
    } else {
        (
            crate::report::i18n::name_in_script(&h.name, h.name_ar.as_deref()),
            None,
        )
    };
    let ar = name_ar
        .as_ref()
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    let facts = vec![format!(
        "{} {} · {} {}",
        l("period"),
        r.period,
        l("as_of"),
        format::date(&r.as_of, fr)
    )];
    b.push(only(
        TERMINAL | MARKDOWN,
        Block::Title {
            text: format!("{} — {} {name}{ar}", l("dossier"), h.code),
            facts,
            badge: published.clone(),
        },
    ));
    b.push(only(TERMINAL, Block::Gap));
    let mut sub = Vec::new();
    if let Some(a) = &name_ar {
        sub.push(Span::Rtl(a.clone()));
        sub.push(Span::Text(" · ".into()));
    }
    sub.push(Span::Text(format!(
        "{} {} · {} {}",
        l("period"),
        r.period,
        l("as_of"),
        format::date(&r.as_of, fr)
    )));
    if let Some(p) = &published {
        sub.push(Span::Text(" · ".into()));
        sub.push(Span::Badge(p.clone()));
    }
    b.push(only(
        HTML,
        Block::Group(
            GroupKind::Header,
            vec![
                heading(1, &format!("{} — {} {name}", l("dossier"), h.code)),
                Block::Paragraph {
                    style: Style::Sub,
                    spans: sub,
                },
            ],
        ),
    ));
    b.push(section(vec![Block::Fields(
        identity(r, fr)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )]));
    b.push(only(TERMINAL | MARKDOWN, Block::Gap));
    let rows = r
        .indicators
        .iter()
        .map(|i| {
            let f = &i.figures;
            let values: Vec<Option<f64>> = i
                .history
                .iter()
                .map(|p| p.value.filter(|_| !p.suppressed))
                .collect();
            figure_cells(
                i.name.clone(),
                [f.value(), f.baseline(), f.target()],
                &i.unit,
                true,
                &f.withheld,
                vec![
                    status_cell(f, fr),
                    Cell::Series(
                        values,
                        i.history
                            .first()
                            .map(|p| p.period.clone())
                            .unwrap_or_default(),
                        i.history
                            .last()
                            .map(|p| p.period.clone())
                            .unwrap_or_default(),
                    ),
                ],
            )
        })
        .collect();
    let withheld = r.published
        && r.indicators
            .iter()
            .any(|i| !i.figures.withheld.is_empty() || i.history.iter().any(|p| p.suppressed));
    let mut head = vec![heading(2, l("indicators"))];
    if withheld {
        head.push(note(l("withheld_note")));
    }
    b.push(section(
        head.into_iter()
            .chain([
                Block::Table(table(
                    figure_columns(
                        l("indicator"),
                        fr,
                        vec![
                            col(l("status"), Kind::Status),
                            col(l("history"), Kind::Chart),
                        ],
                    ),
                    rows,
                )),
                only(TERMINAL | MARKDOWN, Block::Gap),
            ])
            .collect(),
    ));
    if let Some(c) = &r.completeness {
        b.push(only(
            TERMINAL,
            para(format!(
                "{}: {} / {} ({}){}",
                l("completeness"),
                c.received,
                c.expected,
                progress_text(c.rate),
                if c.missing.is_empty() {
                    String::new()
                } else {
                    format!(" — {}: {}", l("missing"), c.missing.join(", "))
                }
            )),
        ));
        b.push(only(TERMINAL, Block::Gap));
    }
    let plan = plan(&r.plan, fr);
    // Right-to-left text reads badly in a box-drawn table: beside Arabic the
    // plan is laid out as Markdown.
    let mut md_plan = vec![heading(2, l("plans"))];
    if latin {
        md_plan.push(Block::Preformatted(plan.clone()));
    } else {
        for x in &plan.blocks {
            md_plan.push(x.clone());
            if matches!(shown(x, MARKDOWN), Some(Block::Table(_))) {
                md_plan.push(Block::Gap);
            }
        }
    }
    b.push(only(MARKDOWN, section(md_plan)));
    let mut in_place = vec![only(HTML, heading(2, l("plans")))];
    in_place.extend(plan.blocks.into_iter().map(|b| only(TERMINAL | HTML, b)));
    b.push(section(in_place));
    b.push(only(TERMINAL | MARKDOWN, Block::Gap));
    b.push(alerts(&r.alerts, fr, r.published));
    Document {
        fr,
        title: format!("{} {}", l("dossier"), h.code),
        blocks: b,
    }
}

fn suffix(unit: &str) -> &'static str {
    if unit == "percent" || unit == "bool" {
        " %"
    } else {
        ""
    }
}

/// A report over many houses (or asked `--by`): the pilot document with
/// per-group tables, the spread across houses and the houses furthest behind,
/// before the alerts.
pub fn national(
    r: &PilotReport,
    groups: &[Group],
    distributions: &[Distribution],
    laggards: &[Laggard],
    fr: bool,
) -> Document {
    let l = |k| label(k, fr);
    let mut doc = pilot(r, fr);
    let mut extra = Vec::new();
    if let Some(by) = groups.first().map(|g| g.by.clone()) {
        let names: std::collections::HashMap<&str, (&str, &str)> = r
            .indicators
            .iter()
            .map(|i| (i.code.as_str(), (i.name.as_str(), i.unit.as_str())))
            .collect();
        let (group_key, by_key) = (format!("group_{by}"), format!("by_{by}"));
        let group_col = label(&group_key, fr).to_string();
        let mut blocks = vec![
            heading(2, label(&by_key, fr)),
            note(l("groups_note")),
            Block::Table(table(
                vec![col(&group_col, Kind::Text), col(l("houses"), Kind::Count)],
                groups
                    .iter()
                    .map(|g| vec![Cell::Text(g.name.clone()), Cell::Count(g.houses as i64)])
                    .collect(),
            )),
            only(MARKDOWN, Block::Gap),
        ];
        for (i, section) in r.indicators.iter().enumerate() {
            let (name, unit) = names
                .get(section.code.as_str())
                .copied()
                .unwrap_or((&section.code, ""));
            let rows: Vec<Vec<Cell>> = groups
                .iter()
                .filter_map(|g| g.indicators.get(i).map(|x| (g, x)))
                .filter(|(_, x)| x.code == section.code)
                .map(|(g, x)| {
                    vec![
                        Cell::Text(g.name.clone()),
                        if x.suppressed {
                            Cell::Withheld
                        } else {
                            Cell::Figure(x.value, unit.to_string())
                        },
                        Cell::Count(x.houses as i64),
                    ]
                })
                .collect();
            blocks.push(Block::Group(
                GroupKind::Figure,
                vec![
                    heading(3, name),
                    Block::Table(table(
                        vec![
                            col(&group_col, Kind::Text),
                            col(l("value"), Kind::Number),
                            col(l("reporting"), Kind::Count),
                        ],
                        rows,
                    )),
                    only(TERMINAL | MARKDOWN, Block::Gap),
                ],
            ));
        }
        extra.push(section(blocks));
    }
    if !distributions.is_empty() {
        let mut blocks = vec![
            heading(2, l("distribution")),
            note(l("distribution_note")),
            Block::Table(table(
                vec![
                    col(l("indicator"), Kind::Text),
                    col(l("houses"), Kind::Count),
                    col(l("min"), Kind::Number),
                    col("Q1", Kind::Number),
                    col(l("median"), Kind::Number),
                    col("Q3", Kind::Number),
                    col(l("max"), Kind::Number),
                ],
                distributions
                    .iter()
                    .map(|d| {
                        let f = |v: Option<f64>| Cell::Figure(v, d.unit.clone());
                        vec![
                            Cell::Text(d.name.clone()),
                            Cell::Count(d.houses as i64),
                            f(d.min),
                            f(d.q1),
                            f(d.median),
                            f(d.q3),
                            f(d.max),
                        ]
                    })
                    .collect(),
            )),
            only(TERMINAL | MARKDOWN, Block::Gap),
        ];
        let charts: Vec<Block> = distributions
            .iter()
            .filter(|d| d.houses >= 2)
            .map(|d| {
                Block::Group(
                    GroupKind::Figure,
                    vec![
                        Block::Chart(Chart::Strip {
                            values: d.values.clone(),
                            q1: d.q1.unwrap_or_default(),
                            median: d.median.unwrap_or_default(),
                            q3: d.q3.unwrap_or_default(),
                            suffix: suffix(&d.unit),
                        }),
                        Block::Caption(format!("{} ({})", d.name, houses_count(d.houses, fr))),
                    ],
                )
            })
            .collect();
        if !charts.is_empty() {
            blocks.push(only(HTML, Block::Group(GroupKind::Grid, charts)));
        }
        extra.push(section(blocks));
    }
    if r.houses > crate::report::rollup::MANY_HOUSES {
        let mut t = table(
            vec![
                col(l("house"), Kind::Text),
                col(l("name"), Kind::Text),
                col(l("region"), Kind::Text),
                col(l("behind_count"), Kind::Text),
                col(l("mean_progress"), Kind::Percent),
            ],
            laggards
                .iter()
                .map(|x| {
                    // The house list holds the names in the report's script.
                    let line = r.overview.house_list.iter().find(|h| h.code == x.house);
                    vec![
                        Cell::Text(x.house.clone()),
                        Cell::Text(line.map_or_else(
                            || x.name.clone(),
                            |h| crate::report::i18n::name_in_script(&h.name, h.name_ar.as_deref()),
                        )),
                        Cell::Text(line.map_or_else(|| x.region.clone(), |h| h.region.clone())),
                        Cell::Text(per_column(x.behind, x.targets)),
                        Cell::Percent(x.progress),
                    ]
                })
                .collect(),
        );
        t.empty = Some(l("no_laggard").to_string());
        extra.push(section(vec![
            heading(2, l("laggards")),
            note(l("laggards_note")),
            Block::Table(t),
            only(TERMINAL | MARKDOWN, Block::Gap),
        ]));
    }
    // Before the alerts (the last block but a note on alerts not listed).
    let at = doc
        .blocks
        .iter()
        .rposition(|b| matches!(b, Block::Alerts { .. }))
        .unwrap_or(doc.blocks.len());
    doc.blocks.splice(at..at, extra);
    doc
}

/// A change with its sign (`+2,5`, `−1`); percentages in points.
fn signed(v: Option<f64>, unit: &str, fr: bool) -> String {
    match v {
        None => "—".into(),
        Some(v) => {
            let sign = if v > 0.0 { "+" } else { "" };
            let n = crate::report::i18n::ltr(&format!("{sign}{}", format::number(v, fr)));
            if unit == "percent" || unit == "bool" {
                // Right to left, the unit never leaves its figure at a line's end.
                let space = if crate::report::i18n::rtl() {
                    '\u{a0}'
                } else {
                    ' '
                };
                format!("{n}{space}{}", label("points", fr))
            } else {
                n
            }
        }
    }
}

/// `a / b` under a heading `A / B`: each figure isolated on its own, so that
/// right to left `a` stands where `A` does (on the right).
fn per_column(a: usize, b: usize) -> String {
    format!("{} / {}", format::count(a as i64), format::count(b as i64))
}

/// `report evaluation`: the difference in differences, its method and limits.
pub fn evaluation(e: &Evaluation, fr: bool) -> Document {
    let l = |k| label(k, fr);
    let mut b = Vec::new();
    let facts = vec![
        format!(
            "{} {} ({})",
            l("pilot_group"),
            if crate::report::i18n::rtl() {
                cohort_label(&e.pilot, fr)
            } else {
                e.pilot.clone()
            },
            houses_count(e.pilot_houses, fr)
        ),
        format!(
            "{} {} ({})",
            l("comparison_group"),
            if crate::report::i18n::rtl() {
                cohort_label(&e.comparison, fr)
            } else {
                e.comparison.clone()
            },
            houses_count(e.comparison_houses, fr)
        ),
        crate::report::i18n::arrow(&e.baseline, &e.endline),
    ];
    b.push(Block::Title {
        text: l("eval_title").to_string(),
        facts,
        badge: None,
    });
    b.push(only(TERMINAL, Block::Gap));
    let arrow = |x: &crate::report::model::EvalSide, unit: &str| {
        crate::report::i18n::arrow(&figure(x.baseline, unit, fr), &figure(x.endline, unit, fr))
    };
    let rows: Vec<Vec<Cell>> = e
        .indicators
        .iter()
        .map(|i| {
            vec![
                Cell::Text(i.name.clone()),
                Cell::Text(arrow(&i.pilot, &i.unit)),
                Cell::Text(signed(i.pilot.change, &i.unit, fr)),
                Cell::Text(arrow(&i.comparison, &i.unit)),
                Cell::Text(signed(i.comparison.change, &i.unit, fr)),
                Cell::Text(signed(i.did, &i.unit, fr)),
                Cell::Text(per_column(i.pilot.houses, i.comparison.houses)),
            ]
        })
        .collect();
    let mut t = table(
        vec![
            col(l("indicator"), Kind::Text),
            col(l("pilot_group"), Kind::Text),
            col(l("change"), Kind::Text),
            col(l("comparison_group"), Kind::Text),
            col(l("change"), Kind::Text),
            col(l("did"), Kind::Text),
            col(l("panel"), Kind::Text),
        ],
        rows,
    );
    t.empty = Some(l("eval_empty").to_string());
    // A terminal gets the changes only, to fit 80 columns.
    let mut short = table(
        vec![
            col(l("indicator"), Kind::Text),
            col(&format!("{} {}", l("change"), l("pilot_group")), Kind::Text),
            col(
                &format!("{} {}", l("change"), l("comparison_group")),
                Kind::Text,
            ),
            col(l("did"), Kind::Text),
            col(l("houses"), Kind::Text),
        ],
        e.indicators
            .iter()
            .map(|i| {
                vec![
                    Cell::Text(i.name.clone()),
                    Cell::Text(signed(i.pilot.change, &i.unit, fr)),
                    Cell::Text(signed(i.comparison.change, &i.unit, fr)),
                    Cell::Text(signed(i.did, &i.unit, fr)),
                    Cell::Text(per_column(i.pilot.houses, i.comparison.houses)),
                ]
            })
            .collect(),
    );
    short.empty = t.empty.clone();
    b.push(section(vec![
        heading(2, l("indicators")),
        only(TERMINAL, Block::Table(short)),
        only(MARKDOWN | HTML, Block::Table(t)),
        note(l("naive_note")),
        only(TERMINAL | MARKDOWN, Block::Gap),
    ]));
    // Slope charts for the key indicators.
    const KEY: &[&str] = &[
        "occupancy_rate",
        "girls_share",
        "success_rate",
        "dropout_rate",
        "staff_trained_share",
    ];
    // Rates only: a count's level depends on how many houses each cohort has.
    let mut key: Vec<_> = e
        .indicators
        .iter()
        .filter(|i| i.did.is_some() && (i.unit == "percent" || i.unit == "bool"))
        .collect();
    key.sort_by_key(|i| KEY.iter().position(|k| *k == i.code).unwrap_or(KEY.len()));
    key.truncate(6);
    if !key.is_empty() {
        let charts = key
            .iter()
            .map(|i| {
                Block::Group(
                    GroupKind::Figure,
                    vec![
                        Block::Chart(Chart::Slope {
                            from: e.baseline.clone(),
                            to: e.endline.clone(),
                            lines: vec![
                                (
                                    l("pilot_group").to_string(),
                                    i.pilot.baseline,
                                    i.pilot.endline,
                                ),
                                (
                                    l("comparison_group").to_string(),
                                    i.comparison.baseline,
                                    i.comparison.endline,
                                ),
                            ],
                            suffix: suffix(&i.unit),
                        }),
                        Block::Caption(format!(
                            "{} — {} {}",
                            i.name,
                            l("did"),
                            signed(i.did, &i.unit, fr)
                        )),
                    ],
                )
            })
            .collect();
        b.push(only(
            HTML,
            section(vec![
                heading(2, l("slopes")),
                Block::Chart(Chart::Legend(vec![
                    ("background:#1f6f8b", l("pilot_group").to_string()),
                    ("background:#9aa5ad", l("comparison_group").to_string()),
                ])),
                Block::Group(GroupKind::Grid, charts),
            ]),
        ));
    }
    let dropped = |pick: fn(&crate::report::model::EvalIndicator) -> &Vec<String>| {
        let mut all: Vec<String> = e.indicators.iter().flat_map(|i| pick(i).clone()).collect();
        all.sort();
        all.dedup();
        if all.is_empty() {
            l("no_dropped").to_string()
        } else {
            all.join(comma())
        }
    };
    b.push(section(vec![
        heading(2, l("method")),
        para(l("method_text")),
        only(TERMINAL | MARKDOWN, Block::Gap),
        para(l("limits_text")),
        only(TERMINAL | MARKDOWN, Block::Gap),
        para(format!(
            "{} — {}{}{}",
            l("dropped"),
            l("pilot_group"),
            colon(fr),
            dropped(|i| &i.pilot.dropped)
        )),
        only(TERMINAL | MARKDOWN, Block::Gap),
        para(format!(
            "{} — {}{}{}",
            l("dropped"),
            l("comparison_group"),
            colon(fr),
            dropped(|i| &i.comparison.dropped)
        )),
    ]));
    Document {
        fr,
        title: l("eval_title").to_string(),
        blocks: b,
    }
}

impl Span {
    /// The span's text, without marks.
    pub fn text(&self) -> &str {
        match self {
            Span::Text(s) | Span::Strong(s) | Span::Rtl(s) | Span::Badge(s) => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_written_in_the_documents_language() {
        assert_eq!(figure(Some(74.44), "percent", true), "74,4 %");
        assert_eq!(figure(Some(50.0), "bool", false), "50 %");
        assert_eq!(figure(Some(1150.0), "count", true), "1 150");
        assert_eq!(figure(None, "count", true), "—");
        assert_eq!(house_figure(Some(1.0), "bool", true), "oui");
        assert_eq!(house_figure(Some(0.0), "bool", false), "no");
        assert_eq!(Cell::Score(Some(1.94)).text(true), "1,9");
        assert_eq!(Cell::Score(Some(1.94)).text(false), "1.9");
        assert_eq!(Cell::Percent(Some(105.4)).text(true), "105 %");
        assert_eq!(Cell::Plain(Some(1234.5)).text(true), "1234.5");
        assert_eq!(
            Cell::Flagged("en cours".into(), Some("retard".into())).text(true),
            "en cours ⚠ retard"
        );
    }

    #[test]
    fn each_medium_sees_only_its_blocks() {
        let blocks = vec![
            only(TERMINAL, para("t")),
            section(vec![only(MARKDOWN | HTML, para("m")), Block::Gap]),
        ];
        assert_eq!(flat(&blocks, TERMINAL).len(), 2);
        assert_eq!(flat(&blocks, MARKDOWN).len(), 2);
        assert!(shown(&blocks[0], HTML).is_none());
        assert!(matches!(shown(&blocks[1], HTML), Some(Block::Group(..))));
    }
}
