//! The anchor an exhibit prints so a case can be checked against it later: the content hash, the log head and the
//! fingerprint of the key that signed that head. One line, the same in every export and in `case verify`:
//! `ClaimFrame anchor: content sha256 <hex>; log head <hex> (<n> entries); signed by <fingerprint>`.

use crate::case::model::case::Case;
use crate::case::model::content::content_sha256;

/// What an exhibit records about the case it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub content_sha256: String,
    pub head_hash: String,
    pub entry_count: u64,
    /// The fingerprint of the newest signature over exactly this head, or "unsigned".
    pub signer: String,
}

impl Anchor {
    pub fn of(case: &Case) -> Self {
        let content = content_sha256(case);
        let head = case.audit.head_hash().to_owned();
        let count = case.audit.len() as u64;
        let signer = case
            .signatures
            .iter()
            .rev()
            .find(|s| s.head_hash == head && s.entry_count == count && s.content_sha256 == content)
            .map_or_else(|| "unsigned".to_owned(), |s| s.fingerprint());
        Anchor { content_sha256: content, head_hash: head, entry_count: count, signer }
    }

    /// Finds an anchor line in an exhibit's text (HTML, JSON, CSV, EAF, OTIO, PDF metadata…).
    pub fn find_in(text: &str) -> Option<Self> {
        let start = text.find(PREFIX)? + PREFIX.len();
        let rest = &text[start..];
        let hex_at = |s: &str, key: &str| -> Option<String> {
            let at = s.find(key)? + key.len();
            let hex: String = s[at..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
            (hex.len() == 64).then_some(hex)
        };
        let content_sha256 = hex_at(rest, "content sha256 ")?;
        let head_hash = hex_at(rest, "log head ")?;
        let count_at = rest.find(" (")? + 2;
        let entry_count = rest[count_at..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()?;
        let signer_at = rest.find("signed by ")? + "signed by ".len();
        let signer: String = rest[signer_at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == ':').collect();
        Some(Anchor { content_sha256, head_hash, entry_count, signer })
    }
}

const PREFIX: &str = "ClaimFrame anchor: ";

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{PREFIX}content sha256 {}; log head {} ({} entries); signed by {}",
            self.content_sha256, self.head_hash, self.entry_count, self.signer
        )
    }
}
