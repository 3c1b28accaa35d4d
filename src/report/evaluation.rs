//! `report evaluation`: the pilot against comparison houses over the same
//! two periods, as a difference in differences over a balanced panel (the
//! houses reporting the indicator at both periods), rates as ratios of sums.

use super::checks::Capacities;

use crate::store::Conn;
use anyhow::Result;

use super::compute;
use super::model::{EvalIndicator, EvalSide, Evaluation};
use crate::domain::period::Period;
use crate::store::house::{self, House};
use crate::store::observation;

pub struct Request {
    pub pilot: String,
    pub comparison: String,
    pub baseline: Period,
    pub endline: Period,
    pub fr: bool,
}

fn cohort(conn: &Conn, name: &str, flag: &str) -> Result<Vec<House>> {
    let houses = house::list(
        conn,
        &house::Filter {
            cohort: Some(name.to_string()),
            ..Default::default()
        },
    )?;
    if houses.is_empty() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::CohortHasNoHouse {
                flag: flag.to_string(),
                name: name.to_string(),
            },
        ));
    }
    Ok(houses)
}

/// One side (pilot or comparison) of one indicator.
fn side(
    cat: &crate::domain::indicator::Catalogue,
    ind: &crate::domain::indicator::Indicator,
    houses: &[(i64, &House)],
    base: &observation::CombinedMap,
    end: &observation::CombinedMap,
    capacity: (&Capacities, &Period, &Period),
) -> EvalSide {
    let mine: Vec<(i64, &House)> = houses
        .iter()
        .filter(|(_, h)| compute::applicable(ind, h))
        .copied()
        .collect();
    let at_base = |id: i64| compute::house_reports(cat, base, id, ind);
    let at_end = |id: i64| compute::house_reports(cat, end, id, ind);
    let panel: Vec<(i64, &House)> = mine
        .iter()
        .filter(|(id, _)| at_base(*id) && at_end(*id))
        .copied()
        .collect();
    let dropped: Vec<String> = mine
        .iter()
        .filter(|(id, _)| at_base(*id) && !at_end(*id))
        .map(|(_, h)| h.code.clone())
        .collect();
    if panel.is_empty() {
        return EvalSide {
            dropped,
            ..Default::default()
        };
    }
    let (caps, bp, ep) = capacity;
    let at = |p: &Period| Some((caps, p.first_month(), p.last_month()));
    let baseline = compute::group_value(cat, ind, &panel, base, at(bp));
    let endline = compute::group_value(cat, ind, &panel, end, at(ep));
    EvalSide {
        baseline,
        endline,
        change: baseline.zip(endline).map(|(b, e)| e - b),
        houses: panel.len(),
        dropped,
    }
}

pub fn compute(conn: &Conn, req: &Request) -> Result<Evaluation> {
    if req.endline.first_month() <= req.baseline.last_month() {
        return Err(crate::messages::rejected(
            crate::messages::Msg::EndlineNotAfterBaseline {
                endline: req.endline.canonical(),
                baseline: req.baseline.canonical(),
            },
        ));
    }
    if req.pilot == req.comparison {
        return Err(crate::messages::rejected(
            crate::messages::Msg::SameCohortTwice {
                cohort: req.pilot.clone(),
            },
        ));
    }
    let pilot = cohort(conn, &req.pilot, "--pilot")?;
    let comparison = cohort(conn, &req.comparison, "--comparison")?;
    let ids = house::ids(conn)?;
    let with_ids = |hs: &'_ [House]| -> Vec<(i64, House)> {
        hs.iter()
            .filter_map(|h| ids.get(&h.code).map(|id| (*id, h.clone())))
            .collect()
    };
    let (p, c) = (with_ids(&pilot), with_ids(&comparison));
    let p: Vec<(i64, &House)> = p.iter().map(|(i, h)| (*i, h)).collect();
    let c: Vec<(i64, &House)> = c.iter().map(|(i, h)| (*i, h)).collect();
    let combined = |period: &Period| {
        observation::combined(conn, period.first_month(), period.last_month(), None)
    };
    let (base, end) = (combined(&req.baseline)?, combined(&req.endline)?);
    let cat = crate::store::indicator::catalogue(conn)?;
    let caps = Capacities::load(conn, &cat)?;
    let capacity = (&caps, &req.baseline, &req.endline);
    let mut indicators = Vec::new();
    for ind in &cat.items {
        let ps = side(&cat, ind, &p, &base, &end, capacity);
        let cs = side(&cat, ind, &c, &base, &end, capacity);
        if ps.houses == 0 && cs.houses == 0 {
            continue;
        }
        indicators.push(EvalIndicator {
            code: ind.code.clone(),
            name: crate::report::i18n::name_in_script(ind.name(req.fr), ind.name_ar.as_deref()),
            unit: ind.unit.as_str().to_string(),
            direction: ind.direction.as_str().to_string(),
            did: ps.change.zip(cs.change).map(|(a, b)| a - b),
            pilot: ps,
            comparison: cs,
        });
    }
    Ok(Evaluation {
        pilot: req.pilot.clone(),
        comparison: req.comparison.clone(),
        baseline: req.baseline.canonical(),
        endline: req.endline.canonical(),
        pilot_houses: pilot.len(),
        comparison_houses: comparison.len(),
        indicators,
    })
}
