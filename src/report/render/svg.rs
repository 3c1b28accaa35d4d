//! Charts as inline SVG (no script, no fonts fetched) and as terminal text.

use std::fmt::Write;

use super::html::esc;

/// Colours of the report: one accent, a target mark, greys.
const ACCENT: &str = "#1f6f8b";
const TARGET: &str = "#c0392b";
const MUTED: &str = "#9aa5ad";

/// Unicode sparkline for a terminal: ▁▂▃▄▅▆▇█, a space where a value is missing.
pub fn spark_text(values: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let (Some(min), Some(max)) = (
        present.iter().copied().reduce(f64::min),
        present.iter().copied().reduce(f64::max),
    ) else {
        return String::new();
    };
    let tail = values.len().saturating_sub(24);
    values[tail..]
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(v) if max > min => BARS[(((v - min) / (max - min)) * 7.0).round() as usize],
            Some(_) => BARS[3],
        })
        .collect()
}

/// A figure with its suffix (` %` or none), as the report shows figures: a
/// percentage keeps its sign inside the figure's isolate (and becomes `٪` in
/// Arabic-Indic digits).
fn figure_text(v: f64, suffix: &str, fr: bool) -> String {
    use crate::domain::format;
    if suffix.trim() == "%" {
        let decimals = if v.fract() == 0.0 || v.abs() >= 100.0 {
            0
        } else if v.abs() >= 10.0 {
            1
        } else {
            2
        };
        format::percent(v, decimals, fr)
    } else {
        format!("{}{suffix}", format::number(v, fr))
    }
}

/// Text of a chart: escaped, and in an Arabic report set right to left inside
/// a right-to-left isolate (U+2067), so that `DT01 دار الطالبة` reads from the
/// right although the chart places its anchors itself.
fn label_text(s: &str) -> String {
    if crate::report::i18n::rtl() {
        format!("\u{2067}{}\u{2069}", esc(s))
    } else {
        esc(s)
    }
}

/// The x mirror of a chart `total` wide when the report reads right to left,
/// with the text anchor of a label's end and the anchor attribute of a value
/// placed after a bar (none left to right: SVG's default).
fn mirror(total: f64) -> (impl Fn(f64) -> f64, &'static str, &'static str) {
    let rtl = crate::report::i18n::rtl();
    let m = move |x: f64| if rtl { total - x } else { x };
    if rtl {
        (m, "start", r#" text-anchor="end""#)
    } else {
        (m, "end", "")
    }
}

/// The text-anchor attributes of text at the near end of a chart (where its
/// axis starts: the left, the right in an Arabic report) and at the far end.
fn anchors() -> (&'static str, &'static str) {
    if crate::report::i18n::rtl() {
        (r#" text-anchor="end""#, r#" text-anchor="start""#)
    } else {
        ("", r#" text-anchor="end""#)
    }
}

/// One bar of a chart: label, value, optional target.
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub rtl: bool,
    /// Withheld in a published report: no bar, the withheld mark instead.
    pub withheld: bool,
}

/// Horizontal bars, one per house, with the target as a red tick and the
/// pilot-wide value as a dashed line.
pub fn bars(bars: &[Bar], pilot: Option<f64>, unit_suffix: &str, fr: bool) -> String {
    let row = 18.0;
    let (left, width) = (230.0, 400.0);
    let height = row * bars.len() as f64 + 24.0;
    let max = bars
        .iter()
        .flat_map(|b| [b.value, b.target])
        .flatten()
        .chain(pilot)
        .fold(0.0_f64, f64::max)
        .max(1e-9)
        * 1.08;
    // Right to left, the chart is mirrored: labels on the right, bars growing leftwards.
    let total = left + width + 70.0;
    let (m, end, start) = mirror(total);
    let x = |v: f64| m(left + width * (v / max).clamp(0.0, 1.0));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img">"#,
        w = total,
        h = height
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="{end}" class="lbl"{}>{}</text>"#,
            m(left - 6.0),
            y + 12.0,
            if b.rtl { r#" direction="rtl""# } else { "" },
            label_text(&b.label)
        );
        match b.value {
            Some(v) => {
                let _ = write!(
                    s,
                    r#"<rect x="{}" y="{}" width="{:.1}" height="{}" fill="{ACCENT}"/><text x="{:.1}" y="{}"{start} class="val">{}</text>"#,
                    (x(v).min(m(left)) * 10.0).round() / 10.0,
                    y + 2.0,
                    (x(v) - m(left)).abs(),
                    row - 6.0,
                    x(v) + m(4.0) - m(0.0),
                    y + 12.0,
                    esc(&figure_text(v, unit_suffix, fr))
                );
            }
            None => {
                let mark = if b.withheld {
                    crate::report::i18n::label("withheld", fr)
                } else {
                    "—"
                };
                let _ = write!(
                    s,
                    r#"<text x="{}" y="{}"{start} class="val muted">{}</text>"#,
                    m(left + 4.0),
                    y + 12.0,
                    label_text(mark)
                );
            }
        }
        if let Some(t) = b.target {
            let _ = write!(
                s,
                r#"<line x1="{:.1}" x2="{:.1}" y1="{}" y2="{}" stroke="{TARGET}" stroke-width="2.5"/>"#,
                x(t),
                x(t),
                y,
                y + row - 2.0
            );
        }
    }
    if let Some(p) = pilot {
        let _ = write!(
            s,
            r##"<line x1="{:.1}" x2="{:.1}" y1="2" y2="{}" stroke="#333" stroke-dasharray="4 3"/>"##,
            x(p),
            x(p),
            height - 18.0
        );
    }
    let _ = write!(
        s,
        r#"<line x1="{0}" x2="{0}" y1="2" y2="{1}" stroke="{MUTED}"/></svg>"#,
        m(left),
        height - 18.0
    );
    s
}

/// The adoption funnel: houses that reached at least each stage.
pub fn funnel(stages: &[(String, usize)], total: usize) -> String {
    let row = 22.0;
    let width = 420.0;
    let left = 150.0;
    let full = left + width + 60.0;
    let (m, end, start) = mirror(full);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img">"#,
        w = full,
        h = row * stages.len() as f64 + 6.0
    );
    for (i, (label, n)) in stages.iter().enumerate() {
        let w = if total > 0 {
            width * *n as f64 / total as f64
        } else {
            0.0
        };
        let y = 3.0 + row * i as f64;
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="{end}" class="lbl">{}</text><rect x="{:.1}" y="{}" width="{:.1}" height="{}" rx="3" fill="{ACCENT}" opacity="{:.2}"/><text x="{:.1}" y="{}"{start} class="val">{n}</text>"#,
            m(left - 6.0),
            y + 14.0,
            label_text(label),
            m(left + (width - w) / 2.0).min(m(left + (width + w) / 2.0)),
            y,
            w,
            row - 4.0,
            1.0 - 0.1 * i as f64,
            m(left + width + 6.0),
            y + 14.0,
            n = esc(&crate::domain::format::count(*n as i64))
        );
    }
    s.push_str("</svg>");
    s
}

/// A small line chart of a series, for small multiples. A month with
/// `fewer[i]` set (fewer houses reported) gets a hollow point titled with it.
pub fn sparkline(
    values: &[Option<f64>],
    fewer: &[Option<String>],
    first: &str,
    last: &str,
    fr: bool,
) -> String {
    let (w, h, pad) = (200.0, 60.0, 6.0);
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let min = present.iter().copied().fold(f64::INFINITY, f64::min);
    let max = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = if max > min { max - min } else { 1.0 };
    let n = values.len().max(2) - 1;
    // Right to left, time runs from the right: the first month on the right.
    let (m, _, _) = mirror(w);
    let xy = |i: usize, v: f64| {
        (
            m(pad + (w - 2.0 * pad) * i as f64 / n as f64),
            h - 16.0 - (h - 24.0) * (v - min) / span,
        )
    };
    let mut path = String::new();
    let mut pen_up = true;
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => {
                let (x, y) = xy(i, *v);
                let _ = write!(path, "{}{x:.1},{y:.1} ", if pen_up { "M" } else { "L" });
                pen_up = false;
            }
            None => pen_up = true,
        }
    }
    let last_value = values.iter().rev().flatten().next().copied();
    let mut s = format!(
        r#"<svg class="spark" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img"><path d="{path}" fill="none" stroke="{ACCENT}" stroke-width="1.8"/>"#
    );
    for (i, (v, why)) in values.iter().zip(fewer).enumerate() {
        if let (Some(v), Some(why)) = (v, why) {
            let (x, y) = xy(i, *v);
            let _ = write!(
                s,
                r##"<circle class="fewer" cx="{x:.1}" cy="{y:.1}" r="2.8" fill="#fff" stroke="{ACCENT}" stroke-width="1.5"><title>{}</title></circle>"##,
                esc(why)
            );
        }
    }
    let (near, far) = anchors();
    let _ = write!(
        s,
        r#"<text x="{}" y="{}"{near} class="tiny">{}</text><text x="{}" y="{}"{far} class="tiny">{}</text>"#,
        m(pad),
        h - 3.0,
        esc(first),
        m(w - pad),
        h - 3.0,
        esc(last)
    );
    if let Some(v) = last_value {
        let _ = write!(
            s,
            r#"<text x="{}" y="10"{far} class="tiny strong">{}</text>"#,
            m(w - pad),
            esc(&crate::domain::format::number(v, fr))
        );
    }
    s.push_str("</svg>");
    s
}

/// Grey ticks at the foot of a [`sparkline`] for the months whose value is
/// withheld: where they are, never what they hold.
pub fn withheld_ticks(withheld: &[bool], months: usize, fr: bool) -> String {
    let (w, h, pad) = (200.0, 60.0, 6.0);
    let n = months.max(2) - 1;
    let (m, _, _) = mirror(w);
    let mut s = String::new();
    for (i, _) in withheld.iter().enumerate().filter(|(_, w)| **w) {
        let x = m(pad + (w - 2.0 * pad) * i as f64 / n as f64);
        let _ = write!(
            s,
            r#"<line class="withheld" x1="{x:.1}" x2="{x:.1}" y1="{}" y2="{}" stroke="{MUTED}" stroke-width="2"><title>{}</title></line>"#,
            h - 22.0,
            h - 14.0,
            esc(crate::report::i18n::label("withheld", fr))
        );
    }
    s
}

/// Baseline → latest per dimension on the 1–4 scale (a dumbbell chart).
pub fn dumbbell(rows: &[(String, Option<f64>, Option<f64>)]) -> String {
    let (left, width, row) = (170.0, 360.0, 22.0);
    let total = left + width + 30.0;
    // Right to left: labels on the right, the scale growing leftwards.
    let (m, end, _) = mirror(total);
    let x = |v: f64| m(left + width * (v - 1.0) / 3.0);
    let height = row * rows.len() as f64 + 22.0;
    let mut s = format!(
        r#"<svg class="chart" viewBox="0 0 {w} {height}" width="{w}" height="{height}" role="img">"#,
        w = total
    );
    for k in 1..=4 {
        let _ = write!(
            s,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="0" y2="{1}" stroke="#e3e7ea"/><text x="{0:.1}" y="{2}" text-anchor="middle" class="tiny">{3}</text>"##,
            x(k as f64),
            height - 16.0,
            height - 4.0,
            esc(&crate::domain::format::count(k))
        );
    }
    for (i, (label, base, latest)) in rows.iter().enumerate() {
        let y = 12.0 + row * i as f64;
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="{end}" class="lbl">{}</text>"#,
            m(left - 8.0),
            y + 4.0,
            label_text(label)
        );
        if let (Some(b), Some(l)) = (base, latest) {
            let _ = write!(
                s,
                r#"<line x1="{:.1}" x2="{:.1}" y1="{y}" y2="{y}" stroke="{MUTED}" stroke-width="3"/>"#,
                x(*b),
                x(*l)
            );
        }
        if let Some(b) = base {
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{y}" r="5" fill="{MUTED}"/>"#,
                x(*b)
            );
        }
        if let Some(l) = latest {
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{y}" r="5" fill="{ACCENT}"/>"#,
                x(*l)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// How houses' values spread: a histogram of the values (40 bins, so that
/// 1,300 houses weigh no more than 12) under a box from Q1 to Q3 with the
/// median, the minimum and maximum at the ends.
pub fn strip(values: &[f64], q1: f64, median: f64, q3: f64, suffix: &str, fr: bool) -> String {
    let (w, h, pad) = (200.0, 64.0, 6.0);
    let (Some(min), Some(max)) = (
        values.iter().copied().reduce(f64::min),
        values.iter().copied().reduce(f64::max),
    ) else {
        return String::new();
    };
    let span = if max > min { max - min } else { 1.0 };
    // Right to left, values grow leftwards: the minimum on the right.
    let (mx, _, _) = mirror(w);
    let x = |v: f64| mx(pad + (w - 2.0 * pad) * (v - min) / span);
    const BINS: usize = 40;
    let mut counts = [0usize; BINS];
    for v in values {
        let i = (((v - min) / span) * BINS as f64).floor() as usize;
        counts[i.min(BINS - 1)] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let bin_w = (w - 2.0 * pad) / BINS as f64;
    let mut s =
        format!(r#"<svg class="spark" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img">"#);
    for (i, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
        let bh = 22.0 * *n as f64 / top;
        let _ = write!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{MUTED}"/>"#,
            mx(pad + bin_w * i as f64).min(mx(pad + bin_w * (i + 1) as f64)),
            26.0 - bh,
            (bin_w - 0.5).max(0.5),
            bh
        );
    }
    let _ = write!(
        s,
        r#"<line x1="{:.1}" x2="{:.1}" y1="38" y2="38" stroke="{MUTED}"/><rect x="{:.1}" y="31" width="{:.1}" height="14" fill="none" stroke="{ACCENT}" stroke-width="1.5"/><line x1="{m:.1}" x2="{m:.1}" y1="29" y2="47" stroke="{ACCENT}" stroke-width="2.5"/>"#,
        x(min),
        x(max),
        x(q1).min(x(q3)),
        (x(q3) - x(q1)).abs().max(1.0),
        m = x(median)
    );
    let num = |v: f64| esc(&figure_text(v, suffix, fr));
    let (near, far) = anchors();
    let _ = write!(
        s,
        r#"<text x="{}" y="{}"{near} class="tiny">{}</text><text x="{:.1}" y="{}" text-anchor="middle" class="tiny strong">{}</text><text x="{}" y="{}"{far} class="tiny">{}</text></svg>"#,
        mx(pad),
        h - 4.0,
        num(min),
        x(median).clamp(30.0, w - 30.0),
        h - 4.0,
        num(median),
        mx(w - pad),
        h - 4.0,
        num(max)
    );
    s
}

/// Baseline → endline, one line per group (the first in the accent colour).
pub fn slope(
    from: &str,
    to: &str,
    lines: &[(String, Option<f64>, Option<f64>)],
    suffix: &str,
    fr: bool,
) -> String {
    let (w, h) = (220.0, 120.0);
    // Right to left, time runs from the right: the baseline on the right.
    let (mx, _, _) = mirror(w);
    let (left, right, top, bottom) = (mx(60.0), mx(160.0), 12.0, 96.0);
    let (near, far) = anchors();
    let out = if crate::report::i18n::rtl() {
        5.0
    } else {
        -5.0
    };
    let present: Vec<f64> = lines
        .iter()
        .flat_map(|(_, a, b)| [*a, *b])
        .flatten()
        .collect();
    let min = present.iter().copied().fold(f64::INFINITY, f64::min);
    let max = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !min.is_finite() {
        return String::new();
    }
    let span = if max > min { max - min } else { 1.0 };
    let y = |v: f64| bottom - (bottom - top) * (v - min) / span;
    let mut s = format!(
        r#"<svg class="spark" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img"><line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="{MUTED}" stroke-dasharray="2 2"/><line x1="{right}" x2="{right}" y1="{top}" y2="{bottom}" stroke="{MUTED}" stroke-dasharray="2 2"/>"#
    );
    let num = |v: f64| esc(&figure_text(v, suffix, fr));
    for (i, (_, a, b)) in lines.iter().enumerate() {
        let colour = if i == 0 { ACCENT } else { MUTED };
        if let (Some(a), Some(b)) = (a, b) {
            let _ = write!(
                s,
                r#"<line x1="{left}" x2="{right}" y1="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="2.5"/>"#,
                y(*a),
                y(*b)
            );
        }
        if let Some(a) = a {
            let _ = write!(
                s,
                r#"<circle cx="{left}" cy="{:.1}" r="3.5" fill="{colour}"/><text x="{}" y="{:.1}"{far} class="tiny">{}</text>"#,
                y(*a),
                left + out,
                y(*a) + 3.0,
                num(*a)
            );
        }
        if let Some(b) = b {
            let _ = write!(
                s,
                r#"<circle cx="{right}" cy="{:.1}" r="3.5" fill="{colour}"/><text x="{}" y="{:.1}"{near} class="tiny">{}</text>"#,
                y(*b),
                right - out,
                y(*b) + 3.0,
                num(*b)
            );
        }
    }
    let _ = write!(
        s,
        r#"<text x="{left}" y="{}" text-anchor="middle" class="tiny">{}</text><text x="{right}" y="{}" text-anchor="middle" class="tiny">{}</text></svg>"#,
        h - 6.0,
        esc(from),
        h - 6.0,
        esc(to)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_for_the_terminal() {
        assert_eq!(spark_text(&[Some(1.0), Some(8.0), None, Some(4.5)]), "▁█ ▅");
        assert_eq!(spark_text(&[None, None]), "");
    }

    #[test]
    fn charts_are_plain_svg() {
        let b = bars(
            &[Bar {
                label: "A <&>".into(),
                value: Some(3.0),
                target: Some(4.0),
                rtl: false,
                withheld: false,
            }],
            Some(3.5),
            " %",
            true,
        );
        assert!(b.starts_with("<svg") && b.ends_with("</svg>"));
        assert!(b.contains("A &lt;&amp;&gt;"));
        assert!(!b.contains("<script"));
    }
}
