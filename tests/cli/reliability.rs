//! Nothing lost, nothing leaked (issue 12): outputs that cannot destroy, workbooks
//! that cannot exhaust memory or time, environment failures told in words.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Suivi, fixture, integrity_check, mode, to_run};

fn p(path: &std::path::Path) -> &str {
    path.to_str().unwrap()
}

/// No SQLite text, error code or Rust debug output in a message.
fn assert_plain(msg: &str) {
    for raw in [
        "SQLITE", "os error", "code:", "Error {", "{ kind", "panicked",
    ] {
        assert!(!msg.contains(raw), "raw text {raw:?} in: {msg}");
    }
}

// ---------------------------------------------------------------------------
// 1. Outputs

#[test]
fn no_output_can_overwrite_the_database_or_its_journal() {
    // The database file and its journal.
    let s = Suivi::new_sqlite().with_houses();
    let before = std::fs::read(&s.db).unwrap();
    let journal = format!("{}-journal", p(&s.db));
    for args in [
        vec!["export", "houses", "--out", p(&s.db)],
        vec!["export", "houses", "--out", &journal],
        vec!["report", "pilot", "--period", "2025-01", "--out", p(&s.db)],
    ] {
        let err = s.fails(&args, 1);
        assert!(
            err.contains("la base de données elle-même"),
            "{args:?}: {err}"
        );
    }
    // Another name for the same file (a hard link) is caught by its inode.
    let alias = s.path("alias.csv");
    std::fs::hard_link(&s.db, &alias).unwrap();
    let err = s.fails(&["export", "houses", "--out", p(&alias)], 1);
    assert!(err.contains("la base de données elle-même"), "{err}");
    assert_eq!(std::fs::read(&s.db).unwrap(), before);
    assert!(!std::path::Path::new(&journal).exists());
    assert_eq!(integrity_check(&s.db), "ok");
}

#[test]
fn rejects_never_replace_the_input_or_the_database() {
    // The database file among the outputs.
    let s = Suivi::new_sqlite().with_houses();
    let text = "house,indicator,period,value\nDT01,boarders,2025-01,10\nDT09,boarders,2025-01,3\n";
    let input = s.write("envoi.csv", text);
    for target in [p(&input), p(&s.db)] {
        let err = s.fails(
            &[
                "import",
                "observations",
                p(&input),
                "--skip-invalid",
                "--rejects",
                target,
            ],
            1,
        );
        assert!(
            err.contains("le fichier en cours de lecture")
                || err.contains("la base de données elle-même"),
            "{err}"
        );
    }
    assert_eq!(std::fs::read_to_string(&input).unwrap(), text);
    // Refused before anything was imported.
    assert_eq!(s.count("observation"), 0);
    assert_eq!(integrity_check(&s.db), "ok");
}

#[cfg(unix)]
#[test]
fn outputs_never_follow_a_symbolic_link() {
    let s = Suivi::new().with_houses();
    let victim = s.write("precious.txt", "keep me");
    let link = s.path("out.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let err = s.fails(&["export", "houses", "--out", p(&link)], 1);
    assert!(err.contains("lien symbolique"), "{err}");
    let err = s.fails(
        &[
            "template",
            "observations",
            "--period",
            "2025-01",
            "--out",
            p(&link),
        ],
        1,
    );
    assert!(err.contains("lien symbolique"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn written_files_are_private_and_whole() {
    let s = Suivi::new().with_houses();
    let csv = s.path("associations.csv");
    s.cmd(&["export", "associations", "--out", p(&csv)])
        .stderr_contains("Écrit")
        .run();
    assert_eq!(mode(&csv), 0o600);
    let xlsx = s.path("houses.xlsx");
    s.cmd(&["export", "houses", "--out", p(&xlsx)])
        .stderr_contains("Écrit")
        .run();
    assert_eq!(mode(&xlsx), 0o600);
    let report = s.path("report.md");
    s.cmd(&[
        "report",
        "pilot",
        "--period",
        "2025-01",
        "--format",
        "md",
        "--out",
        p(&report),
    ])
    .stderr_contains("Écrit")
    .run();
    assert_eq!(mode(&report), 0o600);
    // Writing again replaces the file and leaves no temporary file behind.
    s.cmd(&["export", "associations", "--out", p(&csv)])
        .stderr_contains("Écrit")
        .run();
    let stray: Vec<_> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn an_xlsx_name_with_a_csv_format_is_a_usage_error() {
    let s = Suivi::new().with_houses();
    let out = s.path("x.xlsx");
    let err = s.fails(
        &["export", "houses", "--out", p(&out), "--format", "csv"],
        2,
    );
    assert!(err.contains("ne correspond pas à --format csv"), "{err}");
    assert!(!out.exists());
}

/// Runs suivi with a file size limit of one block (`ulimit -f 1`), as a full disk.
fn with_small_ulimit(s: &Suivi, args: &[&str]) -> crate::harness::Run {
    let mut script = format!(
        "ulimit -f 1; exec '{}' --no-input",
        env!("CARGO_BIN_EXE_suivi")
    );
    for a in args {
        script.push_str(&format!(" '{a}'"));
    }
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(s.dir.path())
        .env("SUIVI_DB", &s.db)
        .env("SUIVI_USER", "tester")
        .env("LANG", "fr_FR.UTF-8")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    to_run(out)
}

#[test]
fn a_full_disk_leaves_no_file_and_says_why() {
    // Backups of the file among the outputs.
    let s = Suivi::new_sqlite().with_houses();
    let out = s.path("catalogue.csv");
    let r = with_small_ulimit(&s, &["export", "indicators", "--out", p(&out)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("rien n'a été écrit"), "{}", r.stderr);
    assert_plain(&r.stderr);
    assert!(!out.exists());
    // A failed backup leaves no file either, so the retry works.
    let copy = s.path("copy.db");
    let r = with_small_ulimit(&s, &["backup", p(&copy)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_plain(&r.stderr);
    assert!(!copy.exists());
    s.ok(&["backup", p(&copy)]);
    assert_eq!(integrity_check(&copy), "ok");
    assert_eq!(mode(&copy), 0o600);
    let leftovers = std::fs::read_dir(s.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0);
}

// ---------------------------------------------------------------------------
// 2. Workbooks

fn hostile(name: &str) -> std::path::PathBuf {
    fixture(&format!("hostile/{name}"))
}

#[test]
fn crafted_workbooks_are_read_in_bounded_time_or_refused_by_a_named_limit() {
    let s = Suivi::new().with_houses();
    for (file, needle) in [
        ("huge_shared_string.xlsx", "de plus de 8 Mio"),
        ("repeated_rows.ods", "plus de 20\u{a0}000\u{a0}000 cellules"),
    ] {
        let start = Instant::now();
        let err = s.fails(&["import", "observations", p(&hostile(file))], 3);
        assert!(err.contains(needle), "{file}: {err}");
        assert!(err.contains("le classeur est refusé"), "{file}: {err}");
        assert!(start.elapsed() < Duration::from_secs(20), "{file}");
    }
    assert_eq!(s.count("observation"), 0);
    // A dimension claiming the whole grid, and empty rows repeated to its end, are
    // read as the rows they hold.
    for file in ["huge_dimension.xlsx", "repeated_empty_rows.ods"] {
        let start = Instant::now();
        let out = s.json(&["import", "observations", p(&hostile(file)), "--dry-run"]);
        assert_eq!(out["inserted"], 1, "{file}: {out}");
        assert!(start.elapsed() < Duration::from_secs(20), "{file}");
    }
}

#[test]
fn a_hidden_sheet_is_never_read_by_default() {
    for file in ["hidden_first_sheet.xlsx", "hidden_first_sheet.ods"] {
        let s = Suivi::new().with_houses();
        s.ok(&["import", "observations", p(&hostile(file))]);
        let h = s.json(&["indicator", "history", "DT01", "boarders"]);
        assert_eq!(h[0]["value"], 10.0, "{file}: {h}");
        // Asked for by name, it is read.
        let s = Suivi::new().with_houses();
        s.ok(&[
            "import",
            "observations",
            p(&hostile(file)),
            "--sheet",
            "Cachee",
        ]);
        let h = s.json(&["indicator", "history", "DT01", "boarders"]);
        assert_eq!(h[0]["value"], 999.0, "{file}: {h}");
    }
}

// ---------------------------------------------------------------------------
// 6. Environment

#[test]
fn a_missing_input_is_an_environment_failure() {
    let s = Suivi::new();
    let err = s.fails(&["import", "observations", "absent.csv"], 1);
    assert!(
        err.contains("absent.csv\u{a0}: impossible d'ouvrir le fichier"),
        "{err}"
    );
    assert_plain(&err);
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_folder_is_refused_at_once() {
    let s = Suivi::new();
    let fifo = s.path("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let start = Instant::now();
    let err = s.fails(&["import", "observations", p(&fifo)], 1);
    assert!(err.contains("n'est pas un fichier ordinaire"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(10));
    let err = s.fails(&["import", "observations", p(s.dir.path())], 1);
    assert!(err.contains("n'est pas un fichier ordinaire"), "{err}");
    let err = s.fails(&["import", "observations", "/dev/null"], 1);
    assert!(err.contains("n'est pas un fichier ordinaire"), "{err}");
}

#[test]
fn a_damaged_database_is_told_in_words() {
    // A damaged file.
    let s = Suivi::empty_sqlite();
    std::fs::write(&s.db, vec![0x5au8; 8192]).unwrap();
    let err = s.fails(&["house", "list"], 1);
    assert!(err.contains("pas une base de données suivi"), "{err}");
    assert_plain(&err);
    // A real database whose pages were overwritten in the middle.
    let s = Suivi::new_sqlite().with_houses();
    let mut bytes = std::fs::read(&s.db).unwrap();
    for b in bytes.iter_mut().skip(8192).take(16384) {
        *b = 0xa5;
    }
    std::fs::write(&s.db, bytes).unwrap();
    let r = s.run(&["house", "list"]);
    if r.code != 0 {
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.starts_with("erreur\u{a0}: "), "{}", r.stderr);
        assert_plain(&r.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_database_is_told_in_words() {
    use std::os::unix::fs::PermissionsExt;
    // A read-only file.
    let s = Suivi::new_sqlite().with_houses();
    let bin = env!("CARGO_BIN_EXE_suivi");
    // root writes whatever the permissions say: as root, the command runs as
    // `nobody`, for whom the database (root's, 0644) is read-only.
    let mut cmd = if unsafe { libc_geteuid() } == 0 {
        std::fs::set_permissions(s.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&s.db, std::fs::Permissions::from_mode(0o644)).unwrap();
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        std::fs::set_permissions(&s.db, std::fs::Permissions::from_mode(0o400)).unwrap();
        std::process::Command::new(bin)
    };
    let out = cmd
        .env("SUIVI_DB", &s.db)
        .env("SUIVI_USER", "tester")
        .env("LANG", "fr_FR.UTF-8")
        .args([
            "--no-input",
            "association",
            "add",
            "AS09",
            "--name",
            "Association Nour",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run suivi");
    let r = crate::harness::to_run(out);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("lecture seule"), "{}", r.stderr);
    assert_plain(&r.stderr);
    // Nothing was written.
    assert_eq!(s.count("association"), 1);
}

#[cfg(unix)]
unsafe extern "C" {
    #[link_name = "geteuid"]
    fn libc_geteuid() -> u32;
}

/// Spawns suivi with its standard output read by nobody: the pipe is closed at
/// once, so its first write meets a broken pipe.
fn closed_pipe(s: &Suivi, args: &[&str]) -> crate::harness::Run {
    let mut child = s
        .command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    crate::harness::Run {
        code: status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr,
    }
}

#[test]
fn a_closed_pipe_is_a_quiet_success() {
    let s = Suivi::new().with_houses();
    for args in [
        vec!["completions", "bash"],
        vec!["indicator", "list", "--format", "csv"],
        vec!["house", "list"],
        vec!["export", "indicators"],
        vec!["report", "pilot", "--period", "2025-01"],
    ] {
        let r = closed_pipe(&s, &args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr, "", "{args:?}");
    }
}

// ---------------------------------------------------------------------------
// 3. Inputs that cannot lie

#[test]
fn numbers_beyond_exactness_or_plausibility_are_refused_in_every_path() {
    let s = Suivi::new().with_houses();
    // The command line and a file go through the same parser.
    let err = s.fails(
        &[
            "indicator",
            "record",
            "DT01",
            "boarders",
            "2025-01",
            "12345678901234567890",
        ],
        3,
    );
    assert!(err.contains("2^53"), "{err}");
    let err = s.fails(
        &[
            "indicator",
            "record",
            "DT01",
            "boarders",
            "2025-01",
            "20000000",
        ],
        3,
    );
    assert!(err.contains("plage plausible"), "{err}");
    let csv = s.write(
        "big.csv",
        "house,indicator,period,value\nDT01,boarders,2025-01,12345678901234567890\nDT02,budget_mad,2025-01,5000000000000\n",
    );
    let err = s.fails(&["import", "observations", p(&csv)], 3);
    assert!(err.contains("ligne 2") && err.contains("2^53"), "{err}");
    assert!(
        err.contains("ligne 3") && err.contains("plage plausible"),
        "{err}"
    );
    // 1.7e308 in a workbook cell.
    let xlsx = s.path("big.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["house", "indicator", "period", "value"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "DT01").unwrap();
    sheet.write_string(1, 1, "boarders").unwrap();
    sheet.write_string(1, 2, "2025-01").unwrap();
    sheet.write_number(1, 3, 1.7e308).unwrap();
    book.save(&xlsx).unwrap();
    let err = s.fails(&["import", "observations", p(&xlsx)], 3);
    assert!(err.contains("ligne 2") && err.contains("2^53"), "{err}");
    assert_eq!(s.count("observation"), 0);
}

#[test]
fn an_ambiguous_thousands_or_decimal_figure_is_refused_with_the_way_to_decide() {
    let s = Suivi::new().with_houses();
    let semi = s.write(
        "semi.csv",
        "house;indicator;period;value\nDT01;budget_mad;2025-01;1.234\nDT02;budget_mad;2025-01;2.500\n",
    );
    let quoted = s.write(
        "quoted.csv",
        "house,indicator,period,value\nDT01,budget_mad,2025-01,\"1,234\"\n",
    );
    for file in [&semi, &quoted] {
        let err = s.fails(&["import", "observations", p(file)], 3);
        assert!(err.contains("ligne 2") && err.contains("ambigu"), "{err}");
        assert!(err.contains("--decimal"), "{err}");
        // In English, the same refusal says line and column.
        let en = s.fails(&["--lang", "en", "import", "observations", p(file)], 3);
        assert!(
            en.contains("rejected: nothing was imported")
                && en.contains("line 2, column D (value)")
                && en.contains("fix these rows"),
            "{en}"
        );
    }
    assert_eq!(s.count("observation"), 0);
    // Told how, the file is read.
    s.ok(&["import", "observations", p(&semi), "--decimal", "dot"]);
    let h = s.json(&["indicator", "history", "DT01", "budget_mad"]);
    assert_eq!(h[0]["value"], 1.234, "{h}");
    s.ok(&["import", "observations", p(&quoted), "--decimal", "dot"]);
    let h = s.json(&["indicator", "history", "DT01", "budget_mad"]);
    assert_eq!(h[0]["value"], 1234.0, "{h}");
}

// ---------------------------------------------------------------------------
// 5. Outputs that are safe, and who is writing

#[test]
fn csv_listings_neutralise_formulas() {
    let s = Suivi::new();
    s.ok(&[
        "association",
        "add",
        "AS07",
        "--name",
        "=HYPERLINK(\"http://x\")",
    ]);
    let out = s.ok(&["association", "list", "--format", "csv"]);
    assert!(out.contains("'=HYPERLINK"), "{out}");
    let out = s.ok(&["association", "show", "AS07", "--format", "csv"]);
    assert!(out.contains("'=HYPERLINK"), "{out}");
}

#[test]
fn a_user_name_cannot_forge_a_line_of_the_log() {
    // `$SUIVI_USER` names the author on a file only (PostgreSQL: the session user).
    let s = Suivi::new_sqlite();
    let r = s.run_as(
        "ana\nfaux 2025 admin",
        &["association", "add", "AS08", "--name", "Nour"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let log = s.json(&["log"]);
    let by = log
        .as_array()
        .unwrap()
        .iter()
        .find_map(|e| e["by"].as_str().or(e["author"].as_str()))
        .unwrap()
        .to_string();
    assert_eq!(by, "ana faux 2025 admin", "{log}");
}

#[test]
fn a_locked_period_refuses_assessments() {
    let s = Suivi::new().with_houses();
    s.ok(&["period", "lock", "2024-2025", "--reason", "validé"]);
    let err = s.fails(
        &[
            "plan",
            "assess",
            "DT01",
            "--period",
            "2024-2025",
            "governance=2",
        ],
        3,
    );
    assert!(err.contains("est verrouillée"), "{err}");
    assert_eq!(s.count("assessment"), 0);
    s.ok(&[
        "plan",
        "assess",
        "DT01",
        "--period",
        "2025-2026",
        "governance=2",
    ]);
    assert_eq!(s.count("assessment"), 1);
}

#[test]
fn a_utf8_file_with_a_few_foreign_lines_is_refused_with_their_numbers() {
    let s = Suivi::new().with_houses();
    let mut bytes = "house,indicator,period,value,comment\n".as_bytes().to_vec();
    bytes.extend("DT01,boarders,2025-01,10,دار الطالبة\n".as_bytes());
    bytes.extend(b"DT02,boarders,2025-01,11,pr\xe9vu\n");
    bytes.extend("DT01,staff,2025-01,3,الأطر\n".as_bytes());
    bytes.extend(b"DT02,staff,2025-01,4,d\xe9j\xe0\n");
    let file = s.write("mixte.csv", bytes);
    let err = s.fails(&["import", "observations", p(&file)], 3);
    assert!(err.contains("UTF-8 sauf aux lignes 3, 5"), "{err}");
    assert!(err.contains("--encoding"), "{err}");
    assert_eq!(s.count("observation"), 0);
}

#[test]
fn the_house_listing_and_export_share_one_column_list() {
    let s = Suivi::new().with_houses();
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v[0].as_object().unwrap().keys().cloned().collect()
    };
    let listed = s.json(&["house", "list"]);
    let exported = s.json(&["export", "houses"]);
    assert_eq!(keys(&listed), keys(&exported));
    assert!(keys(&listed).contains(&"authorisation_no".to_string()));
    // The terminal table still shows the key columns first, and no more than fit.
    let table = s.ok(&["house", "list"]);
    let header = table.lines().nth(1).unwrap().to_lowercase();
    assert!(
        header.contains("code") && header.contains("cohorte"),
        "{table}"
    );
    assert!(!header.contains("autorisation"), "{table}");
}
