//! The rows above the lanes: thumbnails of keyframes (made by the background worker, uploaded once as textures),
//! the sound's envelope and the keyframe ticks. Each row does work bounded by its width in pixels.

use std::collections::HashMap;

use egui::{Color32, Mesh, Painter, Pos2, Rect, Shape, Stroke, TextureHandle, TextureOptions};

use super::zoom::Viewport;
use crate::player::thumbnails::ThumbnailWorker;
use crate::player::waveform::Waveform;
use crate::player::Timeline;

pub const THUMB_ROW_PX: f32 = 40.0;
pub const WAVE_ROW_PX: f32 = 30.0;
pub const KEY_ROW_PX: f32 = 10.0;
/// Thumbnails are requested every this many pixels.
const THUMB_SLOT_PX: f64 = 72.0;
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

/// Thumbnails of the keyframes at or before evenly spaced slots, each drawn where its keyframe is; the missing
/// ones are requested from `worker`, nearest the left edge first. Returns true while some are still missing.
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
    let width = f64::from(rect.width());
    let step = (THUMB_SLOT_PX / view.px_per_frame).ceil().max(1.0) as usize;
    let first_slot = (view.first_frame.max(0.0) as usize) / step;
    let last_frame = (view.end_frame(width).max(0.0) as usize).min(frame_count.saturating_sub(1));
    let mut shown: Vec<usize> = Vec::new();
    let mut slot = first_slot;
    while slot * step <= last_frame && shown.len() < 512 {
        if let Some(k) = keyframe_at_or_before(keyframes, slot * step) {
            if shown.last() != Some(&k) {
                shown.push(k);
            }
        }
        slot += 1;
    }
    let missing: Vec<usize> = shown.iter().copied().filter(|k| !textures.textures.contains_key(k)).collect();
    for &k in &missing {
        if let Some(thumb) = worker.get(k) {
            let img = &thumb.image;
            let color =
                egui::ColorImage::from_rgba_unmultiplied([img.width as usize, img.height as usize], &img.pixels);
            let handle = ctx.load_texture(format!("timeline-thumb-{k}"), color, TextureOptions::LINEAR);
            textures.textures.insert(k, handle);
            textures.order.push_back(k);
            while textures.order.len() > MAX_TEXTURES {
                if let Some(old) = textures.order.pop_front() {
                    textures.textures.remove(&old);
                }
            }
        }
    }
    let still_missing: Vec<usize> = shown.iter().copied().filter(|k| !textures.textures.contains_key(k)).collect();
    worker.request(&still_missing);
    let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
    let row_h = rect.height() - 2.0;
    for (i, &k) in shown.iter().enumerate() {
        let Some(tex) = textures.textures.get(&k) else { continue };
        let size = tex.size_vec2();
        let w = if size.y > 0.0 { size.x * row_h / size.y } else { row_h };
        let x0 = rect.left() + view.x_of(k as f64) as f32;
        let next_x = shown.get(i + 1).map_or(f32::INFINITY, |n| rect.left() + view.x_of(*n as f64) as f32);
        let thumb_rect = Rect::from_min_size(Pos2::new(x0, rect.top() + 1.0), egui::vec2(w, row_h));
        let clip = Rect::from_min_max(
            Pos2::new(x0.max(rect.left()), rect.top()),
            Pos2::new(next_x.min(rect.right()), rect.bottom()),
        );
        painter.with_clip_rect(clip.intersect(rect)).image(tex.id(), thumb_rect, uv, Color32::WHITE);
    }
    !still_missing.is_empty() && worker.error().is_none()
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
}
