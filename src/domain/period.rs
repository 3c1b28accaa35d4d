//! Reporting periods (month, quarter, semester, calendar year, school year): their
//! canonical spellings, the many spellings spreadsheets use, and month arithmetic.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use super::date::{Date, days_in_month};

/// A reporting period. `SchoolYear(2024)` is `2024-2025`, 1 September 2024 to 31 August 2025.
///
/// The fields are public for matching; values built by hand are expected to be valid
/// (month 1..=12, quarter 1..=4, semester 1..=2), as [`Period::parse`] guarantees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Semester { year: i32, semester: u32 },
    Year(i32),
    SchoolYear(i32),
}

/// A string that is not a period in any accepted spelling.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.msg())]
pub struct PeriodError {
    /// The value as given.
    pub input: String,
    /// Why it was refused, e.g. `month 13 does not exist`.
    pub reason: Box<Msg>,
}

use crate::messages::Msg;

impl PeriodError {
    /// The refusal as a message of the catalogue (said in any language).
    pub fn msg(&self) -> Msg {
        Msg::NotAPeriod {
            input: self.input.clone(),
            reason: self.reason.clone(),
        }
    }
}

/// Years accepted by [`Period::parse`]; anything outside is almost surely a typo.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Month of the year in which a school year starts.
const SCHOOL_YEAR_START_MONTH: i32 = 9;

impl Period {
    /// Parses a period, case-insensitively, ignoring surrounding whitespace and
    /// tolerating spaces around separators. Accepted spellings:
    ///
    /// - month: `2025-01`, `2025/01`, `01/2025`, `1/2025`, `01-2025`, `01.2025`, `202501`
    ///   (DHIS2), `janvier 2025`, `janv. 2025`, `Janvier-2025`, `january 2025`, `jan 2025`;
    /// - quarter: `2025-Q1`, `2025Q1`, `2025 Q1`, `Q1 2025`, `T1 2025`, `2025-T1`;
    /// - semester: `2025-S1`, `2025S1`, `S1 2025`;
    /// - year: `2025`;
    /// - school year: `2024-2025`, `2024/2025`, `AS 2024-2025`, `AS 2024/2025`,
    ///   `2024-25`, `2024/25`.
    ///
    /// `YYYY-NN` with NN in 1..=12 is always a month: `2011-12` is December 2011, never
    /// the school year 2011-2012 (write that one in full).
    ///
    /// Arabic month names (`يناير`, `أكتوبر`, `شتنبر`, `تشرين الأول`, `أغسطس`, ...)
    /// and Arabic-Indic digits are read as well.
    pub fn parse(s: &str) -> Result<Period, PeriodError> {
        let arabic = from_arabic(s);
        parse_period(arabic.as_deref().unwrap_or(s)).map_err(|reason| PeriodError {
            input: s.to_string(),
            reason,
        })
    }

    /// The canonical spelling, as stored and displayed: `2025-01`, `2025-Q1`,
    /// `2025-S1`, `2025`, `2024-2025`.
    pub fn canonical(&self) -> String {
        self.to_string()
    }

    /// Month index (`year * 12 + month - 1`) of the first month of the period.
    pub fn first_month(&self) -> i32 {
        match *self {
            Period::Month { year, month } => year * 12 + month as i32 - 1,
            Period::Quarter { year, quarter } => year * 12 + (quarter as i32 - 1) * 3,
            Period::Semester { year, semester } => year * 12 + (semester as i32 - 1) * 6,
            Period::Year(year) => year * 12,
            Period::SchoolYear(year) => year * 12 + SCHOOL_YEAR_START_MONTH - 1,
        }
    }

    /// Month index of the last month of the period (inclusive).
    pub fn last_month(&self) -> i32 {
        self.first_month() + self.span() - 1
    }

    /// Number of months in the period.
    pub fn span(&self) -> i32 {
        match self {
            Period::Month { .. } => 1,
            Period::Quarter { .. } => 3,
            Period::Semester { .. } => 6,
            Period::Year(_) | Period::SchoolYear(_) => 12,
        }
    }

    /// Whether every month of `other` lies inside `self` (a period contains itself).
    pub fn contains(&self, other: &Period) -> bool {
        self.first_month() <= other.first_month() && other.last_month() <= self.last_month()
    }

    /// Whether `date` falls inside the period.
    pub fn contains_date(&self, date: Date) -> bool {
        (self.first_month()..=self.last_month()).contains(&date.month_index())
    }

    /// The month periods inside this period, in chronological order.
    pub fn months(&self) -> Vec<Period> {
        (self.first_month()..=self.last_month())
            .map(Period::from_month_index)
            .collect()
    }

    /// The month with the given month index (`year * 12 + month - 1`).
    pub fn from_month_index(index: i32) -> Period {
        let (year, month) = year_month(index);
        Period::Month { year, month }
    }

    /// The period spanning months `first..=last` (month indexes), if it is one
    /// suivi knows: a month, quarter, semester, calendar year or school year.
    pub fn from_months(first: i32, last: i32) -> Option<Period> {
        let (year, month) = year_month(first);
        let p = match (last - first + 1, month) {
            (1, _) => Period::Month { year, month },
            (3, 1 | 4 | 7 | 10) => Period::Quarter {
                year,
                quarter: (month - 1) / 3 + 1,
            },
            (6, 1 | 7) => Period::Semester {
                year,
                semester: (month - 1) / 6 + 1,
            },
            (12, 1) => Period::Year(year),
            (12, 9) => Period::SchoolYear(year),
            _ => return None,
        };
        Some(p)
    }

    /// Stable lowercase name of the kind: `month`, `quarter`, `semester`, `year`,
    /// `school_year`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Period::Month { .. } => "month",
            Period::Quarter { .. } => "quarter",
            Period::Semester { .. } => "semester",
            Period::Year(_) => "year",
            Period::SchoolYear(_) => "school_year",
        }
    }

    /// First day of the period (saturating at [`Date::MIN`] for years below 1).
    pub fn start_date(&self) -> Date {
        let (year, month) = year_month(self.first_month());
        Date::new(year, month, 1).unwrap_or(if year < 1 { Date::MIN } else { Date::MAX })
    }

    /// Last day of the period (saturating at [`Date::MAX`] for years beyond 9999).
    pub fn end_date(&self) -> Date {
        let (year, month) = year_month(self.last_month());
        Date::new(year, month, days_in_month(year, month)).unwrap_or(if year < 1 {
            Date::MIN
        } else {
            Date::MAX
        })
    }

    /// The school year (September to August) that `date` falls in.
    pub fn school_year_of(date: Date) -> Period {
        if date.month() as i32 >= SCHOOL_YEAR_START_MONTH {
            Period::SchoolYear(date.year())
        } else {
            Period::SchoolYear(date.year() - 1)
        }
    }

    /// The period of the same kind just before this one (`2025-Q1` → `2024-Q4`).
    pub fn previous(&self) -> Period {
        self.shifted(-1)
    }

    /// The period of the same kind just after this one (`2024-Q4` → `2025-Q1`).
    pub fn next(&self) -> Period {
        self.shifted(1)
    }

    fn shifted(&self, steps: i32) -> Period {
        // Moving by whole spans keeps the kind, since every kind is aligned on its span.
        let first = self.first_month() + steps * self.span();
        let year = first.div_euclid(12);
        let month0 = first.rem_euclid(12) as u32;
        match self {
            Period::Month { .. } => Period::from_month_index(first),
            Period::Quarter { .. } => Period::Quarter {
                year,
                quarter: month0 / 3 + 1,
            },
            Period::Semester { .. } => Period::Semester {
                year,
                semester: month0 / 6 + 1,
            },
            Period::Year(y) => Period::Year(y + steps),
            Period::SchoolYear(y) => Period::SchoolYear(y + steps),
        }
    }

    /// Every field, for a total order that agrees with `Eq` even on hand-built
    /// invalid periods (`Month { month: 13 }` starts with the next January).
    fn raw(&self) -> (u8, i32, u32) {
        match *self {
            Period::Month { year, month } => (0, year, month),
            Period::Quarter { year, quarter } => (1, year, quarter),
            Period::Semester { year, semester } => (2, year, semester),
            Period::Year(year) => (3, year, 0),
            Period::SchoolYear(year) => (4, year, 0),
        }
    }
}

impl Ord for Period {
    /// Chronological by first month; among periods starting the same month the
    /// longer comes first, so a year sorts before its first semester, quarter and month.
    fn cmp(&self, other: &Period) -> Ordering {
        self.first_month()
            .cmp(&other.first_month())
            .then_with(|| other.span().cmp(&self.span()))
            .then_with(|| self.raw().cmp(&other.raw()))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Semester { year, semester } => write!(f, "{year:04}-S{semester}"),
            Period::Year(year) => write!(f, "{year:04}"),
            Period::SchoolYear(year) => write!(f, "{year:04}-{:04}", year + 1),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Period, PeriodError> {
        Period::parse(s)
    }
}

fn year_month(index: i32) -> (i32, u32) {
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    /// Digits, kept as text because their count matters (`2024-25` versus `2024-2025`).
    Num(String),
    Word(String),
}

/// What separated two tokens; `None` when they touch (`2025Q1`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Sep {
    None,
    Space,
    Dash,
    Slash,
    Dot,
}

/// Lowercases and strips the French accents found in month names, so that
/// `Février`, `fevrier` and `FÉVR.` all read alike.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'û' | 'ù' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        })
        .collect()
}

/// Splits into alternating tokens and separators: `seps[i]` lies between
/// `tokens[i]` and `tokens[i + 1]`.
fn tokenize(s: &str) -> Result<(Vec<Token>, Vec<Sep>), Box<Msg>> {
    let mut tokens = Vec::new();
    let mut seps = Vec::new();
    let mut pending: Option<Sep> = None;
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() || c.is_alphabetic() {
            if !tokens.is_empty() {
                seps.push(pending.take().unwrap_or(Sep::None));
            } else if matches!(pending, Some(Sep::Dash | Sep::Slash | Sep::Dot)) {
                return Err(Box::new(Msg::PeriodStartsWithSeparator));
            }
            pending = None;
            let digit = c.is_ascii_digit();
            let mut text = String::new();
            while let Some(&c) = chars.peek() {
                if (digit && c.is_ascii_digit()) || (!digit && c.is_alphabetic()) {
                    text.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(if digit {
                Token::Num(text)
            } else {
                Token::Word(text)
            });
            continue;
        }
        let sep = match c {
            '-' | '–' | '_' => Sep::Dash,
            '/' => Sep::Slash,
            '.' => Sep::Dot,
            c if c.is_whitespace() => Sep::Space,
            c => return Err(Box::new(Msg::PeriodUnexpectedChar { c })),
        };
        chars.next();
        pending = match (pending, sep) {
            (None | Some(Sep::Space), s) => Some(s),
            (Some(p), Sep::Space) => Some(p),
            // `janv.-2025`: the dot ends the abbreviation, the dash separates.
            (Some(Sep::Dot), s) if matches!(tokens.last(), Some(Token::Word(_))) => Some(s),
            _ => return Err(Box::new(Msg::PeriodTwoSeparators)),
        };
    }
    if matches!(pending, Some(Sep::Dash | Sep::Slash))
        || (pending == Some(Sep::Dot) && !matches!(tokens.last(), Some(Token::Word(_))))
    {
        return Err(Box::new(Msg::PeriodEndsWithSeparator));
    }
    Ok((tokens, seps))
}

/// Arabic month names (Maghreb, Levantine and Egyptian forms), alef forms folded.
const ARABIC_MONTHS: &[(&str, u32)] = &[
    ("كانون الثاني", 1),
    ("كانون الاول", 12),
    ("تشرين الاول", 10),
    ("تشرين الثاني", 11),
    ("يناير", 1),
    ("فبراير", 2),
    ("شباط", 2),
    ("مارس", 3),
    ("اذار", 3),
    ("ابريل", 4),
    ("نيسان", 4),
    ("ماي", 5),
    ("مايو", 5),
    ("ايار", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("حزيران", 6),
    ("يوليوز", 7),
    ("يوليو", 7),
    ("يوليه", 7),
    ("تموز", 7),
    ("غشت", 8),
    ("اغسطس", 8),
    ("اب", 8),
    ("شتنبر", 9),
    ("سبتمبر", 9),
    ("ايلول", 9),
    ("اكتوبر", 10),
    ("نونبر", 11),
    ("نوفمبر", 11),
    ("دجنبر", 12),
    ("ديسمبر", 12),
];

const FRENCH_MONTHS: [&str; 12] = [
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// A period written in Arabic (`أكتوبر ٢٠٢٥`, `تشرين الأول 2025`) rewritten with
/// ASCII digits and French month names; `None` when there is nothing Arabic in it.
fn from_arabic(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let folded: String = s
        .chars()
        .filter(|c| *c != 'ـ')
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '\u{6f0}'..='\u{6f9}' => char::from(b'0' + (c as u32 - 0x6f0) as u8),
            c => c,
        })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    let month = |w: &str| ARABIC_MONTHS.iter().find(|(n, _)| *n == w).map(|(_, m)| *m);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if i + 1 < words.len()
            && let Some(m) = month(&format!("{} {}", words[i], words[i + 1]))
        {
            out.push(FRENCH_MONTHS[m as usize - 1].to_string());
            i += 2;
            continue;
        }
        out.push(match month(words[i]) {
            Some(m) => FRENCH_MONTHS[m as usize - 1].to_string(),
            None => words[i].to_string(),
        });
        i += 1;
    }
    Some(out.join(" "))
}

fn month_from_name(word: &str) -> Option<u32> {
    Some(match word {
        "janvier" | "janv" | "jan" | "january" => 1,
        "fevrier" | "fevr" | "fev" | "feb" | "february" => 2,
        "mars" | "mar" | "march" => 3,
        "avril" | "avr" | "apr" | "april" => 4,
        "mai" | "may" => 5,
        "juin" | "jun" | "june" => 6,
        "juillet" | "juil" | "jul" | "july" => 7,
        "aout" | "aug" | "august" => 8,
        "septembre" | "sept" | "sep" | "september" => 9,
        "octobre" | "oct" | "october" => 10,
        "novembre" | "nov" | "november" => 11,
        "decembre" | "dec" | "december" => 12,
        _ => return None,
    })
}

fn year(text: &str) -> Result<i32, Box<Msg>> {
    let y: i32 = text.parse().map_err(|_| Msg::YearOutOfRange {
        text: text.to_string(),
    })?;
    if YEARS.contains(&y) {
        Ok(y)
    } else {
        Err(Box::new(Msg::YearOutside {
            year: y,
            from: *YEARS.start(),
            to: *YEARS.end(),
        }))
    }
}

fn small(text: &str) -> u32 {
    // Callers only pass one or two digits, which always fit.
    text.parse().unwrap_or(u32::MAX)
}

fn month(y: i32, text: &str) -> Result<Period, Box<Msg>> {
    match small(text) {
        m @ 1..=12 => Ok(Period::Month { year: y, month: m }),
        m => Err(Box::new(Msg::NoSuchMonth { n: m.to_string() })),
    }
}

/// `marker` is `q`, `t` (trimestre) or `s`.
fn sub_year(y: i32, marker: &str, text: &str) -> Result<Period, Box<Msg>> {
    let n = small(text);
    match marker {
        "q" | "t" if (1..=4).contains(&n) => Ok(Period::Quarter {
            year: y,
            quarter: n,
        }),
        "q" | "t" => Err(Box::new(Msg::NoSuchQuarter { n: n.to_string() })),
        "s" if (1..=2).contains(&n) => Ok(Period::Semester {
            year: y,
            semester: n,
        }),
        _ => Err(Box::new(Msg::NoSuchSemester { n: n.to_string() })),
    }
}

fn school_year(first: &str, second: &str) -> Result<Period, Box<Msg>> {
    let y = year(first)?;
    let ok = match second.len() {
        4 => second.parse::<i32>().ok() == Some(y + 1),
        2 => small(second) as i32 == (y + 1).rem_euclid(100),
        _ => false,
    };
    if ok {
        Ok(Period::SchoolYear(y))
    } else {
        Err(Box::new(Msg::SchoolYearConsecutive { year: y }))
    }
}

fn parse_period(s: &str) -> Result<Period, Box<Msg>> {
    use Token::{Num, Word};
    let folded = fold(s.trim());
    if folded.is_empty() {
        return Err(Box::new(Msg::EmptyValue));
    }
    let (tokens, seps) = tokenize(&folded)?;
    let len = |t: &str| t.len();
    let is_marker = |w: &str| matches!(w, "q" | "t" | "s");
    let ym_sep = |s: Sep| matches!(s, Sep::Dash | Sep::Slash);
    let unrecognised = || Err::<Period, Box<Msg>>(Box::new(Msg::PeriodUnrecognised));
    match (tokens.as_slice(), seps.as_slice()) {
        ([Num(y)], []) if len(y) == 4 => Ok(Period::Year(year(y)?)),
        ([Num(ym)], []) if len(ym) == 6 => month(year(&ym[..4])?, &ym[4..]),
        ([Num(y), Num(m)], [sep]) if len(y) == 4 && len(m) <= 2 && ym_sep(*sep) => {
            let y_val = year(y)?;
            match month(y_val, m) {
                Ok(p) => Ok(p),
                Err(e) if len(m) == 2 => school_year(y, m).map_err(|_| e),
                Err(e) => Err(e),
            }
        }
        ([Num(m), Num(y)], [Sep::Dash | Sep::Slash | Sep::Dot]) if len(m) <= 2 && len(y) == 4 => {
            month(year(y)?, m)
        }
        ([Num(a), Num(b)], [Sep::Dash | Sep::Slash]) if len(a) == 4 && len(b) == 4 => {
            school_year(a, b)
        }
        ([Word(w), Num(y)], [_]) if len(y) == 4 => match month_from_name(w) {
            Some(m) => Ok(Period::Month {
                year: year(y)?,
                month: m,
            }),
            None if w == "as" || is_marker(w) => unrecognised(),
            None => Err(Box::new(Msg::NotAMonthName {
                word: w.to_string(),
            })),
        },
        // `Q1 2025`, `T1-2025`, `S1 2025`
        ([Word(w), Num(n), Num(y)], [Sep::None | Sep::Space, sep])
            if is_marker(w) && len(n) <= 2 && len(y) == 4 && *sep != Sep::None =>
        {
            sub_year(year(y)?, w, n)
        }
        // `2025-Q1`, `2025Q1`, `2025 T1`, `2025S1`
        ([Num(y), Word(w), Num(n)], [_, Sep::None | Sep::Space])
            if is_marker(w) && len(n) <= 2 && len(y) == 4 =>
        {
            sub_year(year(y)?, w, n)
        }
        // `AS 2024-2025`, `AS 2024/25`
        ([Word(w), Num(a), Num(b)], [_, Sep::Dash | Sep::Slash])
            if w == "as" && len(a) == 4 && matches!(len(b), 2 | 4) =>
        {
            school_year(a, b)
        }
        _ => unrecognised(),
    }
}

#[cfg(test)]
mod from_months_tests {
    use super::Period;

    #[test]
    fn spans_of_months_are_periods_again() {
        for text in ["2025-03", "2025-Q2", "2025-S2", "2025", "2024-2025"] {
            let p = Period::parse(text).unwrap();
            assert_eq!(
                Period::from_months(p.first_month(), p.last_month()),
                Some(p),
                "{text}"
            );
        }
        let feb = Period::parse("2025-02").unwrap().first_month();
        assert_eq!(Period::from_months(feb, feb + 2), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    const JAN_2025: Period = Period::Month {
        year: 2025,
        month: 1,
    };

    #[test]
    fn arabic_month_names_and_digits() {
        for (s, want) in [
            ("يناير 2025", "2025-01"),
            ("أكتوبر ٢٠٢٥", "2025-10"),
            ("شتنبر 2025", "2025-09"),
            ("غشت 2025", "2025-08"),
            ("تشرين الأول 2025", "2025-10"),
            ("تشرين الثاني 2025", "2025-11"),
            ("كانون الأول 2025", "2025-12"),
            ("آب 2025", "2025-08"),
            ("إبريل 2025", "2025-04"),
            ("يوليوز 2025", "2025-07"),
            ("يوليو 2025", "2025-07"),
            ("٢٠٢٤-٢٠٢٥", "2024-2025"),
        ] {
            assert_eq!(Period::parse(s).unwrap().canonical(), want, "{s}");
        }
        assert!(Period::parse("شهر 2025").is_err());
    }

    #[test]
    fn month_spellings() {
        for s in [
            "2025-01",
            "2025/01",
            "01/2025",
            "1/2025",
            "01-2025",
            "01.2025",
            "2025-1",
            "202501",
            "janvier 2025",
            "Janvier 2025",
            "JANVIER 2025",
            "janv. 2025",
            "Janv.2025",
            "Janvier-2025",
            "janv.-2025",
            "janvier2025",
            "january 2025",
            "Jan 2025",
            "  2025 - 01  ",
            "2025\u{a0}-\u{a0}01",
        ] {
            assert_eq!(p(s), JAN_2025, "{s}");
        }
        let feb = Period::Month {
            year: 2025,
            month: 2,
        };
        for s in [
            "février 2025",
            "fevrier 2025",
            "Févr. 2025",
            "fevr 2025",
            "fév 2025",
            "fev 2025",
            "feb 2025",
            "February 2025",
        ] {
            assert_eq!(p(s), feb, "{s}");
        }
        let names = [
            (3, ["mars", "mar", "march", "MARS"]),
            (4, ["avril", "avr", "apr", "april"]),
            (5, ["mai", "may", "Mai", "MAY"]),
            (6, ["juin", "jun", "june", "Juin"]),
            (7, ["juillet", "juil.", "jul", "july"]),
            (8, ["août", "aout", "aug", "august"]),
            (9, ["septembre", "sept.", "sep", "september"]),
            (10, ["octobre", "oct.", "oct", "october"]),
            (11, ["novembre", "nov.", "nov", "november"]),
            (12, ["décembre", "decembre", "déc.", "dec"]),
        ];
        for (m, spellings) in names {
            for name in spellings {
                let s = format!("{name} 2025");
                assert_eq!(
                    p(&s),
                    Period::Month {
                        year: 2025,
                        month: m
                    },
                    "{s}"
                );
            }
        }
        assert_eq!(
            p("December 2025"),
            Period::Month {
                year: 2025,
                month: 12
            }
        );
    }

    #[test]
    fn quarter_semester_year_spellings() {
        let q1 = Period::Quarter {
            year: 2025,
            quarter: 1,
        };
        for s in [
            "2025-Q1",
            "2025-q1",
            "2025Q1",
            "2025 Q1",
            "Q1 2025",
            "q1-2025",
            "T1 2025",
            "2025-T1",
            "T 1 2025",
            "2025 - Q 1",
            "2025 T1",
            "2025T1",
            "t1/2025",
        ] {
            assert_eq!(p(s), q1, "{s}");
        }
        assert_eq!(
            p("2025-Q4"),
            Period::Quarter {
                year: 2025,
                quarter: 4
            }
        );
        let s2 = Period::Semester {
            year: 2025,
            semester: 2,
        };
        for s in ["2025-S2", "2025S2", "S2 2025", "s2 2025", "2025 s2"] {
            assert_eq!(p(s), s2, "{s}");
        }
        assert_eq!(p("2025"), Period::Year(2025));
        assert_eq!(p(" 1900 "), Period::Year(1900));
        assert_eq!(p("2200"), Period::Year(2200));
    }

    #[test]
    fn school_year_spellings() {
        for s in [
            "2024-2025",
            "2024/2025",
            "2024 - 2025",
            "AS 2024-2025",
            "as 2024/2025",
            "AS2024-2025",
            "AS 2024-25",
            "2024-25",
            "2024/25",
        ] {
            assert_eq!(p(s), Period::SchoolYear(2024), "{s}");
        }
        assert_eq!(p("2099-00"), Period::SchoolYear(2099));
        // A two-digit second part that is a month number reads as a month.
        assert_eq!(
            p("2011-12"),
            Period::Month {
                year: 2011,
                month: 12
            }
        );
        assert_eq!(p("2011-2012"), Period::SchoolYear(2011));
    }

    fn reason(s: &str) -> String {
        Period::parse(s).unwrap_err().reason.to_string()
    }

    #[test]
    fn errors_name_the_value_and_the_reason() {
        assert_eq!(
            Period::parse("2025-13").unwrap_err().to_string(),
            "\"2025-13\" is not a period: month 13 does not exist \
             (expected e.g. 2025-01, 2025-Q1, 2025-S1, 2025, 2024-2025)"
        );
        assert_eq!(reason("2025-Q5"), "quarter 5 does not exist");
        assert_eq!(reason("T0 2025"), "quarter 0 does not exist");
        assert_eq!(reason("2025-S3"), "semester 3 does not exist");
        assert_eq!(reason("13/2025"), "month 13 does not exist");
        assert_eq!(reason("00/2025"), "month 0 does not exist");
        assert_eq!(reason("202513"), "month 13 does not exist");
        assert_eq!(reason("2025-00"), "month 0 does not exist");
        assert_eq!(
            reason("2024-2026"),
            "a school year runs over two consecutive years, e.g. 2024-2025"
        );
        assert_eq!(
            reason("AS 2024-26"),
            "a school year runs over two consecutive years, e.g. 2024-2025"
        );
        assert_eq!(reason("2024-27"), "month 27 does not exist");
        assert_eq!(reason("1899"), "year 1899 is outside 1900..=2200");
        assert_eq!(reason("2201-Q1"), "year 2201 is outside 1900..=2200");
        assert_eq!(reason("janvier 3025"), "year 3025 is outside 1900..=2200");
        assert_eq!(reason("brumaire 2025"), "\"brumaire\" is not a month name");
        assert_eq!(reason(""), "the value is empty");
        assert_eq!(reason("   "), "the value is empty");
        assert_eq!(reason("2025-Q1!"), "unexpected character \"!\"");
        assert_eq!(reason("2025--01"), "it has two separators in a row");
        assert_eq!(reason("2025-"), "it ends with a separator");
        assert_eq!(reason("-2025"), "it starts with a separator");
        for s in [
            "25",
            "2025 01",
            "01 2025",
            "202",
            "2025-Q",
            "Q 2025",
            "X1 2025",
            "2025-001",
            "2025.01",
            "2025-01-01",
            "AS 2024",
            "AS2024",
            "2024-2025-2026",
            "Q12025",
        ] {
            assert_eq!(reason(s), "this spelling is not recognised", "{s}");
        }
    }

    #[test]
    fn canonical_spellings() {
        assert_eq!(JAN_2025.canonical(), "2025-01");
        assert_eq!(p("T3 2025").to_string(), "2025-Q3");
        assert_eq!(p("2025s1").to_string(), "2025-S1");
        assert_eq!(p("2025").to_string(), "2025");
        assert_eq!(p("AS 2024/25").to_string(), "2024-2025");
        assert_eq!("2025-Q2".parse::<Period>(), Ok(p("Q2 2025")));
    }

    #[test]
    fn month_ranges_and_dates() {
        let sy = Period::SchoolYear(2024);
        assert_eq!(sy.first_month(), 2024 * 12 + 8);
        assert_eq!(sy.last_month(), 2025 * 12 + 7);
        assert_eq!(sy.start_date(), Date::new(2024, 9, 1).unwrap());
        assert_eq!(sy.end_date(), Date::new(2025, 8, 31).unwrap());
        assert_eq!(p("2024-Q1").end_date(), Date::new(2024, 3, 31).unwrap());
        assert_eq!(p("2024-02").end_date(), Date::new(2024, 2, 29).unwrap());
        assert_eq!(p("2025-S2").start_date(), Date::new(2025, 7, 1).unwrap());
        assert_eq!(p("2025").end_date(), Date::new(2025, 12, 31).unwrap());
        assert_eq!(Period::from_month_index(2025 * 12 + 11), p("2025-12"));
        assert_eq!(
            Period::from_month_index(-1),
            Period::Month {
                year: -1,
                month: 12
            }
        );
        assert!(sy.contains_date(Date::new(2025, 8, 31).unwrap()));
        assert!(!sy.contains_date(Date::new(2025, 9, 1).unwrap()));
    }

    #[test]
    fn containment() {
        assert!(p("2025").contains(&p("2025-Q3")));
        assert!(p("2025").contains(&p("2025")));
        assert!(p("2025-S1").contains(&p("2025-Q2")));
        assert!(!p("2025-S1").contains(&p("2025-Q3")));
        assert!(p("2024-2025").contains(&p("2025-S1")));
        assert!(!p("2024-2025").contains(&p("2025-S2")));
        assert!(!p("2024-2025").contains(&p("2025")));
        assert!(!p("2025-01").contains(&p("2025-Q1")));
        assert_eq!(
            p("2025-Q2").months(),
            vec![p("2025-04"), p("2025-05"), p("2025-06")]
        );
    }

    #[test]
    fn kind_names() {
        let names: Vec<_> = ["2025-01", "2025-Q1", "2025-S1", "2025", "2024-2025"]
            .iter()
            .map(|s| p(s).kind_name())
            .collect();
        assert_eq!(
            names,
            ["month", "quarter", "semester", "year", "school_year"]
        );
    }

    #[test]
    fn school_year_of_a_date() {
        let sy = |y, m, d| Period::school_year_of(Date::new(y, m, d).unwrap());
        assert_eq!(sy(2024, 9, 1), Period::SchoolYear(2024));
        assert_eq!(sy(2025, 8, 31), Period::SchoolYear(2024));
        assert_eq!(sy(2025, 1, 15), Period::SchoolYear(2024));
        assert_eq!(sy(2025, 12, 31), Period::SchoolYear(2025));
    }

    #[test]
    fn previous_and_next() {
        assert_eq!(p("2025-01").previous(), p("2024-12"));
        assert_eq!(p("2025-Q1").previous(), p("2024-Q4"));
        assert_eq!(p("2025-Q3").previous(), p("2025-Q2"));
        assert_eq!(p("2025-S1").previous(), p("2024-S2"));
        assert_eq!(p("2025").previous(), p("2024"));
        assert_eq!(p("2024-2025").previous(), p("2023-2024"));
        assert_eq!(p("2024-Q4").next(), p("2025-Q1"));
        assert_eq!(p("2024-12").next(), p("2025-01"));
    }

    #[test]
    fn ordering_is_chronological_longer_first() {
        let mut v = [
            p("2025-02"),
            p("2025-01"),
            p("2025-Q1"),
            p("2024-2025"),
            p("2025"),
            p("2025-S1"),
            p("2024-12"),
        ];
        v.sort();
        let got: Vec<String> = v.iter().map(Period::canonical).collect();
        assert_eq!(
            got,
            [
                "2024-2025",
                "2024-12",
                "2025",
                "2025-S1",
                "2025-Q1",
                "2025-01",
                "2025-02"
            ]
        );
    }

    fn any_period() -> impl Strategy<Value = Period> {
        let y = YEARS;
        prop_oneof![
            (y.clone(), 1..=12u32).prop_map(|(year, month)| Period::Month { year, month }),
            (y.clone(), 1..=4u32).prop_map(|(year, quarter)| Period::Quarter { year, quarter }),
            (y.clone(), 1..=2u32).prop_map(|(year, semester)| Period::Semester { year, semester }),
            y.clone().prop_map(Period::Year),
            y.prop_map(Period::SchoolYear),
        ]
    }

    proptest! {
        #[test]
        fn canonical_round_trips(period in any_period()) {
            prop_assert_eq!(Period::parse(&period.canonical()), Ok(period));
            prop_assert_eq!(period.previous().next(), period);
            prop_assert_eq!(period.months().len() as i32, period.span());
            prop_assert!(period.start_date() <= period.end_date());
        }

        #[test]
        fn school_year_holds_september_to_august(year in YEARS) {
            let sy = Period::SchoolYear(year);
            let months = sy.months();
            let expected: Vec<Period> = (9..=12)
                .map(|month| Period::Month { year, month })
                .chain((1..=8).map(|month| Period::Month { year: year + 1, month }))
                .collect();
            prop_assert_eq!(&months, &expected);
            for m in &months {
                prop_assert!(sy.contains(m));
            }
            let august_before = Period::Month { year, month: 8 };
            let september_after = Period::Month { year: year + 1, month: 9 };
            prop_assert!(!sy.contains(&august_before));
            prop_assert!(!sy.contains(&september_after));
        }
    }
}
