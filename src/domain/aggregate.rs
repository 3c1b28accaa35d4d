//! How indicator values combine over time and across houses, and how a value
//! compares with its baseline and target (progress and status).

use std::fmt;
use std::str::FromStr;

/// A word that names no rule, direction or status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownWord {
    pub input: String,
    /// What was being read, e.g. `rule over time`.
    pub what: &'static str,
    /// The accepted words, e.g. `sum, last, mean, max or min`.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::messages::Msg::NotAValidWord {
            input: self.input.clone(),
            what: self.what,
            expected: self.expected,
        }
        .fmt(f)
    }
}

impl std::error::Error for UnknownWord {}

/// Defines a keyword enum with `as_str`, `Display` and a trimmed, case-insensitive
/// `FromStr` that also takes synonyms.
macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal, $expected:expr,
        { $($(#[$vmeta:meta])* $variant:ident => $word:literal $(| $alias:literal)*,)+ }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable lowercase word, as stored and displayed.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;

            fn from_str(s: &str) -> Result<$name, UnknownWord> {
                match s.trim().to_lowercase().as_str() {
                    $($word $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(UnknownWord {
                        input: s.to_string(),
                        what: $what,
                        expected: $expected,
                    }),
                }
            }
        }
    };
}

keyword_enum! {
    /// How the observations of one house inside a reporting period combine.
    OverTime, "rule over time", &["sum", "last", "mean", "max", "min"], {
        /// Flows, such as meals served: the period's total.
        Sum => "sum",
        /// Stocks, such as pupils enrolled: the latest observation.
        Last => "last",
        Mean => "mean",
        Max => "max",
        Min => "min",
    }
}

keyword_enum! {
    /// How the values of several houses combine into one.
    Across, "rule across houses", &["sum", "mean"], {
        Sum => "sum",
        Mean => "mean",
    }
}

keyword_enum! {
    /// Which way is better for an indicator.
    Direction, "direction", &["up", "down", "higher", "lower", "hausse", "baisse"], {
        /// Higher is better.
        Up => "up" | "higher" | "hausse",
        /// Lower is better (dropouts, pupils per staff member).
        Down => "down" | "lower" | "baisse",
    }
}

keyword_enum! {
    /// Where an indicator stands against its target; see [`status`].
    Status, "status", &["achieved", "on_track", "behind", "no_data"], {
        Achieved => "achieved",
        OnTrack => "on_track",
        Behind => "behind",
        NoData => "no_data",
    }
}

/// Combines one house's observations inside a period. Each value comes with an
/// ordering key, the last month index of the period it was observed for; `Last`
/// keeps the value with the greatest key (the later one in the slice on a tie).
/// `None` when there is no value.
pub fn combine_over_time(rule: OverTime, values: &[(i32, f64)]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let plain = values.iter().map(|&(_, v)| v);
    Some(match rule {
        OverTime::Sum => plain.sum(),
        OverTime::Mean => plain.sum::<f64>() / values.len() as f64,
        OverTime::Max => plain.fold(f64::NEG_INFINITY, f64::max),
        OverTime::Min => plain.fold(f64::INFINITY, f64::min),
        OverTime::Last => {
            // max_by_key returns the last maximum, which is the tie rule documented above.
            values.iter().max_by_key(|&&(key, _)| key)?.1
        }
    })
}

/// Combines the values of several houses. `None` when there is no value.
pub fn combine_across(rule: Across, values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let sum: f64 = values.iter().sum();
    Some(match rule {
        Across::Sum => sum,
        Across::Mean => sum / values.len() as f64,
    })
}

/// A yes/no indicator across houses: the percentage of reporting houses answering
/// yes (values ≥ 0.5 count as yes). `None` when no house reported.
pub fn share_yes(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let yes = values.iter().filter(|&&v| v >= 0.5).count();
    Some(100.0 * yes as f64 / values.len() as f64)
}

/// Percentage of the way from baseline to target: `(value − baseline) / (target −
/// baseline) × 100`, whatever the direction (0 at the baseline, 100 at the target,
/// negative when moving away). `None` when any input is missing, when target equals
/// baseline, or when the result is not finite.
pub fn progress(baseline: Option<f64>, value: Option<f64>, target: Option<f64>) -> Option<f64> {
    let (b, v, t) = (baseline?, value?, target?);
    if t == b {
        return None;
    }
    let p = (v - b) / (t - b) * 100.0;
    p.is_finite().then_some(p)
}

/// Whether `value` meets or beats `target`, allowing for floating-point noise so that a
/// computed 80.00000000000001 % does not miss an 80 % target (or the reverse).
fn meets(direction: Direction, value: f64, target: f64) -> bool {
    let tolerance = 1e-9 * target.abs().max(1.0);
    match direction {
        Direction::Up => value >= target - tolerance,
        Direction::Down => value <= target + tolerance,
    }
}

/// Where an indicator stands against its target. The rule, in order:
///
/// 1. no value → `no_data`;
/// 2. no target → `no_data` (there is nothing to stand against);
/// 3. the value meets or beats the target in the indicator's direction (≥ target when
///    higher is better, ≤ target when lower is better) → `achieved`;
/// 4. with a baseline and the elapsed time (`elapsed`: the fraction, 0 to 1, of the
///    time from the baseline period to the target period that has passed; values
///    outside are clamped), `on_track` when progress from baseline to target (see
///    [`progress`]) is at least that fraction of the way (progress ≥ elapsed × 100),
///    otherwise `behind`;
/// 5. without a baseline or without the elapsed time → `behind`.
pub fn status(
    direction: Direction,
    baseline: Option<f64>,
    value: Option<f64>,
    target: Option<f64>,
    elapsed: Option<f64>,
) -> Status {
    let (Some(v), Some(t)) = (value, target) else {
        return Status::NoData;
    };
    if meets(direction, v, t) {
        return Status::Achieved;
    }
    let elapsed = elapsed.filter(|e| e.is_finite()).map(|e| e.clamp(0.0, 1.0));
    match (progress(baseline, value, target), elapsed) {
        (Some(p), Some(e)) if p >= e * 100.0 - 1e-9 => Status::OnTrack,
        _ => Status::Behind,
    }
}

#[cfg(test)]
mod tests {
    use super::super::formula::Formula;
    use super::*;

    #[test]
    fn words_round_trip_and_synonyms() {
        for rule in OverTime::ALL {
            assert_eq!(rule.as_str().parse::<OverTime>(), Ok(*rule));
            assert_eq!(rule.to_string(), rule.as_str());
        }
        for rule in Across::ALL {
            assert_eq!(rule.as_str().parse::<Across>(), Ok(*rule));
        }
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(*s));
        }
        let words: Vec<_> = OverTime::ALL.iter().map(OverTime::as_str).collect();
        assert_eq!(words, ["sum", "last", "mean", "max", "min"]);
        let words: Vec<_> = Status::ALL.iter().map(Status::as_str).collect();
        assert_eq!(words, ["achieved", "on_track", "behind", "no_data"]);
        assert_eq!(" SUM ".parse::<Across>(), Ok(Across::Sum));
        for s in ["up", "higher", "Hausse"] {
            assert_eq!(s.parse::<Direction>(), Ok(Direction::Up));
        }
        for s in ["down", "LOWER", "baisse"] {
            assert_eq!(s.parse::<Direction>(), Ok(Direction::Down));
        }
        assert_eq!(Direction::Down.to_string(), "down");
        assert_eq!(
            "average".parse::<OverTime>().unwrap_err().to_string(),
            "\"average\" is not a valid rule over time: expected sum, last, mean, max or min"
        );
        assert!("last".parse::<Across>().is_err());
        assert!("".parse::<Direction>().is_err());
    }

    #[test]
    fn over_time() {
        let v = [(24_300, 10.0), (24_302, 30.0), (24_301, 20.0)];
        assert_eq!(combine_over_time(OverTime::Sum, &v), Some(60.0));
        assert_eq!(combine_over_time(OverTime::Mean, &v), Some(20.0));
        assert_eq!(combine_over_time(OverTime::Max, &v), Some(30.0));
        assert_eq!(combine_over_time(OverTime::Min, &v), Some(10.0));
        assert_eq!(combine_over_time(OverTime::Last, &v), Some(30.0));
        assert_eq!(
            combine_over_time(OverTime::Last, &[(5, 1.0), (5, 2.0), (4, 3.0)]),
            Some(2.0)
        );
        assert_eq!(combine_over_time(OverTime::Min, &[(1, -4.0)]), Some(-4.0));
        for rule in OverTime::ALL {
            assert_eq!(combine_over_time(*rule, &[]), None);
        }
    }

    #[test]
    fn across_houses() {
        assert_eq!(combine_across(Across::Sum, &[1.0, 2.0, 6.0]), Some(9.0));
        assert_eq!(combine_across(Across::Mean, &[1.0, 2.0, 6.0]), Some(3.0));
        assert_eq!(combine_across(Across::Sum, &[]), None);
        assert_eq!(combine_across(Across::Mean, &[]), None);
        assert_eq!(share_yes(&[1.0, 0.0, 1.0, 1.0]), Some(75.0));
        assert_eq!(share_yes(&[0.0]), Some(0.0));
        assert_eq!(share_yes(&[]), None);
    }

    /// Why computed indicators are evaluated on combined components: the pilot-wide
    /// success rate is 91 passed out of 110 sat, not the mean of the houses' rates.
    #[test]
    fn ratio_of_sums_differs_from_mean_of_rates() {
        let success_rate = Formula::parse("100 * pupils_passed / pupils_sat").unwrap();
        let houses = [(90.0, 100.0), (1.0, 10.0)];
        let rate_of = |passed: f64, sat: f64| {
            success_rate
                .eval(&|code| match code {
                    "pupils_passed" => Some(passed),
                    "pupils_sat" => Some(sat),
                    _ => None,
                })
                .unwrap()
        };
        let rates: Vec<f64> = houses.iter().map(|&(p, s)| rate_of(p, s)).collect();
        let mean_of_rates = combine_across(Across::Mean, &rates).unwrap();
        let passed: Vec<f64> = houses.iter().map(|h| h.0).collect();
        let sat: Vec<f64> = houses.iter().map(|h| h.1).collect();
        let ratio_of_sums = rate_of(
            combine_across(Across::Sum, &passed).unwrap(),
            combine_across(Across::Sum, &sat).unwrap(),
        );
        assert_eq!(mean_of_rates, 50.0);
        assert!((ratio_of_sums - 82.727).abs() < 1e-3);
    }

    #[test]
    fn progress_from_baseline_to_target() {
        assert_eq!(progress(Some(50.0), Some(60.0), Some(70.0)), Some(50.0));
        assert_eq!(progress(Some(20.0), Some(15.0), Some(10.0)), Some(50.0));
        assert_eq!(progress(Some(50.0), Some(40.0), Some(70.0)), Some(-50.0));
        assert_eq!(progress(Some(50.0), Some(80.0), Some(70.0)), Some(150.0));
        assert_eq!(progress(None, Some(60.0), Some(70.0)), None);
        assert_eq!(progress(Some(50.0), None, Some(70.0)), None);
        assert_eq!(progress(Some(50.0), Some(60.0), None), None);
        assert_eq!(progress(Some(70.0), Some(60.0), Some(70.0)), None);
        assert_eq!(progress(Some(0.0), Some(f64::MAX), Some(1e-300)), None);
    }

    #[test]
    fn status_rule() {
        use Direction::{Down, Up};
        assert_eq!(
            status(Up, Some(50.0), None, Some(70.0), Some(0.5)),
            Status::NoData
        );
        assert_eq!(
            status(Up, Some(50.0), Some(60.0), None, Some(0.5)),
            Status::NoData
        );
        assert_eq!(
            status(Up, None, Some(70.0), Some(70.0), None),
            Status::Achieved
        );
        assert_eq!(
            status(Up, None, Some(80.0), Some(70.0), None),
            Status::Achieved
        );
        assert_eq!(
            status(Down, None, Some(5.0), Some(8.0), None),
            Status::Achieved
        );
        assert_eq!(
            status(Down, None, Some(9.0), Some(8.0), None),
            Status::Behind
        );
        // Floating-point noise does not cost a house its target.
        assert_eq!(100.0 * 0.29, 28.999_999_999_999_996);
        assert_eq!(
            status(Up, None, Some(100.0 * 0.29), Some(29.0), None),
            Status::Achieved
        );
        assert_eq!(
            status(Down, None, Some(100.0 * (0.1 + 0.2)), Some(30.0), None),
            Status::Achieved
        );
        // Half way there with half the time gone: on track; with 60 % gone: behind.
        assert_eq!(
            status(Up, Some(50.0), Some(60.0), Some(70.0), Some(0.5)),
            Status::OnTrack
        );
        assert_eq!(
            status(Up, Some(50.0), Some(60.0), Some(70.0), Some(0.6)),
            Status::Behind
        );
        assert_eq!(
            status(Down, Some(20.0), Some(15.0), Some(10.0), Some(0.4)),
            Status::OnTrack
        );
        assert_eq!(
            status(Down, Some(20.0), Some(22.0), Some(10.0), Some(0.0)),
            Status::Behind
        );
        // Past the target date without reaching it.
        assert_eq!(
            status(Up, Some(50.0), Some(69.0), Some(70.0), Some(1.3)),
            Status::Behind
        );
        // Before the baseline period: nothing expected yet.
        assert_eq!(
            status(Up, Some(50.0), Some(50.0), Some(70.0), Some(-0.2)),
            Status::OnTrack
        );
        assert_eq!(
            status(Up, None, Some(60.0), Some(70.0), Some(0.5)),
            Status::Behind
        );
        assert_eq!(
            status(Up, Some(50.0), Some(60.0), Some(70.0), None),
            Status::Behind
        );
        assert_eq!(
            status(Up, Some(50.0), Some(60.0), Some(70.0), Some(f64::NAN)),
            Status::Behind
        );
        assert_eq!(
            status(Up, Some(70.0), Some(60.0), Some(70.0), Some(0.1)),
            Status::Behind
        );
    }
}
