//! The reference catalogue: provinces, indicators by kind of establishment,
//! editable and unique indicator names, the schema-3 upgrade, the national demo.

use std::path::PathBuf;

use serde_json::Value;

use crate::harness::{Suivi, count_in, fixture, integrity_check, user_version};

fn p(path: &std::path::Path) -> &str {
    path.to_str().unwrap()
}

fn codes(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn provinces_are_listed_and_found_by_code_or_name() {
    let s = Suivi::new();
    let all = s.json(&["province", "list"]);
    assert_eq!(all.as_array().unwrap().len(), 75);
    let prefectures = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "prefecture")
        .count();
    assert_eq!(prefectures, 13);

    // By region, given by code or by name without accents.
    let dakhla = s.json(&["province", "list", "--region", "12"]);
    assert_eq!(codes(&dakhla), ["OUD", "AOU"]);
    assert_eq!(dakhla[1]["name_fr"], "Aousserd");
    assert_eq!(dakhla[1]["name_ar"], "أوسرد");
    assert_eq!(dakhla[1]["region_name"], "Dakhla-Oued Ed-Dahab");
    let bm = s.json(&["province", "list", "--region", "beni mellal khenifra"]);
    assert_eq!(codes(&bm), ["BEM", "AZI", "FQH", "KHN", "KHO"]);
    let err = s.fails(&["province", "list", "--region", "Atlantide"], 3);
    assert!(err.contains("région inconnue « Atlantide »"), "{err}");

    // The store's lookup, as `house add --province` will use it.
    let conn = s.store().conn;
    let find = |text: &str| {
        suivi::store::region::find_province(&conn, text)
            .unwrap()
            .map(|p| (p.code, p.region))
    };
    let tng = Some(("TNG".to_string(), "01".to_string()));
    assert_eq!(find("TNG"), tng);
    assert_eq!(find("tng"), tng);
    assert_eq!(find("MA-TNG"), tng);
    assert_eq!(find("Tanger-Assilah"), tng);
    assert_eq!(find("  tanger assilah "), tng);
    assert_eq!(find("Préfecture de Tanger-Assilah"), tng);
    assert_eq!(find("طنجة أصيلة"), tng);
    assert_eq!(
        find("El Kelaa des Sraghna"),
        Some(("KES".into(), "07".into()))
    );
    assert_eq!(find("Kenitra"), Some(("KEN".into(), "04".into())));
    assert_eq!(find("Tanger"), None, "a city is not a province name");
    assert_eq!(find(""), None);
}

#[test]
fn indicators_know_their_arabic_name_and_the_kinds_they_apply_to() {
    let s = Suivi::new();
    let list = s.json(&["indicator", "list"]);
    let by_code = |code: &str| -> Value {
        list.as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("no {code}"))
    };
    for i in list.as_array().unwrap() {
        assert!(i["name_ar"].as_str().is_some_and(|n| !n.is_empty()), "{i}");
        assert!(i["kinds"].is_array(), "{i}");
    }
    assert_eq!(by_code("success_rate")["name_ar"], "نسبة النجاح");
    for exam in ["pupils_sat", "pupils_passed", "success_rate", "dropouts"] {
        assert_eq!(
            by_code(exam)["kinds"],
            serde_json::json!(["dar-talib", "dar-taliba", "mixed"]),
            "{exam}"
        );
    }
    assert_eq!(by_code("staff")["kinds"], serde_json::json!([]));
    assert_eq!(by_code("budget_mad")["kinds"], serde_json::json!([]));
    let others = by_code("beneficiaries_female")["kinds"].clone();
    assert!(
        others
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == "elderly-centre")
    );
    assert!(!others.as_array().unwrap().iter().any(|k| k == "dar-talib"));

    // A table shows the kinds as one readable cell.
    let table = s.ok(&["indicator", "show", "pupils_sat"]);
    assert!(table.contains("dar-talib,dar-taliba,mixed"), "{table}");
    assert!(table.contains("التلاميذ المترشحون للامتحانات"), "{table}");

    // The store function templates and completeness will use.
    let conn = s.store().conn;
    let for_kind = |kind: &str| -> Vec<String> {
        suivi::store::indicator::applicable_indicators(&conn, kind)
            .unwrap()
            .into_iter()
            .map(|i| i.code)
            .collect()
    };
    let centre = for_kind("women-centre");
    assert!(centre.contains(&"beneficiaries".to_string()));
    assert!(centre.contains(&"capacity".to_string()));
    assert!(!centre.contains(&"pupils_passed".to_string()));
    let house = for_kind("dar-taliba");
    assert!(house.contains(&"pupils_passed".to_string()));
    assert!(!house.contains(&"beneficiaries".to_string()));

    // Added with an Arabic name and kinds; found by its Arabic name.
    s.ok(&[
        "indicator",
        "add",
        "meals",
        "--name-fr",
        "Repas servis",
        "--name-ar",
        "الوجبات المقدمة",
        "--kinds",
        "Centre pour personnes âgées, women-centre",
        "--unit",
        "count",
        "--over-time",
        "sum",
    ]);
    let meals = s.json(&["indicator", "show", "الوجبات المقدمة"]);
    assert_eq!(meals["code"], "meals");
    assert_eq!(
        meals["kinds"],
        serde_json::json!(["elderly-centre", "women-centre"])
    );
    let err = s.fails(
        &[
            "indicator",
            "add",
            "naps",
            "--name-fr",
            "Siestes",
            "--kinds",
            "castle",
            "--unit",
            "count",
        ],
        3,
    );
    assert!(
        err.contains("unknown kind of establishment \"castle\""),
        "{err}"
    );
}

#[test]
fn indicator_edit_changes_names_kinds_and_direction_and_logs_them() {
    let s = Suivi::new();
    let out = s.ok(&[
        "indicator",
        "edit",
        "dropouts",
        "--name-fr",
        "Abandons en cours d'année",
        "--name-en",
        "",
        "--name-ar",
        "حالات الانقطاع خلال السنة",
        "--kinds",
        "dar-taliba,dar-talib",
        "--direction",
        "up",
    ]);
    assert!(out.contains("Indicateur dropouts modifié"), "{out}");
    let i = s.json(&["indicator", "show", "dropouts"]);
    assert_eq!(i["name_fr"], "Abandons en cours d'année");
    assert_eq!(i["name_en"], Value::Null);
    assert_eq!(i["name_ar"], "حالات الانقطاع خلال السنة");
    assert_eq!(i["kinds"], serde_json::json!(["dar-talib", "dar-taliba"]));
    assert_eq!(i["direction"], "up");
    // Units and rules do not change; the formula over it still works.
    assert_eq!(i["unit"], "count");
    assert_eq!(i["over_time"], "sum");

    let log = s.json(&["log", "--entity", "indicator", "--limit", "1"]);
    let e = &log[0];
    assert_eq!(e["action"], "update");
    assert_eq!(e["key"], "dropouts");
    assert_eq!(e["by"], s.author().as_str());
    assert_eq!(e["before"]["name_fr"], "Abandons scolaires");
    assert_eq!(e["before"]["name_en"], "Dropouts");
    assert_eq!(e["before"]["direction"], "down");
    assert_eq!(
        e["before"]["kinds"],
        serde_json::json!(["dar-talib", "dar-taliba", "mixed"])
    );
    assert_eq!(e["after"]["name_fr"], "Abandons en cours d'année");
    assert_eq!(e["after"]["direction"], "up");

    // `all` gives it back to every kind; the same values again change nothing.
    s.ok(&[
        "indicator",
        "edit",
        "Abandons en cours d'année",
        "--kinds",
        "all",
    ]);
    assert_eq!(
        s.json(&["indicator", "show", "dropouts"])["kinds"],
        serde_json::json!([])
    );
    let entries = s.count("audit");
    let same = s.ok(&["indicator", "edit", "dropouts", "--direction", "up"]);
    assert!(same.contains("inchangé"), "{same}");
    assert_eq!(s.count("audit"), entries, "nothing changed, nothing logged");

    // Bad values are refused and change nothing.
    let err = s.fails(&["indicator", "edit", "dropouts", "--name-fr", " "], 3);
    assert!(err.contains("--name-fr"), "{err}");
    let err = s.fails(
        &["indicator", "edit", "dropouts", "--direction", "sideways"],
        3,
    );
    assert!(err.contains("sideways"), "{err}");
    let err = s.fails(
        &["indicator", "edit", "nothing_here", "--direction", "up"],
        3,
    );
    assert!(err.contains("indicateur inconnu"), "{err}");
    assert_eq!(s.count("audit"), entries);
}

#[test]
fn indicator_names_are_unique_across_the_catalogue() {
    let s = Suivi::new();
    let before = s.count("indicator");
    // The French name of `staff`, in another case and without accents.
    let err = s.fails(
        &[
            "indicator",
            "add",
            "staff_total",
            "--name-fr",
            "PERSONNEL",
            "--unit",
            "count",
        ],
        3,
    );
    assert!(
        err.contains("\"PERSONNEL\" is already the French name of indicator staff"),
        "{err}"
    );
    // An English name equal to another's French name, accents aside.
    let err = s.fails(
        &[
            "indicator",
            "add",
            "rate_x",
            "--name-fr",
            "Taux X",
            "--name-en",
            "Taux de reussite",
            "--unit",
            "percent",
        ],
        3,
    );
    assert!(err.contains("indicator success_rate"), "{err}");
    // A name equal to another indicator's code.
    let err = s.fails(
        &[
            "indicator",
            "add",
            "cap2",
            "--name-fr",
            "capacity",
            "--unit",
            "count",
        ],
        3,
    );
    assert!(err.contains("code of indicator capacity"), "{err}");
    // An Arabic name already taken.
    let err = s.fails(
        &[
            "indicator",
            "add",
            "staff2",
            "--name-fr",
            "Agents",
            "--name-ar",
            "المستخدمون",
            "--unit",
            "count",
        ],
        3,
    );
    assert!(err.contains("Arabic name"), "{err}");
    // The same Arabic name with short vowels and another alef is the same name.
    let err = s.fails(
        &[
            "indicator",
            "add",
            "staff3",
            "--name-fr",
            "Agents bis",
            "--name-ar",
            "المُستخدَمون",
            "--unit",
            "count",
        ],
        3,
    );
    assert!(err.contains("indicator staff"), "{err}");
    assert_eq!(s.count("indicator"), before, "nothing added");

    // Editing into a clash is refused too; an indicator may keep its own names.
    let err = s.fails(
        &["indicator", "edit", "staff_trained", "--name-en", "staff"],
        3,
    );
    assert!(err.contains("code of indicator staff"), "{err}");
    s.ok(&["indicator", "edit", "staff", "--name-en", "STAFF"]);
    assert_eq!(s.json(&["indicator", "show", "staff"])["name_en"], "STAFF");
}

#[test]
fn a_schema_2_database_upgrades_to_the_current_schema_after_a_backup() {
    let s = Suivi::empty();
    let original = fixture("schema/v2.db");
    let original_bytes = std::fs::read(&original).unwrap();
    let copy = s.path("v2.db");
    std::fs::copy(&original, &copy).unwrap();
    assert_eq!(
        user_version(&copy),
        2,
        "fixtures/schema/v2.db must stay schema 2"
    );

    let r = s.run(&["--db", p(&copy), "indicator", "list", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let backups: Vec<PathBuf> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|f| {
            let n = f.file_name().unwrap().to_string_lossy();
            n.starts_with("v2.db.schema2-") && n.ends_with(".bak")
        })
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(
        r.stderr.contains(&*backups[0].to_string_lossy()),
        "{}",
        r.stderr
    );
    assert_eq!(user_version(&backups[0]), 2);
    assert_eq!(count_in(&backups[0], "observation"), 8);
    assert_eq!(user_version(&copy), suivi::store::SCHEMA_VERSION);
    assert_eq!(integrity_check(&copy), "ok");

    let list: Value = serde_json::from_str(&r.stdout).unwrap();
    let by_code = |code: &str| -> Value {
        list.as_array()
            .unwrap()
            .iter()
            .find(|i| i["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("no {code} after the upgrade"))
    };
    // The defaults gain Arabic names and kinds; the user's indicator is kept as it was.
    assert_eq!(by_code("staff")["name_ar"], "المستخدمون");
    assert_eq!(
        by_code("pupils_sat")["kinds"],
        serde_json::json!(["dar-talib", "dar-taliba", "mixed"])
    );
    let meals = by_code("meals_served");
    assert_eq!(meals["name_fr"], "Repas servis");
    assert_eq!(meals["name_ar"], Value::Null);
    assert_eq!(meals["kinds"], serde_json::json!([]));
    // The new defaults for the other kinds come in, with their rules.
    assert_eq!(by_code("beneficiaries")["unit"], "count");
    assert_eq!(list.as_array().unwrap().len(), 36 + 5);
    let rules = s.json(&["--db", p(&copy), "rule", "list"]);
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "female_within_beneficiaries")
    );
    assert_eq!(count_in(&copy, "province"), 75);
    let log = s.json(&[
        "--db",
        p(&copy),
        "log",
        "--entity",
        "database",
        "--limit",
        "1",
    ]);
    assert_eq!(log[0]["action"], "upgrade");
    assert_eq!(log[0]["before"]["schema"], 2);

    // Data are intact, and the database takes the new commands.
    let h = s.json(&[
        "--db",
        p(&copy),
        "indicator",
        "history",
        "CE01",
        "meals_served",
    ]);
    assert_eq!(h[0]["value"], 1200.0);
    assert_eq!(count_in(&copy, "observation"), 8);
    s.ok(&[
        "--db",
        p(&copy),
        "indicator",
        "edit",
        "meals_served",
        "--kinds",
        "children-centre",
    ]);
    assert_eq!(
        s.json(&["--db", p(&copy), "province", "list", "--region", "03"])
            .as_array()
            .unwrap()
            .len(),
        9
    );
    assert!(std::fs::read(&original).unwrap() == original_bytes);
}

#[test]
fn the_national_demo_builds_a_country_of_every_kind() {
    let s = Suivi::empty();
    let dir = s.path("national");
    let out = s.ok(&["demo", "--national", "--out-dir", p(&dir)]);
    let db = dir.join("suivi-national.db");
    assert!(out.contains("Établissements\u{a0}: 1300"), "{out}");
    assert!(out.contains("pilot 12"), "{out}");
    assert!(out.contains("wave2 40"), "{out}");
    assert_eq!(integrity_check(&db), "ok");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let rows = |sql: &str| -> Vec<(String, i64)> {
        let mut st = conn.prepare(sql).unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };

    assert_eq!(one("SELECT count(*) FROM house"), 1300);
    let kinds = rows("SELECT kind, count(*) FROM house GROUP BY kind ORDER BY kind");
    let kind_names: Vec<&str> = kinds.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kind_names,
        [
            "children-centre",
            "dar-talib",
            "dar-taliba",
            "disability-centre",
            "elderly-centre",
            "mixed",
            "women-centre"
        ]
    );
    let cohorts = rows("SELECT cohort, count(*) FROM house GROUP BY cohort ORDER BY cohort");
    let cohort = |c: &str| cohorts.iter().find(|(k, _)| k == c).map(|(_, n)| *n);
    assert_eq!(cohort("pilot"), Some(12));
    assert_eq!(cohort("wave2"), Some(40));
    assert!(cohort("none").unwrap() > 1000, "{cohorts:?}");
    // The pilot and the comparison wave are student houses, in every region.
    assert_eq!(
        one(
            "SELECT count(*) FROM house WHERE cohort IN ('pilot', 'wave2')
             AND kind NOT IN ('dar-talib', 'dar-taliba', 'mixed')"
        ),
        0
    );
    assert_eq!(
        one("SELECT count(DISTINCT region_id) FROM house WHERE cohort = 'pilot'"),
        12
    );
    assert_eq!(one("SELECT count(DISTINCT region_id) FROM house"), 12);
    // Every house names a real province of its own region.
    let provinces = s.json(&["--db", p(&db), "province", "list"]);
    let mut st = conn
        .prepare("SELECT h.province, r.code FROM house h JOIN region r ON r.id = h.region_id")
        .unwrap();
    let pairs: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for (province, region) in &pairs {
        assert!(
            provinces
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name_fr"] == province.as_str() && p["region"] == region.as_str()),
            "{province} is not a province of region {region}"
        );
    }
    assert!(one("SELECT count(DISTINCT province) FROM house") > 60);

    // Three school years, the last one holding today.
    let school_years = rows(
        "SELECT period, count(*) FROM observation WHERE period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'
         GROUP BY period ORDER BY period",
    );
    assert_eq!(school_years.len(), 3, "{school_years:?}");
    let today = suivi::store::local_today(&suivi::store::Conn::Sqlite(
        rusqlite::Connection::open(&db).unwrap(),
    ));
    let current = suivi::domain::period::Period::school_year_of(today).canonical();
    assert_eq!(school_years[2].0, current);

    // Exam results only in student houses; beneficiaries only in the others.
    let student = "('dar-talib', 'dar-taliba', 'mixed')";
    for exam in ["pupils_sat", "pupils_passed", "dropouts", "boarders"] {
        assert_eq!(
            one(&format!(
                "SELECT count(*) FROM observation o JOIN house h ON h.id = o.house_id
                 JOIN indicator i ON i.id = o.indicator_id
                 WHERE i.code = '{exam}' AND h.kind NOT IN {student}"
            )),
            0,
            "{exam} recorded for a centre"
        );
    }
    assert!(
        one(
            "SELECT count(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id
             WHERE i.code = 'pupils_passed'"
        ) > 1000
    );
    assert_eq!(
        one(&format!(
            "SELECT count(*) FROM observation o JOIN house h ON h.id = o.house_id
             JOIN indicator i ON i.id = o.indicator_id
             WHERE i.code = 'beneficiaries' AND h.kind IN {student}"
        )),
        0
    );
    // Every value is one that applies to its house's kind.
    let cat = {
        let c = suivi::store::Conn::Sqlite(rusqlite::Connection::open(&db).unwrap());
        suivi::store::indicator::catalogue(&c).unwrap()
    };
    let mut st = conn
        .prepare(
            "SELECT DISTINCT h.kind, i.code FROM observation o JOIN house h ON h.id = o.house_id
             JOIN indicator i ON i.id = o.indicator_id",
        )
        .unwrap();
    let used: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for (kind, code) in &used {
        assert!(
            cat.by_code(code).unwrap().applies_to(kind),
            "{code} in a {kind}"
        );
    }
    // Values pass the default validation rules of severity error.
    let r = s.run(&["--db", p(&db), "check", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The pilot has plans and targets; one import batch holds the observations.
    assert_eq!(one("SELECT count(*) FROM plan"), 52);
    assert!(one("SELECT count(*) FROM target") >= 200);
    assert_eq!(one("SELECT count(*) FROM batch"), 1);
    assert_eq!(
        one("SELECT count(*) FROM observation WHERE batch_id = 1"),
        one("SELECT count(*) FROM observation")
    );

    // The same day builds the same country.
    let observations = one("SELECT count(*) FROM observation");
    let again = s.ok(&["demo", "--national", "--out-dir", p(&dir)]);
    let figures = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("National demo database"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(figures(&again), figures(&out));
    let json = s.json(&["demo", "--national", "--out-dir", p(&dir)]);
    assert_eq!(json["houses"], 1300);
    assert_eq!(json["by_cohort"][0], serde_json::json!(["pilot", 12]));
    assert_eq!(json["school_years"].as_array().unwrap().len(), 3);
    assert_eq!(json["school_years"][2], current.as_str());
    assert_eq!(json["observations"], observations);
}

#[test]
fn an_upgrade_leaves_out_defaults_whose_code_or_name_the_user_took() {
    let s = Suivi::empty();
    let copy = s.path("v2.db");
    std::fs::copy(fixture("schema/v2.db"), &copy).unwrap();
    {
        // An indicator of the user's, in schema 2, named like a new default.
        let conn = rusqlite::Connection::open(&copy).unwrap();
        conn.execute(
            "INSERT INTO indicator (code, name_fr, unit, direction, over_time, across, pupils)
             VALUES ('benef', 'BENEFICIAIRES', 'count', 'up', 'last', 'sum', 0)",
            [],
        )
        .unwrap();
    }
    assert_eq!(user_version(&copy), 2);
    let list = s
        .cmd(&["--db", p(&copy), "indicator", "list"])
        .stderr_contains(format!(
            "du schéma 2 au schéma {}",
            suivi::store::SCHEMA_VERSION
        ))
        .json();
    let codes = codes(&list);
    assert!(codes.contains(&"benef".to_string()));
    assert!(!codes.contains(&"beneficiaries".to_string()), "{codes:?}");
    // What needs the missing default is left out too; the rest comes in.
    assert!(!codes.contains(&"female_beneficiaries_share".to_string()));
    assert!(!codes.contains(&"cost_per_beneficiary".to_string()));
    assert!(codes.contains(&"beneficiaries_female".to_string()));
    let rules = s.json(&["--db", p(&copy), "rule", "list"]);
    assert!(
        !rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "female_within_beneficiaries")
    );
    let log = s.json(&[
        "--db",
        p(&copy),
        "log",
        "--entity",
        "database",
        "--limit",
        "1",
    ]);
    let added = log[0]["after"]["indicators_added"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(added, [serde_json::json!("beneficiaries_female")]);
    assert_eq!(integrity_check(&copy), "ok");
}
