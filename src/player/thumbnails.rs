//! Thumbnails for the timeline's strip, made in the background: a worker thread with its own `VideoFile` decodes
//! the requested frames (the newest request first), shrinks them to a fixed height keeping the displayed aspect,
//! and keeps a bounded cache, least recently used out first, that the UI polls without blocking. Any frame can be
//! asked for, not only keyframes: it is decoded exactly (from its keyframe on, as the player does), so a thumbnail
//! is the picture the player shows for that frame. Errors become text; the thread ends on drop.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use crate::media::convert::RgbaImage;
use crate::media::video::VideoFile;
use crate::media::Threading;

/// Pending requests beyond this are dropped, oldest first.
const MAX_PENDING: usize = 256;

/// A thumbnail of one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Thumbnail {
    pub frame: usize,
    pub image: RgbaImage,
}

#[derive(Default)]
struct Shared {
    /// Frames to make, the next one first.
    pending: VecDeque<usize>,
    ready: HashMap<usize, Arc<Thumbnail>>,
    /// Ready frames, least recently made or asked for first (evicted first).
    ready_order: VecDeque<usize>,
    failed: HashSet<usize>,
    error: Option<String>,
    /// The frame being decoded now.
    busy: Option<usize>,
    /// The worker has ended (it could not open the file): requests are ignored.
    closed: bool,
    stop: bool,
}

struct Inner {
    state: Mutex<Shared>,
    wake: Condvar,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, Shared> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Makes thumbnails of one video file on its own thread.
pub struct ThumbnailWorker {
    inner: Arc<Inner>,
    thread: Option<JoinHandle<()>>,
    path: PathBuf,
}

impl ThumbnailWorker {
    /// Starts a worker for `path` making thumbnails `height_px` high, keeping at most `capacity` of them. The file
    /// is opened on the worker thread; a failure to open shows in [`Self::error`].
    pub fn spawn(path: PathBuf, height_px: u32, capacity: usize) -> Self {
        let inner = Arc::new(Inner { state: Mutex::new(Shared::default()), wake: Condvar::new() });
        let thread_inner = Arc::clone(&inner);
        let thread_path = path.clone();
        let height_px = height_px.max(1);
        let capacity = capacity.max(1);
        let thread = std::thread::Builder::new()
            .name("thumbnails".into())
            .spawn(move || run(&thread_inner, &thread_path, height_px, capacity));
        let thread = match thread {
            Ok(t) => Some(t),
            Err(e) => {
                let mut s = inner.lock();
                s.error = Some(format!("could not start the thumbnail thread: {e}"));
                s.closed = true;
                None
            }
        };
        Self { inner, thread, path }
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// Asks for `frames`, the first most urgent. They go before every older request; frames already made, being
    /// made, or that failed are skipped.
    pub fn request(&self, frames: &[usize]) {
        self.enqueue(frames, false);
    }

    /// Asks for `frames` (what is on screen, the first most urgent) instead of everything still waiting: requests
    /// for what has scrolled out of view are dropped, so the worker never decodes a backlog.
    pub fn request_only(&self, frames: &[usize]) {
        self.enqueue(frames, true);
    }

    fn enqueue(&self, frames: &[usize], replace: bool) {
        let mut s = self.inner.lock();
        if s.closed {
            return;
        }
        let mut fresh: Vec<usize> = Vec::with_capacity(frames.len());
        for &f in frames {
            if s.ready.contains_key(&f) || s.failed.contains(&f) || s.busy == Some(f) || fresh.contains(&f) {
                continue;
            }
            fresh.push(f);
        }
        if replace {
            s.pending.clear();
        }
        if fresh.is_empty() {
            return;
        }
        s.pending.retain(|p| !fresh.contains(p));
        for &f in fresh.iter().rev() {
            s.pending.push_front(f);
        }
        s.pending.truncate(MAX_PENDING);
        drop(s);
        self.inner.wake.notify_one();
    }

    /// The thumbnail of `frame`, if made (never waits). Asking keeps it in the cache longer.
    pub fn get(&self, frame: usize) -> Option<Arc<Thumbnail>> {
        let mut s = self.inner.lock();
        let thumb = s.ready.get(&frame).cloned()?;
        if let Some(at) = s.ready_order.iter().position(|f| *f == frame) {
            s.ready_order.remove(at);
        }
        s.ready_order.push_back(frame);
        Some(thumb)
    }

    /// How many thumbnails are cached now (never more than the capacity).
    pub fn cached(&self) -> usize {
        self.inner.lock().ready.len()
    }

    /// The frames waiting to be made, the next one first.
    pub fn pending(&self) -> Vec<usize> {
        self.inner.lock().pending.iter().copied().collect()
    }

    /// True while requests are waiting or being decoded.
    pub fn is_busy(&self) -> bool {
        let s = self.inner.lock();
        s.busy.is_some() || !s.pending.is_empty()
    }

    /// The last error met (opening the file or decoding a frame), in words.
    pub fn error(&self) -> Option<String> {
        self.inner.lock().error.clone()
    }
}

impl Drop for ThumbnailWorker {
    fn drop(&mut self) {
        self.inner.lock().stop = true;
        self.inner.wake.notify_all();
        if let Some(t) = self.thread.take() {
            // A panic on the worker has already been reported by the panic hook; nothing more to do here.
            let _ = t.join();
        }
    }
}

fn run(inner: &Inner, path: &std::path::Path, height_px: u32, capacity: usize) {
    let mut video = match VideoFile::open(path, Threading::Fast) {
        Ok(v) => v,
        Err(e) => {
            let mut s = inner.lock();
            s.error = Some(format!("thumbnails unavailable: {e}"));
            s.pending.clear();
            s.closed = true;
            return;
        }
    };
    // Keep the decoder's own cache small: thumbnails are scattered, so it would rarely be hit.
    video.set_cache_bytes(16 << 20);
    loop {
        let frame = {
            let mut s = inner.lock();
            loop {
                if s.stop {
                    return;
                }
                if let Some(f) = s.pending.pop_front() {
                    s.busy = Some(f);
                    break f;
                }
                s = inner.wake.wait(s).unwrap_or_else(|e| e.into_inner());
            }
        };
        let made = video.display_rgba(frame).map(|img| shrink_to_height(&img, height_px));
        let mut s = inner.lock();
        s.busy = None;
        match made {
            Ok(image) => {
                s.ready.insert(frame, Arc::new(Thumbnail { frame, image }));
                s.ready_order.push_back(frame);
                while s.ready_order.len() > capacity {
                    if let Some(old) = s.ready_order.pop_front() {
                        s.ready.remove(&old);
                    }
                }
            }
            Err(e) => {
                s.failed.insert(frame);
                s.error = Some(format!("thumbnail of frame {frame}: {e}"));
            }
        }
    }
}

/// `img` scaled to `height_px` high (never enlarged), keeping its aspect, each output pixel the mean of the source
/// pixels it covers.
pub fn shrink_to_height(img: &RgbaImage, height_px: u32) -> RgbaImage {
    let (sw, sh) = (img.width.max(1), img.height.max(1));
    if img.pixels.len() < (sw as usize) * (sh as usize) * 4 {
        return RgbaImage { width: 0, height: 0, pixels: Vec::new() };
    }
    let dh = height_px.min(sh).max(1);
    let dw = ((u64::from(sw) * u64::from(dh) + u64::from(sh) / 2) / u64::from(sh)).max(1) as u32;
    let mut pixels = Vec::with_capacity(dw as usize * dh as usize * 4);
    for y in 0..dh {
        let y0 = (u64::from(y) * u64::from(sh) / u64::from(dh)) as usize;
        let y1 = ((u64::from(y + 1) * u64::from(sh) / u64::from(dh)) as usize).max(y0 + 1);
        for x in 0..dw {
            let x0 = (u64::from(x) * u64::from(sw) / u64::from(dw)) as usize;
            let x1 = ((u64::from(x + 1) * u64::from(sw) / u64::from(dw)) as usize).max(x0 + 1);
            let mut sum = [0u64; 4];
            for row in y0..y1 {
                let base = row * sw as usize * 4;
                for col in x0..x1 {
                    let p = base + col * 4;
                    for (c, s) in sum.iter_mut().enumerate() {
                        *s += u64::from(img.pixels[p + c]);
                    }
                }
            }
            let n = ((y1 - y0) * (x1 - x0)) as u64;
            pixels.extend(sum.iter().map(|s| (s / n) as u8));
        }
    }
    RgbaImage { width: dw, height: dh, pixels }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrink_keeps_aspect_and_averages() {
        // 4×2: left half black, right half white.
        let mut pixels = Vec::new();
        for _ in 0..2 {
            for x in 0..4 {
                let v = if x < 2 { 0 } else { 255 };
                pixels.extend([v, v, v, 255]);
            }
        }
        let img = RgbaImage { width: 4, height: 2, pixels };
        let small = shrink_to_height(&img, 1);
        assert_eq!((small.width, small.height), (2, 1));
        assert_eq!(small.pixels, vec![0, 0, 0, 255, 255, 255, 255, 255]);
        let same = shrink_to_height(&img, 10);
        assert_eq!(same, img, "never enlarged");
    }

    #[test]
    fn a_missing_file_is_an_error_not_a_panic() {
        let worker = ThumbnailWorker::spawn(PathBuf::from("/nonexistent/claimframe/none.mp4"), 64, 8);
        worker.request(&[0]);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while worker.error().is_none() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(worker.error().is_some_and(|e| e.contains("thumbnails unavailable")));
        assert!(worker.get(0).is_none());
        assert!(!worker.is_busy());
    }
}
