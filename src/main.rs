//! The `suivi` binary: parse the command line, run it, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    quiet_broken_pipe();
    // A write over a size limit (`ulimit -f`) must fail with EFBIG, which suivi
    // reports and cleans up after, rather than kill the process midway.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" before any thread starts.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // Ctrl-C or `kill` while a file is written leaves no temporary file.
    suivi::fsout::remove_temporaries_on_interrupt();
    let cli = match suivi::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version itself; both are successes.
            if !e.use_stderr() {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            let lang = lang_of_args().unwrap_or_else(suivi::context::lang_from_env);
            suivi::messages::set_lang(lang);
            match suivi::messages::usage_error(&e) {
                Some(text) => eprintln!("{text}"),
                None => {
                    let _ = e.print();
                }
            }
            return ExitCode::from(2);
        }
    };
    match suivi::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ExitCode::from(suivi::report_error(&e)),
    }
}

/// `--lang fr|en` (or `--lang=…`) on a command line clap refused.
fn lang_of_args() -> Option<suivi::cli::Lang> {
    let args: Vec<String> = std::env::args().collect();
    let value = args.iter().enumerate().find_map(|(i, a)| {
        if a == "--lang" {
            args.get(i + 1).cloned()
        } else {
            a.strip_prefix("--lang=").map(str::to_string)
        }
    })?;
    <suivi::cli::Lang as clap::ValueEnum>::from_str(&value, true).ok()
}

/// `suivi ... | head` closes standard output early: whatever was printing (a
/// `println!`, clap's completions) stops quietly with success, as `cat` would.
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if text.contains("Broken pipe") || text.contains("os error 32") {
            std::process::exit(0);
        }
        default(info);
    }));
}
