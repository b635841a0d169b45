//! A reviewer's signature over the log's head: the content hash, the head entry's hash, the number of entries and
//! the time, signed with the reviewer's Ed25519 key at every save. The public key travels with the signature, so
//! anyone can check it; the key's fingerprint is what an exhibit prints and a court certification names.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One signed head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct HeadSignature {
    pub reviewer: String,
    /// The Ed25519 public key, lowercase hex (32 bytes).
    pub public_key_hex: String,
    /// RFC 3339 UTC.
    pub signed_utc: String,
    /// How many log entries the signed head closes.
    pub entry_count: u64,
    pub head_hash: String,
    pub content_sha256: String,
    /// The Ed25519 signature over [`HeadSignature::message`], lowercase hex (64 bytes).
    pub signature_hex: String,
}

impl HeadSignature {
    /// The exact bytes signed: a fixed first line, then each signed field on its own line.
    pub fn message(&self) -> Vec<u8> {
        format!(
            "claimframe-signed-head/1\n{}\n{}\n{}\n{}\n{}\n",
            self.content_sha256, self.head_hash, self.entry_count, self.signed_utc, self.reviewer
        )
        .into_bytes()
    }

    /// The signer's key fingerprint (see [`key_fingerprint`]).
    pub fn fingerprint(&self) -> String {
        hex::decode(&self.public_key_hex).map_or_else(|_| "(unreadable key)".to_owned(), |k| key_fingerprint(&k))
    }
}

/// `SHA256:` and the first 16 bytes of the SHA-256 of the public key, in hex groups of four.
pub fn key_fingerprint(public_key: &[u8]) -> String {
    let digest = hex::encode(&Sha256::digest(public_key)[..16]);
    let groups: Vec<&str> = (0..digest.len()).step_by(4).filter_map(|i| digest.get(i..i + 4)).collect();
    format!("SHA256:{}", groups.join(":"))
}
