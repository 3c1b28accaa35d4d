//! Period locks: a validated period frozen against changes (not against
//! values that stay the same), unless forced with a reason.

use serde::Serialize;

use super::period::Period;

#[derive(Debug, Clone, Serialize)]
pub struct Lock {
    pub period: String,
    pub reason: String,
    pub at: String,
    pub by: String,
    #[serde(skip)]
    pub first_month: i32,
    #[serde(skip)]
    pub last_month: i32,
}

/// The lock that covers any month of `p`, if one does.
pub fn covering<'a>(locks: &'a [Lock], p: &Period) -> Option<&'a Lock> {
    locks
        .iter()
        .find(|l| l.first_month <= p.last_month() && l.last_month >= p.first_month())
}

impl Lock {
    /// Which lock refuses `p` and how they overlap, who locked it, when and why:
    /// "2024-2025 overlaps 2025-01, locked on 2025-07-02 by amina: validé".
    pub fn describe(&self, p: &Period) -> String {
        self.said(p).to_string()
    }

    /// The same, as a message to say in any language.
    pub fn said(&self, p: &Period) -> crate::messages::Msg {
        let canonical = p.canonical();
        let relation = if self.period == canonical {
            0
        } else if self.first_month <= p.first_month() && p.last_month() <= self.last_month {
            1
        } else {
            2
        };
        let day = self.at.get(..10).unwrap_or(&self.at);
        crate::messages::Msg::LockedBy {
            period: canonical,
            lock: self.period.clone(),
            relation,
            day: day.to_string(),
            by: self.by.clone(),
            reason: self.reason.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock(period: &str) -> Lock {
        let p = Period::parse(period).unwrap();
        Lock {
            period: p.canonical(),
            reason: "validé".into(),
            at: "2025-07-02T10:00:00Z".into(),
            by: "amina".into(),
            first_month: p.first_month(),
            last_month: p.last_month(),
        }
    }

    #[test]
    fn a_lock_says_how_it_covers_the_period() {
        let year = Period::parse("2024-2025").unwrap();
        let jan = Period::parse("2025-01").unwrap();
        assert_eq!(
            lock("2024-2025").describe(&year),
            "2024-2025 is locked on 2025-07-02 by amina: validé"
        );
        assert_eq!(
            lock("2024-2025").describe(&jan),
            "2025-01 falls within 2024-2025, locked on 2025-07-02 by amina: validé"
        );
        assert_eq!(
            lock("2025-01").describe(&year),
            "2024-2025 overlaps 2025-01, locked on 2025-07-02 by amina: validé"
        );
        assert!(covering(&[lock("2025-01")], &year).is_some());
        assert!(covering(&[lock("2025-02")], &jan).is_none());
    }
}
