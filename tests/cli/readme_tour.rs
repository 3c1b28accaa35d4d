//! The README's tour is a test: every `suivi ...` command of its ```sh blocks
//! runs, in document order, with the real binary in an empty folder that holds
//! only a copy of `fixtures/import/` (the files the tour imports). Each command
//! must succeed, except those whose comment starts with `refused` and says
//! `exit N`: those must fail with that exit code.

use std::path::Path;

use super::harness::Suivi;

/// One command of the tour, as a person would paste it.
#[derive(Debug, Clone, PartialEq)]
struct TourCommand {
    /// Line of README.md where the command starts (1-based).
    line: usize,
    /// The words after `suivi`.
    args: Vec<String>,
    /// The exit code the README announces (0 unless marked `# refused, exit N`).
    status: i32,
}

/// Splits one shell line into words, honouring double quotes (where `\` escapes
/// `"`, `\`, `$` and `` ` ``), single quotes (literal) and `\` outside quotes.
/// A `#` that starts a word starts a comment, returned apart.
fn shell_words(line: &str) -> Result<(Vec<String>, Option<String>), String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '#' if !in_word => {
                let comment: String = chars.collect();
                return Ok((words, Some(comment.trim().to_string())));
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(format!("unclosed ' in: {line}")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => word.push(e),
                            Some(other) => {
                                word.push('\\');
                                word.push(other);
                            }
                            None => return Err(format!("unclosed \" in: {line}")),
                        },
                        Some(c) => word.push(c),
                        None => return Err(format!("unclosed \" in: {line}")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(c) => word.push(c),
                    None => return Err(format!("a lone \\ ends: {line}")),
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok((words, None))
}

/// The exit code a comment announces: `refused, exit 3` → 3; otherwise 0.
fn announced_status(comment: Option<&str>) -> i32 {
    let Some(c) = comment else { return 0 };
    let c = c.to_lowercase();
    if !c.starts_with("refused") {
        return 0;
    }
    c.split("exit ")
        .nth(1)
        .and_then(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .unwrap_or(0)
}

/// The `suivi` commands of the ```sh blocks of a Markdown text, in order.
fn tour_commands(markdown: &str) -> Result<Vec<TourCommand>, String> {
    let mut out = Vec::new();
    let mut in_sh = false;
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in markdown.lines().enumerate() {
        let trimmed = raw.trim();
        if !in_sh {
            in_sh = trimmed == "```sh";
            continue;
        }
        if trimmed.starts_with("```") {
            if let Some((line, _)) = pending {
                return Err(format!("README.md:{line}: the block ends after a `\\`"));
            }
            in_sh = false;
            continue;
        }
        let (start, mut text) = match pending.take() {
            Some((start, before)) => (start, before + " " + trimmed),
            None => (i + 1, trimmed.to_string()),
        };
        if let Some(joined) = text.strip_suffix('\\') {
            text = joined.to_string();
            pending = Some((start, text));
            continue;
        }
        let (words, comment) = shell_words(&text).map_err(|e| format!("README.md:{start}: {e}"))?;
        if words.first().map(String::as_str) != Some("suivi") {
            continue;
        }
        out.push(TourCommand {
            line: start,
            args: words[1..].to_vec(),
            status: announced_status(comment.as_deref()),
        });
    }
    Ok(out)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixtures") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture");
        }
    }
}

fn readme() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    std::fs::read_to_string(path).expect("read README.md")
}

#[test]
fn the_readme_tour_runs_as_written() {
    let commands = tour_commands(&readme()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        commands.len() >= 50,
        "only {} suivi commands found in the README's sh blocks",
        commands.len()
    );
    assert!(
        commands.iter().any(|c| c.status != 0),
        "the tour shows no refused command"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    // The tour shows the embedded default: a SQLite file.
    let s = Suivi {
        db: dir.path().join("suivi.db"),
        dir,
        pg: None,
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(
        &root.join("fixtures/import"),
        &s.dir.path().join("fixtures/import"),
    );
    for c in &commands {
        eprintln!("README.md:{}: suivi {}", c.line, c.args.join(" "));
        let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
        let run = s.cmd(&args).status(c.status);
        if c.status == 0 {
            // Files written and notes on stderr are part of a normal run.
            run.stderr_any().run();
        } else {
            // A refusal must say why (the harness checks stderr is not empty).
            run.run();
        }
    }
    assert!(s.db.exists(), "the tour left no suivi.db in its folder");
}

#[test]
fn the_tour_reader_joins_lines_strips_comments_and_reads_marks() {
    let md = "text\n```sh\nsuivi a \"b c\" 'd \"e\"' \\\n   --x=1   # note\ncargo test\n\
              # only a comment\nsuivi r 2025 97   # refused, exit 3\n```\n```\nsuivi not-sh\n```\n";
    let got = tour_commands(md).unwrap();
    assert_eq!(
        got,
        vec![
            TourCommand {
                line: 3,
                args: vec!["a".into(), "b c".into(), "d \"e\"".into(), "--x=1".into()],
                status: 0,
            },
            TourCommand {
                line: 7,
                args: vec!["r".into(), "2025".into(), "97".into()],
                status: 3,
            },
        ]
    );
    assert_eq!(
        shell_words(r#"x "a \"q\" \\ \n" b\ c d#e"#).unwrap().0,
        vec!["x", r#"a "q" \ \n"#, "b c", "d#e"]
    );
    assert!(shell_words("suivi \"open").is_err());
    assert!(shell_words("suivi 'open").is_err());
    assert_eq!(announced_status(Some("exit 3 when a rule is broken")), 0);
    assert_eq!(announced_status(Some("refused, exit 3")), 3);
    assert_eq!(announced_status(Some("Refused (locked period): exit 3")), 3);
}
