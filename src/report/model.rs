//! The pilot report as plain data. Its JSON form is the contract scripts rely on
//! (CLI.md, "Report JSON"); renderers read nothing else.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct PilotReport {
    pub period: String,
    pub cohort: String,
    pub as_of: String,
    pub houses: usize,
    pub indicators: Vec<IndicatorSection>,
    pub plans: PlansSection,
    pub completeness: Completeness,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSection {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub formula: Option<String>,
    pub pilot: Figures,
    pub houses: Vec<HouseFigures>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    pub baseline: Option<f64>,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub progress: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HouseFigures {
    pub house: String,
    pub baseline: Option<f64>,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub progress: Option<f64>,
    pub status: &'static str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PlansSection {
    pub stages: StageCounts,
    pub actions: ActionCounts,
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

#[derive(Debug, Clone, Default, Serialize)]
pub struct Completeness {
    /// House-months expected: every house, every month of the period up to the as-of date.
    pub expected: usize,
    /// House-months with at least one observation covering them.
    pub received: usize,
    pub rate: Option<f64>,
}
