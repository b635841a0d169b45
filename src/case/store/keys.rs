//! Reviewers' signing keys: one Ed25519 key per reviewer name, made on first use and kept in the user's config
//! folder (`$CLAIMFRAME_CONFIG_DIR`, else `$XDG_CONFIG_HOME/claimframe`, else `~/.config/claimframe`) under
//! `keys/`, readable by the user alone (0600). Signing a case's head appends a [`HeadSignature`].

use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signer, SigningKey};

use crate::case::model::case::Case;
use crate::case::model::content::content_sha256;
use crate::case::model::signature::{key_fingerprint, HeadSignature};
use crate::case::model::time::Clock;
use crate::case::CaseError;

/// The user's ClaimFrame config folder.
pub fn config_dir() -> PathBuf {
    let from_env = |key: &str| std::env::var_os(key).filter(|v| !v.is_empty()).map(PathBuf::from);
    from_env("CLAIMFRAME_CONFIG_DIR")
        .or_else(|| from_env("XDG_CONFIG_HOME").map(|d| d.join("claimframe")))
        .or_else(|| from_env("HOME").map(|h| h.join(".config").join("claimframe")))
        .unwrap_or_else(|| PathBuf::from(".claimframe"))
}

/// A reviewer's key as loaded from (or just made in) the config folder.
pub struct ReviewerKey {
    pub reviewer: String,
    pub path: PathBuf,
    signing: SigningKey,
}

impl ReviewerKey {
    /// The key of `reviewer`, made (and saved with 0600 permissions) on first use.
    pub fn load_or_create(reviewer: &str) -> Result<Self, CaseError> {
        let path = key_path(reviewer);
        // Another process may be making the same key right now: its file exists before its key is written.
        for attempt in 0..20 {
            match std::fs::read_to_string(&path) {
                Ok(text) => match parse_seed(&text) {
                    Some(signing) => return Ok(ReviewerKey { reviewer: reviewer.to_owned(), path, signing }),
                    None if attempt < 19 => std::thread::sleep(std::time::Duration::from_millis(10)),
                    None => break,
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => match create(&path) {
                    Ok(signing) => return Ok(ReviewerKey { reviewer: reviewer.to_owned(), path, signing }),
                    Err(CaseError::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(e),
                },
                Err(e) => return Err(CaseError::io("read signing key", &path, e)),
            }
        }
        Err(CaseError::Invalid(format!("the signing key file {} is not a ClaimFrame key", path.display())))
    }

    /// A key anyone can rebuild from the reviewer's name — for the bundled synthetic sample only, so it rebuilds
    /// byte-identically. It is not secret and proves nothing about a person; real reviewers' keys are random.
    pub fn published_for_sample(reviewer: &str) -> Self {
        use sha2::Digest;
        let seed: [u8; 32] = sha2::Sha256::digest(format!("claimframe published sample key: {reviewer}")).into();
        ReviewerKey {
            reviewer: reviewer.to_owned(),
            path: PathBuf::from("(published sample key, not secret)"),
            signing: SigningKey::from_bytes(&seed),
        }
    }

    pub fn public_key_hex(&self) -> String {
        hex::encode(self.signing.verifying_key().to_bytes())
    }

    pub fn fingerprint(&self) -> String {
        key_fingerprint(&self.signing.verifying_key().to_bytes())
    }

    /// Signs the case's current head (content hash, head entry, entry count, now) unless this key already signed
    /// exactly this head; returns whether a signature was added.
    pub fn sign_head(&self, case: &mut Case, clock: &dyn Clock) -> bool {
        match self.head_signature(case, clock) {
            Some(signature) => {
                case.signatures.push(signature);
                true
            }
            None => false,
        }
    }

    /// The signature [`ReviewerKey::sign_head`] would add to `case`, without adding it (a save on another thread
    /// writes it beside a case it may only read); `None` when this key already signed exactly this head.
    pub fn head_signature(&self, case: &Case, clock: &dyn Clock) -> Option<HeadSignature> {
        let content = content_sha256(case);
        let head = case.audit.head_hash().to_owned();
        let count = case.audit.len() as u64;
        let public = self.public_key_hex();
        let already = case.signatures.iter().any(|s| {
            s.public_key_hex == public && s.head_hash == head && s.entry_count == count && s.content_sha256 == content
        });
        if already {
            return None;
        }
        let mut signature = HeadSignature {
            reviewer: self.reviewer.clone(),
            public_key_hex: public,
            signed_utc: clock.now_rfc3339(),
            entry_count: count,
            head_hash: head,
            content_sha256: content,
            signature_hex: String::new(),
        };
        signature.signature_hex = hex::encode(self.signing.sign(&signature.message()).to_bytes());
        Some(signature)
    }
}

/// `keys/<name>-<8 hex of the name's SHA-256>.ed25519`: readable, unique per name, safe as a file name.
fn key_path(reviewer: &str) -> PathBuf {
    use sha2::Digest;
    let safe: String = reviewer
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .take(40)
        .collect();
    let tag = hex::encode(&sha2::Sha256::digest(reviewer.as_bytes())[..4]);
    config_dir().join("keys").join(format!("{safe}-{tag}.ed25519"))
}

fn parse_seed(text: &str) -> Option<SigningKey> {
    let line = text.lines().find(|l| !l.starts_with('#') && !l.trim().is_empty())?;
    let bytes: [u8; 32] = hex::decode(line.trim()).ok()?.try_into().ok()?;
    Some(SigningKey::from_bytes(&bytes))
}

/// Makes a new key file that only its owner can read; refuses to replace one that appeared meanwhile.
fn create(path: &Path) -> Result<SigningKey, CaseError> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed)
        .map_err(|e| CaseError::Invalid(format!("no randomness for a new signing key: {e}")))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| CaseError::io("create key folder", dir, e))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| CaseError::io("create signing key", path, e))?;
    let text = format!("# ClaimFrame Ed25519 signing key. Keep it private.\n{}\n", hex::encode(seed));
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| CaseError::io("write signing key", path, e))?;
    Ok(SigningKey::from_bytes(&seed))
}
