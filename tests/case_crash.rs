//! Crash test: re-runs this test binary as a child that edits a case (journal fsync, then "ACK id" on
//! stdout, saving now and then) and SIGKILLs it at random moments, 200+ times. After every kill the
//! case file must load, and load + journal replay must contain every acknowledged edit.

mod support;

use claimframe::case::*;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::case::*;

const CHILD_ENV: &str = "CLAIMFRAME_CRASH_CHILD_CASE";
const KILLS: usize = 200;

/// Child mode: only does something when the parent sets `CHILD_ENV`.
#[test]
#[ignore = "run by crash_kill_loop as a child process"]
fn crash_child() -> anyhow::Result<()> {
    let Some(path) = std::env::var_os(CHILD_ENV).map(PathBuf::from) else {
        return Ok(());
    };
    let clock = SystemClock;
    let mut session = if path.exists() {
        let (mut session, recovery) = CaseSession::open(&path, SaveOptions::default())?;
        if recovery.has_edits() {
            session.replay(&recovery)?;
        }
        session
    } else {
        CaseSession::create(&path, fixture_case(), SaveOptions::default())?
    };
    let mut next = session
        .case()
        .events
        .keys()
        .filter_map(|id| id.as_str().strip_prefix('n').and_then(|n| n.parse::<u64>().ok()))
        .max()
        .map_or(0, |n| n + 1);
    let stdout = std::io::stdout();
    loop {
        let id = format!("n{next}");
        let edit = Edit::AddEvent(Box::new(event(&id, "contact", next % 1800, None)));
        session.apply(edit, EditContext { reviewer: "crash", clock: &clock })?;
        {
            let mut out = stdout.lock();
            writeln!(out, "ACK {id}")?;
            out.flush()?;
        }
        if next % 4 == 0 {
            session.save()?;
        }
        next += 1;
    }
}

/// xorshift64*: enough randomness for kill timing without another dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn check_after_kill(path: &Path, acked: &[String], round: usize) -> anyhow::Result<usize> {
    if !path.exists() {
        anyhow::ensure!(acked.is_empty(), "round {round}: case file missing after acknowledged edits");
        return Ok(0);
    }
    // Loads as a whole case (old or new), never a partial one.
    let (mut case, recovery, _) =
        load_with_recovery(path).map_err(|e| anyhow::anyhow!("round {round}: case does not load after kill: {e}"))?;
    anyhow::ensure!(recovery.problems.is_empty(), "round {round}: {:?}", recovery.problems);
    replay_into(&mut case, &recovery)?;
    for id in acked {
        anyhow::ensure!(
            case.events.contains_key(&EventId::new(id.as_str())),
            "round {round}: acknowledged edit {id} lost"
        );
    }
    anyhow::ensure!(case.audit.verify().is_empty(), "round {round}: audit chain broken");
    Ok(case.events.len())
}

#[test]
fn crash_kill_loop() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("crash.case.ron");
    let exe = std::env::current_exe()?;
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_nanos() as u64 | 1;
    eprintln!("crash test seed {seed}");
    let mut rng = Rng(seed);
    let started = Instant::now();
    let mut total_acked = 0usize;
    let mut all_acked: Vec<String> = Vec::new();
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args(["crash_child", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().ok_or_else(|| anyhow::anyhow!("child has no stdout"))?;
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("ACK ").map(str::to_owned))
                .collect::<Vec<String>>()
        });
        std::thread::sleep(Duration::from_micros(rng.next() % 90_000));
        child.kill()?; // SIGKILL on Unix
        child.wait()?;
        let acked = reader.join().map_err(|_| anyhow::anyhow!("reader thread panicked"))?;
        total_acked += acked.len();
        all_acked.extend(acked);
        let events = check_after_kill(&path, &all_acked, round)?;
        anyhow::ensure!(events >= all_acked.len(), "round {round}: fewer events than acknowledged edits");
    }
    eprintln!(
        "crash test: {KILLS} kills, {total_acked} acknowledged edits, all recovered, {:.1} s",
        started.elapsed().as_secs_f64()
    );
    anyhow::ensure!(total_acked > 0, "the child never acknowledged an edit; the test proved nothing");
    Ok(())
}
