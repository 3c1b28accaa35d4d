//! Roll-ups (`report pilot --by`): every indicator of the report per group of
//! houses (region, province, kind, milieu, cohort) with the pilot-wide rules;
//! and, for reports over many houses, the distribution across houses and the
//! houses furthest behind their targets.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::store::Conn;
use anyhow::Result;

use super::compute::{self, Computed, Request};
use super::model::{Distribution, Group, GroupIndicator, Laggard};
use crate::domain::register::{HOUSE_KINDS, MILIEUX};
use crate::store::house::{self, House};

/// What a roll-up groups houses by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Region,
    Province,
    Kind,
    Milieu,
    Cohort,
}

impl By {
    pub fn as_str(self) -> &'static str {
        match self {
            By::Region => "region",
            By::Province => "province",
            By::Kind => "kind",
            By::Milieu => "milieu",
            By::Cohort => "cohort",
        }
    }
}

/// Reports over more houses than this list no house by house in the main part.
pub const MANY_HOUSES: usize = 30;

fn label<'a>(list: &'a [(&str, &'a str, &'a str)], code: &str, fr: bool) -> Option<&'a str> {
    list.iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, f, e)| if fr { *f } else { *e })
}

/// The groups of the report's houses, each with every indicator of the report.
pub fn groups(conn: &Conn, c: &Computed, req: &Request, by: By) -> Result<Vec<Group>> {
    let provinces = match by {
        By::Province => crate::store::region::provinces(conn, None)?,
        _ => Vec::new(),
    };
    let unknown = if req.fr {
        "non renseigné"
    } else {
        "not given"
    };
    let regions = crate::store::region::all(conn)?;
    let key_of = |h: &House| -> (String, String) {
        use crate::report::i18n::{coded, name_in_script};
        match by {
            By::Region => (
                h.region_code.clone(),
                name_in_script(
                    &h.region,
                    regions
                        .iter()
                        .find(|r| r.code == h.region_code)
                        .map(|r| r.name_ar.as_str()),
                ),
            ),
            By::Province => match h.province.as_deref().map(str::trim) {
                Some(p) if !p.is_empty() => {
                    match crate::store::region::match_province(&provinces, p) {
                        Some(m) => {
                            let name = name_in_script(&m.name_fr, Some(&m.name_ar));
                            (m.code, name)
                        }
                        None => (p.to_string(), p.to_string()),
                    }
                }
                _ => (String::new(), unknown.to_string()),
            },
            By::Kind => (
                h.kind.clone(),
                coded(
                    &h.kind,
                    label(HOUSE_KINDS, &h.kind, req.fr).unwrap_or(&h.kind),
                ),
            ),
            By::Milieu => match h.milieu.as_deref() {
                Some(m) if !m.is_empty() => (
                    m.to_string(),
                    coded(m, label(MILIEUX, m, req.fr).unwrap_or(m)),
                ),
                _ => (String::new(), unknown.to_string()),
            },
            By::Cohort => (h.cohort.clone(), h.cohort.clone()),
        }
    };
    let ids = house::ids(conn)?;
    type Members<'h> = (String, Vec<(i64, &'h House)>);
    let mut grouped: BTreeMap<String, Members> = BTreeMap::new();
    for h in &c.houses {
        if let Some(id) = ids.get(&h.code) {
            let (key, name) = key_of(h);
            grouped
                .entry(key)
                .or_insert_with(|| (name, Vec::new()))
                .1
                .push((*id, h));
        }
    }
    // The same observations as the report's (same period and cohort).
    let combined = &c.combined;
    let cat = &c.catalogue;
    let capacities = super::checks::Capacities::load(conn, cat)?;
    let capacity = Some((
        &capacities,
        req.period.first_month(),
        req.period.last_month(),
    ));
    // Per indicator section, the houses whose value is withheld (looked up
    // by code instead of scanning the section's houses for each house).
    let withheld_value: Vec<HashSet<&str>> = c
        .report
        .indicators
        .iter()
        .map(|s| {
            s.houses
                .iter()
                .filter(|f| f.withheld.contains(&"value"))
                .map(|f| f.house.as_str())
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    // The empty key (not given) last.
    let mut keys: Vec<&String> = grouped.keys().collect();
    keys.sort_by_key(|k| (k.is_empty(), (*k).clone()));
    for key in keys {
        let (name, houses) = &grouped[key];
        let mut indicators = Vec::new();
        for (section, withheld_value) in c.report.indicators.iter().zip(&withheld_value) {
            let Some(ind) = cat.by_code(&section.code) else {
                continue;
            };
            let mine: Vec<(i64, &House)> = houses
                .iter()
                .filter(|(_, h)| compute::applicable(ind, h))
                .copied()
                .collect();
            let reporting = mine
                .iter()
                .filter(|(id, _)| compute::house_reports(cat, combined, *id, ind))
                .count();
            let value = compute::group_value(cat, ind, &mine, combined, capacity);
            // Published: a group total is withheld when it is itself a small
            // count, or when exactly one of its houses is withheld (the total
            // minus the houses shown would give that house back).
            let withheld_houses = mine
                .iter()
                .filter(|(_, h)| withheld_value.contains(h.code.as_str()))
                .count();
            let suppressed = c.report.published
                && ((ind.pupils && value.is_some_and(|v| v > 0.0 && v <= compute::SMALL_COUNT))
                    || withheld_houses == 1);
            indicators.push(GroupIndicator {
                code: ind.code.clone(),
                value: if suppressed { None } else { value },
                houses: reporting,
                suppressed,
            });
        }
        // A rate of the group is withheld with any of its parts.
        if c.report.published {
            let withheld: Vec<String> = indicators
                .iter()
                .filter(|x| x.suppressed)
                .map(|x| x.code.clone())
                .collect();
            for x in &mut indicators {
                let parts = cat.recorded_components(&x.code);
                if !x.suppressed
                    && cat.by_code(&x.code).is_some_and(|i| i.formula().is_some())
                    && parts.iter().any(|p| withheld.contains(p))
                {
                    x.suppressed = true;
                    x.value = None;
                }
            }
        }
        out.push(Group {
            by: by.as_str().to_string(),
            key: key.clone(),
            name: name.clone(),
            houses: houses.len(),
            indicators,
        });
    }
    Ok(out)
}

/// The value at quantile `q` (0 to 1) of sorted values, interpolated.
fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

/// Per indicator, how houses' values spread: quartiles and every value.
pub fn distributions(c: &Computed) -> Vec<Distribution> {
    c.report
        .indicators
        .iter()
        // A yes/no indicator's spread is its share of yes, already the value.
        .filter(|i| i.unit != "bool")
        .filter_map(|i| {
            let mut values: Vec<f64> = i
                .houses
                .iter()
                .filter_map(|h| h.value())
                .filter(|v| v.is_finite())
                .collect();
            if values.is_empty() {
                return None;
            }
            values.sort_by(f64::total_cmp);
            Some(Distribution {
                code: i.code.clone(),
                name: i.name.clone(),
                unit: i.unit.clone(),
                houses: values.len(),
                min: values.first().copied(),
                q1: quantile(&values, 0.25),
                median: quantile(&values, 0.5),
                q3: quantile(&values, 0.75),
                max: values.last().copied(),
                values,
            })
        })
        .collect()
}

/// The `n` houses furthest behind their targets: most indicators behind,
/// then the lowest mean progress.
pub fn laggards(c: &Computed, n: usize) -> Vec<Laggard> {
    // Each house's place, and per house the indicators (in report order)
    // with a target and a value: folded section by section, not a map of
    // every section's houses at once.
    let place: HashMap<&str, usize> = c
        .houses
        .iter()
        .enumerate()
        .rev()
        .map(|(i, h)| (h.code.as_str(), i))
        .collect();
    let mut targets = vec![0usize; c.houses.len()];
    let mut behind = vec![0usize; c.houses.len()];
    let mut progress: Vec<Vec<f64>> = vec![Vec::new(); c.houses.len()];
    // The section a house was last counted in: its first figure only.
    let mut seen = vec![usize::MAX; c.houses.len()];
    for (s, i) in c.report.indicators.iter().enumerate() {
        for f in &i.houses {
            let Some(&p) = place.get(f.house.as_str()) else {
                continue;
            };
            if seen[p] == s {
                continue;
            }
            seen[p] = s;
            if f.target().is_some() && f.value().is_some() {
                targets[p] += 1;
                behind[p] += (f.status() == "behind") as usize;
                progress[p].extend(f.progress());
            }
        }
    }
    // Houses listed twice count as their first listing does.
    let mut out: Vec<Laggard> = c
        .houses
        .iter()
        .map(|h| {
            let p = place[h.code.as_str()];
            let progress = &progress[p];
            Laggard {
                house: h.code.clone(),
                name: h.name.clone(),
                region: h.region.clone(),
                targets: targets[p],
                behind: behind[p],
                progress: (!progress.is_empty())
                    .then(|| progress.iter().sum::<f64>() / progress.len() as f64),
            }
        })
        .filter(|l| l.behind > 0)
        .collect();
    out.sort_by(|a, b| {
        b.behind.cmp(&a.behind).then(
            a.progress
                .unwrap_or(f64::INFINITY)
                .total_cmp(&b.progress.unwrap_or(f64::INFINITY)),
        )
    });
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), Some(3.0));
        assert_eq!(quantile(&v, 0.25), Some(2.0));
        assert_eq!(quantile(&[1.0, 2.0], 0.5), Some(1.5));
        assert_eq!(quantile(&[], 0.5), None);
    }
}
