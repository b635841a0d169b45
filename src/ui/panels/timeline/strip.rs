//! The rows above the lanes: thumbnails (made by the background worker, uploaded once as textures) — of keyframes
//! when zoomed out, of the exact frames between them when zoomed in to a few frames, one per frame at the closest
//! zoom — the sound's envelope and the keyframe ticks. Each row does work bounded by its width in pixels.

use std::collections::HashMap;

use egui::{Color32, Mesh, Painter, Pos2, Rect, Shape, Stroke, TextureHandle, TextureOptions};

use super::zoom::Viewport;
use crate::player::thumbnails::ThumbnailWorker;
use crate::player::waveform::Waveform;
use crate::player::Timeline;

pub const THUMB_ROW_PX: f32 = 40.0;
pub const WAVE_ROW_PX: f32 = 30.0;
pub const KEY_ROW_PX: f32 = 10.0;
/// Thumbnails of keyframes are requested every this many pixels.
const THUMB_SLOT_PX: f64 = 72.0;
/// From this zoom on, the strip shows exact frames (not the keyframe before them), one every slot.
pub const EXACT_FROM_PX_PER_FRAME: f64 = 12.0;
/// An exact frame's slot is at least this wide: every frame from 36 px per frame, every second from 18.
const EXACT_SLOT_PX: f64 = 36.0;
/// At most this many thumbnails are asked for or drawn in one pass.
const MAX_SHOWN: usize = 512;
/// Textures kept before the oldest are dropped.
const MAX_TEXTURES: usize = 256;

/// Thumbnail textures already on the GPU, for one file.
#[derive(Default)]
pub struct ThumbTextures {
    path: Option<std::path::PathBuf>,
    textures: HashMap<usize, TextureHandle>,
    order: std::collections::VecDeque<usize>,
}

/// The keyframe at or before `frame` (`keyframes` sorted).
pub fn keyframe_at_or_before(keyframes: &[usize], frame: usize) -> Option<usize> {
    keyframes.partition_point(|k| *k <= frame).checked_sub(1).map(|i| keyframes[i])
}

/// One tick per pixel column holding a keyframe, found by skipping ahead with binary search.
pub fn keyframes_ui(painter: &Painter, rect: Rect, view: &Viewport, keyframes: &[usize]) {
    painter.rect_filled(rect, 0.0, Color32::from_gray(24));
    let width = f64::from(rect.width());
    let stroke = Stroke::new(1.0, Color32::from_rgb(200, 200, 90));
    let mut i = keyframes.partition_point(|k| (*k as f64) + 1.0 <= view.first_frame);
    let end = view.end_frame(width);
    while let Some(&k) = keyframes.get(i) {
        if k as f64 >= end {
            break;
        }
        let x = view.x_of(k as f64).max(0.0);
        let px = rect.left() + x as f32;
        painter.line_segment([Pos2::new(px, rect.top() + 1.0), Pos2::new(px, rect.bottom() - 1.0)], stroke);
        // Next keyframe at least one pixel further right.
        let next_pos = view.pos_at(x.floor() + 1.0);
        i += keyframes[i..].partition_point(|k| (*k as f64) < next_pos).max(1);
    }
}

/// The largest absolute sample level of `wave` (the strip is scaled so it fills the row).
pub fn loudest(wave: &Waveform) -> f32 {
    wave.columns.iter().fold(0.0f32, |m, c| m.max(c.high).max(-c.low)).max(1e-3)
}

/// The envelope under the visible frames, one column per pixel, as one mesh.
pub fn waveform_ui(
    painter: &Painter,
    rect: Rect,
    view: &Viewport,
    timeline: &Timeline,
    wave: Option<&Waveform>,
    loudest: f32,
) {
    painter.rect_filled(rect, 0.0, Color32::from_gray(18));
    let Some(w) = wave.filter(|w| !w.columns.is_empty() && w.duration_secs > 0.0) else {
        let note = "sound: not available yet";
        painter.text(
            rect.left_center() + egui::vec2(6.0, 0.0),
            egui::Align2::LEFT_CENTER,
            note,
            egui::FontId::proportional(11.0),
            Color32::GRAY,
        );
        return;
    };
    let cols = w.columns.len();
    let col_at = |secs: f64| ((secs / w.duration_secs * cols as f64).max(0.0) as usize).min(cols);
    let last = timeline.frame_count();
    let secs_at = |pos: f64| {
        let f = pos.max(0.0).floor() as usize;
        if f >= last {
            return w.duration_secs;
        }
        let (t0, t1) = (timeline.secs_of(f), if f + 1 >= last { w.duration_secs } else { timeline.secs_of(f + 1) });
        t0 + (t1 - t0) * (pos - f as f64)
    };
    let (mid, half) = (rect.center().y, rect.height() * 0.48 / loudest);
    let (peak, level) = (Color32::from_rgb(55, 105, 145), Color32::from_rgb(120, 200, 250));
    let mut mesh = Mesh::default();
    let width_px = rect.width().max(0.0) as usize;
    for px in 0..width_px {
        let (p0, p1) = (view.pos_at(px as f64), view.pos_at(px as f64 + 1.0));
        if p1 <= 0.0 || p0 >= last as f64 {
            continue;
        }
        let a = col_at(secs_at(p0)).min(cols - 1);
        let b = col_at(secs_at(p1)).clamp(a + 1, cols);
        let (lo, hi, rms) = w.columns[a..b]
            .iter()
            .fold((0.0f32, 0.0f32, 0.0f32), |(l, h, r), c| (l.min(c.low), h.max(c.high), r.max(c.rms)));
        let x = rect.left() + px as f32;
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::new(x, mid - hi * half), Pos2::new(x + 1.0, mid - lo * half + 0.5)),
            peak,
        );
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::new(x, mid - rms * half), Pos2::new(x + 1.0, mid + rms * half + 0.5)),
            level,
        );
    }
    painter.add(Shape::mesh(mesh));
}

/// What the strip shows at a zoom: `step` frames per slot, and whether a slot shows its own frame (`exact`) or the
/// keyframe at or before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StripPlan {
    pub step: usize,
    pub exact: bool,
}

impl StripPlan {
    pub fn at(px_per_frame: f64) -> Self {
        let exact = px_per_frame >= EXACT_FROM_PX_PER_FRAME;
        let slot_px = if exact { EXACT_SLOT_PX } else { THUMB_SLOT_PX };
        let step = (slot_px / px_per_frame).ceil();
        Self { step: if step.is_finite() && step >= 1.0 { step as usize } else { 1 }, exact }
    }
}

/// The frames whose thumbnails the strip shows for `view` over `width_px`, left to right: a slot every `step`
/// frames, each its own frame when exact, else the keyframe at or before it (once each).
pub fn shown_frames(view: &Viewport, width_px: f64, keyframes: &[usize], frame_count: usize) -> Vec<usize> {
    let plan = StripPlan::at(view.px_per_frame);
    let first_slot = (view.first_frame.max(0.0) as usize) / plan.step;
    let (_, last_frame) = view.visible_frames(width_px, frame_count);
    let mut shown: Vec<usize> = Vec::new();
    let mut slot = first_slot;
    while slot * plan.step <= last_frame && shown.len() < MAX_SHOWN && frame_count > 0 {
        let frame =
            if plan.exact { Some(slot * plan.step) } else { keyframe_at_or_before(keyframes, slot * plan.step) };
        if let Some(f) = frame.filter(|f| shown.last() != Some(f)) {
            shown.push(f);
        }
        slot += 1;
    }
    shown
}

/// Thumbnails of what [`shown_frames`] says, each drawn where its frame is (exact ones cropped to their slot,
/// keeping the aspect); the missing ones are requested from `worker`, left first — exact ones instead of any
/// older request, as they change with every scroll. Returns true while some are still missing.
pub fn thumbnails_ui(
    ui: &egui::Ui,
    rect: Rect,
    view: &Viewport,
    keyframes: &[usize],
    frame_count: usize,
    worker: &ThumbnailWorker,
    textures: &mut ThumbTextures,
) -> bool {
    let (ctx, painter) = (ui.ctx(), ui.painter_at(rect));
    painter.rect_filled(rect, 0.0, Color32::from_gray(14));
    if textures.path.as_deref() != Some(worker.path()) {
        *textures = ThumbTextures { path: Some(worker.path().to_path_buf()), ..ThumbTextures::default() };
    }
    let plan = StripPlan::at(view.px_per_frame);
    let shown = shown_frames(view, f64::from(rect.width()), keyframes, frame_count);
    let missing: Vec<usize> = shown.iter().copied().filter(|k| !textures.textures.contains_key(k)).collect();
    for k in missing {
        if let Some(thumb) = worker.get(k) {
            textures.insert(ctx, k, &thumb.image);
        }
    }
    let still_missing: Vec<usize> = shown.iter().copied().filter(|k| !textures.textures.contains_key(k)).collect();
    if plan.exact {
        worker.request_only(&still_missing);
    } else {
        worker.request(&still_missing);
    }
    let row_h = rect.height() - 2.0;
    for (i, &k) in shown.iter().enumerate() {
        let Some(tex) = textures.textures.get(&k) else { continue };
        let size = tex.size_vec2();
        let w = if size.y > 0.0 { size.x * row_h / size.y } else { row_h };
        let x0 = rect.left() + view.x_of(k as f64) as f32;
        let next_x = shown.get(i + 1).map_or(f32::INFINITY, |n| rect.left() + view.x_of(*n as f64) as f32);
        let (thumb_rect, uv) = if plan.exact {
            // The middle of the picture, as wide as its slot.
            let slot_w = (view.px_per_frame * plan.step as f64) as f32;
            let shown_w = slot_w.min(w);
            let half = if w > 0.0 { shown_w / w / 2.0 } else { 0.5 };
            let uv = Rect::from_min_max(Pos2::new(0.5 - half, 0.0), Pos2::new(0.5 + half, 1.0));
            (Rect::from_min_size(Pos2::new(x0, rect.top() + 1.0), egui::vec2(shown_w, row_h)), uv)
        } else {
            let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
            (Rect::from_min_size(Pos2::new(x0, rect.top() + 1.0), egui::vec2(w, row_h)), uv)
        };
        let clip = Rect::from_min_max(
            Pos2::new(x0.max(rect.left()), rect.top()),
            Pos2::new(next_x.min(rect.right()), rect.bottom()),
        );
        painter.with_clip_rect(clip.intersect(rect)).image(tex.id(), thumb_rect, uv, Color32::WHITE);
    }
    !still_missing.is_empty() && worker.error().is_none()
}

impl ThumbTextures {
    /// Uploads the thumbnail of `frame`, dropping the oldest textures beyond [`MAX_TEXTURES`].
    fn insert(&mut self, ctx: &egui::Context, frame: usize, img: &crate::media::convert::RgbaImage) {
        let color = egui::ColorImage::from_rgba_unmultiplied([img.width as usize, img.height as usize], &img.pixels);
        let handle = ctx.load_texture(format!("timeline-thumb-{frame}"), color, TextureOptions::LINEAR);
        self.textures.insert(frame, handle);
        self.order.push_back(frame);
        while self.order.len() > MAX_TEXTURES {
            if let Some(old) = self.order.pop_front() {
                self.textures.remove(&old);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyframe_lookup_is_at_or_before() {
        let keys = [0, 30, 60];
        assert_eq!(keyframe_at_or_before(&keys, 0), Some(0));
        assert_eq!(keyframe_at_or_before(&keys, 59), Some(30));
        assert_eq!(keyframe_at_or_before(&keys, 60), Some(60));
        assert_eq!(keyframe_at_or_before(&[5], 4), None);
    }

    #[test]
    fn zoomed_in_the_strip_shows_exact_frames_and_zoomed_out_keyframes() {
        let keys = [0, 30, 60];
        // 40 px per frame: every frame in view, keyframe or not.
        let close = Viewport { first_frame: 33.0, px_per_frame: 40.0 };
        assert_eq!(StripPlan::at(40.0), StripPlan { step: 1, exact: true });
        assert_eq!(shown_frames(&close, 400.0, &keys, 90), (33..43).collect::<Vec<_>>());
        // 18 px per frame: every second frame.
        let half = Viewport { first_frame: 40.0, px_per_frame: 18.0 };
        assert_eq!(shown_frames(&half, 180.0, &keys, 90), vec![40, 42, 44, 46, 48], "frame 50 starts at the edge");
        // 2 px per frame: the keyframes only, each once.
        let far = Viewport { first_frame: 0.0, px_per_frame: 2.0 };
        assert!(!StripPlan::at(2.0).exact);
        assert_eq!(shown_frames(&far, 180.0, &keys, 90), vec![0, 30, 60]);
        // Clamped to the file.
        let end = Viewport { first_frame: 85.0, px_per_frame: 40.0 };
        assert_eq!(shown_frames(&end, 400.0, &keys, 90), (85..90).collect::<Vec<_>>());
    }
}
