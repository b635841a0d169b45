//! Sharing chunks of work out to the cores: each thread takes the next chunk as soon as it is free, so one large
//! chunk (a log entry holding the whole content) and many small ones (events) keep every core busy to the end.
//! Results come back in chunk order; a chunk that fails stops the rest, and so does a cancelled load.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::case::store::progress::LoadProgress;
use crate::case::CaseError;

/// How many threads share the work: the cores, at most 8, never more than the chunks.
fn threads_for(chunks: usize) -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8).min(chunks.max(1))
}

/// Runs `work` on every chunk across the cores and returns the results in chunk order; `Ok(None)` when a chunk
/// returned None (the caller takes its one-thread path), `Err(Cancelled)` when `progress` was cancelled. `bytes`
/// says how much of the step a chunk is, for the progress.
pub fn run<C: Sync, R: Send>(
    chunks: &[C],
    progress: &LoadProgress,
    bytes: impl Fn(&C) -> u64 + Sync,
    work: impl Fn(&C) -> Option<R> + Sync,
) -> Result<Option<Vec<R>>, CaseError> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads_for(chunks.len()))
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    while !failed.load(Ordering::Relaxed) && !progress.is_cancelled() {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(chunk) = chunks.get(i) else { break };
                        match work(chunk) {
                            Some(result) => done.push((i, result)),
                            None => failed.store(true, Ordering::Relaxed),
                        }
                        progress.advance(bytes(chunk));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    failed.store(true, Ordering::Relaxed);
                    Vec::new()
                })
            })
            .collect()
    });
    progress.check()?;
    if failed.load(Ordering::Relaxed) {
        return Ok(None);
    }
    let mut all: Vec<(usize, R)> = parts.into_iter().flatten().collect();
    if all.len() != chunks.len() {
        return Ok(None);
    }
    all.sort_unstable_by_key(|(i, _)| *i);
    Ok(Some(all.into_iter().map(|(_, r)| r).collect()))
}

/// Cuts `0..weights.len()` into consecutive ranges of about `target` total weight each (at least one item each).
pub fn ranges(weights: impl Iterator<Item = usize>, target: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut sum, mut n) = (0, 0, 0);
    for w in weights {
        n += 1;
        sum += w;
        if sum >= target {
            out.push(start..n);
            start = n;
            sum = 0;
        }
    }
    if start < n {
        out.push(start..n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_chunk_order_and_a_failed_chunk_declines() {
        let chunks: Vec<u32> = (0..100).collect();
        let progress = LoadProgress::default();
        let doubled = run(&chunks, &progress, |_| 1, |&c| Some(c * 2)).unwrap().unwrap();
        assert_eq!(doubled, (0..100).map(|c| c * 2).collect::<Vec<_>>());
        assert_eq!(run(&chunks, &progress, |_| 1, |&c| (c != 57).then_some(c)).unwrap(), None);
        progress.cancel();
        assert!(matches!(run(&chunks, &progress, |_| 1, |&c| Some(c)), Err(CaseError::Cancelled)));
    }

    #[test]
    fn ranges_cover_every_item_once() {
        assert_eq!(ranges([5, 5, 5, 5, 5].into_iter(), 10), vec![0..2, 2..4, 4..5]);
        assert_eq!(ranges([50, 1, 1].into_iter(), 10), vec![0..1, 1..3]);
        assert!(ranges(std::iter::empty(), 10).is_empty());
    }
}
