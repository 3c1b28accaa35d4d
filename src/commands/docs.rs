//! `suivi completions` and `suivi man`: generated from the clap definitions.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};

pub fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "suivi", &mut std::io::stdout());
    Ok(())
}

pub fn man(args: &ManArgs) -> Result<()> {
    let n = write_man_pages(&args.out_dir)?;
    crate::output::line(
        &crate::messages::Msg::WroteManPages {
            n,
            dir: args.out_dir.display().to_string(),
        }
        .to_string(),
    )
}

/// Writes `suivi.1` and one page per subcommand (`suivi-house-add.1`, ...).
pub fn write_man_pages(dir: &Path) -> Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| {
        crate::messages::Msg::CannotCreate {
            path: dir.display().to_string(),
        }
        .to_string()
    })?;
    let cmd = Cli::command();
    let mut count = 0;
    write_page(dir, cmd, "suivi", &mut count)?;
    Ok(count)
}

fn write_page(dir: &Path, cmd: clap::Command, name: &str, count: &mut usize) -> Result<()> {
    let cmd = cmd.name(name.to_string()).bin_name(name.replace('-', " "));
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .date("")
        .render(&mut buf)
        .context("cannot render a man page")?;
    let path = dir.join(format!("{name}.1"));
    crate::fsout::write_bytes(&path, &buf)?;
    *count += 1;
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let sub_name = format!("{name}-{}", sub.get_name());
        write_page(dir, sub.clone(), &sub_name, count)?;
    }
    Ok(())
}
