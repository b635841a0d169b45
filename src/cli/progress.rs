//! The command line's progress bar for index builds (indicatif, on stderr; drawn only when stderr is a terminal,
//! so scripts and pipes see nothing but the results).

use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};

use crate::media::index_cache;

/// Makes every index build of this process draw a bar while it runs.
pub fn show_index_builds() {
    let bar: Mutex<Option<ProgressBar>> = Mutex::new(None);
    index_cache::report_builds_to(Box::new(move |fraction, what| {
        let Ok(mut bar) = bar.lock() else { return };
        if what.is_empty() {
            if let Some(b) = bar.take() {
                b.finish_and_clear();
            }
            return;
        }
        let b = bar.get_or_insert_with(|| {
            let b = ProgressBar::new(1000);
            if let Ok(style) =
                ProgressStyle::with_template("indexing frames: {msg} [{bar:40}] {percent:>3}% ({elapsed})")
            {
                b.set_style(style.progress_chars("=> "));
            }
            b
        });
        b.set_message(what);
        b.set_position((fraction.clamp(0.0, 1.0) * 1000.0) as u64);
    }));
}
