//! The one way suivi writes a number or a date for a person, in French or
//! English, and the one plain form it writes for a machine or a terminal
//! listing. Every report format and listing calls these; nothing else pads,
//! groups or rounds a figure.
//!
//! French: decimal comma, thousands grouped by a space (the reports have always
//! printed an ordinary space), dates `JJ/MM/AAAA`. English: decimal point,
//! thousands grouped by a comma, ISO dates.

/// A figure as people read it: thousands grouped, no decimals from 100 up, one
/// from 10 up, two below; trailing zeros dropped (`9 848 600`, `11,7`, `1.25`).
pub fn number(v: f64, fr: bool) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let decimals = if v.fract() == 0.0 || v.abs() >= 100.0 {
        0
    } else if v.abs() >= 10.0 {
        1
    } else {
        2
    };
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0');
    let mut out = String::new();
    if v < 0.0 && s.chars().any(|c| c != '0' && c != '.') {
        out.push('-');
    }
    out.push_str(&group(int, if fr { ' ' } else { ',' }));
    if !frac.is_empty() {
        out.push(if fr { ',' } else { '.' });
        out.push_str(frac);
    }
    shown(out)
}

/// A figure with exactly `decimals` decimals, in the language (`1,9`, `2.0`).
pub fn fixed(v: f64, decimals: usize, fr: bool) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let s = format!("{v:.decimals$}");
    shown(if fr { s.replace('.', ",") } else { s })
}

/// A percentage with at most `decimals` decimals and its sign: `74,4 %`,
/// `50 %`, `105 %` (no grouping: a share is rarely above 999).
pub fn percent(v: f64, decimals: usize, fr: bool) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    shown(format!(
        "{} %",
        if fr {
            s.replace('.', ",")
        } else {
            s.to_string()
        }
    ))
}

/// The plain form of a figure, the same in every language: at most two
/// decimals, a decimal point, no grouping (`1234.5`, `3`). Listings, CSV
/// cells and rule examples use it; empty for a value that is not finite.
pub fn plain(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let s = format!("{f:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// An ISO date (`2026-06-30`) for a person: `30/06/2026` in French, unchanged
/// in English. Text that is not an ISO date comes back as it is.
pub fn date(iso: &str, fr: bool) -> String {
    let b = iso.as_bytes();
    let is_iso = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if fr && is_iso {
        shown(format!("{}/{}/{}", &iso[8..10], &iso[5..7], &iso[0..4]))
    } else if is_iso {
        shown(iso.to_string())
    } else {
        iso.to_string()
    }
}

/// How figures are shown inside right-to-left text: isolated left to right
/// (U+2066 … U+2069) so that they keep their order (a figure has no strong
/// letter: a first-strong isolate would lay `67 %` out as `% 67`), and in Arabic-Indic digits (`١٢٫٥`) if asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RtlFigures {
    pub isolate: bool,
    pub arabic_digits: bool,
}

thread_local! {
    static RTL: std::cell::Cell<RtlFigures> = const {
        std::cell::Cell::new(RtlFigures { isolate: false, arabic_digits: false })
    };
}

/// Sets how the figures of the report being built on this thread are shown.
pub fn set_rtl_figures(f: RtlFigures) {
    RTL.with(|c| c.set(f));
}

/// A whole count (`12`), as the current report shows figures.
pub fn count(n: i64) -> String {
    shown(n.to_string())
}

/// A formatted figure as the current report shows it (unchanged by default).
fn shown(s: String) -> String {
    let f = RTL.with(|c| c.get());
    let s = if f.arabic_digits {
        // One Arabic number run: `٤٬٢٨٤٫٥`, `٩٤٪`.
        s.replace(" %", "\u{066A}")
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c),
                ',' | '.' => '\u{066B}',
                ' ' => '\u{066C}',
                _ => c,
            })
            .collect()
    } else {
        s
    };
    if f.isolate && s != "—" {
        format!("\u{2066}{s}\u{2069}")
    } else {
        s
    }
}

/// `1234567` → `1 234 567` with the given separator (digits only).
fn group(int: &str, sep: char) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_for_people() {
        assert_eq!(number(9848600.0, true), "9 848 600");
        assert_eq!(number(9848600.0, false), "9,848,600");
        assert_eq!(number(11.66, true), "11,7");
        assert_eq!(number(1.25, false), "1.25");
        assert_eq!(number(1.5, true), "1,5");
        assert_eq!(number(-1234.0, true), "-1 234");
        assert_eq!(number(-0.001, true), "0");
        assert_eq!(number(0.0, true), "0");
        assert_eq!(number(999.6, false), "1,000");
        assert_eq!(number(f64::NAN, true), "—");
        assert_eq!(number(f64::INFINITY, false), "—");
    }

    #[test]
    fn percentages_keep_at_most_the_decimals_asked() {
        assert_eq!(percent(74.44, 1, true), "74,4 %");
        assert_eq!(percent(74.44, 1, false), "74.4 %");
        assert_eq!(percent(50.0, 1, false), "50 %");
        assert_eq!(percent(74.96, 1, true), "75 %");
        assert_eq!(percent(105.4, 0, true), "105 %");
        assert_eq!(percent(100.0, 0, true), "100 %");
        assert_eq!(percent(f64::NAN, 0, true), "—");
    }

    #[test]
    fn fixed_decimals_follow_the_language() {
        assert_eq!(fixed(1.94, 1, true), "1,9");
        assert_eq!(fixed(2.0, 1, false), "2.0");
    }

    #[test]
    fn the_plain_form_is_short_and_language_free() {
        assert_eq!(plain(3.0), "3");
        assert_eq!(plain(1234.5), "1234.5");
        assert_eq!(plain(2.0 / 3.0), "0.67");
        assert_eq!(plain(-0.001), "0");
        assert_eq!(plain(-2.5), "-2.5");
        assert_eq!(plain(f64::NAN), "");
    }

    #[test]
    fn figures_in_right_to_left_text_are_isolated_and_may_use_arabic_digits() {
        set_rtl_figures(RtlFigures {
            isolate: true,
            arabic_digits: false,
        });
        assert_eq!(percent(74.44, 1, true), "\u{2066}74,4 %\u{2069}");
        set_rtl_figures(RtlFigures {
            isolate: false,
            arabic_digits: true,
        });
        assert_eq!(number(1234.0, true), "١٬٢٣٤");
        assert_eq!(number(12.5, true), "١٢٫٥");
        assert_eq!(percent(94.0, 0, true), "٩٤٪");
        assert_eq!(date("2026-06-30", true), "٣٠/٠٦/٢٠٢٦");
        set_rtl_figures(RtlFigures::default());
        assert_eq!(number(12.5, true), "12,5");
    }

    #[test]
    fn dates_are_written_per_language() {
        assert_eq!(date("2026-06-30", true), "30/06/2026");
        assert_eq!(date("2026-06-30", false), "2026-06-30");
        assert_eq!(date("2026-06", true), "2026-06");
        assert_eq!(date("30/06/2026", true), "30/06/2026");
    }
}
