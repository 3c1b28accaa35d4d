//! The report as JSON: the shape of CLI.md's "Report JSON".

use anyhow::Result;

use crate::report::model::PilotReport;

pub fn pilot(report: &PilotReport) -> Result<String> {
    Ok(serde_json::to_string_pretty(report)? + "\n")
}
