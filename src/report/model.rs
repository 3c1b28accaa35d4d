//! The pilot report as plain data. Its JSON form is the contract scripts rely on
//! (the README, "Reports"); renderers read nothing else.

use serde::Serialize;

use crate::store::plan::{Action, Event, Plan};

#[derive(Debug, Clone, Serialize)]
pub struct PilotReport {
    pub period: String,
    pub cohort: String,
    pub as_of: String,
    pub houses: usize,
    /// Small counts of pupils are suppressed (`--publish`).
    pub published: bool,
    pub overview: Overview,
    pub indicators: Vec<IndicatorSection>,
    pub plans: PlansSection,
    pub completeness: Completeness,
    /// Capacity self-assessment per dimension: houses' first and latest scores, averaged.
    pub assessment: Vec<DimensionSummary>,
    pub events: EventSummary,
    pub alerts: Vec<Alert>,
    /// When the period holds no data: the latest school year that has some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_period_with_data: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Overview {
    pub capacity: i64,
    pub boarders: Option<f64>,
    pub boarders_girls: Option<f64>,
    pub boarders_boys: Option<f64>,
    pub by_region: Vec<GroupCount>,
    pub by_kind: Vec<GroupCount>,
    pub house_list: Vec<HouseLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupCount {
    pub key: String,
    pub label: String,
    pub houses: usize,
    pub capacity: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HouseLine {
    pub code: String,
    pub name: String,
    pub name_ar: Option<String>,
    pub kind: String,
    pub region: String,
    pub capacity: i64,
    pub stage: Option<String>,
}

/// Something the steering committee should look at: data, not a sentence.
/// Its sentence is written in the reader's language by the document layer
/// (`report::i18n::alert_text`); the JSON carries it as `message`.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    /// `rule`, `share_over_100`, `overcrowding`, `late_action` or `missing_data`.
    pub kind: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    pub house: Option<String>,
    #[serde(skip)]
    pub subject: AlertSubject,
}

/// What an alert is about, with its figures as numbers.
#[derive(Debug, Clone)]
pub enum AlertSubject {
    /// A validation rule broken at `periods` periods; one of them as an example.
    Rule {
        rule: String,
        periods: usize,
        example: RuleExample,
    },
    /// An indicator (the occupancy rate) above 100 %.
    Overcrowding { indicator: String, rate: f64 },
    /// A share (a part over its whole) above 100 %: the data are wrong.
    ShareOver100 { indicator: String, value: f64 },
    /// An action of the house's plan past its due date.
    LateAction { action: String, due: String },
    /// The house sent nothing for the report period.
    NoData { period: String },
    /// Months of the period without any observation.
    MissingMonths { months: Vec<String> },
}

/// One evaluation of a broken rule: `left op right` at `period`.
#[derive(Debug, Clone)]
pub struct RuleExample {
    pub period: String,
    pub left: String,
    pub op: String,
    pub right: String,
    pub left_value: f64,
    pub right_value: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub period: String,
    pub value: Option<f64>,
    /// In a pilot-wide trend: the houses whose values make this month's value
    /// (those that reported every part of it that month).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub houses: Option<usize>,
    /// Withheld in a published report (`value` is null).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionSummary {
    pub dimension: String,
    pub label: String,
    pub baseline: Option<f64>,
    pub latest: Option<f64>,
    /// Houses assessed at least once on this dimension.
    pub houses: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EventSummary {
    pub total: usize,
    pub training: usize,
    pub workshop: usize,
    pub visit: usize,
    pub women: i64,
    pub men: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSection {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub formula: Option<String>,
    /// Counts pupils (suppressed when small in published reports).
    pub pupils: bool,
    pub pilot: Figures,
    pub houses: Vec<HouseFigures>,
    /// Pilot-wide value month by month, where monthly data exist.
    pub trend: Vec<TrendPoint>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    pub baseline: Option<f64>,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub progress: Option<f64>,
    /// Houses whose values make `value` (those reporting every component).
    pub houses: usize,
    /// Houses whose targets make `baseline` and `target`.
    pub target_houses: usize,
    /// Houses with a baseline, a value and a target: `progress` compares the
    /// three over these houses only.
    pub progress_houses: usize,
    /// Some figure is withheld in a published report (`withheld` says which):
    /// it would let a small count of pupils be recomputed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub suppressed: bool,
    /// The figures withheld: `value`, `baseline`, `target`, `progress`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub withheld: Vec<&'static str>,
}

/// A house's figures of one indicator. A report over thousands of houses
/// holds one per house and indicator, so it is kept small: the house's code
/// shared by its rows (behind one pointer), the figures without an `Option` each, the status and
/// what is withheld as bytes. Read through its methods; its JSON is the
/// contract's (`house`, `baseline`, `value`, `target`, `progress`, `status`,
/// then `suppressed` and `withheld` when a figure is withheld).
#[derive(Debug, Clone)]
pub struct HouseFigures {
    pub house: std::sync::Arc<String>,
    /// Baseline, value, target and progress; `present` says which are there.
    figures: [f64; 4],
    present: u8,
    status: crate::domain::aggregate::Status,
    /// Some figure is withheld in a published report (`withheld` says which):
    /// it counts fewer than 5 pupils, or would let such a count be recomputed.
    pub suppressed: bool,
    /// The figures withheld: `value`, `baseline`, `target`, `progress`.
    pub withheld: Withheld,
}

impl HouseFigures {
    pub fn new(
        house: std::sync::Arc<String>,
        [baseline, value, target, progress]: [Option<f64>; 4],
        status: crate::domain::aggregate::Status,
        withheld: Withheld,
    ) -> HouseFigures {
        let mut figures = [0.0; 4];
        let mut present = 0u8;
        for (i, v) in [baseline, value, target, progress].into_iter().enumerate() {
            if let Some(v) = v {
                figures[i] = v;
                present |= 1 << i;
            }
        }
        HouseFigures {
            house,
            figures,
            present,
            status,
            suppressed: !withheld.is_empty(),
            withheld,
        }
    }

    fn figure(&self, i: usize) -> Option<f64> {
        (self.present & (1 << i) != 0).then_some(self.figures[i])
    }

    pub fn baseline(&self) -> Option<f64> {
        self.figure(0)
    }

    pub fn value(&self) -> Option<f64> {
        self.figure(1)
    }

    pub fn target(&self) -> Option<f64> {
        self.figure(2)
    }

    pub fn progress(&self) -> Option<f64> {
        self.figure(3)
    }

    /// `achieved`, `on_track`, `behind` or `no_data`.
    pub fn status(&self) -> &'static str {
        self.status.as_str()
    }
}

impl Serialize for HouseFigures {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Json<'a> {
            house: &'a str,
            baseline: Option<f64>,
            value: Option<f64>,
            target: Option<f64>,
            progress: Option<f64>,
            status: &'static str,
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            suppressed: bool,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            withheld: &'a [&'static str],
        }
        Json {
            house: &self.house,
            baseline: self.baseline(),
            value: self.value(),
            target: self.target(),
            progress: self.progress(),
            status: self.status(),
            suppressed: self.suppressed,
            withheld: &self.withheld,
        }
        .serialize(s)
    }
}

/// Which of a house's `value`, `baseline`, `target` and `progress` a
/// published report withholds, as a byte; read as the list of their names
/// in that order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Withheld(u8);

impl Withheld {
    const NAMES: [&'static str; 4] = ["value", "baseline", "target", "progress"];
    /// Every subset of [`Withheld::NAMES`] in their order, by bits.
    const SUBSETS: [&'static [&'static str]; 16] = [
        &[],
        &["value"],
        &["baseline"],
        &["value", "baseline"],
        &["target"],
        &["value", "target"],
        &["baseline", "target"],
        &["value", "baseline", "target"],
        &["progress"],
        &["value", "progress"],
        &["baseline", "progress"],
        &["value", "baseline", "progress"],
        &["target", "progress"],
        &["value", "target", "progress"],
        &["baseline", "target", "progress"],
        &["value", "baseline", "target", "progress"],
    ];

    /// The figures named (other names are no figure of a house).
    pub fn of(names: &[&str]) -> Withheld {
        let mut bits = 0u8;
        for (i, n) in Withheld::NAMES.iter().enumerate() {
            if names.contains(n) {
                bits |= 1 << i;
            }
        }
        Withheld(bits)
    }
}

impl std::ops::Deref for Withheld {
    type Target = [&'static str];

    fn deref(&self) -> &[&'static str] {
        Withheld::SUBSETS[usize::from(self.0 & 15)]
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PlansSection {
    pub stages: StageCounts,
    pub actions: ActionCounts,
    pub by_axis: Vec<AxisSummary>,
    /// Which house is at which stage (house code, stage or null).
    pub houses: Vec<HouseStage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HouseStage {
    pub house: String,
    pub stage: Option<String>,
    pub version: Option<i64>, // the plan version the report counts (null: no plan)
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct AxisSummary {
    pub axis: String,
    pub label: String,
    #[serde(flatten)]
    pub counts: ActionCounts,
    /// Done over actions not cancelled, in percent.
    pub execution_rate: Option<f64>,
    pub budget: f64,
    pub spent: f64,
}

/// Houses by the furthest stage their current plan reached; `none`: no plan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StageCounts {
    pub diagnostic: usize,
    pub drafted: usize,
    pub validated: usize,
    pub adopted: usize,
    pub executing: usize,
    pub evaluated: usize,
    pub none: usize,
}

impl StageCounts {
    pub fn add(&mut self, stage: Option<&str>) {
        match stage {
            Some("diagnostic") => self.diagnostic += 1,
            Some("drafted") => self.drafted += 1,
            Some("validated") => self.validated += 1,
            Some("adopted") => self.adopted += 1,
            Some("executing") => self.executing += 1,
            Some("evaluated") => self.evaluated += 1,
            _ => self.none += 1,
        }
    }

    /// (stage, count) in the order of the funnel, `none` last.
    pub fn ordered(&self) -> [(&'static str, usize); 7] {
        [
            ("diagnostic", self.diagnostic),
            ("drafted", self.drafted),
            ("validated", self.validated),
            ("adopted", self.adopted),
            ("executing", self.executing),
            ("evaluated", self.evaluated),
            ("none", self.none),
        ]
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ActionCounts {
    pub total: usize,
    pub done: usize,
    pub in_progress: usize,
    pub planned: usize,
    pub cancelled: usize,
    pub late: usize,
}

impl ActionCounts {
    pub fn count(&mut self, status: &str, late: bool) {
        self.total += 1;
        match status {
            "done" => self.done += 1,
            "in_progress" => self.in_progress += 1,
            "cancelled" => self.cancelled += 1,
            _ => self.planned += 1,
        }
        self.late += late as usize;
    }

    /// Done over actions not cancelled, in percent.
    pub fn execution_rate(&self) -> Option<f64> {
        let live = self.total - self.cancelled;
        (live > 0).then(|| 100.0 * self.done as f64 / live as f64)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Completeness {
    /// House-months expected: every house, every month of the period up to the as-of date.
    pub expected: usize,
    /// House-months with a monthly or quarterly observation covering them.
    pub received: usize,
    pub rate: Option<f64>,
    /// The months of the matrix, in order.
    pub months: Vec<String>,
    pub houses: Vec<HouseCompleteness>,
    /// Houses that sent nothing for the period.
    pub not_reporting: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HouseCompleteness {
    pub house: String,
    pub expected: usize,
    pub received: usize,
    pub rate: Option<f64>,
    /// For each month of `months`: received (true) or not.
    pub months: Vec<bool>,
    pub missing: Vec<String>,
}

/// A house's plan as `plan show` and the house report present it.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub house: String,
    pub as_of: String,
    pub plan: Option<Plan>,
    pub stage: Option<String>,
    pub stages: Vec<StageView>,
    pub axes: Vec<AxisView>,
    pub late_actions: Vec<i64>,
    pub assessment: Vec<DimensionView>,
    pub events: Vec<Event>,
    pub previous_versions: Vec<Plan>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageView {
    pub stage: String,
    pub reached_on: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AxisView {
    pub code: String,
    pub label: String,
    pub actions: Vec<ActionView>,
    pub total: usize,
    pub done: usize,
    pub late: usize,
    /// Done over actions not cancelled, in percent.
    pub execution_rate: Option<f64>,
    pub budget: f64,
    pub spent: f64,
    /// Spent over budget, in percent.
    pub budget_executed: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    #[serde(flatten)]
    pub action: Action,
    pub late: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionView {
    pub dimension: String,
    pub label: String,
    pub baseline_period: Option<String>,
    pub baseline: Option<f64>,
    pub latest_period: Option<String>,
    pub latest: Option<f64>,
}

/// One house's dossier (fiche établissement).
#[derive(Debug, Clone, Serialize)]
pub struct HouseReport {
    pub period: String,
    pub as_of: String,
    pub published: bool,
    pub house: crate::store::house::House,
    pub association: Option<crate::store::association::Association>,
    pub indicators: Vec<HouseIndicator>,
    pub plan: PlanView,
    pub completeness: Option<HouseCompleteness>,
    pub alerts: Vec<Alert>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HouseIndicator {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub formula: Option<String>,
    #[serde(flatten)]
    pub figures: HouseFigures,
    /// Every recorded value up to the end of the period, oldest first.
    pub history: Vec<TrendPoint>,
}

/// One group of a roll-up (`report pilot --by`): every indicator over the
/// group's houses with the pilot-wide rules.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// `region`, `province`, `kind`, `milieu` or `cohort`.
    pub by: String,
    pub key: String,
    pub name: String,
    pub houses: usize,
    pub indicators: Vec<GroupIndicator>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupIndicator {
    pub code: String,
    pub value: Option<f64>,
    /// Houses of the group the value is computed over (those reporting it).
    pub houses: usize,
    /// Withheld in a published report (`value` is then null): a small count,
    /// the one withheld house of its group, or a rate of a withheld part.
    pub suppressed: bool,
}

/// How an indicator is spread across houses (the scaled report).
#[derive(Debug, Clone, Serialize)]
pub struct Distribution {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub houses: usize,
    pub min: Option<f64>,
    pub q1: Option<f64>,
    pub median: Option<f64>,
    pub q3: Option<f64>,
    pub max: Option<f64>,
    /// Every house's value, for a strip chart.
    #[serde(skip)]
    pub values: Vec<f64>,
}

/// A house far behind its targets (the scaled report's top 10).
#[derive(Debug, Clone, Serialize)]
pub struct Laggard {
    pub house: String,
    pub name: String,
    pub region: String,
    /// Indicators with a target and a value.
    pub targets: usize,
    pub behind: usize,
    /// Mean progress towards the targets, in percent.
    pub progress: Option<f64>,
}

/// `report evaluation`: pilot against comparison houses, difference in differences.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub pilot: String,
    pub comparison: String,
    pub baseline: String,
    pub endline: String,
    /// Houses in each cohort (before the balanced panel).
    pub pilot_houses: usize,
    pub comparison_houses: usize,
    pub indicators: Vec<EvalIndicator>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvalIndicator {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub pilot: EvalSide,
    pub comparison: EvalSide,
    /// Pilot change minus comparison change.
    pub did: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EvalSide {
    pub baseline: Option<f64>,
    pub endline: Option<f64>,
    pub change: Option<f64>,
    /// Houses reporting both periods (the balanced panel).
    pub houses: usize,
    /// Houses that reported at baseline but not at endline.
    pub dropped: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aggregate::Status;

    #[test]
    fn withheld_figures_read_as_their_names_in_order() {
        assert!(Withheld::default().is_empty());
        let w = Withheld::of(&["progress", "value"]);
        assert_eq!(&*w, &["value", "progress"]);
        assert!(w.contains(&"value") && !w.contains(&"target"));
        let all = Withheld::of(&["value", "baseline", "target", "progress", "other"]);
        assert_eq!(&*all, &["value", "baseline", "target", "progress"]);
    }

    #[test]
    fn house_figures_serialize_as_the_contract_says() {
        let shown = HouseFigures::new(
            String::from("H1").into(),
            [None, Some(2.5), Some(4.0), None],
            Status::Behind,
            Withheld::default(),
        );
        assert_eq!(shown.value(), Some(2.5));
        assert_eq!(shown.baseline(), None);
        assert_eq!(
            serde_json::to_string(&shown).unwrap(),
            r#"{"house":"H1","baseline":null,"value":2.5,"target":4.0,"progress":null,"status":"behind"}"#
        );
        let withheld = HouseFigures::new(
            String::from("H2").into(),
            [None, None, Some(0.0), None],
            Status::NoData,
            Withheld::of(&["value"]),
        );
        assert!(withheld.suppressed);
        assert_eq!(
            serde_json::to_string(&withheld).unwrap(),
            r#"{"house":"H2","baseline":null,"value":null,"target":0.0,"progress":null,"status":"no_data","suppressed":true,"withheld":["value"]}"#
        );
    }
}
