//! Checking the reviewers' signatures over the log: each must verify with the public key it carries and cover a
//! head this log really has (same entry count, entry hash and content hash); the newest head should be signed. A
//! chain rebuilt without the reviewers' keys either carries no signature over its head or signatures over heads it
//! no longer has, and both are said in words.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};

use crate::case::model::audit::AuditEntry;
use crate::case::model::case::Case;
use crate::case::model::signature::HeadSignature;

/// What the signatures say about a case.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignatureReport {
    /// "Ana Lee (key SHA256:…) signed entries 1–37 at 2026-…" for each valid signature.
    pub signed: Vec<String>,
    /// Signatures that do not verify or cover a head this log does not have.
    pub problems: Vec<String>,
    /// Why the newest head is not covered by a valid signature, if it is not.
    pub unsigned_head: Option<String>,
}

/// Checks every signature of `case` against its log.
pub fn check_signatures(case: &Case) -> SignatureReport {
    check_signatures_over(case.audit.entries(), &case.signatures)
}

/// Checks `signatures` against the log `entries` (a case's own, or a reviewer's chain rebuilt from a merged case).
pub fn check_signatures_over(entries: &[AuditEntry], signatures: &[HeadSignature]) -> SignatureReport {
    let mut report = SignatureReport::default();
    let mut head_signed = false;
    for sig in signatures {
        let who = format!("{} (key {}) at {}", sig.reviewer, sig.fingerprint(), sig.signed_utc);
        if !verifies(sig) {
            report.problems.push(format!("the signature by {who} does not verify: what it signed was altered"));
            continue;
        }
        let signed_entry =
            usize::try_from(sig.entry_count).ok().and_then(|n| n.checked_sub(1)).and_then(|i| entries.get(i));
        let matches = signed_entry.is_some_and(|e| {
            e.hash == sig.head_hash && (e.content_sha256.is_empty() || e.content_sha256 == sig.content_sha256)
        });
        if !matches {
            report.problems.push(format!(
                "the signature by {who} covers a log of {} entries ending in {}, which this log does not have: \
                 the history was rewritten after it was signed",
                sig.entry_count, sig.head_hash
            ));
            continue;
        }
        if sig.entry_count == entries.len() as u64 {
            head_signed = true;
        }
        report.signed.push(format!("{who} signed entries 1–{}", sig.entry_count));
    }
    if !head_signed {
        let newest = entries.last().map_or(0, |e| e.sequence);
        report.unsigned_head = Some(if signatures.is_empty() {
            format!(
                "no reviewer signed this case: its log head (entry {newest}) carries no signature; ClaimFrame signs \
                 every save, so the signatures were removed or the file was written elsewhere"
            )
        } else {
            format!(
                "the log's head (entry {newest}) is signed by no reviewer: entries after the last signed head were \
                 added outside a ClaimFrame save"
            )
        });
    }
    report
}

fn verifies(sig: &HeadSignature) -> bool {
    let key = hex::decode(&sig.public_key_hex).ok().and_then(|b| <[u8; 32]>::try_from(b).ok());
    let signature = hex::decode(&sig.signature_hex).ok().and_then(|b| <[u8; 64]>::try_from(b).ok());
    let (Some(key), Some(signature)) = (key, signature) else { return false };
    let Ok(key) = VerifyingKey::from_bytes(&key) else { return false };
    key.verify(&sig.message(), &Signature::from_bytes(&signature)).is_ok()
}
