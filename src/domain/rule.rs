//! Validation rules in DHIS2's shape: a left side, an operator, a right side,
//! each side a formula over indicator codes (`boarders_girls <= boarders`).

use super::formula::Formula;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
    Ne,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Eq => "=",
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Ne => "!=",
        }
    }

    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "<" => Op::Lt,
            "<=" => Op::Le,
            "=" | "==" => Op::Eq,
            ">=" => Op::Ge,
            ">" => Op::Gt,
            "!=" | "<>" => Op::Ne,
            _ => return None,
        })
    }

    /// Whether `left OP right` holds, with a tolerance for floating-point noise.
    pub fn holds(self, left: f64, right: f64) -> bool {
        let eps = 1e-9 * left.abs().max(right.abs()).max(1.0);
        match self {
            Op::Lt => left < right - eps,
            Op::Le => left <= right + eps,
            Op::Eq => (left - right).abs() <= eps,
            Op::Ge => left >= right - eps,
            Op::Gt => left > right + eps,
            Op::Ne => (left - right).abs() > eps,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub left: Formula,
    pub op: Op,
    pub right: Formula,
}

/// Parses `LEFT OP RIGHT`; the error says what is wrong and where.
pub fn parse(expr: &str) -> Result<Rule, String> {
    let ops = ["<=", ">=", "!=", "<>", "==", "<", ">", "="];
    let found = expr.char_indices().find_map(|(i, _)| {
        ops.iter()
            .find(|op| expr[i..].starts_with(**op))
            .map(|op| (i, *op))
    });
    let Some((at, op_text)) = found else {
        return Err(crate::messages::Msg::RuleNoComparison {
            expr: expr.to_string(),
        }
        .to_string());
    };
    let op = Op::parse(op_text).expect("listed operators parse");
    let (left_text, right_text) = (&expr[..at], &expr[at + op_text.len()..]);
    if ops.iter().any(|o| right_text.contains(o)) {
        return Err(crate::messages::Msg::RuleTwoComparisons {
            expr: expr.to_string(),
        }
        .to_string());
    }
    let left = Formula::parse(left_text).map_err(|e| {
        crate::messages::Msg::RuleSide {
            left: true,
            expr: expr.to_string(),
            why: e.to_string(),
        }
        .to_string()
    })?;
    let right = Formula::parse(right_text).map_err(|e| {
        let column = e.column + at + op_text.len();
        crate::messages::Msg::RuleSide {
            left: false,
            expr: expr.to_string(),
            why: crate::messages::Msg::AtColumn {
                column,
                why: e.message,
            }
            .to_string(),
        }
        .to_string()
    })?;
    Ok(Rule { left, op, right })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sides_and_operators() {
        let r = parse("boarders_girls <= boarders").unwrap();
        assert_eq!(r.op, Op::Le);
        assert_eq!(r.left.variables(), ["boarders_girls"]);
        assert_eq!(parse("a+b = c").unwrap().op, Op::Eq);
        assert_eq!(parse("a != 2 * c").unwrap().op, Op::Ne);
        assert!(parse("a b").unwrap_err().contains("no comparison"));
        assert!(parse("a < b < c").unwrap_err().contains("more than one"));
        assert!(parse("a <= (b").unwrap_err().contains("right side"));
    }

    #[test]
    fn operators_compare_with_tolerance() {
        assert!(Op::Le.holds(10.0, 10.0));
        assert!(!Op::Le.holds(11.0, 10.0));
        assert!(Op::Eq.holds(0.1 + 0.2, 0.3));
        assert!(Op::Ne.holds(1.0, 2.0));
        assert!(!Op::Lt.holds(2.0, 2.0));
    }
}
