//! Stable string identifiers for media, claims, events and event types.
//! Ids never change once given; new ones are short, random-looking and checked for uniqueness. Media, claim and
//! event ids also name files (stills, sidecars), so [`check_id`] holds them to `[A-Za-z0-9_-]`, 1 to 64 characters.

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }
    };
}

string_id!(
    /// Identifies one media file in a case, e.g. `m-3fa9c2d4`.
    MediaId
);
string_id!(
    /// Identifies one claim, e.g. `c-1b07e2aa`.
    ClaimId
);
string_id!(
    /// Identifies one coded event, e.g. `e-91c0d3f2`.
    EventId
);
string_id!(
    /// Identifies one measurement between marked frames, e.g. `ms-4d2a9e01`.
    MeasurementId
);
string_id!(
    /// Identifies one event type of the taxonomy, e.g. `brake-check`.
    EventTypeId
);

/// What a media, claim or event id may be made of, in words for the error messages.
pub const ID_RULE: &str = "ids may use only letters, digits, - and _ (1 to 64 characters)";

/// Longest media, claim or event id accepted.
pub const MAX_ID_CHARS: usize = 64;

/// A media, claim or event id that breaks [`ID_RULE`]: which kind of id, and the id as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadId {
    pub kind: &'static str,
    pub id: String,
}

impl std::fmt::Display for BadId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} id {:?}: {ID_RULE}", self.kind, self.id)
    }
}

/// Checks one media, claim or event id against [`ID_RULE`]; `kind` is "media", "claim" or "event".
pub fn check_id(kind: &'static str, id: &str) -> Result<(), BadId> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if !id.is_empty() && id.len() <= MAX_ID_CHARS && id.chars().all(allowed) {
        Ok(())
    } else {
        Err(BadId { kind, id: id.to_owned() })
    }
}

static ID_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh id `prefix-xxxxxxxx` (8 hex digits) for which `taken` returns false.
/// Mixes the clock, the process id and a process-wide counter through SHA-256, so two
/// processes or two calls in the same nanosecond still differ; collisions are retried.
pub fn fresh_id(prefix: &str, taken: impl Fn(&str) -> bool) -> String {
    use sha2::{Digest, Sha256};
    loop {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let count = ID_COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut hasher = Sha256::new();
        hasher.update(nanos.to_le_bytes());
        hasher.update(std::process::id().to_le_bytes());
        hasher.update(count.to_le_bytes());
        hasher.update(prefix.as_bytes());
        let digest = hasher.finalize();
        let candidate = format!("{prefix}-{}", hex::encode(&digest[..4]));
        if !taken(&candidate) {
            return candidate;
        }
    }
}
