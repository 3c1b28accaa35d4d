//! Indicators: units and the values they allow, recorded versus computed
//! (formula) indicators, and the catalogue that resolves codes and names.

use std::collections::{BTreeMap, HashMap};

use super::aggregate::{Across, Direction, OverTime};
use super::formula::{BinOp, Expr, Formula};
use super::number::{Decimal, parse_bool, parse_number};
use crate::text::normalize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Count,
    Percent,
    Mad,
    Score,
    Bool,
    Days,
    Hours,
}

impl Unit {
    pub const ALL: &'static [Unit] = &[
        Unit::Count,
        Unit::Percent,
        Unit::Mad,
        Unit::Score,
        Unit::Bool,
        Unit::Days,
        Unit::Hours,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::Mad => "mad",
            Unit::Score => "score",
            Unit::Bool => "bool",
            Unit::Days => "days",
            Unit::Hours => "hours",
        }
    }

    pub fn parse(s: &str) -> Result<Unit, String> {
        let n = s.trim().to_lowercase();
        Unit::ALL
            .iter()
            .copied()
            .find(|u| u.as_str() == n)
            .ok_or_else(|| {
                format!("unknown unit \"{s}\": use count, percent, mad, score, bool, days or hours")
            })
    }

    /// Whether a recorded value fits the unit; the error says why not.
    pub fn check(self, v: f64) -> Result<(), Box<crate::messages::Msg>> {
        use crate::messages::Msg;
        if !v.is_finite() {
            return Err(Box::new(Msg::NotFinite));
        }
        match self {
            Unit::Count | Unit::Mad | Unit::Days | Unit::Hours if v < 0.0 => {
                Err(Box::new(Msg::IsNegative { unit: self.noun() }))
            }
            Unit::Count if v.fract() != 0.0 => Err(Box::new(Msg::NotWhole)),
            Unit::Percent if !(0.0..=100.0).contains(&v) => Err(Box::new(Msg::OutsidePercent)),
            Unit::Bool if v != 0.0 && v != 1.0 => Err(Box::new(Msg::IsNotYesNo)),
            _ => match self.plausible_max() {
                Some(max) if v.abs() > max => Err(Box::new(Msg::BeyondPlausible {
                    unit: self.noun(),
                    max: crate::domain::number::format_number(max, Decimal::Dot),
                })),
                _ => Ok(()),
            },
        }
    }

    /// The largest value a house can plausibly record in one period; more is a
    /// typo (a date or a phone number in a count, digits pasted twice).
    pub fn plausible_max(self) -> Option<f64> {
        match self {
            Unit::Count => Some(10_000_000.0),
            Unit::Mad => Some(1_000_000_000_000.0),
            Unit::Days => Some(10_000_000.0),
            Unit::Hours => Some(10_000_000.0),
            Unit::Score => Some(1_000_000.0),
            Unit::Percent | Unit::Bool => None,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Mad => "mad",
            Unit::Days => "days",
            Unit::Hours => "hours",
            _ => "value",
        }
    }

    /// Reads a value as typed by a person or found in a spreadsheet cell.
    pub fn parse_value(
        self,
        input: &str,
        decimal: Decimal,
    ) -> Result<f64, Box<crate::messages::Msg>> {
        use crate::messages::Msg;
        if self == Unit::Bool {
            if let Some(b) = parse_bool(input) {
                return Ok(if b { 1.0 } else { 0.0 });
            }
            return Err(Box::new(Msg::NotYesNo {
                input: input.to_string(),
            }));
        }
        let v = parse_number(input, decimal).map_err(|e| Box::new(e.msg()))?;
        self.check(v).map_err(|why| {
            Box::new(Msg::ValueIs {
                input: input.to_string(),
                why,
            })
        })?;
        Ok(v)
    }
}

/// How an indicator gets its values.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// Recorded per house and period, combined over time, then across houses.
    Recorded { over_time: OverTime, across: Across },
    /// Computed from other indicators, always on their combined values.
    Formula(Formula),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub id: i64,
    pub code: String,
    pub name_fr: String,
    pub name_en: Option<String>,
    pub name_ar: Option<String>,
    pub unit: Unit,
    pub direction: Direction,
    pub kind: Kind,
    /// Counts pupils: suppressed when small in published reports.
    pub pupils: bool,
    /// House kinds the indicator applies to (codes of `register::HOUSE_KINDS`);
    /// empty: every kind.
    pub kinds: Vec<String>,
}

impl Indicator {
    pub fn name(&self, french: bool) -> &str {
        if french {
            &self.name_fr
        } else {
            self.name_en.as_deref().unwrap_or(&self.name_fr)
        }
    }

    /// Whether houses of this kind report the indicator.
    pub fn applies_to(&self, house_kind: &str) -> bool {
        self.kinds.is_empty() || self.kinds.iter().any(|k| k == house_kind)
    }

    pub fn formula(&self) -> Option<&Formula> {
        match &self.kind {
            Kind::Formula(f) => Some(f),
            Kind::Recorded { .. } => None,
        }
    }
}

/// Checks a code typed for a new indicator: lowercase letters, digits, `_`.
pub fn check_code(code: &str) -> Result<(), String> {
    let ok = code.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "indicator code \"{code}\" must start with a lowercase letter and hold only a-z, 0-9 and _"
        ))
    }
}

/// All indicators, resolvable by code or by French or English name.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    pub items: Vec<Indicator>,
    by_key: HashMap<String, usize>,
    /// Code → place in `items` (the first of a code), for the per-value
    /// look-ups of formulas and rules.
    by_code: crate::fasthash::FastMap<String, usize>,
}

impl Catalogue {
    pub fn new(items: Vec<Indicator>) -> Catalogue {
        let mut by_key = HashMap::new();
        // Names first, codes last: a code always wins over a name that normalizes alike.
        for (i, ind) in items.iter().enumerate() {
            by_key.insert(normalize(&ind.name_fr), i);
            for name in [&ind.name_en, &ind.name_ar].into_iter().flatten() {
                by_key.insert(normalize(name), i);
            }
        }
        let mut by_code = crate::fasthash::FastMap::default();
        for (i, ind) in items.iter().enumerate() {
            by_key.insert(normalize(&ind.code), i);
            by_code.entry(ind.code.clone()).or_insert(i);
        }
        Catalogue {
            items,
            by_key,
            by_code,
        }
    }

    /// By code, or by French, English or Arabic name, matched like headers.
    pub fn find(&self, input: &str) -> Option<&Indicator> {
        self.by_key.get(&normalize(input)).map(|&i| &self.items[i])
    }

    pub fn by_code(&self, code: &str) -> Option<&Indicator> {
        self.by_code.get(code).map(|&i| &self.items[i])
    }

    /// Checks a formula for indicator `code`: known indicators, no cycle.
    pub fn check_formula(&self, code: &str, formula: &Formula) -> Result<(), String> {
        for v in formula.variables() {
            if v == code {
                return Err(format!("formula of {code} refers to itself"));
            }
            if self.by_code(&v).is_none() {
                return Err(format!(
                    "formula of {code} names an unknown indicator \"{v}\" (see `suivi indicator list`)"
                ));
            }
        }
        let mut deps: BTreeMap<String, Vec<String>> = self
            .items
            .iter()
            .filter_map(|i| i.formula().map(|f| (i.code.clone(), f.variables())))
            .collect();
        deps.insert(code.to_string(), formula.variables());
        if let Some(cycle) = super::formula::find_cycle(&deps) {
            return Err(format!(
                "formulas would make a cycle: {}",
                cycle.join(" → ")
            ));
        }
        Ok(())
    }

    /// The value of indicator `code`, computing formulas from `base` (the
    /// combined value of each recorded indicator, by code).
    pub fn value(&self, code: &str, base: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
        self.value_depth(code, base, 0)
    }

    fn value_depth(
        &self,
        code: &str,
        base: &dyn Fn(&str) -> Option<f64>,
        depth: usize,
    ) -> Option<f64> {
        let ind = self.by_code(code)?;
        match &ind.kind {
            Kind::Recorded { .. } => base(code),
            // Cycles are refused when formulas are added; the depth bound is a second guard.
            Kind::Formula(f) if depth < 32 => f.eval(&|v| self.value_depth(v, base, depth + 1)),
            Kind::Formula(_) => None,
        }
    }

    /// The recorded indicators a formula indicator ultimately depends on.
    pub fn recorded_components(&self, code: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_components(code, &mut out, 0);
        out
    }

    fn collect_components(&self, code: &str, out: &mut Vec<String>, depth: usize) {
        let Some(ind) = self.by_code(code) else {
            return;
        };
        match &ind.kind {
            Kind::Recorded { .. } => {
                if !out.iter().any(|c| c == code) {
                    out.push(code.to_string());
                }
            }
            Kind::Formula(f) if depth < 32 => {
                for v in f.variables() {
                    self.collect_components(&v, out, depth + 1);
                }
            }
            Kind::Formula(_) => {}
        }
    }
}

/// The denominator of a rate formula (`100 * a / b` → `b`), used to weight
/// houses' targets so that a pilot-wide target is consistent with a ratio of
/// sums. `None` when the formula is not a ratio.
pub fn denominator(formula: &Formula) -> Option<Formula> {
    fn find(e: &Expr) -> Option<&Expr> {
        match e {
            Expr::Binary(BinOp::Div, _, den) => Some(den),
            Expr::Binary(BinOp::Mul, a, b) => match (a.as_ref(), b.as_ref()) {
                (Expr::Number(_), other) | (other, Expr::Number(_)) => find(other),
                _ => None,
            },
            _ => None,
        }
    }
    let den = find(formula.expr())?;
    Formula::parse(&expr_text(den)).ok()
}

fn expr_text(e: &Expr) -> String {
    match e {
        Expr::Number(n) => format!("{n}"),
        Expr::Var(v) => v.clone(),
        Expr::Neg(x) => format!("-({})", expr_text(x)),
        Expr::Binary(op, a, b) => {
            let o = match op {
                BinOp::Add => "+",
                BinOp::Sub => "-",
                BinOp::Mul => "*",
                BinOp::Div => "/",
            };
            format!("({}) {o} ({})", expr_text(a), expr_text(b))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: i64, code: &str, unit: Unit) -> Indicator {
        Indicator {
            id,
            code: code.into(),
            name_fr: format!("Nom {code}"),
            name_en: None,
            name_ar: None,
            unit,
            direction: Direction::Up,
            kind: Kind::Recorded {
                over_time: OverTime::Last,
                across: Across::Sum,
            },
            pupils: false,
            kinds: Vec::new(),
        }
    }

    fn formula(id: i64, code: &str, f: &str) -> Indicator {
        Indicator {
            kind: Kind::Formula(Formula::parse(f).unwrap()),
            ..rec(id, code, Unit::Percent)
        }
    }

    fn catalogue() -> Catalogue {
        Catalogue::new(vec![
            rec(1, "pupils_sat", Unit::Count),
            rec(2, "pupils_passed", Unit::Count),
            formula(3, "success_rate", "100 * pupils_passed / pupils_sat"),
            formula(4, "double_rate", "2 * success_rate"),
        ])
    }

    #[test]
    fn units_check_values() {
        assert!(Unit::Count.check(3.0).is_ok());
        assert!(
            Unit::Count
                .check(-1.0)
                .unwrap_err()
                .to_string()
                .contains("negative")
        );
        assert!(Unit::Count.check(1.5).is_err());
        assert!(Unit::Percent.check(100.5).is_err());
        assert!(Unit::Bool.check(2.0).is_err());
        assert!(Unit::Score.check(-2.0).is_ok());
        assert_eq!(Unit::Bool.parse_value("oui", Decimal::Auto), Ok(1.0));
        assert_eq!(Unit::Bool.parse_value("non", Decimal::Auto), Ok(0.0));
        assert_eq!(Unit::Mad.parse_value("1 234,5", Decimal::Auto), Ok(1234.5));
        assert_eq!(Unit::Percent.parse_value("85 %", Decimal::Auto), Ok(85.0));
        assert!(Unit::Count.parse_value("abc", Decimal::Auto).is_err());
        assert!(Unit::parse("kg").is_err());
    }

    #[test]
    fn finds_by_code_or_name_and_checks_formulas() {
        let c = catalogue();
        assert_eq!(c.find("PUPILS_SAT").unwrap().id, 1);
        assert_eq!(c.find("nom pupils passed").unwrap().id, 2);
        let f = Formula::parse("pupils_sat / nobody").unwrap();
        assert!(c.check_formula("x", &f).unwrap_err().contains("nobody"));
        let f = Formula::parse("double_rate + 1").unwrap();
        assert!(c.check_formula("x", &f).is_ok());
        // Redefining success_rate over double_rate would close a loop.
        let f = Formula::parse("double_rate / 2").unwrap();
        assert!(
            c.check_formula("success_rate", &f)
                .unwrap_err()
                .contains("cycle")
        );
    }

    #[test]
    fn formulas_are_evaluated_on_combined_components() {
        let c = catalogue();
        let base = |code: &str| match code {
            "pupils_sat" => Some(110.0),
            "pupils_passed" => Some(91.0),
            _ => None,
        };
        let v = c.value("success_rate", &base).unwrap();
        assert!((v - 82.727).abs() < 0.01);
        assert!((c.value("double_rate", &base).unwrap() - 165.45).abs() < 0.01);
        assert_eq!(c.value("success_rate", &|_| None), None);
        assert_eq!(
            c.recorded_components("double_rate"),
            ["pupils_passed", "pupils_sat"]
        );
    }

    #[test]
    fn the_denominator_of_a_rate_is_found() {
        let d = denominator(&Formula::parse("100 * pupils_passed / pupils_sat").unwrap());
        assert_eq!(d.unwrap().variables(), ["pupils_sat"]);
        let d = denominator(&Formula::parse("a / (b * c)").unwrap());
        assert_eq!(d.unwrap().variables(), ["b", "c"]);
        assert!(denominator(&Formula::parse("a + b").unwrap()).is_none());
    }
}
