//! Listings that fit the terminal, `log` that says what changed, suggestions for
//! typos, and prompts a person can finish.

use unicode_width::UnicodeWidthStr;

use crate::harness::Suivi;

/// The demo database, with long names where listings show text.
fn long_names() -> (Suivi, String) {
    let s = Suivi::empty();
    let dir = s.path("demo");
    s.ok(&["demo", "--out-dir", dir.to_str().unwrap()]);
    let db = dir.join("suivi-demo.db").to_str().unwrap().to_string();
    let long =
        "Dar Taliba de la commune rurale de Sidi Bou Othmane, quartier des oliviers, annexe nord";
    s.ok(&[
        "--db",
        &db,
        "house",
        "edit",
        "DT01",
        "--name",
        long,
        "--capacity",
        "110",
    ]);
    s.ok(&["--db", &db, "association", "edit", "AS01", "--name", long]);
    s.ok(&[
        "--db",
        &db,
        "period",
        "lock",
        "2025-09",
        "--reason",
        "Valeurs vérifiées avec la délégation provinciale et signées par la directrice de la maison",
    ]);
    (s, db)
}

const LISTINGS: &[&[&str]] = &[
    &["house", "list"],
    &["association", "list"],
    &["indicator", "list"],
    &["plan", "action", "list"],
    &["import", "history"],
    &["log"],
    &["rule", "list"],
    &["period", "list"],
    &["province", "list"],
];

#[test]
fn every_listing_fits_80_columns_and_wide_shows_every_column() {
    let (s, db) = long_names();
    let mut all: Vec<Vec<&str>> = LISTINGS.iter().map(|l| l.to_vec()).collect();
    all.push(vec!["check"]);
    for args in &all {
        let full: Vec<&str> = ["--db", db.as_str()]
            .iter()
            .copied()
            .chain(args.iter().copied())
            .collect();
        // `check` exits 3 when an error-severity rule is broken; its table is still printed.
        let run = s.cmd(&full).env("COLUMNS", "80").stderr_any().run();
        let out = run.stdout.clone();
        assert!(out.lines().count() > 1, "{args:?} printed nothing:\n{out}");
        for line in out.lines() {
            assert!(
                line.width() <= 80,
                "{args:?}: a line of {} cells at COLUMNS=80:\n{line}",
                line.width()
            );
        }
        if *args == ["house", "list"] {
            // The key columns stay, under French headers; long names are shortened
            // with an ellipsis.
            for key in ["Code", "Nom", "Type", "Région", "Cohorte"] {
                assert!(
                    out.lines().nth(1).unwrap().contains(key),
                    "{key} missing:\n{out}"
                );
            }
            assert!(out.contains("Dar Taliba de la comm"), "{out}");
            assert!(out.contains('…'), "{out}");
            assert!(!out.contains("annexe nord"), "{out}");
        }
    }
    // --wide: every column, full text.
    let wide = s.ok(&["--db", &db, "house", "list", "--wide"]);
    assert!(wide.contains("annexe nord"), "{wide}");
    for col in [
        "Nom (ar)",
        "Province",
        "Commune",
        "Milieu",
        "Capacité",
        "Association",
        "Statut",
    ] {
        assert!(
            wide.lines().nth(1).unwrap().contains(col),
            "--wide lacks {col}:\n{wide}"
        );
    }
    // A wider terminal shows more.
    let at_200 = s
        .cmd(&["--db", &db, "house", "list"])
        .env("COLUMNS", "200")
        .stdout_text();
    assert!(
        at_200.lines().nth(1).unwrap().contains("Capacité"),
        "{at_200}"
    );
    // CSV and JSON are never cut.
    let csv = s
        .cmd(&["--db", &db, "house", "list", "--format", "csv"])
        .env("COLUMNS", "80")
        .stdout_text();
    assert!(
        csv.contains("annexe nord") && csv.lines().next().unwrap().contains("status"),
        "{csv}"
    );
}

#[test]
fn log_shows_the_fields_that_changed_and_json_keeps_the_records() {
    let s = Suivi::new().with_houses();
    s.ok(&["house", "edit", "DT01", "--capacity", "110"]);
    let out = s
        .cmd(&["log", "--limit", "1"])
        .env("COLUMNS", "120")
        .stdout_text();
    assert!(out.contains("capacity 100 → 110"), "{out}");
    assert!(out.contains("house DT01"), "{out}");
    assert!(
        !out.contains("Dar Taliba Un"),
        "unchanged fields are not shown:\n{out}"
    );
    let json = s.json(&["log", "--limit", "1"]);
    assert_eq!(json[0]["before"]["capacity"], 100);
    assert_eq!(json[0]["after"]["capacity"], 110);
    assert_eq!(json[0]["after"]["name"], "Dar Taliba Un");
}

#[test]
fn unknown_houses_and_indicators_suggest_the_closest_known_ones() {
    let s = Suivi::new().with_houses();
    s.cmd(&["house", "show", "DT2"])
        .env("LANG", "en_US.UTF-8")
        .status(3)
        .stderr_contains("unknown house \"DT2\"")
        .stderr_contains("did you mean \"DT02\"?")
        .run();
    s.cmd(&["indicator", "record", "DT1", "boarders", "2025-01", "5"])
        .env("LANG", "en_US.UTF-8")
        .status(3)
        .stderr_contains("did you mean \"DT01\"?")
        .run();
    s.cmd(&["indicator", "show", "boarder"])
        .env("LANG", "en_US.UTF-8")
        .status(3)
        .stderr_contains("unknown indicator \"boarder\"")
        .stderr_contains("did you mean \"boarders\"")
        .run();
    s.cmd(&["indicator", "show", "Internes fille"])
        .env("LANG", "en_US.UTF-8")
        .status(3)
        .stderr_contains("did you mean \"Internes filles\"")
        .run();
    // Nothing close: no guess, only where to look.
    let err = s.fails(&["--lang", "en", "house", "show", "ZZZZZZZZ"], 3);
    assert!(!err.contains("did you mean"), "{err}");
    assert!(err.contains("suivi house list"), "{err}");
}

/// `suivi` in a pseudo-terminal of 120×40 (libc's openpty: no tool to install):
/// send keys, wait for text on the screen.
struct Pty {
    child: std::process::Child,
    master: std::fs::File,
    seen: std::sync::Arc<std::sync::Mutex<String>>,
    from: usize,
}

impl Pty {
    fn spawn(s: &Suivi, args: &[&str]) -> Pty {
        use std::os::fd::FromRawFd;
        use std::process::{Command, Stdio};
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize {
            ws_row: 40,
            ws_col: 120,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        let rc = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty failed");
        let slave_file = unsafe { std::fs::File::from_raw_fd(slave) };
        let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
        c.current_dir(s.path("."))
            .env("SUIVI_DB", &s.db)
            .env("SUIVI_USER", "tester")
            .env("LANG", "fr_FR.UTF-8")
            .env("TERM", "xterm")
            .env_remove("LC_ALL")
            .args(args)
            .stdin(Stdio::from(slave_file.try_clone().unwrap()))
            .stdout(Stdio::from(slave_file.try_clone().unwrap()))
            .stderr(Stdio::from(slave_file));
        unsafe {
            use std::os::unix::process::CommandExt;
            // Its own session with the pty as controlling terminal, as in a real terminal.
            c.pre_exec(|| {
                libc::setsid();
                libc::ioctl(0, libc::TIOCSCTTY as _, 0);
                Ok(())
            });
        }
        let child = c.spawn().expect("spawn suivi in a pty");
        let master = unsafe { std::fs::File::from_raw_fd(master) };
        let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut reader = master.try_clone().unwrap();
        let sink = seen.clone();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Pty {
            child,
            master,
            seen,
            from: 0,
        }
    }

    /// Waits (10 s at most) until `text` appears after what was already waited for.
    #[track_caller]
    fn expect(&mut self, text: &str) {
        let start = std::time::Instant::now();
        loop {
            {
                let seen = self.seen.lock().unwrap();
                if let Some(i) = seen[self.from..].find(text) {
                    self.from += i + text.len();
                    return;
                }
                if start.elapsed() > std::time::Duration::from_secs(10) {
                    panic!(
                        "waited for {text:?}; the screen shows:\n{}",
                        &seen[self.from..]
                    );
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(30));
        }
    }

    fn send(&mut self, keys: &str) {
        use std::io::Write;
        // A short pause, as a person types: the prompt is ready for its keys.
        std::thread::sleep(std::time::Duration::from_millis(100));
        self.master.write_all(keys.as_bytes()).unwrap();
        self.master.flush().unwrap();
    }

    fn wait(mut self) -> (std::process::ExitStatus, String) {
        let status = self.child.wait().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(200));
        let seen = self.seen.lock().unwrap().clone();
        (status, seen)
    }
}

#[test]
fn house_add_at_a_terminal_asks_in_french_asks_again_and_confirms() {
    let s = Suivi::new().with_houses();
    let mut p = Pty::spawn(&s, &["house", "add"]);
    p.expect("Code de la maison");
    p.send("DT09\r");
    p.expect("Nom de la maison");
    p.send("Dar Essai\r");
    p.expect("Nom en arabe (Entrée pour passer)");
    p.send("\r");
    p.expect("Type de maison");
    p.send("mixed\r");
    p.expect("Région");
    p.send("Mekn\r");
    p.expect("Province ou préfecture");
    p.send("Ifrane\r");
    p.expect("Commune");
    p.send("\r");
    p.expect("Milieu");
    p.send("rural\r");
    p.expect("Capacité");
    p.send("cent\r");
    // Explained, and asked again: the earlier answers stay.
    p.expect("nombre entier");
    p.send("\x15120\r");
    p.expect("Association gestionnaire");
    p.send("AS01\r");
    p.expect("Date d'ouverture");
    p.send("\r");
    p.expect("Nouvelle maison");
    p.expect("Dar Essai");
    p.expect("Enregistrer cette maison ? (o/n)");
    p.send("peut-être\r");
    p.expect("répondez oui ou non");
    p.send("\x15oui\r");
    let (status, screen) = p.wait();
    assert!(status.success(), "{screen}");
    let h = s.json(&["house", "show", "DT09"]);
    assert_eq!(h["capacity"], 120, "{h}");
    assert_eq!(h["kind"], "mixed", "{h}");
    assert_eq!(h["province"], "IFR", "{h}");
    assert_eq!(h["association"], "AS01", "{h}");
    assert_eq!(h["name_ar"], serde_json::Value::Null, "{h}");
}

#[test]
fn house_add_at_a_terminal_saves_nothing_on_no_or_ctrl_c() {
    let s = Suivi::new().with_houses();
    let before = s.count("house");
    let mut p = Pty::spawn(
        &s,
        &["house", "add", "DT09", "--name", "Essai", "--kind", "mixed"],
    );
    p.expect("Nom en arabe");
    p.send("\x03");
    let (status, _) = p.wait();
    assert!(!status.success());
    assert_eq!(s.count("house"), before);

    let mut p = Pty::spawn(
        &s,
        &[
            "house",
            "add",
            "DT09",
            "--name",
            "Essai",
            "--kind",
            "mixed",
            "--region",
            "03",
            "--milieu",
            "rural",
            "--capacity",
            "10",
            "--name-ar",
            "",
            "--province",
            "",
            "--commune",
            "",
            "--association",
            "",
            "--opened",
            "",
        ],
    );
    p.expect("Enregistrer cette maison ? (o/n)");
    p.send("n\r");
    p.expect("Rien n'a été enregistré");
    let (status, screen) = p.wait();
    assert!(status.success(), "{screen}");
    assert_eq!(s.count("house"), before);
}

#[test]
fn association_add_at_a_terminal_asks_in_french_and_confirms() {
    let s = Suivi::new().with_houses();
    let mut p = Pty::spawn(&s, &["association", "add"]);
    p.expect("Code de l'association");
    p.send("AS01\r");
    p.expect("« AS01 » existe déjà");
    p.send("\x15AS07\r");
    p.expect("Nom de l'association");
    p.send("Association Nour\r");
    p.expect("N° de récépissé (Entrée pour passer)");
    p.send("\r");
    p.expect("Président(e)");
    p.send("Samira B.\r");
    p.expect("Téléphone");
    p.send("\r");
    p.expect("Courriel");
    p.send("\r");
    p.expect("Enregistrer cette association ? (o/n)");
    p.send("o\r");
    let (status, screen) = p.wait();
    assert!(status.success(), "{screen}");
    let a = s.json(&["association", "show", "AS07"]);
    assert!(a.to_string().contains("Samira B."), "{a}");
}

#[test]
fn imports_and_rules_suggest_close_houses_and_indicators() {
    let s = Suivi::new().with_houses();
    let long = s.write(
        "long.csv",
        "house,indicator,period,value\nDT1,boarders,2025-01,3\n",
    );
    s.cmd(&["import", "observations", long.to_str().unwrap()])
        .env("LANG", "en_US.UTF-8")
        .status(3)
        .stderr_contains("unknown house \"DT1\" (did you mean \"DT01\"?)")
        .run();
    let wide = s.write("wide.csv", "house,period,Internes fille\nDT01,2025-01,3\n");
    s.cmd(&["import", "observations", wide.to_str().unwrap()])
        .env("LANG", "en_US.UTF-8")
        .status(3)
        .stderr_contains("did you mean \"Internes filles\"")
        .run();
    s.cmd(&["rule", "add", "x", "boarder <= capacity"])
        .env("LANG", "en_US.UTF-8")
        .status(3)
        .stderr_contains("did you mean \"boarders\"")
        .run();
}
