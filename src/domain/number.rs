//! Numbers and yes/no values as typed in French- or English-locale spreadsheets:
//! parsing with decimal commas or points, guessing a file's convention, and printing.

use crate::messages::Msg;
use std::fmt;

/// Which character separates the decimal part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decimal {
    /// `12,5`; dots and spaces may group thousands.
    Comma,
    /// `12.5`; commas and spaces may group thousands.
    Dot,
    /// Decide per value, for a single value typed at the command line.
    Auto,
}

/// A value that is not a number under the chosen convention.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.msg())]
pub struct NumberError {
    /// The value as given.
    pub input: String,
    /// Why, when there is more to say than "not a number", e.g. a hint to change `--decimal`.
    pub reason: Option<Box<Msg>>,
}

impl NumberError {
    /// The refusal as a message of the catalogue (said in any language).
    pub fn msg(&self) -> Msg {
        Msg::NotANumber {
            input: self.input.clone(),
            reason: self.reason.clone(),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decimal::Comma => "comma",
            Decimal::Dot => "dot",
            Decimal::Auto => "auto",
        })
    }
}

/// Parses a number written with the given decimal convention.
///
/// Accepted: surrounding whitespace, one leading `+` or `-`, a trailing `%` (with or
/// without a space; `85 %` is 85), thousands grouped by spaces (normal, no-break
/// U+00A0, narrow no-break U+202F) or apostrophes, Arabic-Indic digits. Groups after
/// the first must have exactly three digits.
///
/// - `Comma`: `12,5`, `1 234,5`, `1.234,5`, `1.234.567`. A lone dot (`1.5`, `1.234`)
///   is refused: in Moroccan French files it may be a decimal point or a thousands
///   separator, and guessing wrong would be off by a factor of 1000.
/// - `Dot`: `12.5`, `1,234.5`, `1,234` (1234). `1,5` is refused.
/// - `Auto`: with both `,` and `.` the later one is the decimal separator; a single
///   comma or a single dot is decimal (`1,234` is 1.234, the French reading); several
///   commas or several dots group thousands.
///
/// The result is always finite.
pub fn parse_number(s: &str, decimal: Decimal) -> Result<f64, NumberError> {
    // Most cells are a few plain digits: read them without the general path's
    // normalising and copies (what it would read them as in any mode; fifteen
    // digits stay under MAX_EXACT).
    if (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(s.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64);
    }
    parse_any(s, decimal)
}

/// [`parse_number`] for every form: signs, separators, Arabic digits, percent.
fn parse_any(s: &str, decimal: Decimal) -> Result<f64, NumberError> {
    let error = |reason: Option<Msg>| NumberError {
        input: s.to_string(),
        reason: reason.map(Box::new),
    };
    let mut normal = normalise(s);
    // The Arabic decimal separator `٫` says which mark is decimal whatever the mode.
    let decimal = if normal.contains('\u{66b}') {
        normal = normal.replace(',', "").replace('\u{66b}', ".");
        Decimal::Dot
    } else {
        decimal
    };
    let trimmed = normal.trim();
    let trimmed = trimmed.strip_suffix('%').map_or(trimmed, str::trim_end);
    if trimmed.is_empty() {
        return Err(error(Some(Msg::EmptyValue)));
    }
    let (negative, body) = match trimmed.as_bytes()[0] {
        b'-' => (true, &trimmed[1..]),
        b'+' => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    if !body.chars().all(is_number_char) {
        return Err(error(None));
    }
    let plain = match decimal {
        Decimal::Comma => {
            let dots = body.matches('.').count();
            if dots == 1 && !body.contains(',') {
                return Err(error(Some(Msg::HintLoneDot)));
            }
            plain_digits(body, Some(','), Some('.'))
                .ok_or_else(|| error(hint_if(body, Decimal::Dot, Msg::HintDecimalDot)))?
        }
        Decimal::Dot => plain_digits(body, Some('.'), Some(','))
            .ok_or_else(|| error(hint_if(body, Decimal::Comma, Msg::HintDecimalComma)))?,
        Decimal::Auto => {
            if ambiguous(body) {
                return Err(error(Some(Msg::HintAmbiguous)));
            }
            let (dec, group) = auto_separators(body);
            plain_digits(body, dec, group).ok_or_else(|| error(None))?
        }
    };
    let text = if negative { format!("-{plain}") } else { plain };
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= MAX_EXACT => Ok(v),
        _ => Err(error(Some(Msg::HintOutOfRange))),
    }
}

/// The largest whole number a double holds exactly (2^53): anything beyond would
/// be stored rounded, so it is refused rather than changed silently.
pub const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// One `,` or one `.` followed by exactly three digits, and no other separator:
/// `1,234` and `1.234` read 1234 in one convention and 1.234 in the other.
fn ambiguous(body: &str) -> bool {
    let seps = body.chars().filter(|c| *c == ',' || *c == '.').count();
    if seps != 1 || body.contains([' ', '\'']) {
        return false;
    }
    let (int, frac) = body.split_once([',', '.']).unwrap_or((body, ""));
    !int.is_empty() && int != "0" && frac.len() == 3 && frac.bytes().all(|b| b.is_ascii_digit())
}

/// A hint to switch conventions, only when the other convention would have worked.
fn hint_if(body: &str, other: Decimal, hint: Msg) -> Option<Msg> {
    let (dec, group) = match other {
        Decimal::Comma => (Some(','), Some('.')),
        _ => (Some('.'), Some(',')),
    };
    plain_digits(body, dec, group).map(|_| hint)
}

fn auto_separators(body: &str) -> (Option<char>, Option<char>) {
    match (body.rfind(','), body.rfind('.')) {
        (Some(c), Some(d)) if c > d => (Some(','), Some('.')),
        (Some(_), Some(_)) => (Some('.'), Some(',')),
        (Some(_), None) if body.matches(',').count() == 1 => (Some(','), None),
        (Some(_), None) => (None, Some(',')),
        (None, Some(_)) if body.matches('.').count() == 1 => (Some('.'), None),
        (None, Some(_)) => (None, Some('.')),
        (None, None) => (None, None),
    }
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\'')
}

/// Maps the look-alikes that spreadsheets and keyboards produce onto plain ASCII:
/// no-break spaces to spaces, typographic apostrophes to `'`, Arabic-Indic digits to
/// ASCII digits, the Arabic thousands separator `٬` to a space and `٪` to `%`.
fn normalise(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
            '\u{2019}' => '\'',
            '\u{66c}' => ' ',
            '\u{66a}' => '%',
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '\u{6f0}'..='\u{6f9}' => char::from(b'0' + (c as u32 - 0x6f0) as u8),
            c => c,
        })
        .collect()
}

/// Rewrites `body` (no sign, only digits and separators) as `1234.5`, given the decimal
/// separator and the punctuation allowed to group thousands besides spaces and
/// apostrophes. `None` when the grouping or the decimal part is malformed.
fn plain_digits(body: &str, decimal: Option<char>, group: Option<char>) -> Option<String> {
    let (int, frac) = match decimal.and_then(|d| body.split_once(d)) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut out = if int.is_empty() {
        // `,5` is how some people type 0,5.
        frac?;
        "0".to_string()
    } else {
        ungroup(int, group)?
    };
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Removes thousands separators, checking that only one kind is used and that
/// groups after the first have exactly three digits.
fn ungroup(int: &str, group: Option<char>) -> Option<String> {
    let mut seps = int.chars().filter(|c| !c.is_ascii_digit());
    let Some(sep) = seps.next() else {
        return Some(int.to_string());
    };
    if !(sep == ' ' || sep == '\'' || Some(sep) == group) || seps.any(|c| c != sep) {
        return None;
    }
    valid_groups(int, sep).then(|| int.chars().filter(char::is_ascii_digit).collect())
}

fn valid_groups(int: &str, sep: char) -> bool {
    let mut groups = int.split(sep);
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    first_ok && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads yes/no answers: `oui non yes no true false vrai faux 1 0 x o n y`, and Arabic
/// `نعم` / `لا`, ignoring case, accents and surrounding whitespace. A lone `x` (a
/// ticked box) is yes. `None` for anything else, the empty string included.
pub fn parse_bool(s: &str) -> Option<bool> {
    let folded: String = s
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' => 'a',
            'é' | 'è' | 'ê' => 'e',
            'î' | 'ï' => 'i',
            'ô' => 'o',
            'û' | 'ù' => 'u',
            c => c,
        })
        .collect();
    match folded.as_str() {
        "oui" | "o" | "yes" | "y" | "true" | "vrai" | "1" | "x" | "نعم" => Some(true),
        "non" | "n" | "no" | "false" | "faux" | "0" | "لا" => Some(false),
        _ => None,
    }
}

/// Guesses a file's decimal convention from sample values of its numeric columns.
///
/// A value votes `Comma` when a single comma is followed by a decimal part that cannot
/// be a thousands group (not exactly three digits: `12,5`), when it has both separators
/// with the comma last (`1.234,5`), or when several dots group thousands
/// (`1.234.567`); `Dot` symmetrically. Values that are not numbers are ignored.
/// `None` when no value decides (integers, `1,234`, `1.234`) or when votes conflict,
/// so that the caller asks the user rather than guessing.
pub fn sniff_decimal<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<Decimal> {
    let mut comma = false;
    let mut dot = false;
    for value in values {
        match vote(value) {
            Some(Decimal::Comma) => comma = true,
            Some(Decimal::Dot) => dot = true,
            _ => {}
        }
        if comma && dot {
            return None;
        }
    }
    match (comma, dot) {
        (true, false) => Some(Decimal::Comma),
        (false, true) => Some(Decimal::Dot),
        _ => None,
    }
}

fn vote(value: &str) -> Option<Decimal> {
    let normal = normalise(value);
    let t = normal.trim();
    let t = t.strip_suffix('%').map_or(t, str::trim_end);
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    if t.is_empty() || !t.chars().all(is_number_char) {
        return None;
    }
    let decides = |sep: char, other: Decimal, this: Decimal| -> Option<Decimal> {
        if t.matches(sep).count() == 1 {
            let (_, after) = t.split_once(sep)?;
            let digits = after.bytes().all(|b| b.is_ascii_digit());
            (digits && after.len() != 3).then_some(this)
        } else {
            valid_groups(t, sep).then_some(other)
        }
    };
    match (t.rfind(','), t.rfind('.')) {
        (Some(c), Some(d)) if c > d => {
            plain_digits(t, Some(','), Some('.')).map(|_| Decimal::Comma)
        }
        (Some(_), Some(_)) => plain_digits(t, Some('.'), Some(',')).map(|_| Decimal::Dot),
        (Some(_), None) => decides(',', Decimal::Dot, Decimal::Comma),
        (None, Some(_)) => decides('.', Decimal::Comma, Decimal::Dot),
        (None, None) => None,
    }
}

/// Prints the shortest decimal form that reads back to the same value, without
/// exponent, trailing zeros or thousands separators: `12.5`, `1234`, `0.001`
/// (`12,5` with `Comma`; `Auto` prints like `Dot`). Negative zero prints `0`.
/// Non-finite values print as `NaN`, `inf`, `-inf`, which no parser here accepts.
pub fn format_number(v: f64, decimal: Decimal) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    // Rust's float Display is already the shortest round-trip form, never exponential.
    let s = v.to_string();
    match decimal {
        Decimal::Comma => s.replace('.', ","),
        Decimal::Dot | Decimal::Auto => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decimal::{Auto, Comma, Dot};
    use proptest::prelude::*;

    fn ok(s: &str, d: Decimal) -> f64 {
        parse_number(s, d).unwrap_or_else(|e| panic!("{e}"))
    }

    fn err(s: &str, d: Decimal) -> String {
        match parse_number(s, d) {
            Ok(v) => panic!("{s:?} parsed as {v} with {d}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn common_forms_in_every_mode() {
        for d in [Comma, Dot, Auto] {
            assert_eq!(ok("12", d), 12.0);
            assert_eq!(ok("  -12 ", d), -12.0);
            assert_eq!(ok("+7", d), 7.0);
            assert_eq!(ok("0", d), 0.0);
            assert_eq!(ok("007", d), 7.0);
            assert_eq!(ok("85 %", d), 85.0);
            assert_eq!(ok("85%", d), 85.0);
            assert_eq!(ok("1 234", d), 1234.0);
            assert_eq!(ok("1\u{a0}234\u{a0}567", d), 1_234_567.0);
            assert_eq!(ok("1\u{202f}234", d), 1234.0);
            assert_eq!(ok("1'234", d), 1234.0);
            assert_eq!(ok("١٢٣", d), 123.0);
        }
    }

    proptest! {
        #[test]
        fn plain_digits_read_as_the_general_path_reads_them(s in "[0-9]{1,17}") {
            for d in [Comma, Dot, Auto] {
                prop_assert_eq!(parse_number(&s, d).ok(), parse_any(&s, d).ok());
            }
        }
    }

    #[test]
    fn arabic_digits_and_separators() {
        for d in [Decimal::Comma, Decimal::Dot, Decimal::Auto] {
            assert_eq!(ok("١٢٫٥", d), 12.5);
            assert_eq!(ok("١٬٢٣٤٫٥", d), 1234.5);
            assert_eq!(ok("۱۲۳", d), 123.0);
            assert_eq!(ok("٨٥٪", d), 85.0);
        }
        assert_eq!(parse_bool("نعم"), Some(true));
        assert_eq!(parse_bool("لا"), Some(false));
    }

    #[test]
    fn comma_mode() {
        assert_eq!(ok("12,5", Comma), 12.5);
        assert_eq!(ok("1 234,5", Comma), 1234.5);
        assert_eq!(ok("1.234,5", Comma), 1234.5);
        assert_eq!(ok("1.234.567,25", Comma), 1_234_567.25);
        assert_eq!(ok("1.234.567", Comma), 1_234_567.0);
        assert_eq!(ok("-0,5", Comma), -0.5);
        assert_eq!(ok(",5", Comma), 0.5);
        assert_eq!(ok("12,5 %", Comma), 12.5);
        let ambiguous = "a lone dot is ambiguous with decimal commas (1.234 may mean 1234); \
                         use --decimal dot if the file uses decimal points";
        assert_eq!(
            err("1.234", Comma),
            format!("\"1.234\" is not a number: {ambiguous}")
        );
        assert_eq!(
            err("1.5", Comma),
            format!("\"1.5\" is not a number: {ambiguous}")
        );
        assert_eq!(
            err("1,234.5", Comma),
            format!(
                "\"1,234.5\" is not a number: {}",
                Msg::HintDecimalDot.text(crate::cli::Lang::En)
            )
        );
        assert_eq!(err("1.23,5", Comma), "\"1.23,5\" is not a number");
        assert_eq!(err("1,2,3", Comma), "\"1,2,3\" is not a number");
        assert_eq!(err("12,", Comma), "\"12,\" is not a number");
    }

    #[test]
    fn dot_mode() {
        assert_eq!(ok("12.5", Dot), 12.5);
        assert_eq!(ok("1,234.5", Dot), 1234.5);
        assert_eq!(ok("1,234", Dot), 1234.0);
        assert_eq!(ok("1,234,567", Dot), 1_234_567.0);
        assert_eq!(ok("1 234.5", Dot), 1234.5);
        assert_eq!(ok(".5", Dot), 0.5);
        assert_eq!(
            err("1,5", Dot),
            format!(
                "\"1,5\" is not a number: {}",
                Msg::HintDecimalComma.text(crate::cli::Lang::En)
            )
        );
        assert_eq!(
            err("1.234,5", Dot),
            format!(
                "\"1.234,5\" is not a number: {}",
                Msg::HintDecimalComma.text(crate::cli::Lang::En)
            )
        );
        assert_eq!(err("1,2,3", Dot), "\"1,2,3\" is not a number");
        assert_eq!(err("1.2.3", Dot), "\"1.2.3\" is not a number");
        assert_eq!(err("12.", Dot), "\"12.\" is not a number");
    }

    #[test]
    fn auto_mode() {
        assert_eq!(ok("1,5", Auto), 1.5);
        // One separator before three digits could be either: refused, with the way out.
        assert!(err("1,234", Auto).contains("ambiguous"));
        assert!(err("-2.500", Auto).contains("--decimal"));
        assert_eq!(ok("0,250", Auto), 0.25);
        assert_eq!(ok("12,5", Auto), 12.5);
        assert_eq!(ok("1.5", Auto), 1.5);
        assert!(err("1.234", Auto).contains("ambiguous"));
        assert_eq!(ok("1.234,5", Auto), 1234.5);
        assert_eq!(ok("1,234.5", Auto), 1234.5);
        assert_eq!(ok("1,234,567", Auto), 1_234_567.0);
        assert_eq!(ok("1.234.567", Auto), 1_234_567.0);
        assert_eq!(ok("1 234,5", Auto), 1234.5);
        assert_eq!(err("1,2,3", Auto), "\"1,2,3\" is not a number");
        assert_eq!(err("1.2.3", Auto), "\"1.2.3\" is not a number");
        assert_eq!(err("1,23.4,5", Auto), "\"1,23.4,5\" is not a number");
    }

    #[test]
    fn rejects_nonsense_naming_the_value() {
        for d in [Comma, Dot, Auto] {
            assert_eq!(err("", d), "\"\" is not a number: the value is empty");
            assert_eq!(err("  ", d), "\"  \" is not a number: the value is empty");
            assert_eq!(err("%", d), "\"%\" is not a number: the value is empty");
            assert_eq!(err("abc", d), "\"abc\" is not a number");
            for s in [
                "NaN",
                "nan",
                "inf",
                "-inf",
                "infinity",
                "1e400",
                "1e5",
                "--1",
                "+-1",
                "- 1",
                "1-",
                "12 abc",
                "1  234",
                "12 34",
                "1 2345",
                "1'234 567",
                "%85",
                "0x10",
                "1/2",
                "-",
                "+",
            ] {
                assert!(parse_number(s, d).is_err(), "{s:?} with {d}");
            }
        }
        let huge = format!("1{}", "0".repeat(400));
        assert_eq!(
            err(&huge, Dot),
            format!(
                "\"{huge}\" is not a number: {}",
                Msg::HintOutOfRange.text(crate::cli::Lang::En)
            )
        );
        // 20-digit counts and 1.7e308 written out are refused, not rounded.
        assert!(err("12345678901234567890", Dot).contains("2^53"));
        assert!(err(&format!("17{}", "0".repeat(307)), Dot).contains("2^53"));
        assert_eq!(ok("9007199254740992", Dot), MAX_EXACT);
    }

    #[test]
    fn booleans() {
        for s in [
            "oui", "OUI", " Oui ", "o", "yes", "Y", "true", "TRUE", "vrai", "1", "x", "X", "نعم",
        ] {
            assert_eq!(parse_bool(s), Some(true), "{s}");
        }
        for s in ["non", "NON", "n", "no", "false", "faux", "FAUX", "0", "لا"] {
            assert_eq!(parse_bool(s), Some(false), "{s}");
        }
        for s in ["", "peut-être", "2", "ouais", "xx", "-"] {
            assert_eq!(parse_bool(s), None, "{s}");
        }
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff_decimal(["12", "12,5", "3"]), Some(Comma));
        assert_eq!(sniff_decimal(["1.234,5"]), Some(Comma));
        assert_eq!(sniff_decimal(["1.234.567"]), Some(Comma));
        assert_eq!(sniff_decimal(["85,25 %", "-3"]), Some(Comma));
        assert_eq!(sniff_decimal(["12.5"]), Some(Dot));
        assert_eq!(sniff_decimal(["1,234.5"]), Some(Dot));
        assert_eq!(sniff_decimal(["1,234,567"]), Some(Dot));
        assert_eq!(sniff_decimal(["12", "1 234", "0"]), None);
        assert_eq!(sniff_decimal(["1,234", "2.500"]), None);
        assert_eq!(sniff_decimal(["12,5", "12.5"]), None);
        assert_eq!(sniff_decimal(["1.2.3,4", "1,2,3.4"]), None);
        assert_eq!(
            sniff_decimal(["12,5", "abc", "30/06/2025", "30.06.2025"]),
            Some(Comma)
        );
        assert_eq!(sniff_decimal(std::iter::empty::<&str>()), None);
        let owned = ["1,5".to_string(), "2".to_string()];
        assert_eq!(sniff_decimal(owned.iter().map(String::as_str)), Some(Comma));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_number(12.5, Dot), "12.5");
        assert_eq!(format_number(12.5, Comma), "12,5");
        assert_eq!(format_number(1234.0, Comma), "1234");
        assert_eq!(format_number(-0.0, Dot), "0");
        assert_eq!(format_number(0.1 + 0.2, Dot), "0.30000000000000004");
        assert_eq!(format_number(1e21, Dot), "1000000000000000000000");
        assert_eq!(format_number(-0.001, Auto), "-0.001");
        assert_eq!(Comma.to_string(), "comma");
    }

    fn rounded() -> impl Strategy<Value = f64> {
        prop_oneof![
            -1e9..1e9f64,
            any::<f64>().prop_filter("exact", |v| v.abs() <= MAX_EXACT),
        ]
        .prop_map(|v| {
            let r = (v * 1e6).round() / 1e6;
            if r.is_finite() { r } else { v }
        })
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(v in rounded()) {
            for d in [Comma, Dot] {
                let text = format_number(v, d);
                prop_assert_eq!(parse_number(&text, d), Ok(v), "{}", text);
            }
        }
    }
}
