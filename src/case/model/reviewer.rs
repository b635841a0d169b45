//! Who is coding: the name recorded on events and in the audit log when the reviewer has not given one. One rule
//! for the window's first-run preference and the command line: `$CLAIMFRAME_REVIEWER`, then the login name (not
//! `root`, which says nothing about a person), else "reviewer".

/// The reviewer's name when none was given.
pub fn default_reviewer() -> String {
    let from_env = |key: &str| std::env::var(key).ok().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    from_env("CLAIMFRAME_REVIEWER")
        .or_else(|| from_env("USER").filter(|u| u != "root"))
        .unwrap_or_else(|| "reviewer".to_owned())
}

/// The given name, or [`default_reviewer`] when none (or only blanks) was given.
pub fn reviewer_or_default(given: Option<&str>) -> String {
    given.map(str::trim).filter(|g| !g.is_empty()).map_or_else(default_reviewer, str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_name_wins_and_blanks_fall_back() {
        assert_eq!(reviewer_or_default(Some(" Ann Lee ")), "Ann Lee");
        assert_eq!(reviewer_or_default(Some("   ")), default_reviewer());
        assert_eq!(reviewer_or_default(None), default_reviewer());
        assert!(!default_reviewer().is_empty());
        assert_ne!(default_reviewer(), "root");
    }
}
