//! Roles and regional scope on PostgreSQL (`suivi db init-roles`, `db grant`),
//! enforced by the server: each test makes its own database on the server of
//! `SUIVI_TEST_PG` and connects as other logins through
//! `postgresql://LOGIN@/DB?host=…` (the test clusters trust local logins).

use std::sync::Mutex;

use suivi::store::pg_connect::{self, Host};

use crate::harness::{Suivi, pg_server};

/// The group roles belong to the whole cluster: tests that create them take turns.
static ROLES: Mutex<()> = Mutex::new(());

/// A database of its own on the test server, and the logins made for it;
/// both dropped at the end.
struct PgDb {
    server: String,
    name: String,
    logins: Vec<String>,
}

impl PgDb {
    fn new(tag: &str) -> PgDb {
        let server = std::env::var("SUIVI_TEST_PG").unwrap();
        let name = format!("pgedge_{tag}_{}", std::process::id());
        let mut c = pg_connect::connect(&server).unwrap();
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        PgDb {
            server,
            name,
            logins: Vec::new(),
        }
    }

    /// The login name for this test's `who` (logins are cluster-wide).
    fn login(&mut self, who: &str) -> String {
        let l = format!("{}_{who}", self.name);
        if !self.logins.contains(&l) {
            self.logins.push(l.clone());
        }
        l
    }

    /// The URL of this database for `user` (the server's own user when `None`).
    fn url(&self, user: Option<&str>) -> String {
        let t = pg_connect::parse(&self.server, &|k| std::env::var(k).ok()).unwrap();
        let user = user.unwrap_or(&t.user);
        match &t.host {
            Host::Socket(dir) => format!(
                "postgresql://{user}@/{}?host={}&port={}",
                self.name,
                dir.display(),
                t.port
            ),
            Host::Tcp(h) => format!("postgresql://{user}@{h}:{}/{}", t.port, self.name),
        }
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Ok(mut c) = pg_connect::connect(&self.server) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
            for l in &self.logins {
                let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{l}\""));
            }
        }
    }
}

/// A suivi database on the server with two houses (DT01 in region 01, DT02 in
/// region 03), its roles set up, and a reader, an analyst of region 01 and an
/// administrator.
fn setup(tag: &str) -> (Suivi, PgDb, [String; 3]) {
    let mut db = PgDb::new(tag);
    let s = Suivi::empty();
    let owner = db.url(None);
    s.ok(&["--db", &owner, "init"]);
    for args in [
        &["association", "add", "AS01", "--name", "Association Amal"][..],
        &[
            "house",
            "add",
            "DT01",
            "--name",
            "Dar Taliba Un",
            "--kind",
            "dar-taliba",
            "--region",
            "01",
            "--capacity",
            "100",
            "--association",
            "AS01",
        ],
        &[
            "house",
            "add",
            "DT02",
            "--name",
            "Dar Talib Deux",
            "--kind",
            "dar-talib",
            "--region",
            "Fès-Meknès",
            "--capacity",
            "10",
            "--association",
            "AS01",
        ],
    ] {
        let mut full = vec!["--db", owner.as_str()];
        full.extend_from_slice(args);
        s.ok(&full);
    }
    {
        let _turn = ROLES.lock().unwrap_or_else(|e| e.into_inner());
        s.cmd(&["--db", &owner, "--lang", "en", "db", "init-roles"])
            .stdout_contains("roles suivi_reader, suivi_analyst and suivi_admin ready")
            .stdout_contains("observation")
            .run();
    }
    let reader = db.login("reader");
    let analyst = db.login("analyst");
    let admin = db.login("admin");
    s.cmd(&[
        "--db", &owner, "--lang", "en", "db", "grant", &reader, "--role", "reader",
    ])
    .stdout_contains("created, without a password")
    .stdout_contains("is suivi_reader")
    .stdout_contains("every region")
    .run();
    s.cmd(&[
        "--db",
        &owner,
        "--lang",
        "en",
        "db",
        "grant",
        &analyst,
        "--role",
        "analyst",
        "--region",
        "tanger tetouan al hoceima",
    ])
    .stdout_contains("limited to the houses of regions 01 Tanger-Tétouan-Al Hoceïma")
    .run();
    s.ok(&["--db", &owner, "db", "grant", &admin, "--role", "admin"]);
    let urls = [
        db.url(Some(&reader)),
        db.url(Some(&analyst)),
        db.url(Some(&admin)),
    ];
    (s, db, urls)
}

fn house_codes(s: &Suivi, url: &str) -> Vec<String> {
    s.cmd(&["--db", url, "house", "list"])
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["code"].as_str().unwrap().to_string())
        .collect()
}

/// DT01 (region 01) then DT02 (region 03) get 80 and 9 boarders for
/// 2025-01, recorded as the login of `url`.
fn record_boarders(s: &Suivi, url: &str) {
    for (house, value) in [("DT01", "80"), ("DT02", "9")] {
        s.ok(&[
            "--db",
            url,
            "indicator",
            "record",
            house,
            "boarders",
            "2025-01",
            value,
        ]);
    }
}

/// Imports `file` as the login of `url`; the batch number.
fn import_as(s: &Suivi, url: &str, file: &std::path::Path) -> String {
    let file = file.to_str().unwrap();
    s.cmd(&["--db", url, "import", "observations", file]).json()["batch"]
        .as_i64()
        .unwrap()
        .to_string()
}

#[test]
fn a_reader_reads_and_postgres_refuses_its_writes() {
    if pg_server("a_reader_reads_and_postgres_refuses_its_writes").is_none() {
        return;
    }
    let (s, db, [reader, _, _]) = setup("reader");
    assert_eq!(house_codes(&s, &reader), ["DT01", "DT02"]);
    s.cmd(&[
        "--db", &reader, "report", "pilot", "--cohort", "all", "--format", "json",
    ])
    .stdout_contains("\"indicators\"")
    .run();
    let err = s
        .cmd(&[
            "--db",
            &reader,
            "--lang",
            "en",
            "indicator",
            "record",
            "DT01",
            "boarders",
            "2025-01",
            "80",
        ])
        .status(1)
        .stderr_contains("PostgreSQL refused")
        .run()
        .stderr;
    // One sentence of ours, not the server's text.
    assert!(!err.contains("permission denied for table"), "{err}");
    // Nothing was written.
    let owner = db.url(None);
    s.cmd(&[
        "--db",
        &owner,
        "indicator",
        "history",
        "DT01",
        "--format",
        "json",
    ])
    .stdout("[]\n")
    .run();
}

#[test]
fn an_analyst_limited_to_a_region_sees_and_changes_only_its_houses() {
    if pg_server("an_analyst_limited_to_a_region_sees_and_changes_only_its_houses").is_none() {
        return;
    }
    let (s, db, [reader, analyst, admin]) = setup("scope");
    assert_eq!(house_codes(&s, &analyst), ["DT01"]);
    assert_eq!(house_codes(&s, &admin), ["DT01", "DT02"]);
    s.ok(&[
        "--db",
        &analyst,
        "indicator",
        "record",
        "DT01",
        "boarders",
        "2025-01",
        "80",
    ]);
    s.cmd(&[
        "--db",
        &analyst,
        "--lang",
        "en",
        "indicator",
        "record",
        "DT02",
        "boarders",
        "2025-01",
        "9",
    ])
    .status(3)
    .stderr_contains("DT02")
    .run();
    // The central team (no region) sees both houses and the analyst's value.
    assert_eq!(house_codes(&s, &reader), ["DT01", "DT02"]);
    let history = s
        .cmd(&["--db", &reader, "indicator", "history", "DT01"])
        .json();
    assert_eq!(history.as_array().unwrap().len(), 1, "{history}");
    // The author is the login, not $SUIVI_USER.
    let log = s
        .cmd(&["--db", &admin, "log", "--format", "json"])
        .stdout_text();
    assert!(log.contains(&format!("{}_analyst", db.name)), "{log}");
    // Widening the scope is `db grant` again.
    let owner = db.url(None);
    let login = format!("{}_analyst", db.name);
    s.ok(&[
        "--db", &owner, "db", "grant", &login, "--role", "analyst", "--region", "01", "03",
    ]);
    assert_eq!(house_codes(&s, &analyst), ["DT01", "DT02"]);
}

#[test]
fn only_an_admin_locks_periods() {
    if pg_server("only_an_admin_locks_periods").is_none() {
        return;
    }
    let (s, _db, [_, analyst, admin]) = setup("locks");
    s.cmd(&[
        "--db",
        &analyst,
        "--lang",
        "en",
        "period",
        "lock",
        "2025-01",
        "--reason",
        "validated",
    ])
    .status(1)
    .stderr_contains("PostgreSQL refused")
    .run();
    s.ok(&[
        "--db",
        &admin,
        "period",
        "lock",
        "2025-01",
        "--reason",
        "validated",
    ]);
    s.cmd(&["--db", &analyst, "period", "list", "--format", "json"])
        .stdout_contains("validated")
        .run();
}

#[test]
fn roles_are_refused_on_a_sqlite_file_and_regions_are_checked() {
    let s = Suivi::empty();
    s.cmd(&["--db", "suivi.db", "--lang", "en", "db", "init-roles"])
        .status(2)
        .stderr_contains("is a SQLite file: roles exist only on a shared PostgreSQL database")
        .run();
    s.cmd(&["--db", "suivi.db", "db", "grant", "ana", "--role", "reader"])
        .status(2)
        .stderr_contains("fichier SQLite")
        .run();
    if pg_server("roles_are_refused_on_a_sqlite_file_and_regions_are_checked").is_none() {
        return;
    }
    let (s, db, _) = setup("regions");
    let owner = db.url(None);
    let login = format!("{}_x", db.name);
    s.cmd(&[
        "--db",
        &owner,
        "--lang",
        "en",
        "db",
        "grant",
        &login,
        "--role",
        "analyst",
        "--region",
        "Fes Mekness",
    ])
    .status(2)
    .stderr_contains("unknown region \"Fes Mekness\" (did you mean \"Fès-Meknès\"?)")
    .run();
    s.cmd(&[
        "--db",
        &owner,
        "--lang",
        "en",
        "db",
        "grant",
        "suivi_admin",
        "--role",
        "reader",
    ])
    .status(2)
    .stderr_contains("cannot be a login")
    .run();
}

#[test]
fn only_an_admin_undoes_someone_elses_import() {
    if pg_server("only_an_admin_undoes_someone_elses_import").is_none() {
        return;
    }
    let (s, mut db, [_, analyst, admin]) = setup("undo");
    let other = db.login("other");
    s.ok(&[
        "--db",
        &db.url(None),
        "db",
        "grant",
        &other,
        "--role",
        "analyst",
    ]);
    let other = db.url(Some(&other));
    let file = s.write(
        "a.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,80\nDT01,staff,2025-01,5\n",
    );
    let batch = import_as(&s, &analyst, &file);
    // Another analyst may not undo it: the server refuses, nothing changes.
    s.cmd(&[
        "--db", &other, "--lang", "en", "import", "undo", &batch, "--yes",
    ])
    .status(1)
    .stderr_contains("PostgreSQL refused")
    .run();
    let history = |url: &str| {
        s.cmd(&["--db", url, "indicator", "history", "DT01"])
            .json()
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(history(&admin), 2);
    // An administrator may; and an analyst undoes their own.
    s.ok(&["--db", &admin, "import", "undo", &batch, "--yes"]);
    assert_eq!(history(&admin), 0);
    let again = import_as(&s, &analyst, &file);
    s.ok(&["--db", &analyst, "import", "undo", &again, "--yes"]);
    assert_eq!(history(&admin), 0);
}

#[test]
fn undoing_a_scoped_analysts_import_leaves_other_regions_untouched() {
    if pg_server("undoing_a_scoped_analysts_import_leaves_other_regions_untouched").is_none() {
        return;
    }
    let (s, _db, [_, analyst, admin]) = setup("range");
    // DT01 (region 01) gets a value first, then DT02 (region 03), which the
    // analyst of region 01 cannot see: its row has the larger id.
    record_boarders(&s, &admin);
    let file = s.write(
        "b.csv",
        "house,indicator,period,value\nDT01,boarders,2025-02,81\n",
    );
    let batch = import_as(&s, &analyst, &file);
    s.ok(&["--db", &admin, "import", "undo", &batch, "--yes"]);
    // The batch owned its one new row, not the other region's row before it.
    let dt02 = s
        .cmd(&["--db", &admin, "indicator", "history", "DT02"])
        .json();
    assert_eq!(dt02.as_array().unwrap().len(), 1, "{dt02}");
    let dt01 = s
        .cmd(&["--db", &admin, "indicator", "history", "DT01"])
        .json();
    assert_eq!(dt01.as_array().unwrap().len(), 1, "{dt01}");
}

/// The audit log and the values imports replaced (kept for undo) follow the
/// houses: an analyst of region 01 reads DT01's entries and values, not DT02's
/// (region 03), and the entries about no house; what it removed stays in its
/// log (and stops an undo that would bring it back unseen), and a code reused
/// in another region does not bring the new house's history into its log.
#[test]
fn a_scoped_analyst_reads_only_its_regions_entries_and_replaced_values() {
    if pg_server("a_scoped_analyst_reads_only_its_regions_entries_and_replaced_values").is_none() {
        return;
    }
    let (s, _db, [reader, analyst, admin]) = setup("audit");
    record_boarders(&s, &admin);
    // Imports that change a value of each house keep the old one for undo.
    let dt02 = s.write(
        "dt02.csv",
        "house,indicator,period,value\nDT02,boarders,2025-01,10\n",
    );
    import_as(&s, &admin, &dt02);
    let dt01 = s.write(
        "dt01.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,81\n",
    );
    let batch = import_as(&s, &analyst, &dt01);
    let previous = |url: &str| -> i64 {
        pg_connect::connect(url)
            .unwrap()
            .query_one("SELECT count(*) FROM observation_previous", &[])
            .unwrap()
            .get(0)
    };
    assert_eq!(previous(&reader), 2);
    assert_eq!(previous(&analyst), 1);
    let keys = |url: &str| -> Vec<String> {
        s.cmd(&["--db", url, "log", "--limit", "1000"])
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e["entity"].as_str().unwrap(),
                    e["key"].as_str().unwrap()
                )
            })
            .collect()
    };
    let (theirs, all) = (keys(&analyst), keys(&reader));
    for k in ["house DT02", "observation DT02/boarders/2025-01"] {
        assert!(all.contains(&k.to_string()), "{k}: {all:?}");
        assert!(!theirs.contains(&k.to_string()), "{k}: {theirs:?}");
    }
    for k in [
        "house DT01",
        "observation DT01/boarders/2025-01",
        "association AS01",
    ] {
        assert!(theirs.contains(&k.to_string()), "{k}: {theirs:?}");
    }
    assert!(theirs.iter().any(|k| k.starts_with("batch ")), "{theirs:?}");
    // The analyst undoes its own import with the value it replaced.
    s.ok(&["--db", &analyst, "import", "undo", &batch, "--yes"]);
    let h = s
        .cmd(&["--db", &reader, "indicator", "history", "DT01"])
        .json();
    assert_eq!(h[0]["value"], 80.0, "{h}");

    // An action it imported then removed: the removal is in its log, and an
    // undo of the import is refused as for anyone (it would bring it back).
    s.ok(&[
        "--db",
        &admin,
        "plan",
        "init",
        "DT01",
        "--start",
        "2024-2025",
        "--end",
        "2026-2027",
    ]);
    let actions = s.write(
        "actions.csv",
        "Maison,Axe,Action,Échéance\nDT01,gouvernance,Tenir l'assemblée générale,31/03/2025\n",
    );
    let out = s
        .cmd(&[
            "--db",
            &analyst,
            "--format",
            "json",
            "import",
            "actions",
            actions.to_str().unwrap(),
        ])
        .json();
    let action_batch = out["batch"].to_string();
    let id = s.cmd(&["--db", &analyst, "plan", "action", "list"]).json()[0]["id"].to_string();
    s.ok(&["--db", &analyst, "plan", "action", "remove", &id, "--yes"]);
    assert_eq!(
        keys(&analyst)
            .iter()
            .filter(|k| **k == format!("action {id}"))
            .count(),
        2
    );
    s.cmd(&["--db", &analyst, "import", "undo", &action_batch, "--yes"])
        .status(3)
        .stderr_contains(format!("action {id}"))
        .run();

    // A house it adds then removes stays in its log, both entries; the same
    // code given to a house of region 03 later is not its business.
    s.add_house(Some(&analyst), "DT03", "01");
    s.ok(&["--db", &analyst, "house", "remove", "DT03", "--yes"]);
    s.add_house(Some(&admin), "DT03", "03");
    let dt03 = |url: &str| keys(url).iter().filter(|k| *k == "house DT03").count();
    assert_eq!(dt03(&analyst), 2);
    assert_eq!(dt03(&reader), 3);

    // Straight SQL as the analyst: an entry about another region's house (its
    // region said or left out), in another login's name or attached to another
    // login's batch is refused; one about its own house in its own name is not.
    let mut c = pg_connect::connect(&analyst).unwrap();
    let me = c
        .query_one("SELECT session_user::text", &[])
        .unwrap()
        .get::<_, String>(0);
    let dt02_batch: i64 = c
        .query_one("SELECT min(id) FROM batch", &[])
        .unwrap()
        .get(0);
    for (by, entity, key, region, batch) in [
        (me.as_str(), "house", "DT02", "'03'", "NULL".to_string()),
        (me.as_str(), "house", "DT02", "NULL", "NULL".to_string()),
        ("central", "association", "AS01", "NULL", "NULL".to_string()),
        (
            me.as_str(),
            "association",
            "AS01",
            "NULL",
            dt02_batch.to_string(),
        ),
    ] {
        let sql = format!(
            "INSERT INTO audit (at, by, action, entity, key, region_code, batch_id) \
             VALUES ('now', '{by}', 'update', '{entity}', '{key}', {region}, {batch})"
        );
        let err = c.batch_execute(&sql).unwrap_err();
        let why = err.as_db_error().map(|d| d.message().to_string());
        assert!(
            why.as_deref()
                .is_some_and(|m| m.contains("row-level security")),
            "{sql}: {why:?}"
        );
    }
    c.batch_execute(&format!(
        "INSERT INTO audit (at, by, action, entity, key, region_code) \
         VALUES ('now', '{me}', 'update', 'house', 'DT01', '01')"
    ))
    .unwrap();

    // DT01 moved to region 03 by the central team: region 01 reads that it
    // left, not what is recorded for it afterwards.
    s.ok(&["--db", &admin, "house", "edit", "DT01", "--region", "03"]);
    s.ok(&[
        "--db",
        &admin,
        "indicator",
        "record",
        "DT01",
        "staff",
        "2025-03",
        "4",
    ]);
    let (theirs, all) = (keys(&analyst), keys(&reader));
    let moves = |keys: &[String]| keys.iter().filter(|k| *k == "house DT01").count();
    assert_eq!(moves(&theirs), moves(&all), "{theirs:?}");
    assert!(all.contains(&"observation DT01/staff/2025-03".to_string()));
    assert!(!theirs.contains(&"observation DT01/staff/2025-03".to_string()));
}

/// An analyst whose regions were narrowed after its import still undoes it
/// whole or not at all: it reads the batch's entries (its own), and a house
/// now out of its sight is a change it cannot undo, as before.
#[test]
fn an_undo_after_the_regions_were_narrowed_is_refused_not_done_in_part() {
    if pg_server("an_undo_after_the_regions_were_narrowed_is_refused_not_done_in_part").is_none() {
        return;
    }
    let (s, mut db, [reader, _, _]) = setup("narrow");
    let owner = db.url(None);
    let both = db.login("both");
    let grant = |regions: &[&str]| {
        let mut args = vec!["--db", &owner, "db", "grant", &both, "--role", "analyst"];
        for r in regions {
            args.extend(["--region", r]);
        }
        s.ok(&args);
    };
    grant(&["01", "03"]);
    let url = db.url(Some(&both));
    let houses = s.write(
        "h.csv",
        "code,name,kind,region,capacity,association\n\
         DT09,Dar Talib Neuf,dar-talib,01,10,AS01\n\
         DT10,Dar Talib Dix,dar-talib,03,10,AS01\n",
    );
    let out = s
        .cmd(&[
            "--db",
            &url,
            "--format",
            "json",
            "import",
            "houses",
            houses.to_str().unwrap(),
        ])
        .json();
    let batch = out["batch"].to_string();
    grant(&["01"]);
    s.cmd(&[
        "--db", &url, "--lang", "en", "import", "undo", &batch, "--yes",
    ])
    .status(3)
    .stderr_contains("house DT10")
    .run();
    // Nothing was undone: both houses are there.
    let codes = house_codes(&s, &reader);
    assert!(
        codes.contains(&"DT09".to_string()) && codes.contains(&"DT10".to_string()),
        "{codes:?}"
    );
}

#[test]
fn a_revoked_analyst_can_no_longer_read_or_write_and_revoking_again_changes_nothing() {
    if pg_server("a_revoked_analyst_can_no_longer_read_or_write").is_none() {
        return;
    }
    let (s, db, [_, analyst, admin]) = setup("revoke");
    let owner = db.url(None);
    let login = format!("{}_analyst", db.name);
    assert_eq!(house_codes(&s, &analyst), ["DT01"]);
    s.cmd(&["--db", &owner, "--lang", "en", "db", "revoke", &login])
        .stdout_contains(format!("\"{login}\" no longer has access to suivi"))
        .stdout_contains("removed from suivi_analyst, regions cleared")
        .run();
    // The server now refuses the login's reads and writes.
    s.cmd(&["--db", &analyst, "--lang", "en", "house", "list"])
        .status(1)
        .stderr_contains("PostgreSQL refused")
        .run();
    s.cmd(&[
        "--db",
        &analyst,
        "--lang",
        "en",
        "indicator",
        "record",
        "DT01",
        "boarders",
        "2025-01",
        "80",
    ])
    .status(1)
    .stderr_contains("PostgreSQL refused")
    .run();
    // Its regions are gone too, and revoking again changes nothing.
    let mut c = pg_connect::connect(&owner).unwrap();
    let scoped: i64 = c
        .query_one(
            "SELECT count(*) FROM suivi_scope WHERE login = $1",
            &[&login],
        )
        .unwrap()
        .get(0);
    assert_eq!(scoped, 0);
    s.cmd(&["--db", &owner, "db", "revoke", &login])
        .stdout_contains("n'avait aucun rôle suivi")
        .run();
    s.ok(&["--db", &owner, "db", "grant", &login, "--role", "reader"]);
    assert_eq!(house_codes(&s, &analyst), ["DT01", "DT02"]);
    // Only a login of this server; never a suivi group; only who may manage roles.
    s.cmd(&[
        "--db",
        &owner,
        "--lang",
        "en",
        "db",
        "revoke",
        "nobody_here_at_all",
    ])
    .status(3)
    .stderr_contains("no login \"nobody_here_at_all\" on this server")
    .run();
    s.cmd(&[
        "--db",
        &owner,
        "--lang",
        "en",
        "db",
        "revoke",
        "suivi_admin",
    ])
    .status(2)
    .stderr_contains("cannot be a login")
    .run();
    s.cmd(&["--db", &admin, "--lang", "en", "db", "revoke", &login])
        .status(1)
        .stderr_contains("cannot create roles")
        .run();
    assert_eq!(house_codes(&s, &analyst), ["DT01", "DT02"]);
}
