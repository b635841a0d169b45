//! Opening a case, or making one for the video on screen (**New case…**), on its own thread: the file is read,
//! parsed and checked (or the video hashed and indexed) there, while the window keeps drawing the file it has and
//! says in the status bar how far the work has come, with a Cancel. When the work is done the window swaps the new
//! file in; a cancel leaves the previous file as it was. A case that cannot be parsed comes back with the plain
//! words of [`crate::case::store::parse_words`] and, when one of its backups loads, the offer to open a copy of it.
//! A case whose video has moved is relinked by the video's SHA-256 (see [`crate::exchange::moved_media`]): found
//! in the case's folder, it opens with the new place to record; not found, the window offers another folder.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

use crate::case::{copy_of_backup, newest_loading_backup, CaseError, LoadProgress, LoadableBackup, Media};
use crate::desk::Desk;
use crate::exchange::moved_media::{find_moved_media, NotFound};
use crate::ui::app::desk_windows::DeskWindows;
use crate::ui::app::open_target::{self, OpenTarget};

/// What the thread is asked to do.
pub enum OpenJob {
    /// Open the case file at this path.
    Case(PathBuf),
    /// Write a new case at `case_path` for `video`, then open it.
    NewCase { video: PathBuf, case_path: PathBuf, title: String },
    /// Copy `backup` beside the unreadable case `broken` and open the copy.
    BackupCopy { broken: PathBuf, backup: LoadableBackup },
    /// Open the case at `case`, looking for its video in `folder` (the reviewer picked it: the video was not where
    /// the case says, nor in the case's folder).
    Relink { case: PathBuf, folder: PathBuf },
}

/// The newest backup that loads of a case that does not: what the window offers to open instead.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupOffer {
    /// The case file that cannot be read (left as it is).
    pub broken: PathBuf,
    pub backup: LoadableBackup,
}

/// How the work ended.
pub enum OpenOutcome {
    /// The case (at `path`, which may be a new case or a copy of a backup) is read and its video resolved.
    Opened {
        path: PathBuf,
        target: Box<OpenTarget>,
        desk: Box<Desk>,
        /// The panels, their caches made for the case.
        windows: Box<DeskWindows>,
        /// Videos that were not where the case says and were found by their SHA-256: the media records to put in the
        /// case (one edit the window makes, undoable and audited like any).
        relinked: Vec<Media>,
    },
    /// Why not, in words; the backup to offer when the case itself could not be parsed; the case whose video was
    /// not found, to offer looking for it in another folder.
    Failed {
        message: String,
        backup: Option<BackupOffer>,
        missing_video: Option<PathBuf>,
    },
    Cancelled,
}

/// Work under way on its own thread.
pub struct OpenTask {
    /// What the status bar says is being done ("Opening case stop.case.ron").
    pub what: String,
    progress: Arc<LoadProgress>,
    rx: Receiver<OpenOutcome>,
}

impl OpenTask {
    /// Starts `job` on a new thread.
    pub fn start(job: OpenJob) -> Self {
        let what = match &job {
            OpenJob::Case(path) => format!("Opening case {}", file_name(path)),
            OpenJob::NewCase { case_path, .. } => format!("Creating case {}", file_name(case_path)),
            OpenJob::BackupCopy { backup, .. } => format!("Opening a copy of the backup of {}", backup.saved_words()),
            OpenJob::Relink { case, .. } => format!("Opening case {}", file_name(case)),
        };
        let progress = Arc::new(LoadProgress::default());
        let (tx, rx) = mpsc::channel();
        let shared = Arc::clone(&progress);
        let spawned = std::thread::Builder::new().name("claimframe-open".into()).spawn(move || {
            let _ = tx.send(run(job, &shared));
        });
        let task = OpenTask { what, progress, rx };
        match spawned {
            Ok(_) => task,
            Err(e) => {
                let (tx, rx) = mpsc::channel();
                let _ = tx.send(OpenOutcome::failed(format!("could not start opening: {e}")));
                OpenTask { rx, ..task }
            }
        }
    }

    /// The outcome once the thread has finished; `None` while it works.
    pub fn poll(&mut self) -> Option<OpenOutcome> {
        match self.rx.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(OpenOutcome::failed("opening stopped without an answer".into())),
        }
    }

    /// Waits for the thread's outcome (tests and benchmarks; the window polls instead).
    pub fn wait(self) -> OpenOutcome {
        self.rx.recv().unwrap_or_else(|_| OpenOutcome::failed("opening stopped without an answer".into()))
    }

    /// Asks the thread to stop at its next step; it writes nothing after that.
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.progress.is_cancelled()
    }

    /// "Opening case stop.case.ron… parsing 45%", for the status bar, and the fraction when it is known.
    pub fn status(&self) -> (String, Option<f32>) {
        let fraction = self.progress.fraction();
        let stage = self.progress.stage().words();
        let percent = fraction.map_or_else(String::new, |f| format!(" {:.0}%", f * 100.0));
        (format!("{}… {stage}{percent}", self.what), fraction)
    }
}

impl OpenOutcome {
    /// A failure with nothing to offer but the words.
    fn failed(message: String) -> Self {
        OpenOutcome::Failed { message, backup: None, missing_video: None }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The thread's work.
fn run(job: OpenJob, progress: &LoadProgress) -> OpenOutcome {
    match job {
        OpenJob::Case(path) => open_case(path, progress, None),
        OpenJob::NewCase { video, case_path, title } => {
            match crate::exchange::new_case::new_case_for_video_with_progress(&video, &case_path, &title, progress) {
                Ok(()) => open_case(case_path, progress, None),
                Err(e) if matches!(e.downcast_ref::<CaseError>(), Some(CaseError::Cancelled)) => OpenOutcome::Cancelled,
                Err(e) => OpenOutcome::failed(format!("No case was created at {}: {e:#}", case_path.display())),
            }
        }
        OpenJob::BackupCopy { broken, backup } => match copy_of_backup(&broken, &backup) {
            Ok(copy) => open_case(copy, progress, None),
            Err(e) => OpenOutcome::failed(format!("The backup could not be copied: {e}")),
        },
        OpenJob::Relink { case, folder } => open_case(case, progress, Some(folder)),
    }
}

/// Reads the case at `path` and resolves the video it opens on; an unparseable case looks for a backup. A video
/// that is at none of the paths the case records is looked for by its SHA-256 in `search` (else the case's folder).
fn open_case(path: PathBuf, progress: &LoadProgress, search: Option<PathBuf>) -> OpenOutcome {
    let desk = match Desk::open_with_progress(&path, progress) {
        Ok(desk) => desk,
        Err(CaseError::Cancelled) => return OpenOutcome::Cancelled,
        Err(e @ CaseError::Parse { .. }) => {
            let message = format!("The case file could not be opened: {e}");
            return match newest_loading_backup(&path, progress) {
                Ok(Some(backup)) => OpenOutcome::Failed {
                    message,
                    backup: Some(BackupOffer { broken: path, backup }),
                    missing_video: None,
                },
                Ok(None) => OpenOutcome::failed(format!("{message} {}", crate::case::no_backup_words(&path))),
                Err(CaseError::Cancelled) => OpenOutcome::Cancelled,
                Err(_) => OpenOutcome::failed(message),
            };
        }
        Err(e) => return OpenOutcome::failed(format!("The case file {} could not be opened: {e}", path.display())),
    };
    let mut target = match open_target::for_case(&path, desk.case(), desk.media_id()) {
        Ok(target) => target,
        Err(message) => return OpenOutcome::failed(message),
    };
    // Every video of the case that is at none of its recorded paths is looked for; the one on screen must be found.
    let case_dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let folder = search.unwrap_or_else(|| case_dir.clone());
    let mut relinked = Vec::new();
    for media in desk.case().media.values().filter(|m| m.resolve_path(&case_dir).is_none()) {
        let on_screen = &media.id == desk.media_id();
        match find_moved_media(&path, media, &folder, progress) {
            Ok(found) => {
                if on_screen {
                    target.video = found.last_absolute_path.clone();
                }
                relinked.push(found);
            }
            Err(NotFound::Case(CaseError::Cancelled)) => return OpenOutcome::Cancelled,
            Err(why) if on_screen => {
                // Another folder can only help a video the case knows the SHA-256 of.
                let searchable = matches!(why, NotFound::Nowhere { .. });
                return OpenOutcome::Failed {
                    message: format!(
                        "The video of this case, {}, is not at {}, and {why}. Look for it in another folder, or put it \
                         back where the case says.",
                        media.path_relative.display(),
                        target.video.display()
                    ),
                    backup: None,
                    missing_video: searchable.then_some(path),
                };
            }
            // Another camera not found: the case opens; that camera says it cannot be opened when focused.
            Err(_) => {}
        }
    }
    if progress.is_cancelled() {
        return OpenOutcome::Cancelled;
    }
    let windows = Box::new(DeskWindows::prepared(&desk.scope()));
    OpenOutcome::Opened { path, target: Box::new(target), desk: Box::new(desk), windows, relinked }
}
