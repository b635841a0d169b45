//! `claimframe key show|export`: the reviewer's signing key as others need it — the public key and its fingerprint,
//! for a certification or for checking an exhibit's signer. The private key never leaves the config folder.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::case::{reviewer_or_default, ReviewerKey};

/// What to do with a reviewer's key.
#[derive(Debug, clap::Subcommand)]
pub enum KeyCommand {
    /// Print the reviewer's public key, its fingerprint and where the key is kept (made on first use).
    Show {
        /// Whose key (default: $CLAIMFRAME_REVIEWER, then $USER unless root).
        #[arg(long)]
        reviewer: Option<String>,
    },
    /// Write the reviewer's public key (never the private key) as a small text file, or to stdout.
    Export {
        #[arg(long)]
        reviewer: Option<String>,
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
}

pub fn run(command: &KeyCommand) -> anyhow::Result<()> {
    match command {
        KeyCommand::Show { reviewer } => {
            let key = ReviewerKey::load_or_create(&reviewer_or_default(reviewer.as_deref()))?;
            println!("reviewer: {}", key.reviewer);
            println!("public key (Ed25519): {}", key.public_key_hex());
            println!("fingerprint: {}", key.fingerprint());
            println!("kept in: {} (readable by you only)", key.path.display());
        }
        KeyCommand::Export { reviewer, output } => {
            let key = ReviewerKey::load_or_create(&reviewer_or_default(reviewer.as_deref()))?;
            let text = format!(
                "# ClaimFrame reviewer public key\nreviewer: {}\nalgorithm: Ed25519\npublic_key: {}\nfingerprint: {}\n",
                key.reviewer,
                key.public_key_hex(),
                key.fingerprint()
            );
            match output {
                Some(path) => {
                    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
                    println!("wrote the public key of {} to {}", key.reviewer, path.display());
                }
                None => print!("{text}"),
            }
        }
    }
    Ok(())
}
