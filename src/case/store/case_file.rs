//! Saving and loading case files. Save writes a temp file, fsyncs, keeps rotating backups, renames over
//! the case and fsyncs the folder; it never overwrites a file it cannot read, keeps the file's permissions and
//! saves a symlinked case where the link points. Load migrates old schemas and checks ids and numbers.

use crate::case::model::case::{Case, CURRENT_SCHEMA_VERSION};
use crate::case::store::fsutil;
use crate::case::store::migrate::{migrate, probe_version, quick_version};
use crate::case::store::parse_words::{not_text_error, ron_error};
use crate::case::store::progress::{LoadProgress, LoadStage};
use crate::case::CaseError;
use crate::case::HeadSignature;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// How to save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaveOptions {
    /// Number of rotating backups `<case>.bak1` (newest) … `<case>.bakN` kept; 0 for none.
    pub backups: usize,
    /// Overwrite a file that exists but cannot be read as a case. Only set this after the user chose
    /// to; even then the unreadable file is kept aside as `<case>.unreadable-<unix millis>`.
    pub overwrite_unreadable: bool,
}

impl Default for SaveOptions {
    fn default() -> Self {
        Self { backups: 3, overwrite_unreadable: false }
    }
}

/// Size and modification time of a case file as we last read or wrote it. If the file still matches,
/// save can skip re-reading it; if not (someone else changed it), save re-checks that it is readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFingerprint {
    pub len_bytes: u64,
    pub modified: Option<SystemTime>,
}

/// The fingerprint of `path`, or `None` if it does not exist or cannot be inspected.
pub fn fingerprint(path: &Path) -> Option<FileFingerprint> {
    let meta = std::fs::metadata(path).ok()?;
    Some(FileFingerprint { len_bytes: meta.len(), modified: meta.modified().ok() })
}

/// `case.ron` → `case.ron.bak<n>`.
pub fn backup_path(case_path: &Path, n: usize) -> PathBuf {
    let mut name = case_path.as_os_str().to_owned();
    name.push(format!(".bak{n}"));
    PathBuf::from(name)
}

/// Serialises a case to pretty RON: one field per line down to each event or audit entry; small
/// nested structs (frame points, colours, rationals) stay on one line.
pub fn case_to_ron(case: &Case) -> Result<String, CaseError> {
    case_to_ron_signed(case, &[])
}

/// As [`case_to_ron`], for `case` with `more` signatures after its own (a save signs a case it only reads).
pub fn case_to_ron_signed(case: &Case, more: &[HeadSignature]) -> Result<String, CaseError> {
    if case.version != CURRENT_SCHEMA_VERSION {
        return Err(CaseError::Invalid(format!(
            "case is marked schema {} but this version writes schema {CURRENT_SCHEMA_VERSION}",
            case.version
        )));
    }
    let signatures: Vec<HeadSignature> = case.signatures.iter().chain(more).cloned().collect();
    if let Some(text) = crate::case::store::parallel::write(case, &signatures) {
        return Ok(text);
    }
    let config = ron::ser::PrettyConfig::new().depth_limit(3).indentor("  ".to_owned());
    let written = if more.is_empty() {
        ron::ser::to_string_pretty(case, config)
    } else {
        // Small cases come here (and a large one whose parallel text was in doubt); a save makes this copy on its
        // own thread, never on the window's.
        let mut signed = case.clone();
        signed.signatures = signatures;
        ron::ser::to_string_pretty(&signed, config)
    };
    written.map_err(|e| CaseError::Serialize(e.to_string()))
}

/// Parses case text (any supported schema) and checks its ids (a hand-edited `../x` never reaches a file name)
/// and its numbers (no NaN, no frame or PTS that would overflow).
/// `path` is only used in error messages and to make media paths relative when migrating.
pub fn case_from_ron(text: &str, path: &Path) -> Result<Case, CaseError> {
    case_from_ron_with_progress(text, path, &LoadProgress::default())
}

/// As [`case_from_ron`], saying how far it has come in `progress` and stopping when it is cancelled.
pub fn case_from_ron_with_progress(text: &str, path: &Path, progress: &LoadProgress) -> Result<Case, CaseError> {
    progress.begin(LoadStage::Parsing, text.len() as u64)?;
    let case = parse_any_schema(text, path, progress)?;
    progress.begin(LoadStage::Checking, 0)?;
    case.check_ids().map_err(|bad| CaseError::bad_id(path, bad))?;
    case.check_numbers().map_err(|message| CaseError::BadValue { path: path.to_path_buf(), message })?;
    Ok(case)
}

fn parse_any_schema(text: &str, path: &Path, progress: &LoadProgress) -> Result<Case, CaseError> {
    if quick_version(text) == Some(CURRENT_SCHEMA_VERSION) {
        if let Some(case) = crate::case::store::parallel::parse(text, progress)? {
            return Ok(case);
        }
        let case: Case = ron::from_str(text).map_err(|e| ron_error(path, text, e))?;
        if case.version == CURRENT_SCHEMA_VERSION {
            return Ok(case);
        }
    }
    let version = probe_version(text, path)?;
    if version > CURRENT_SCHEMA_VERSION {
        return Err(CaseError::NewerSchema { found: version, supported: CURRENT_SCHEMA_VERSION });
    }
    if version == CURRENT_SCHEMA_VERSION {
        return ron::from_str(text).map_err(|e| ron_error(path, text, e));
    }
    migrate(version, text, path)
}

/// Loads a case file.
pub fn load_case(path: &Path) -> Result<Case, CaseError> {
    load_case_with_fingerprint(path).map(|(case, _)| case)
}

/// Loads a case file and the fingerprint of what was read (for a later `save_case`).
pub fn load_case_with_fingerprint(path: &Path) -> Result<(Case, Option<FileFingerprint>), CaseError> {
    load_case_with_progress(path, &LoadProgress::default())
}

/// As [`load_case_with_fingerprint`], saying how far it has come in `progress` and stopping when it is cancelled.
pub fn load_case_with_progress(
    path: &Path,
    progress: &LoadProgress,
) -> Result<(Case, Option<FileFingerprint>), CaseError> {
    let before = fingerprint(path);
    let text = read_text(path, progress)?;
    let case = case_from_ron_with_progress(&text, path, progress)?;
    // Only trust the fingerprint if the file did not change while we read it.
    let after = fingerprint(path);
    Ok((case, if before == after { after } else { None }))
}

/// The file's text, read in pieces so the progress moves and a cancel is seen.
fn read_text(path: &Path, progress: &LoadProgress) -> Result<String, CaseError> {
    use std::io::Read;
    const PIECE_BYTES: usize = 8 << 20;
    let mut file = std::fs::File::open(path).map_err(|e| CaseError::io("read case", path, e))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    progress.begin(LoadStage::Reading, len)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    loop {
        let before = bytes.len();
        let read = (&mut file)
            .take(PIECE_BYTES as u64)
            .read_to_end(&mut bytes)
            .map_err(|e| CaseError::io("read case", path, e))?;
        progress.advance((bytes.len() - before) as u64);
        progress.check()?;
        if read == 0 {
            break;
        }
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        not_text_error(path, e.as_bytes(), valid_up_to)
    })
}

/// Saves `case` to `path` durably and returns the new file's fingerprint.
///
/// `known` is the fingerprint from the last load/save of this file; when the file on disk no longer
/// matches it, the file is parsed first and, if unreadable, left untouched (see `SaveOptions`).
pub fn save_case(
    path: &Path,
    case: &Case,
    options: SaveOptions,
    known: Option<&FileFingerprint>,
) -> Result<Option<FileFingerprint>, CaseError> {
    save_case_text(path, &case_to_ron(case)?, options, known)
}

/// Writes a case's text (from [`case_to_ron_signed`]) as [`save_case`] does: atomically, with backups, refusing to
/// replace a file changed since `known` that does not load (it is set aside first when the options say so).
pub fn save_case_text(
    path: &Path,
    text: &str,
    options: SaveOptions,
    known: Option<&FileFingerprint>,
) -> Result<Option<FileFingerprint>, CaseError> {
    // A symlinked case is saved where it points (the link stays a link), and keeps its file's permissions.
    let target = symlink_target(path)?;
    let path = target.as_path();
    let current = fingerprint(path);
    let exists = match std::fs::symlink_metadata(path) {
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(CaseError::io("inspect case", path, e)),
    };
    if exists && (known.is_none() || current.as_ref() != known) {
        check_readable_or_set_aside(path, options)?;
    }
    let temp = fsutil::write_temp_beside(path, text.as_bytes())?;
    if let Err(err) = keep_permissions(path, &temp) {
        let _ = std::fs::remove_file(&temp);
        return Err(err);
    }
    if exists && options.backups > 0 {
        if let Err(err) = rotate_backups(path, options.backups) {
            let _ = std::fs::remove_file(&temp);
            return Err(err);
        }
    }
    fsutil::rename_durably(&temp, path)?;
    Ok(fingerprint(path))
}

/// The file a save of `path` replaces: `path` itself, or, when it is a symlink, the file it finally points to.
fn symlink_target(path: &Path) -> Result<PathBuf, CaseError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(|e| CaseError::io("follow the symlinked case", path, e))
        }
        _ => Ok(path.to_path_buf()),
    }
}

/// Gives `temp` the permissions of the case file it will replace (a read-only-for-others case stays so).
fn keep_permissions(path: &Path, temp: &Path) -> Result<(), CaseError> {
    match std::fs::metadata(path) {
        Ok(meta) => std::fs::set_permissions(temp, meta.permissions())
            .map_err(|e| CaseError::io("keep the permissions of", path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(CaseError::io("inspect case", path, e)),
    }
}

/// Errors out if the file at `path` is not a readable case, unless the caller chose to overwrite it,
/// in which case a copy is kept aside first.
fn check_readable_or_set_aside(path: &Path, options: SaveOptions) -> Result<(), CaseError> {
    let reason = match std::fs::read_to_string(path) {
        Ok(text) => match case_from_ron(&text, path) {
            Ok(_) => return Ok(()),
            Err(err) => err.to_string(),
        },
        Err(err) => err.to_string(),
    };
    if !options.overwrite_unreadable {
        return Err(CaseError::RefuseOverwriteUnreadable { path: path.to_path_buf(), reason });
    }
    let millis = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".unreadable-{millis}"));
    fsutil::link_or_copy(path, Path::new(&aside))
}

/// bak(N-1) → bakN, …, bak1 → bak2, then the current file becomes bak1 (a hard link, so the case
/// path itself is never missing).
fn rotate_backups(path: &Path, backups: usize) -> Result<(), CaseError> {
    for n in (1..backups).rev() {
        let from = backup_path(path, n);
        if from.exists() {
            let to = backup_path(path, n + 1);
            std::fs::rename(&from, &to).map_err(|e| CaseError::io("rotate backup", &to, e))?;
        }
    }
    let newest = backup_path(path, 1);
    match std::fs::remove_file(&newest) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(CaseError::io("replace backup", &newest, e)),
    }
    fsutil::link_or_copy(path, &newest)
}
