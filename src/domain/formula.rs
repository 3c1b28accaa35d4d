//! Formulas of computed indicators (`100 * pupils_passed / pupils_sat`): parsing with
//! precise error columns, normalised printing, evaluation, and dependency cycles.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

/// A parsed formula. Equality is structural: `a+b` equals `(a + b)`, not `b + a`.
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    expr: Expr,
}

/// The syntax tree of a formula. Numbers from [`Formula::parse`] are finite and
/// non-negative (a minus sign is a `Neg` node); identifiers are lowercase.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Number(f64),
    Var(String),
    Neg(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// A syntax error, located by its 1-based character position in the formula.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::messages::Msg::AtColumn { column: *column, why: message.clone() })]
pub struct FormulaError {
    pub column: usize,
    pub message: String,
}

/// Beyond these, a formula is a mistake or an attack, and recursion must stay shallow.
const MAX_TOKENS: usize = 1000;
const MAX_NESTING: usize = 64;

#[cfg(test)]
const EXPECTED_OPERAND: &str = "expected a number, an indicator code or \"(\"";

impl Formula {
    /// Parses a formula over indicator codes: numbers (decimal point only), codes
    /// `[A-Za-z_][A-Za-z0-9_]*` (case-insensitive, stored lowercase), `+ - * /`,
    /// parentheses and unary minus, with the usual precedence and left associativity.
    pub fn parse(s: &str) -> Result<Formula, FormulaError> {
        let tokens = lex(s)?;
        let end = s.chars().count() + 1;
        if tokens.is_empty() {
            return Err(FormulaError {
                column: 1,
                message: crate::messages::Msg::FormulaEmpty.to_string(),
            });
        }
        let mut parser = Parser {
            tokens,
            pos: 0,
            end,
            depth: 0,
        };
        let expr = parser.expr()?;
        if let Some((tok, column)) = parser.peek() {
            let message = if *tok == Tok::RParen {
                crate::messages::Msg::UnexpectedParen
            } else {
                crate::messages::Msg::ExpectedOperatorOrEnd
            };
            return Err(FormulaError {
                column,
                message: message.to_string(),
            });
        }
        Ok(Formula { expr })
    }

    /// The syntax tree, for callers that need more than evaluation.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// The indicator codes used, each once, in order of first appearance.
    pub fn variables(&self) -> Vec<String> {
        let mut out = Vec::new();
        collect_vars(&self.expr, &mut out);
        out
    }

    /// Evaluates with `lookup` giving each code's value (called with lowercase codes).
    /// `None` when a code has no value, on division by zero, or when any intermediate
    /// result is not finite: a computed indicator is then missing, never infinite.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
        eval(&self.expr, lookup)
    }
}

impl FromStr for Formula {
    type Err = FormulaError;

    fn from_str(s: &str) -> Result<Formula, FormulaError> {
        Formula::parse(s)
    }
}

fn collect_vars(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Number(_) => {}
        Expr::Var(name) => {
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        Expr::Neg(inner) => collect_vars(inner, out),
        Expr::Binary(_, l, r) => {
            collect_vars(l, out);
            collect_vars(r, out);
        }
    }
}

fn eval(e: &Expr, lookup: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
    let v = match e {
        Expr::Number(v) => *v,
        Expr::Var(name) => lookup(name)?,
        Expr::Neg(inner) => -eval(inner, lookup)?,
        Expr::Binary(op, l, r) => {
            let a = eval(l, lookup)?;
            let b = eval(r, lookup)?;
            match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div if b == 0.0 => return None,
                BinOp::Div => a / b,
            }
        }
    };
    v.is_finite().then_some(v)
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Ident(String),
    Op(BinOp),
    LParen,
    RParen,
}

/// Tokens with their 1-based columns.
fn lex(s: &str) -> Result<Vec<(Tok, usize)>, FormulaError> {
    let chars: Vec<char> = s.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        if tokens.len() == MAX_TOKENS {
            return Err(FormulaError {
                column,
                message: crate::messages::Msg::FormulaTooLong { max: MAX_TOKENS }.to_string(),
            });
        }
        let tok = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '+' => Tok::Op(BinOp::Add),
            '-' => Tok::Op(BinOp::Sub),
            '*' => Tok::Op(BinOp::Mul),
            '/' => Tok::Op(BinOp::Div),
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            c if c.is_ascii_digit() || c == '.' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let well_formed = text.matches('.').count() <= 1
                    && !text.starts_with('.')
                    && !text.ends_with('.');
                let value = text.parse::<f64>().ok().filter(|v| v.is_finite());
                match value {
                    Some(v) if well_formed => tokens.push((Tok::Num(v), column)),
                    _ => {
                        return Err(FormulaError {
                            column,
                            message: crate::messages::Msg::MalformedNumber { text: text.clone() }
                                .to_string(),
                        });
                    }
                }
                continue;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let name: String = chars[start..i].iter().collect();
                tokens.push((Tok::Ident(name.to_ascii_lowercase()), column));
                continue;
            }
            c => {
                return Err(FormulaError {
                    column,
                    message: crate::messages::Msg::PeriodUnexpectedChar { c }.to_string(),
                });
            }
        };
        tokens.push((tok, column));
        i += 1;
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<(Tok, usize)>,
    pos: usize,
    /// Column just past the last character, where "missing" errors point.
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<(&Tok, usize)> {
        self.tokens.get(self.pos).map(|(t, c)| (t, *c))
    }

    fn column(&self) -> usize {
        self.peek().map_or(self.end, |(_, c)| c)
    }

    fn peek_op(&self, ops: [BinOp; 2]) -> Option<BinOp> {
        match self.peek() {
            Some((Tok::Op(op), _)) if ops.contains(op) => Some(*op),
            _ => None,
        }
    }

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.term()?;
        while let Some(op) = self.peek_op([BinOp::Add, BinOp::Sub]) {
            self.pos += 1;
            let right = self.term()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.unary()?;
        while let Some(op) = self.peek_op([BinOp::Mul, BinOp::Div]) {
            self.pos += 1;
            let right = self.unary()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn nest(&mut self, column: usize) -> Result<(), FormulaError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(FormulaError {
                column,
                message: crate::messages::Msg::FormulaTooDeep { max: MAX_NESTING }.to_string(),
            });
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Expr, FormulaError> {
        if self.peek_op([BinOp::Sub, BinOp::Sub]).is_some() {
            let column = self.column();
            self.pos += 1;
            self.nest(column)?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, FormulaError> {
        let column = self.column();
        let error = |message: &str| FormulaError {
            column,
            message: message.to_string(),
        };
        let expr = match self.peek() {
            Some((Tok::Num(v), _)) => Expr::Number(*v),
            Some((Tok::Ident(name), _)) => Expr::Var(name.clone()),
            Some((Tok::LParen, _)) => {
                self.pos += 1;
                self.nest(column)?;
                let inner = self.expr()?;
                self.depth -= 1;
                return match self.peek() {
                    Some((Tok::RParen, _)) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    Some((_, c)) => Err(FormulaError {
                        column: c,
                        message: crate::messages::Msg::ExpectedOperatorOrParen.to_string(),
                    }),
                    None => Err(FormulaError {
                        column: self.end,
                        message: crate::messages::Msg::MissingParen { column }.to_string(),
                    }),
                };
            }
            Some((Tok::RParen, _)) => {
                return Err(error(&crate::messages::Msg::UnexpectedParen.to_string()));
            }
            Some((Tok::Op(_), _)) | None => {
                return Err(error(&crate::messages::Msg::ExpectedOperand.to_string()));
            }
        };
        self.pos += 1;
        Ok(expr)
    }
}

fn precedence(e: &Expr) -> u8 {
    match e {
        Expr::Binary(BinOp::Add | BinOp::Sub, ..) => 1,
        Expr::Binary(BinOp::Mul | BinOp::Div, ..) => 2,
        Expr::Neg(_) => 3,
        Expr::Number(_) | Expr::Var(_) => 4,
    }
}

fn write_child(f: &mut fmt::Formatter<'_>, e: &Expr, parens: bool) -> fmt::Result {
    if parens {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

impl fmt::Display for Expr {
    /// Prints with spaces around binary operators and only the parentheses needed to
    /// read back the same tree (operators associate to the left).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Number(v) => write!(f, "{v}"),
            Expr::Var(name) => f.write_str(name),
            Expr::Neg(inner) => {
                f.write_str("-")?;
                // `-(-a)` rather than `--a`, which reads like a typo.
                write_child(f, inner, precedence(inner) <= 3)
            }
            Expr::Binary(op, l, r) => {
                let p = precedence(self);
                write_child(f, l, precedence(l) < p)?;
                let symbol = match op {
                    BinOp::Add => "+",
                    BinOp::Sub => "-",
                    BinOp::Mul => "*",
                    BinOp::Div => "/",
                };
                write!(f, " {symbol} ")?;
                write_child(f, r, precedence(r) <= p)
            }
        }
    }
}

impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.expr.fmt(f)
    }
}

/// Finds a dependency cycle among computed indicators, where `deps` maps each
/// indicator to the codes its formula uses (codes missing from the map are plain
/// indicators). Returns the cycle as a path that starts and ends with the same
/// code, e.g. `["a", "b", "a"]` (`["a", "a"]` for a formula using itself), or `None`.
/// Deterministic: the first cycle met exploring codes in map order.
pub fn find_cycle(deps: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        OnPath,
        Done,
    }
    let mut state: HashMap<&str, State> = HashMap::new();
    for start in deps.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        // An explicit stack, so that a long chain of formulas cannot overflow the call stack.
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, State::OnPath);
        while let Some(&(node, next)) = path.last() {
            let children = deps.get(node).map_or(&[][..], Vec::as_slice);
            let Some(child) = children.get(next) else {
                state.insert(node, State::Done);
                path.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            match state.get(child.as_str()) {
                Some(State::OnPath) => {
                    let from = path.iter().position(|(n, _)| n == child)?;
                    let mut cycle: Vec<String> =
                        path[from..].iter().map(|(n, _)| n.to_string()).collect();
                    cycle.push(child.clone());
                    return Some(cycle);
                }
                Some(State::Done) => {}
                None => {
                    state.insert(child, State::OnPath);
                    path.push((child, 0));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn f(s: &str) -> Formula {
        Formula::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn err(s: &str) -> (usize, String) {
        let e = Formula::parse(s).unwrap_err();
        (e.column, e.message)
    }

    fn eval_with(s: &str, vars: &[(&str, f64)]) -> Option<f64> {
        let lookup = |name: &str| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        f(s).eval(&lookup)
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(eval_with("2 + 3 * 4", &[]), Some(14.0));
        assert_eq!(eval_with("(2 + 3) * 4", &[]), Some(20.0));
        assert_eq!(eval_with("10 - 4 - 3", &[]), Some(3.0));
        assert_eq!(eval_with("100 / 10 / 5", &[]), Some(2.0));
        assert_eq!(eval_with("10 - (4 - 3)", &[]), Some(9.0));
        assert_eq!(eval_with("-2 * 3", &[]), Some(-6.0));
        assert_eq!(eval_with("2 * -3", &[]), Some(-6.0));
        assert_eq!(eval_with("2 - -3", &[]), Some(5.0));
        assert_eq!(eval_with("--2", &[]), Some(2.0));
        assert_eq!(eval_with("-(2 + 3)", &[]), Some(-5.0));
        assert_eq!(eval_with("0.5 * 4", &[]), Some(2.0));
        assert_eq!(f("a - b - c"), f("(a - b) - c"));
        assert_ne!(f("a - b - c"), f("a - (b - c)"));
        assert_eq!(f("a + b * c"), f("a + (b * c)"));
    }

    #[test]
    fn evaluates_indicator_formulas() {
        let vars = [
            ("pupils_passed", 91.0),
            ("pupils_sat", 110.0),
            ("food_spend_mad", 30_000.0),
            ("boarders", 100.0),
            ("days_open", 20.0),
        ];
        let rate = eval_with("100 * Pupils_Passed / pupils_sat", &vars).unwrap();
        assert!((rate - 82.727_272).abs() < 1e-5);
        assert_eq!(
            eval_with("food_spend_mad / (boarders * days_open)", &vars),
            Some(15.0)
        );
    }

    #[test]
    fn missing_values_division_by_zero_and_overflow_give_none() {
        assert_eq!(eval_with("a / b", &[("a", 1.0)]), None);
        assert_eq!(eval_with("a / b", &[("a", 1.0), ("b", 0.0)]), None);
        assert_eq!(eval_with("a / (b - b)", &[("a", 1.0), ("b", 3.0)]), None);
        assert_eq!(eval_with("a * a", &[("a", 1e200)]), None);
        assert_eq!(eval_with("a + 1", &[("a", f64::NAN)]), None);
        assert_eq!(eval_with("0 / a", &[("a", 2.0)]), Some(0.0));
    }

    #[test]
    fn variables_in_first_appearance_order() {
        assert_eq!(
            f("B * (a + b) / C + a").variables(),
            ["b", "a", "c"].map(String::from)
        );
        assert!(f("1 + 2").variables().is_empty());
    }

    #[test]
    fn errors_with_columns() {
        assert_eq!(err(""), (1, "empty formula".into()));
        assert_eq!(err("   "), (1, "empty formula".into()));
        assert_eq!(err("100 * a / b +"), (14, EXPECTED_OPERAND.into()));
        assert_eq!(err("a * / b"), (5, EXPECTED_OPERAND.into()));
        assert_eq!(err("+a"), (1, EXPECTED_OPERAND.into()));
        assert_eq!(err("a + b)"), (6, "unexpected \")\"".into()));
        assert_eq!(err("a * ()"), (6, "unexpected \")\"".into()));
        assert_eq!(
            err("a * (b + (c - d)"),
            (17, "missing \")\" opened at column 5".into())
        );
        assert_eq!(err("(a b)"), (4, "expected an operator or \")\"".into()));
        assert_eq!(err("a % b"), (3, "unexpected character \"%\"".into()));
        assert_eq!(err("taux_é"), (6, "unexpected character \"é\"".into()));
        assert_eq!(
            err("a b"),
            (3, "expected an operator or the end of the formula".into())
        );
        assert_eq!(
            err("2x"),
            (2, "expected an operator or the end of the formula".into())
        );
        assert_eq!(err("1.2.3 + a"), (1, "malformed number \"1.2.3\"".into()));
        assert_eq!(err("a + 12."), (5, "malformed number \"12.\"".into()));
        assert_eq!(err("a + .5"), (5, "malformed number \".5\"".into()));
        assert_eq!(err("a + 1,5"), (6, "unexpected character \",\"".into()));
        assert_eq!(
            Formula::parse("100 * a / b +").unwrap_err().to_string(),
            "at column 14: expected a number, an indicator code or \"(\""
        );
    }

    #[test]
    fn limits_nesting_and_length() {
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert_eq!(err(&deep).0, 65);
        let minus = format!("{}a", "-".repeat(100));
        assert!(err(&minus).1.contains("nested too deeply"));
        let long = vec!["a"; 600].join(" + ");
        assert!(err(&long).1.contains("too long"));
        let ok = vec!["a"; 400].join(" + ");
        assert_eq!(f(&ok).eval(&|_| Some(1.0)), Some(400.0));
    }

    #[test]
    fn display_is_normalised() {
        assert_eq!(
            f("100*pupils_passed/pupils_sat").to_string(),
            "100 * pupils_passed / pupils_sat"
        );
        assert_eq!(
            f("FOOD_spend_mad/(boarders*days_open)").to_string(),
            "food_spend_mad / (boarders * days_open)"
        );
        assert_eq!(f("((a))+((b))").to_string(), "a + b");
        assert_eq!(f("a-(b-c)").to_string(), "a - (b - c)");
        assert_eq!(f("(a-b)-c").to_string(), "a - b - c");
        assert_eq!(f("a/(b*c)").to_string(), "a / (b * c)");
        assert_eq!(f("(a+b)*c").to_string(), "(a + b) * c");
        assert_eq!(f("- -a").to_string(), "-(-a)");
        assert_eq!(f("-(a+b)").to_string(), "-(a + b)");
        assert_eq!(f("a*-b").to_string(), "a * -b");
        assert_eq!(f("-a*b").to_string(), "-a * b");
        assert_eq!(f("007.50").to_string(), "7.5");
    }

    fn map(edges: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        edges
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn cycles() {
        assert_eq!(find_cycle(&map(&[])), None);
        assert_eq!(
            find_cycle(&map(&[("rate", &["x", "y"]), ("share", &["rate", "x"])])),
            None
        );
        assert_eq!(
            find_cycle(&map(&[("a", &["b"]), ("b", &["a"])])),
            Some(["a", "b", "a"].map(String::from).to_vec())
        );
        assert_eq!(
            find_cycle(&map(&[("a", &["a"])])),
            Some(["a", "a"].map(String::from).to_vec())
        );
        assert_eq!(
            find_cycle(&map(&[
                ("a", &["x", "b"]),
                ("b", &["c"]),
                ("c", &["d", "b"]),
                ("d", &[])
            ])),
            Some(["b", "c", "b"].map(String::from).to_vec())
        );
        // Diamond: shared dependencies are not cycles.
        assert_eq!(
            find_cycle(&map(&[
                ("a", &["b", "c"]),
                ("b", &["d"]),
                ("c", &["d"]),
                ("d", &["e"])
            ])),
            None
        );
        let chain: Vec<(String, Vec<String>)> = (0..100_000)
            .map(|i| (format!("n{i}"), vec![format!("n{}", (i + 1) % 100_000)]))
            .collect();
        let cycle = find_cycle(&chain.into_iter().collect()).unwrap();
        assert_eq!(cycle.len(), 100_001);
        assert_eq!(cycle.first(), cycle.last());
    }

    fn any_expr() -> impl Strategy<Value = Expr> {
        let leaf = prop_oneof![
            (0u32..100_000, 0u32..4)
                .prop_map(|(n, scale)| Expr::Number(f64::from(n) / 10f64.powi(scale as i32))),
            any::<f64>()
                .prop_filter("finite", |v| v.is_finite())
                .prop_map(|v| Expr::Number(v.abs())),
            "[a-z_][a-z0-9_]{0,6}".prop_map(Expr::Var),
        ];
        leaf.prop_recursive(6, 48, 2, |inner| {
            let op = prop_oneof![
                Just(BinOp::Add),
                Just(BinOp::Sub),
                Just(BinOp::Mul),
                Just(BinOp::Div)
            ];
            prop_oneof![
                inner.clone().prop_map(|e| Expr::Neg(Box::new(e))),
                (op, inner.clone(), inner).prop_map(|(op, l, r)| Expr::Binary(
                    op,
                    Box::new(l),
                    Box::new(r)
                )),
            ]
        })
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(expr in any_expr()) {
            let formula = Formula { expr };
            let text = formula.to_string();
            prop_assert_eq!(Formula::parse(&text), Ok(formula), "{}", text);
        }

        #[test]
        fn parse_never_panics(s in "[a-z0-9 +*/().%-]{0,40}") {
            let _ = Formula::parse(&s);
        }
    }
}
