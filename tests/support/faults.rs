//! Failures on cue for the journal tests: a journal sink over the real journal file that, when told, writes only
//! part of the next line and then reports a full disk, fails the next fsync, or refuses to cut the file back; and a
//! small tmpfs to fill for real, where the test may mount one.

use claimframe::case::{JournalSink, SinkFactory};
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// What the sink does wrong next.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Faults {
    /// The next append writes this many bytes of the line, then fails with "no space left on device".
    pub append_after_bytes: Option<usize>,
    /// The next fsync fails with an I/O error (the line is written in full).
    pub sync: bool,
    /// Every cut-back fails while this is set.
    pub truncate: bool,
}

/// The test's handle on the faults of the sinks it handed out.
#[derive(Debug, Clone, Default)]
pub struct FaultPlan(Arc<Mutex<Faults>>);

impl FaultPlan {
    pub fn set(&self, faults: Faults) {
        *self.0.lock().expect("fault plan") = faults;
    }

    fn with<T>(&self, change: impl FnOnce(&mut Faults) -> T) -> T {
        change(&mut self.0.lock().expect("fault plan"))
    }

    /// Wraps each journal file the session opens.
    pub fn factory(&self) -> SinkFactory {
        let plan = self.clone();
        SinkFactory(Arc::new(move |file| Box::new(FaultySink { file, plan: plan.clone() })))
    }
}

#[derive(Debug)]
struct FaultySink {
    file: File,
    plan: FaultPlan,
}

impl JournalSink for FaultySink {
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self.plan.with(|f| f.append_after_bytes.take()) {
            Some(n) => {
                self.file.write_all(&bytes[..n.min(bytes.len())])?;
                Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
            }
            None => self.file.write_all(bytes),
        }
    }

    fn sync(&mut self) -> std::io::Result<()> {
        if self.plan.with(|f| std::mem::take(&mut f.sync)) {
            return Err(std::io::Error::other("injected fsync failure"));
        }
        self.file.sync_data()
    }

    fn truncate(&mut self, len_bytes: u64) -> std::io::Result<()> {
        if self.plan.with(|f| f.truncate) {
            return Err(std::io::Error::other("injected truncate failure"));
        }
        self.file.set_len(len_bytes)?;
        self.file.sync_data()
    }
}

/// A tmpfs of `size_kib` mounted on a fresh temp folder, unmounted when dropped.
pub struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts one, or says why not (not root, a container without mounts) and returns `None` so the test can skip.
    pub fn mount(size_kib: u32) -> Option<Self> {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size_kib}k"), "tmpfs"])
            .arg(dir.path())
            .output();
        match out {
            Ok(out) if out.status.success() => Some(Self { dir }),
            Ok(out) => {
                eprintln!("skipping the full-disk test: mount failed: {}", String::from_utf8_lossy(&out.stderr).trim());
                None
            }
            Err(e) => {
                eprintln!("skipping the full-disk test: mount could not run: {e}");
                None
            }
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Writes `path` until the disk is full; returns how many bytes fitted.
pub fn fill_disk(path: &Path) -> u64 {
    let mut file = File::create(path).expect("create filler");
    let chunk = [0u8; 4096];
    let mut written = 0u64;
    loop {
        match file.write(&chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => written += n as u64,
        }
    }
    let _ = file.sync_all();
    written
}
