//! Calendar dates (proleptic Gregorian, years 1..=9999) without any external crate:
//! validation, parsing of the spellings found in spreadsheets, and day arithmetic.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

/// A valid calendar date. Field order makes the derived `Ord` chronological.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

/// A string that is not a date in any accepted spelling.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", not_a_date(.input))]
pub struct DateError {
    /// The value as given (untrimmed), so that messages show what the user typed.
    pub input: String,
}

fn not_a_date(input: &str) -> String {
    crate::messages::Msg::NotADate {
        input: input.to_string(),
    }
    .to_string()
}

/// Excel's serial number of 1970-01-01 in the 1900 date system.
const EXCEL_UNIX_EPOCH: i64 = 25_569;
/// Excel's last representable date, 9999-12-31.
const EXCEL_MAX_SERIAL: f64 = 2_958_465.0;

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` of `year`, or 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The earliest representable date, 0001-01-01.
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };
    /// The latest representable date, 9999-12-31; four-digit years keep ISO output unambiguous.
    pub const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// `None` unless the date exists (leap years included) and the year is in 1..=9999.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> u32 {
        self.month
    }

    pub fn day(&self) -> u32 {
        self.day
    }

    /// Parses `2025-06-30` (year first) or `30/06/2025`, `3/6/2025`, `30-06-2025`,
    /// `30.06.2025` (day first, as French spreadsheets write them). Surrounding
    /// whitespace is ignored; two-digit years are refused because they are ambiguous.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        parse_parts(s.trim()).ok_or_else(|| DateError {
            input: s.to_string(),
        })
    }

    /// Today's date where the machine is: local time, `TZ` honoured. In Morocco
    /// (UTC+1) the day changes at local midnight, not at 01:00.
    ///
    /// `$SUIVI_NOW` (seconds since 1970, UTC) stands in for the clock, so that
    /// tests and reproducible reports can say when "now" is.
    pub fn today() -> Date {
        let secs = now_seconds();
        Date::from_days((secs + local_offset_seconds(secs)).div_euclid(86_400))
    }

    /// Days since 1970-01-01 (negative before), after Howard Hinnant's civil algorithm.
    pub fn to_days(&self) -> i64 {
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        // Counting years from March puts the leap day at the end of the year.
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Inverse of [`Date::to_days`]. Saturates at [`Date::MIN`] and [`Date::MAX`] rather
    /// than failing, since such days only come from arithmetic gone far astray.
    pub fn from_days(days: i64) -> Date {
        let days = days.clamp(Date::MIN.to_days(), Date::MAX.to_days());
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Converts a spreadsheet serial number (1900 date system, as Excel and LibreOffice
    /// store dates) to a date; the fractional part (time of day) is dropped. Serial 60
    /// is Excel's fictitious 1900-02-29 and yields `None`, as do serials below 1 or
    /// beyond 9999-12-31.
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        if !serial.is_finite() || !(1.0..EXCEL_MAX_SERIAL + 1.0).contains(&serial) {
            return None;
        }
        let whole = serial.floor() as i64;
        let days = match whole {
            60 => return None,
            // Before the fictitious leap day the serials are one day ahead of the real count.
            ..60 => whole - EXCEL_UNIX_EPOCH + 1,
            _ => whole - EXCEL_UNIX_EPOCH,
        };
        Some(Date::from_days(days))
    }

    /// `year * 12 + month - 1`: consecutive months get consecutive indexes, which is
    /// how periods compare and span months.
    pub fn month_index(&self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }
}

fn parse_parts(s: &str) -> Option<Date> {
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let digits = |p: &str, lens: std::ops::RangeInclusive<usize>| -> Option<u32> {
        if lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    let (y, m, d) = if a.len() == 4 {
        (digits(a, 4..=4)?, digits(b, 1..=2)?, digits(c, 1..=2)?)
    } else {
        (digits(c, 4..=4)?, digits(b, 1..=2)?, digits(a, 1..=2)?)
    };
    Date::new(y as i32, m, d)
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Seconds since 1970-01-01 UTC: `$SUIVI_NOW` when set to a whole number, else the clock.
fn now_seconds() -> i64 {
    if let Some(s) = std::env::var("SUIVI_NOW")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        return s;
    }
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        // A clock set before 1970 is broken, but still deserves a best effort.
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

unsafe extern "C" {
    /// POSIX: reads `TZ` into the C library's zone state (not bound by `libc`).
    fn tzset();
}

/// The local time zone's offset from UTC at `secs`, as the C library computes
/// it from `TZ` (else /etc/localtime); 0 when it cannot say.
fn local_offset_seconds(secs: i64) -> i64 {
    let t: libc::time_t = secs;
    // SAFETY: `tzset` only reads the environment and the zone files;
    // `localtime_r` writes into the `tm` we own and returns null on failure.
    unsafe {
        tzset();
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&t, &mut tm).is_null() {
            return 0;
        }
        tm.tm_gmtoff
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn new_validates_months_days_and_leap_years() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2025, 4, 31).is_none());
        assert!(Date::new(2025, 13, 1).is_none());
        assert!(Date::new(2025, 0, 1).is_none());
        assert!(Date::new(2025, 1, 0).is_none());
        assert!(Date::new(0, 1, 1).is_none());
        assert!(Date::new(10_000, 1, 1).is_none());
        let x = d(2025, 6, 30);
        assert_eq!((x.year(), x.month(), x.day()), (2025, 6, 30));
    }

    #[test]
    fn parses_every_spelling() {
        let expected = d(2025, 6, 30);
        for s in [
            "2025-06-30",
            "30/06/2025",
            "30-06-2025",
            "30.06.2025",
            "  30/06/2025 ",
            "2025/06/30",
        ] {
            assert_eq!(Date::parse(s), Ok(expected), "{s}");
        }
        assert_eq!(Date::parse("3/6/2025"), Ok(d(2025, 6, 3)));
        assert_eq!(Date::parse("2025-6-3"), Ok(d(2025, 6, 3)));
        assert_eq!("29/02/2024".parse::<Date>(), Ok(d(2024, 2, 29)));
    }

    #[test]
    fn rejects_non_dates_with_a_message_naming_the_value() {
        for s in [
            "",
            "31/02/2025",
            "2025-13-01",
            "30/06/25",
            "30/06-2025",
            "30 06 2025",
            "2025-06",
            "2025-06-30-1",
            "abc",
            "06/30/2025",
            "2025-06-30T00:00",
            "+1/06/2025",
        ] {
            assert!(Date::parse(s).is_err(), "{s}");
        }
        assert_eq!(
            Date::parse("31/02/2025").unwrap_err().to_string(),
            "\"31/02/2025\" is not a date: expected YYYY-MM-DD or DD/MM/YYYY"
        );
    }

    #[test]
    fn days_since_epoch() {
        assert_eq!(d(1970, 1, 1).to_days(), 0);
        assert_eq!(d(1970, 1, 2).to_days(), 1);
        assert_eq!(d(1969, 12, 31).to_days(), -1);
        assert_eq!(d(2000, 3, 1).to_days(), 11_017);
        assert_eq!(d(2025, 6, 30).to_days(), 20_269);
        assert_eq!(Date::from_days(20_269), d(2025, 6, 30));
        assert_eq!(Date::from_days(-1), d(1969, 12, 31));
        assert_eq!(Date::from_days(i64::MIN), Date::MIN);
        assert_eq!(Date::from_days(i64::MAX), Date::MAX);
    }

    #[test]
    fn day_round_trip_over_four_centuries() {
        let start = d(1900, 1, 1).to_days();
        let mut prev = Date::from_days(start - 1);
        for n in start..start + 146_097 {
            let x = Date::from_days(n);
            assert_eq!(x.to_days(), n);
            assert!(x > prev);
            assert!(Date::new(x.year(), x.month(), x.day()).is_some());
            prev = x;
        }
    }

    #[test]
    fn excel_serials() {
        assert_eq!(Date::from_excel_serial(25_569.0), Some(d(1970, 1, 1)));
        assert_eq!(Date::from_excel_serial(45_838.75), Some(d(2025, 6, 30)));
        assert_eq!(Date::from_excel_serial(1.0), Some(d(1900, 1, 1)));
        assert_eq!(Date::from_excel_serial(59.0), Some(d(1900, 2, 28)));
        assert_eq!(Date::from_excel_serial(60.0), None);
        assert_eq!(Date::from_excel_serial(61.0), Some(d(1900, 3, 1)));
        assert_eq!(Date::from_excel_serial(2_958_465.0), Some(Date::MAX));
        assert_eq!(Date::from_excel_serial(2_958_466.0), None);
        assert_eq!(Date::from_excel_serial(0.5), None);
        assert_eq!(Date::from_excel_serial(f64::NAN), None);
        assert_eq!(Date::from_excel_serial(-3.0), None);
    }

    #[test]
    fn month_index_and_display() {
        assert_eq!(d(2025, 1, 15).month_index(), 2025 * 12);
        assert_eq!(d(2025, 12, 1).month_index(), 2025 * 12 + 11);
        assert_eq!(d(2025, 6, 3).to_string(), "2025-06-03");
        assert_eq!(Date::MIN.to_string(), "0001-01-01");
    }

    #[test]
    fn local_offset_is_within_a_day() {
        let off = local_offset_seconds(now_seconds());
        assert!(off.abs() < 86_400, "{off}");
    }

    #[test]
    fn today_is_plausible() {
        let t = Date::today();
        assert!(t.year() >= 2024 && t.year() < 2200);
    }
}
