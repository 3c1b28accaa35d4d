//! Every command's main error paths come from the message catalogue: run in
//! French (`--lang fr`), the message has no English word left; run in English
//! (`--lang en`), it has no French word and differs from the French. A new
//! error written in one language only on one of these paths fails here.

use crate::harness::Suivi;

/// English words that a French message never needs (data aside).
const ENGLISH: &[&str] = &[
    "not", "cannot", "unknown", "line", "column", "columns", "row", "rows", "the", "is", "are",
    "was", "were", "has", "have", "must", "missing", "already", "exists", "see", "did", "mean",
    "nothing", "empty", "with", "for", "of", "and", "use", "needs", "be", "no", "there", "this",
    "file", "house", "period", "value", "locked", "rejected", "imported", "batch", "before",
    "after", "number", "add", "give", "known",
];

/// French words that an English message never needs (data aside).
const FRENCH: &[&str] = &[
    "erreur",
    "ligne",
    "lignes",
    "colonne",
    "inconnu",
    "inconnue",
    "impossible",
    "est",
    "pas",
    "vide",
    "déjà",
    "voir",
    "aucune",
    "aucun",
    "refusée",
    "refusées",
    "maison",
    "période",
    "verrouillée",
    "n'est",
    "il",
    "les",
    "des",
    "une",
    "avec",
    "pour",
    "dans",
    "ajoutez",
    "utilisez",
    "vouliez",
];

/// The words of a message once its data are left out: quoted values
/// (« … », "…", `…`), flags (`--force`), file paths and the usage lines clap
/// appends after a blank line.
fn words(stderr: &str, dir: &str) -> Vec<String> {
    let text = stderr.split("\n\n").next().unwrap_or_default();
    let text = text.replace(dir, " ");
    let mut out = String::new();
    let mut skip_until: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(end) = skip_until {
            if c == end {
                skip_until = None;
            }
            continue;
        }
        match c {
            '«' => skip_until = Some('»'),
            '"' => skip_until = Some('"'),
            '`' => skip_until = Some('`'),
            // One word in parentheses is data (a column's header).
            '(' if !chars
                .clone()
                .take_while(|c| *c != ')')
                .any(char::is_whitespace) =>
            {
                skip_until = Some(')');
            }
            '-' if chars.peek() == Some(&'-') => {
                // A flag: skip to the next space.
                while chars.peek().is_some_and(|c| !c.is_whitespace()) {
                    chars.next();
                }
            }
            '/' => {
                // A path: skip to the next space.
                while chars.peek().is_some_and(|c| !c.is_whitespace()) {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    out.split(|c: char| !(c.is_alphabetic() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// Runs `args` in both languages: the exit code is `code` in both, the French
/// message is French, the English one English, and they differ.
#[track_caller]
fn both(s: &Suivi, args: &[&str], code: i32) {
    let dir = s.dir.path().display().to_string();
    let mut fr_args = vec!["--lang", "fr"];
    fr_args.extend_from_slice(args);
    let fr = s.run(&fr_args);
    assert_eq!(fr.code, code, "{args:?} fr: {}", fr.stderr);
    assert!(
        fr.stderr.starts_with("erreur\u{a0}: "),
        "{args:?} fr: {}",
        fr.stderr
    );
    let fr_words = words(&fr.stderr, &dir);
    for w in &fr_words {
        assert!(
            !ENGLISH.contains(&w.as_str()),
            "{args:?}: the French message says {w:?}:\n{}",
            fr.stderr
        );
    }
    let mut en_args = vec!["--lang", "en"];
    en_args.extend_from_slice(args);
    let en = s.run(&en_args);
    assert_eq!(en.code, code, "{args:?} en: {}", en.stderr);
    assert!(
        en.stderr.starts_with("error: "),
        "{args:?} en: {}",
        en.stderr
    );
    for w in words(&en.stderr, &dir) {
        assert!(
            !FRENCH.contains(&w.as_str()),
            "{args:?}: the English message says {w:?}:\n{}",
            en.stderr
        );
    }
    assert_ne!(fr.stderr, en.stderr, "{args:?}: one message for both");
}

#[test]
fn the_words_of_a_message_leave_data_out() {
    let w = words(
        "erreur\u{a0}: maison inconnue « the DT9 » (voir `suivi house list`) --force /tmp/x/the.csv",
        "/tmp/x",
    );
    assert_eq!(w, ["erreur", "maison", "inconnue", "voir"]);
}

#[test]
fn every_noun_s_main_errors_come_from_the_catalogue() {
    let s = Suivi::new().with_houses();
    let add = |code: &'static str, region: &'static str| -> Vec<&'static str> {
        vec![
            "house",
            "add",
            code,
            "--name",
            "X",
            "--kind",
            "dar-talib",
            "--region",
            region,
            "--capacity",
            "10",
        ]
    };
    // house
    both(&s, &["house", "show", "DT9"], 3);
    both(&s, &add("DT09", "Atlantide"), 3);
    both(&s, &add("DT01", "01"), 3);
    both(&s, &add("dt01", "01"), 3);
    both(&s, &add("DT 9", "01"), 3);
    both(&s, &["house", "edit", "DT01", "--capacity", "-1"], 3);
    both(&s, &["house", "list", "--kind", "dar-talibe"], 2);
    both(&s, &["house", "remove", "DT02"], 2);
    // association
    both(&s, &["association", "show", "AS99"], 3);
    both(&s, &["association", "add", "AS01", "--name", "Autre"], 3);
    both(
        &s,
        &[
            "association",
            "add",
            "AS02",
            "--name",
            "A",
            "--email",
            "nope",
        ],
        3,
    );
    // indicator
    both(
        &s,
        &["indicator", "record", "DT01", "boarders", "2025-13", "5"],
        3,
    );
    both(
        &s,
        &["indicator", "record", "DT01", "boarders", "T5 2025", "5"],
        3,
    );
    both(
        &s,
        &[
            "indicator",
            "record",
            "DT01",
            "boarders",
            "2025-01",
            "beaucoup",
        ],
        3,
    );
    both(
        &s,
        &["indicator", "record", "DT01", "boarders", "2025-01", "-3"],
        3,
    );
    both(
        &s,
        &["indicator", "record", "DT01", "nobody", "2025-01", "5"],
        3,
    );
    both(
        &s,
        &[
            "indicator",
            "record",
            "DT01",
            "success_rate",
            "2025-01",
            "5",
        ],
        3,
    );
    both(
        &s,
        &[
            "indicator",
            "add",
            "boarders",
            "--name-fr",
            "W",
            "--unit",
            "count",
        ],
        3,
    );
    both(
        &s,
        &[
            "indicator",
            "target",
            "DT01",
            "boarders",
            "--target",
            "-4",
            "--target-period",
            "2026",
        ],
        3,
    );
    // period
    s.ok(&["period", "lock", "2024", "--reason", "validé"]);
    both(
        &s,
        &["indicator", "record", "DT01", "boarders", "2024-03", "5"],
        3,
    );
    both(
        &s,
        &[
            "indicator",
            "record",
            "DT01",
            "boarders",
            "2024-03",
            "5",
            "--force",
        ],
        2,
    );
    both(&s, &["period", "lock", "2024", "--reason", "encore"], 3);
    both(&s, &["period", "unlock", "2030", "--reason", "x"], 3);
    both(&s, &["period", "lock", "2031", "--reason", " "], 3);
    // import
    let bad = s.write(
        "bad.csv",
        "house,indicator,period,value\nDT99,boarders,2025-01,5\nDT01,boarders,2025-13,5\nDT01,boarders,2025-02,-4\nDT01,boarders,2024-05,6\nDT01,nobody,2025-02,1\n",
    );
    let bad = bad.to_str().unwrap();
    both(&s, &["import", "observations", bad], 3);
    both(&s, &["import", "observations", bad, "--delimiter", "x"], 2);
    both(&s, &["import", "observations", "absent.csv"], 1);
    let twice = s.write(
        "twice.csv",
        "Code,Nom,Type,Région,Capacité\nDT05,Un,dar-talib,01,10\nDT05,Deux,dar-talib,01,10\n",
    );
    both(&s, &["import", "houses", twice.to_str().unwrap()], 3);
    let header_only = s.write("vide.csv", "house,indicator,period,value\n");
    both(
        &s,
        &["import", "observations", header_only.to_str().unwrap()],
        3,
    );
    let unknown_column = s.write("col.csv", "house,indicator,period,value,colour\n");
    both(
        &s,
        &["import", "observations", unknown_column.to_str().unwrap()],
        3,
    );
    both(&s, &["import", "undo", "99", "--yes"], 3);
    // plan
    both(&s, &["plan", "action", "show", "999"], 3);
    both(
        &s,
        &["plan", "init", "DT02", "--start", "2026", "--end", "2025"],
        3,
    );
    both(
        &s,
        &[
            "plan",
            "init",
            "DT02",
            "--start",
            "2025",
            "--end",
            "2026",
            "--template",
            "fancy",
        ],
        3,
    );
    both(&s, &["plan", "stage", "DT02", "diagnostic"], 3);
    s.ok(&[
        "plan",
        "init",
        "DT01",
        "--start",
        "2024-2025",
        "--end",
        "2026-2027",
    ]);
    both(
        &s,
        &[
            "plan",
            "action",
            "add",
            "DT01",
            "--axis",
            "astrologie",
            "--title",
            "X",
            "--due",
            "2025-06-30",
        ],
        3,
    );
    both(
        &s,
        &[
            "plan",
            "action",
            "add",
            "DT01",
            "--axis",
            "gouvernance",
            "--title",
            "X",
            "--due",
            "2025-06-30",
            "--start",
            "2025-07-01",
        ],
        3,
    );
    both(
        &s,
        &[
            "plan",
            "assess",
            "DT01",
            "--period",
            "2025-2026",
            "governance=5",
        ],
        3,
    );
    // rule
    both(&s, &["rule", "add", "bad", "ghosts <= staff"], 3);
    both(&s, &["rule", "add", "bad", "staff <="], 3);
    both(&s, &["rule", "add", "bad", "staff"], 3);
    both(
        &s,
        &["rule", "add", "bad", "staff <= 1", "--severity", "fatal"],
        3,
    );
    both(&s, &["rule", "remove", "nope", "--yes"], 3);
    // report, export, template, log, backup, database
    both(&s, &["report", "pilot", "--cohort", "pilote"], 2);
    both(
        &s,
        &[
            "report",
            "completeness",
            "--from",
            "2025-06",
            "--to",
            "2025-01",
        ],
        3,
    );
    both(&s, &["report", "completeness", "--format", "html"], 2);
    both(&s, &["export", "houses", "--format", "xlsx"], 2);
    both(
        &s,
        &[
            "template",
            "observations",
            "--period",
            "2025",
            "--out",
            "t.txt",
        ],
        2,
    );
    both(&s, &["log", "--since", "hier"], 2);
    s.write("copie.db", "x");
    both(&s, &["backup", "copie.db"], 2);
    both(&s, &["--db", "absente.db", "house", "list"], 2);
    both(&s, &["init"], 2);
    both(&s, &["house", "add", "DT10", "--name", "X"], 2);
}
