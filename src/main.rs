//! The `claimframe` binary: parse the command line, run, and turn any error into one line a person can act on.

use std::process::ExitCode;

fn main() -> ExitCode {
    claimframe::cli::main_entry()
}
