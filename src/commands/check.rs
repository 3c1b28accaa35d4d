//! `suivi check`: every validation rule, for every house and period with data
//! on both sides, on the values the report shows (see `report::checks`).

use anyhow::Result;

use crate::cli::CheckArgs;
use crate::context::Ctx;
use crate::output::{self, Listing, num, text};
use crate::report::checks::evaluate;

pub fn run(ctx: &Ctx, a: &CheckArgs) -> Result<()> {
    let format = ctx.listing_format()?;
    let db = ctx.open()?;
    let period = a
        .period
        .as_deref()
        .map(|p| super::parse_period(p, "--period"))
        .transpose()?;
    let violations = evaluate(&db.conn, period.as_ref(), None)?;
    let mut l = Listing::new(&[
        "rule",
        "severity",
        "house",
        "period",
        "left",
        "left_value",
        "op",
        "right",
        "right_value",
    ])
    .keyed(&["rule", "house", "period", "left_value", "op", "right_value"]);
    for v in &violations {
        l.push(vec![
            text(&v.rule),
            text(&v.severity),
            text(&v.house),
            text(&v.period.canonical()),
            text(&v.left),
            num(Some(v.left_value)),
            text(&v.op),
            text(&v.right),
            num(Some(v.right_value)),
        ]);
    }
    output::print_violations(format, &l)?;
    let errors = violations.iter().filter(|v| v.severity == "error").count();
    if errors > 0 {
        return Err(crate::messages::rejected(
            crate::messages::Msg::RuleViolations { n: errors },
        ));
    }
    Ok(())
}
