//! The `claimframe` binary: parse the command line, run, and turn any error into one line a person can act on.

use std::process::ExitCode;

fn main() -> ExitCode {
    // glibc's fastbins keep freed small blocks unmerged until some later allocation merges them all at once: when
    // a large case (hundreds of thousands of small blocks) is let go of on another thread, that merge fell on the
    // window's next frame (35–50 ms). Without fastbins each free merges as it happens, on the thread that frees;
    // `claimframe bench ui` (open a case after a save) and `bench case` measure it.
    // SAFETY: mallopt only sets a parameter of the allocator, before any other thread exists.
    unsafe { libc::mallopt(libc::M_MXFAST, 0) };
    claimframe::cli::main_entry()
}
