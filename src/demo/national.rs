//! `suivi demo --national`: a fictional country of 1,300 establishments of every
//! kind, in the 12 regions and their real provinces, over the last 3 school
//! years, so that roll-ups, the evaluation and the national report can be seen
//! at their real size.
//!
//! Deterministic: a fixed seed drives a small PRNG (SplitMix64), so the same
//! date gives the same country. Everything is written in one transaction, the
//! observations through the import fast path ([`ObservationSink`]) as one batch.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use crate::domain::date::Date;
use crate::domain::indicator::Catalogue;
use crate::domain::period::Period;
use crate::store::import::{self, Counts, ObservationSink, Upsert};
use crate::store::region::Province;
use crate::store::{Db, association, house, indicator, plan, region, target};

/// How many establishments of each kind the country has.
pub const KINDS: &[(&str, usize)] = &[
    ("dar-talib", 470),
    ("dar-taliba", 430),
    ("mixed", 140),
    ("children-centre", 100),
    ("elderly-centre", 60),
    ("disability-centre", 60),
    ("women-centre", 40),
];

/// Houses in the pilot (one per region) and in the comparison wave.
pub const PILOT: usize = 12;
pub const WAVE2: usize = 40;
pub const WAVE3: usize = 120;

/// Share of establishments per region (per thousand), roughly as the programme's
/// houses are spread: more in the populous and mountainous regions.
const REGION_WEIGHTS: &[(&str, u64)] = &[
    ("01", 110),
    ("02", 80),
    ("03", 120),
    ("04", 90),
    ("05", 90),
    ("06", 120),
    ("07", 140),
    ("08", 70),
    ("09", 90),
    ("10", 40),
    ("11", 30),
    ("12", 20),
];

/// What was built, for the summary the command prints.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    pub houses: usize,
    pub associations: usize,
    pub by_kind: Vec<(String, usize)>,
    pub by_cohort: Vec<(String, usize)>,
    pub by_region: Vec<(String, String, usize)>,
    pub provinces: usize,
    pub school_years: Vec<String>,
    pub observations: usize,
    pub targets: usize,
    pub plans: usize,
    pub actions: usize,
    pub batch: i64,
}

/// SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast, good enough for fiction.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// One fictional establishment before it is written.
struct Planned {
    code: String,
    kind: &'static str,
    region: String,
    province: Province,
    milieu: &'static str,
    capacity: i64,
    cohort: &'static str,
    /// Fixed quality of the house, 0 to 1: better houses stay better.
    quality: f64,
}

fn is_student(kind: &str) -> bool {
    matches!(kind, "dar-talib" | "dar-taliba" | "mixed")
}

fn code_prefix(kind: &str) -> &'static str {
    match kind {
        "dar-talib" => "DT",
        "dar-taliba" => "DA",
        "mixed" => "MX",
        "children-centre" => "CE",
        "elderly-centre" => "PA",
        "disability-centre" => "SH",
        "women-centre" => "CF",
        _ => "AU",
    }
}

fn names(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "dar-talib" => ("Dar Talib", "دار الطالب"),
        "dar-taliba" => ("Dar Taliba", "دار الطالبة"),
        "mixed" => ("Maison des étudiants", "دار الطالب والطالبة"),
        "children-centre" => ("Centre pour enfants", "مركز الطفولة"),
        "elderly-centre" => ("Centre pour personnes âgées", "مركز الأشخاص المسنين"),
        "disability-centre" => (
            "Centre pour personnes handicapées",
            "مركز الأشخاص في وضعية إعاقة",
        ),
        "women-centre" => ("Centre pour femmes", "مركز المرأة"),
        _ => ("Établissement", "مؤسسة"),
    }
}

fn pick_region(rng: &mut Rng) -> &'static str {
    let total: u64 = REGION_WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut x = rng.next_u64() % total;
    for (code, w) in REGION_WEIGHTS {
        if x < *w {
            return code;
        }
        x -= w;
    }
    REGION_WEIGHTS[0].0
}

/// Plans the country: kinds, places, cohorts. The pilot takes the first
/// student house of each region, the comparison wave the next student houses
/// in turn across regions, the third wave any kind.
fn plan_country(rng: &mut Rng, provinces: &[Province]) -> Vec<Planned> {
    let mut by_region: BTreeMap<&str, Vec<&Province>> = BTreeMap::new();
    for p in provinces {
        by_region.entry(p.region.as_str()).or_default().push(p);
    }
    let mut out: Vec<Planned> = Vec::new();
    for (kind, count) in KINDS {
        for n in 1..=*count {
            let mut region = pick_region(rng);
            // Every region has at least one student house of each cohort to come.
            if is_student(kind) && n <= REGION_WEIGHTS.len() * 4 {
                region = REGION_WEIGHTS[(n - 1) % REGION_WEIGHTS.len()].0;
            }
            let list = by_region.get(region).cloned().unwrap_or_default();
            let Some(province) = (!list.is_empty()).then(|| list[rng.below(list.len())]) else {
                continue;
            };
            let urban_share = match (is_student(kind), province.kind.as_str()) {
                (_, "prefecture") => 0.9,
                (true, _) => 0.2,
                (false, _) => 0.6,
            };
            let milieu = if rng.chance(urban_share) {
                "urban"
            } else {
                "rural"
            };
            let capacity = if is_student(kind) {
                10 * (4 + rng.below(17)) as i64
            } else {
                10 * (2 + rng.below(11)) as i64
            };
            out.push(Planned {
                code: format!("{}{:04}", code_prefix(kind), n),
                kind,
                region: region.to_string(),
                province: province.clone(),
                milieu,
                capacity,
                cohort: "none",
                quality: rng.unit(),
            });
        }
    }
    // Cohorts: the pilot, one student house per region; then the comparison
    // wave and the third wave, taken in turn across regions.
    let mut taken = vec![false; out.len()];
    let mut assign =
        |want: usize, cohort: &'static str, students_only: bool, out: &mut [Planned]| {
            let mut done = 0;
            'rounds: for _round in 0..1000 {
                let before = done;
                for (region, _) in REGION_WEIGHTS {
                    if done == want {
                        break 'rounds;
                    }
                    // Student kinds in turn, so that each cohort mixes them.
                    let wanted = ["dar-taliba", "dar-talib", "mixed"][done % 3];
                    let free = |i: &usize| {
                        !taken[*i]
                            && out[*i].region == *region
                            && (!students_only || is_student(out[*i].kind))
                    };
                    let pick = (0..out.len())
                        .filter(free)
                        .find(|&i| !students_only || out[i].kind == wanted)
                        .or_else(|| (0..out.len()).find(free));
                    if let Some(i) = pick {
                        taken[i] = true;
                        out[i].cohort = cohort;
                        done += 1;
                    }
                }
                if done == before {
                    break;
                }
            }
        };
    assign(PILOT, "pilot", true, &mut out);
    assign(WAVE2, "wave2", true, &mut out);
    // The third wave mixes kinds: skip ahead so that centres are in it too.
    let mut rotated: Vec<usize> = (0..out.len()).collect();
    rotated.sort_by_key(|&i| (out[i].code.as_bytes()[0] == b'D', i));
    let mut third = 0;
    for i in rotated {
        if third == WAVE3 {
            break;
        }
        if !taken[i] && rng.chance(0.15) {
            taken[i] = true;
            out[i].cohort = "wave3";
            third += 1;
        }
    }
    out
}

/// Writes observations of one house through the import sink.
struct Writes<'a> {
    sink: ObservationSink,
    cat: &'a Catalogue,
    counts: Counts,
}

impl Writes<'_> {
    fn put(
        &mut self,
        w: &crate::store::Writer,
        house_id: i64,
        code: &str,
        period: &Period,
        value: f64,
    ) -> Result<()> {
        let ind = self
            .cat
            .by_code(code)
            .with_context(|| format!("the national demo needs indicator {code}"))?;
        let value = if ind.unit == crate::domain::indicator::Unit::Count {
            value.round().max(0.0)
        } else {
            (value * 100.0).round() / 100.0
        };
        let canonical = period.canonical();
        match self
            .sink
            .upsert(w, house_id, ind.id, period, &canonical, value, None, false)?
        {
            Upsert::Inserted => self.counts.inserted += 1,
            Upsert::Updated { .. } => self.counts.updated += 1,
            Upsert::Unchanged | Upsert::Duplicate { .. } | Upsert::Locked { .. } => {
                self.counts.unchanged += 1
            }
        }
        Ok(())
    }
}

/// Builds the country into a new database (reference data already in it).
pub fn build(db: &mut Db, author: &str, today: Date) -> Result<Summary> {
    let mut rng = Rng::new(0x5u64 << 40 | 2015);
    let provinces = region::provinces(&db.conn, None)?;
    let regions = region::all(&db.conn)?;
    let cat = indicator::catalogue(&db.conn)?;
    let planned = plan_country(&mut rng, &provinces);

    let current = match Period::school_year_of(today) {
        Period::SchoolYear(y) => y,
        _ => today.year(),
    };
    let years: Vec<i32> = (current - 2..=current).collect();
    let last_month = today.month_index();

    let mut w = db.writer(author)?;
    // Associations: one for every three houses of a province.
    let mut associations = 0;
    let mut association_of: Vec<String> = Vec::with_capacity(planned.len());
    let mut per_province: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for p in &planned {
        let entry = per_province
            .entry(p.province.code.clone())
            .or_insert((0, String::new()));
        if entry.0.is_multiple_of(3) {
            associations += 1;
            let code = format!("AS{associations:04}");
            association::insert(
                &w,
                &association::Association {
                    code: code.clone(),
                    name: format!(
                        "Association {} {} (fictive)",
                        [
                            "Amal", "Nour", "Al Wifaq", "Tadamoun", "Al Khair", "Annahda"
                        ][associations % 6],
                        p.province.name_fr
                    ),
                    registration_no: Some(format!(
                        "REC-{}-{associations:04}",
                        2000 + associations % 20
                    )),
                    president: None,
                    phone: None,
                    email: None,
                },
            )?;
            entry.1 = code;
        }
        entry.0 += 1;
        association_of.push(entry.1.clone());
    }
    for (p, assoc) in planned.iter().zip(&association_of) {
        let (fr, ar) = names(p.kind);
        let number = p.code[2..].trim_start_matches('0');
        house::insert(
            &w,
            &house::House {
                code: p.code.clone(),
                name: format!("{fr} {} {number} (fictive)", p.province.name_fr),
                name_ar: Some(format!("{ar} {} {number}", p.province.name_ar)),
                kind: p.kind.to_string(),
                region: String::new(),
                region_code: p.region.clone(),
                province: Some(p.province.name_fr.clone()),
                commune: None,
                milieu: Some(p.milieu.to_string()),
                capacity: p.capacity,
                association: Some(assoc.clone()),
                cohort: p.cohort.to_string(),
                opened: Some(format!("{}-09-01", 1990 + (p.quality * 1000.0) as i32 % 30)),
                status: "active".into(),
                legal_basis: Some(
                    if is_student(p.kind) {
                        "loi 14-05"
                    } else {
                        "loi 65-15"
                    }
                    .into(),
                ),
                authorisation_no: None,
                authorisation_date: None,
            },
        )?;
    }
    let ids = house::ids(&w.tx)?;

    // Observations: one import batch, through the import fast path.
    let batch = import::begin(
        &mut w,
        "observations",
        "suivi demo --national",
        "demo-national",
    )?;
    let mut out = Writes {
        sink: ObservationSink::new(batch),
        cat: &cat,
        counts: Counts::default(),
    };
    for p in &planned {
        let id = ids[&p.code];
        observe(&w, &mut out, &mut rng, p, id, &years, last_month)?;
    }
    out.sink.flush(&w)?;
    import::finish(
        &w,
        batch,
        "observations",
        "suivi demo --national",
        &out.counts,
    )?;
    w.batch = None;

    // Targets, plans and actions for the programme's houses.
    let (mut targets, mut plans, mut actions) = (0, 0, 0);
    let first = format!("{}-{}", years[0], years[0] + 1);
    let end = format!("{}-{}", current + 1, current + 2);
    for p in planned
        .iter()
        .filter(|p| p.cohort == "pilot" || p.cohort == "wave2")
    {
        let id = ids[&p.code];
        for (code, base, gain) in [
            ("success_rate", 60.0 + 25.0 * p.quality, 10.0),
            ("dropout_rate", 9.0 - 5.0 * p.quality, -3.0),
            ("staff_trained_share", 20.0 + 40.0 * p.quality, 30.0),
            ("own_resources_share", 4.0 + 8.0 * p.quality, 6.0),
        ] {
            let ind = cat
                .by_code(code)
                .with_context(|| format!("the national demo needs indicator {code}"))?;
            let t = target::Target {
                house: p.code.clone(),
                indicator: code.to_string(),
                baseline: Some((base * 10.0_f64).round() / 10.0),
                baseline_period: Some(first.clone()),
                target: ((base + gain) * 10.0_f64).round() / 10.0,
                target_period: end.clone(),
            };
            if target::set(&w, id, ind.id, &t)? {
                targets += 1;
            }
        }
        let pilot = p.cohort == "pilot";
        let start = if pilot {
            first.clone()
        } else {
            format!("{current}-{}", current + 1)
        };
        let created = plan::create(&w, id, &p.code, &start, &end, "standard")?;
        plans += 1;
        let stages: &[(&str, i32, u32)] = if pilot {
            &[
                ("diagnostic", years[0], 10),
                ("drafted", years[0] + 1, 2),
                ("validated", years[0] + 1, 5),
                ("adopted", years[1], 10),
                ("executing", years[1], 11),
            ]
        } else {
            &[("diagnostic", current, 10)]
        };
        for (stage, year, month) in stages {
            let date =
                Date::new(*year, *month, 1 + rng.below(27) as u32).context("a valid demo date")?;
            if date <= today {
                plan::set_stage(&w, &created, stage, &date.to_string())?;
            }
        }
        if pilot {
            let axes = plan::axes(&w.tx, created.id)?;
            for (k, (axis, title, budget)) in [
                (
                    "gouvernance",
                    "Tenir l'assemblée générale et publier le rapport moral",
                    3000.0,
                ),
                (
                    "gestion",
                    "Mettre en place une comptabilité informatisée",
                    40000.0,
                ),
                ("services", "Organiser le soutien scolaire du soir", 25000.0),
                (
                    "partenariats",
                    "Signer une convention avec la commune",
                    5000.0,
                ),
                (
                    "digitalisation",
                    "Équiper le bureau d'un ordinateur",
                    15000.0,
                ),
            ]
            .into_iter()
            .enumerate()
            {
                let Some(a) = axes.iter().find(|a| a.code == axis) else {
                    continue;
                };
                let due =
                    Date::new(years[1] + 1 + (k as i32 % 3), 6, 30).context("a valid demo date")?;
                let progress = if due <= today {
                    100.0
                } else {
                    (rng.range(0.0, 90.0) / 5.0).round() * 5.0
                };
                let status = match progress {
                    p if p >= 100.0 => "done",
                    p if p > 0.0 => "in_progress",
                    _ => "planned",
                };
                plan::insert_action(
                    &w,
                    created.id,
                    a.id,
                    &plan::Action {
                        id: 0,
                        house: p.code.clone(),
                        axis: axis.to_string(),
                        title: title.to_string(),
                        owner: Some("Bureau de l'association".into()),
                        start: Some(format!("{}-11-01", years[1])),
                        due: due.to_string(),
                        budget: Some(budget),
                        spent: Some((budget * progress / 100.0).round()),
                        status: status.to_string(),
                        progress: Some(progress),
                        plan_id: created.id,
                        superseded: false,
                    },
                )?;
                actions += 1;
            }
        }
    }
    w.commit()?;

    let mut summary = Summary {
        houses: planned.len(),
        associations,
        provinces: {
            let mut used: Vec<&str> = planned.iter().map(|p| p.province.code.as_str()).collect();
            used.sort_unstable();
            used.dedup();
            used.len()
        },
        school_years: years.iter().map(|y| format!("{y}-{}", y + 1)).collect(),
        observations: out.counts.inserted,
        targets,
        plans,
        actions,
        batch,
        ..Summary::default()
    };
    for (kind, _) in KINDS {
        let n = planned.iter().filter(|p| p.kind == *kind).count();
        summary.by_kind.push((kind.to_string(), n));
    }
    for cohort in ["pilot", "wave2", "wave3", "none"] {
        let n = planned.iter().filter(|p| p.cohort == cohort).count();
        summary.by_cohort.push((cohort.to_string(), n));
    }
    for r in &regions {
        let n = planned.iter().filter(|p| p.region == r.code).count();
        summary
            .by_region
            .push((r.code.clone(), r.name_fr.clone(), n));
    }
    Ok(summary)
}

/// The observations of one house over the school years, up to `last_month`.
///
/// Student houses report boarders monthly and their exam results once a year
/// (for school years that are over); other kinds report beneficiaries monthly.
/// Every house drifts slowly better; the pilot improves faster from the second
/// year, the comparison wave a little, so that a difference in differences is
/// smaller than the pilot's own before/after.
fn observe(
    w: &crate::store::Writer,
    out: &mut Writes,
    rng: &mut Rng,
    p: &Planned,
    id: i64,
    years: &[i32],
    last_month: i32,
) -> Result<()> {
    let student = is_student(p.kind);
    let q = p.quality;
    // Percentage points gained since the first year: a drift every house
    // shares, more for the comparison wave, much more for the pilot.
    let boost = |step: usize| -> f64 {
        let per_year = match p.cohort {
            "pilot" => 0.6 + 3.5,
            "wave2" => 0.6 + 1.0,
            _ => 0.6,
        };
        per_year * step as f64
    };
    for (step, &y) in years.iter().enumerate() {
        let sy = Period::SchoolYear(y);
        if sy.first_month() > last_month {
            continue;
        }
        let over = sy.last_month() - 2 <= last_month; // June reached: results known
        let fill = (0.65 + 0.3 * q + rng.range(-0.05, 0.05)).min(1.0);
        let people = (p.capacity as f64 * fill).round();
        let female_share = match p.kind {
            "dar-taliba" | "women-centre" => 1.0,
            "dar-talib" => 0.0,
            _ => rng.range(0.38, 0.55),
        };
        // Monthly head counts, September to June.
        for m in 0..10 {
            let month = sy.first_month() + m;
            if month > last_month {
                break;
            }
            let period = Period::from_month_index(month);
            let n = (people * (1.0 + rng.range(-0.04, 0.03))).min(p.capacity as f64);
            let f = (n * female_share).round().min(n);
            let (total, female) = if student {
                ("boarders", "boarders_girls")
            } else {
                ("beneficiaries", "beneficiaries_female")
            };
            out.put(w, id, total, &period, n)?;
            out.put(w, id, female, &period, f)?;
        }
        out.put(w, id, "capacity", &sy, p.capacity as f64)?;
        let requests = (people * rng.range(1.05, 1.6)).round();
        out.put(w, id, "requests", &sy, requests)?;
        out.put(
            w,
            id,
            "admitted",
            &sy,
            (people * rng.range(0.25, 0.4)).round().min(requests),
        )?;
        let staff = (p.capacity as f64 / 15.0).round() + 2.0;
        out.put(w, id, "staff", &sy, staff)?;
        let trained = (0.2 + 0.4 * q) + 0.05 * boost(step) / 0.6;
        out.put(
            w,
            id,
            "staff_trained",
            &sy,
            (staff * trained.min(1.0)).round(),
        )?;
        let days = (200.0 + 40.0 * q).round();
        out.put(w, id, "days_open", &sy, days)?;
        let budget = (p.capacity as f64 * rng.range(6000.0, 9000.0) / 100.0).round() * 100.0;
        out.put(w, id, "budget_mad", &sy, budget)?;
        out.put(
            w,
            id,
            "food_spend_mad",
            &sy,
            (budget * rng.range(0.38, 0.5)).round(),
        )?;
        let own = (0.04 + 0.08 * q + 0.01 * boost(step)).min(0.5);
        out.put(w, id, "own_resources_mad", &sy, (budget * own).round())?;
        out.put(
            w,
            id,
            "public_funding_mad",
            &sy,
            (budget * (1.0 - own)).round(),
        )?;
        let governance = 0.5 + 0.4 * q + 0.03 * boost(step);
        for code in [
            "ga_held",
            "accounts_approved",
            "accounts_filed",
            "rules_adopted",
            "authorisation_valid",
        ] {
            out.put(w, id, code, &sy, rng.chance(governance) as u8 as f64)?;
        }
        let pdi = p.cohort == "pilot" && step >= 1;
        out.put(w, id, "pdi_adopted", &sy, pdi as u8 as f64)?;
        if student {
            out.put(w, id, "boarder_days", &sy, (people * days).round())?;
            if over {
                let sat = (people * rng.range(0.3, 0.45)).round();
                let rate =
                    (0.55 + 0.3 * q + 0.01 * boost(step) + rng.range(-0.03, 0.03)).clamp(0.2, 0.99);
                out.put(w, id, "pupils_sat", &sy, sat)?;
                out.put(w, id, "pupils_passed", &sy, (sat * rate).round().min(sat))?;
                let drop = (0.09 - 0.05 * q - 0.004 * boost(step)).max(0.005);
                out.put(w, id, "dropouts", &sy, (people * drop).round())?;
            }
            if p.cohort == "pilot" || p.cohort == "wave2" {
                let respondents = (people * 0.6).round();
                let happy = (0.6 + 0.2 * q + 0.01 * boost(step)).min(0.98);
                out.put(w, id, "respondents", &sy, respondents)?;
                out.put(
                    w,
                    id,
                    "pupils_satisfied",
                    &sy,
                    (respondents * happy).round(),
                )?;
            }
        }
    }
    Ok(())
}
