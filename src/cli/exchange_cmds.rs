//! `claimframe export CASE --format F -o OUT` and `claimframe import CASE FILE`: the command-line face of
//! [`crate::exchange`]; warnings go to standard error, the summary to standard output.

use std::process::ExitCode;

pub use crate::exchange::{ExportArgs, ImportArgs};

pub fn run_export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let summary = crate::exchange::export(args, &|line| eprintln!("{line}"))?;
    eprintln!("{summary}");
    Ok(ExitCode::SUCCESS)
}

pub fn run_import(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let summary = crate::exchange::import(args, &|line| eprintln!("{line}"))?;
    println!("{summary}");
    Ok(ExitCode::SUCCESS)
}
