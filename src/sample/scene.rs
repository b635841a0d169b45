//! The world seen through the follower's windscreen camera: sky, a divided highway, roadside poles and trees, the
//! agency SUV ahead (rear face, side, brake lights, lettering) and the follower's own hood, drawn for one
//! [`FrameState`] with a pinhole camera. Pure arithmetic, so a frame always comes out the same.

use super::canvas::{Canvas, Colour};
use super::script::{FrameState, CAMERA_TO_BUMPER_M};
use super::text::{TextRenderer, TextStyle};

const FOCAL_PX: f32 = 800.0;
const HORIZON_Y_PX: f32 = 300.0;
const CAMERA_HEIGHT_M: f32 = 1.35;
/// Top of the follower's hood at the centre column; the hood is fixed to the camera.
const HOOD_EDGE_Y_PX: f32 = 640.0;
/// Farthest distance drawn for roadside objects and the SUV.
const FAR_Z_M: f32 = 300.0;
const NEAR_Z_M: f32 = 1.0;

// Road layout, metres right of the follower's lane centre.
pub(super) const ASPHALT_LEFT_M: f32 = -6.8;
pub(super) const ASPHALT_RIGHT_M: f32 = 4.3;
pub(super) const YELLOW_EDGE_M: f32 = -5.25;
pub(super) const LANE_DIVIDER_M: f32 = -1.75;
pub(super) const WHITE_EDGE_M: f32 = 1.75;
const LINE_WIDTH_M: f32 = 0.15;
const DASH_PERIOD_M: f32 = 12.0;
const DASH_LENGTH_M: f32 = 3.0;

// The SUV, metres.
const SUV_HALF_WIDTH_M: f32 = 1.0;
pub(super) const SUV_LENGTH_M: f32 = 4.8;

pub(super) const SKY_TOP: Colour = Colour::new(96.0, 138.0, 196.0);
pub(super) const HAZE: Colour = Colour::new(196.0, 208.0, 218.0);
pub(super) const HILLS: Colour = Colour::new(112.0, 134.0, 128.0);
pub(super) const GRASS: Colour = Colour::new(84.0, 116.0, 58.0);
pub(super) const ASPHALT: Colour = Colour::new(70.0, 72.0, 76.0);
pub(super) const SHOULDER: Colour = Colour::new(92.0, 92.0, 94.0);
pub(super) const LINE_WHITE: Colour = Colour::new(232.0, 232.0, 226.0);
pub(super) const LINE_YELLOW: Colour = Colour::new(226.0, 186.0, 52.0);
pub(super) const SUV_BODY: Colour = Colour::new(26.0, 36.0, 62.0);
const SUV_TRIM: Colour = Colour::new(44.0, 46.0, 50.0);
pub(super) const GLASS: Colour = Colour::new(30.0, 38.0, 48.0);
pub(super) const TYRE: Colour = Colour::new(22.0, 22.0, 24.0);
pub(super) const STRIPE: Colour = Colour::new(222.0, 226.0, 230.0);
pub(super) const LAMP_OFF: Colour = Colour::new(112.0, 22.0, 22.0);
pub(super) const LAMP_ON: Colour = Colour::new(255.0, 40.0, 28.0);
const HOOD: Colour = Colour::new(44.0, 48.0, 56.0);

/// Where the camera sits this frame: the pinhole plus the shake and pitch offsets.
#[derive(Clone, Copy, Debug)]
struct Camera {
    centre_x_px: f32,
    horizon_y_px: f32,
}

impl Camera {
    fn for_state(state: &FrameState, width_px: u32) -> Self {
        let t = state.frame as f32;
        let speed = state.follower_speed_mps as f32;
        // Road vibration grows with speed; braking pitches the nose down, so the world rises in the frame.
        let rumble_px = 0.25 * (speed / 20.0) * ((t * 1.9).sin() + 0.6 * (t * 3.7 + 0.5).sin());
        let pitch_px = -2.2 * (state.follower_decel_mps2 as f32).clamp(-4.0, 10.0);
        let (shake_x_px, shake_y_px) = match state.frames_since_contact {
            Some(k) if k < 14 => {
                let amp = 10.0 * (1.0 - k as f32 / 14.0);
                (amp * (k as f32 * 2.1).sin(), amp * (k as f32 * 2.9 + 1.0).cos())
            }
            _ => (0.0, 0.0),
        };
        Self {
            centre_x_px: width_px as f32 / 2.0 + shake_x_px,
            horizon_y_px: HORIZON_Y_PX + pitch_px + rumble_px + shake_y_px,
        }
    }

    /// Screen position of the world point (x right, z ahead, h up), metres.
    fn project(&self, x_m: f32, z_m: f32, h_m: f32) -> (f32, f32) {
        let k = FOCAL_PX / z_m;
        (self.centre_x_px + x_m * k, self.horizon_y_px + (CAMERA_HEIGHT_M - h_m) * k)
    }
}

/// Draws the world for `state` onto `canvas` (everything except the OSD).
pub fn draw_world(canvas: &mut Canvas, text: &TextRenderer, state: &FrameState) {
    let camera = Camera::for_state(state, canvas.width_px());
    draw_sky_and_ground(canvas, &camera, state.follower_odometer_m);
    draw_objects(canvas, text, &camera, state);
    draw_hood(canvas);
}

fn draw_sky_and_ground(canvas: &mut Canvas, camera: &Camera, odometer_m: f64) {
    let width = canvas.width_px();
    let height = canvas.height_px();
    // Keep the road texture precise far down the road: only the fractional part of the odometer matters for the
    // periodic markings, so take it modulo a common period in f64 first.
    let scroll_m = (odometer_m % f64::from(DASH_PERIOD_M * 10.0)) as f32;
    let hills_px: Vec<f32> = (0..width)
        .map(|x| {
            let xf = x as f32 + 0.5 - camera.centre_x_px;
            22.0 + 11.0 * (xf * 0.0061 + 1.3).sin() + 6.0 * (xf * 0.0173 + 0.4).sin()
        })
        .collect();
    for y in 0..height {
        let dy = y as f32 + 0.5 - camera.horizon_y_px;
        if dy <= 0.0 {
            let t = ((y as f32 + 0.5) / camera.horizon_y_px.max(1.0)).clamp(0.0, 1.0);
            let sky = SKY_TOP.lerp(HAZE, t * t);
            for (x, hill_px) in (0..width).zip(&hills_px) {
                let into_hill = -dy - hill_px; // negative when below the hill line
                let colour = if into_hill < -1.0 {
                    HILLS.lerp(HAZE, 0.35)
                } else if into_hill < 0.0 {
                    sky.lerp(HILLS.lerp(HAZE, 0.35), -into_hill)
                } else {
                    sky
                };
                canvas.set(i64::from(x), i64::from(y), colour);
            }
            continue;
        }
        let z_m = FOCAL_PX * CAMERA_HEIGHT_M / dy;
        let footprint_x_m = z_m / FOCAL_PX;
        let footprint_z_m = z_m * z_m / (FOCAL_PX * CAMERA_HEIGHT_M);
        let world_z_m = z_m + scroll_m;
        let fog = 1.0 - (-z_m / 240.0).exp();
        let dash_cover = periodic_cover(world_z_m, footprint_z_m, DASH_PERIOD_M, DASH_LENGTH_M);
        let grass_band = periodic_cover(world_z_m, footprint_z_m, 9.0, 4.5);
        let grass = GRASS.scaled(0.94 + 0.08 * grass_band);
        for x in 0..width {
            let wx = (x as f32 + 0.5 - camera.centre_x_px) * footprint_x_m;
            let lo = wx - footprint_x_m * 0.5;
            let hi = wx + footprint_x_m * 0.5;
            let cover = |a: f32, b: f32| -> f32 { ((hi.min(b) - lo.max(a)) / footprint_x_m).clamp(0.0, 1.0) };
            let asphalt = cover(ASPHALT_LEFT_M, ASPHALT_RIGHT_M);
            let shoulder = cover(ASPHALT_LEFT_M, YELLOW_EDGE_M) + cover(WHITE_EDGE_M, ASPHALT_RIGHT_M);
            let mut colour = grass.lerp(ASPHALT, asphalt).lerp(SHOULDER, shoulder);
            let half = LINE_WIDTH_M * 0.5;
            colour = colour.lerp(LINE_YELLOW, cover(YELLOW_EDGE_M - half, YELLOW_EDGE_M + half));
            colour = colour.lerp(LINE_WHITE, cover(WHITE_EDGE_M - half, WHITE_EDGE_M + half));
            colour = colour.lerp(LINE_WHITE, dash_cover * cover(LANE_DIVIDER_M - half, LANE_DIVIDER_M + half));
            canvas.set(i64::from(x), i64::from(y), colour.lerp(HAZE, fog));
        }
    }
}

/// Fraction of [t - w/2, t + w/2] covered by "on" stretches of length `on` repeating every `period`.
fn periodic_cover(t: f32, w: f32, period: f32, on: f32) -> f32 {
    if w >= period {
        return on / period;
    }
    let on_up_to = |u: f32| -> f32 {
        let cycles = (u / period).floor();
        let rem = u - cycles * period;
        cycles * on + rem.min(on)
    };
    ((on_up_to(t + w * 0.5) - on_up_to(t - w * 0.5)) / w).clamp(0.0, 1.0)
}

/// Something standing beside or on the road, drawn far to near.
enum Object {
    Pole { x_m: f32, z_m: f32 },
    Tree { x_m: f32, z_m: f32, variant: u32 },
    Suv,
}

fn draw_objects(canvas: &mut Canvas, text: &TextRenderer, camera: &Camera, state: &FrameState) {
    let odometer_m = state.follower_odometer_m;
    let mut objects: Vec<(f32, Object)> = Vec::new();
    let mut repeat = |spacing_m: f64, start_m: f64, make: &dyn Fn(f32, u32) -> Option<Object>| {
        let first = ((odometer_m + f64::from(NEAR_Z_M) - start_m) / spacing_m).ceil().max(0.0) as u32;
        let mut k = first;
        loop {
            let z_m = (start_m + f64::from(k) * spacing_m - odometer_m) as f32;
            if z_m > FAR_Z_M {
                break;
            }
            if let Some(object) = make(z_m, k) {
                objects.push((z_m, object));
            }
            k += 1;
        }
    };
    repeat(45.0, 20.0, &|z_m, _| Some(Object::Pole { x_m: 6.2, z_m }));
    repeat(14.0, 6.0, &|z_m, k| Some(Object::Tree { x_m: -10.5 - 3.0 * unit_hash(k), z_m, variant: k }));
    repeat(19.0, 11.0, &|z_m, k| Some(Object::Tree { x_m: 8.5 + 4.0 * unit_hash(k + 7919), z_m, variant: k + 7919 }));
    let suv_z_m = (state.gap_m + CAMERA_TO_BUMPER_M) as f32;
    if suv_z_m < FAR_Z_M {
        objects.push((suv_z_m, Object::Suv));
    }
    // Far first; ties keep insertion order (stable sort), so the result never depends on anything but the state.
    objects.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, object) in &objects {
        match *object {
            Object::Pole { x_m, z_m } => draw_pole(canvas, camera, x_m, z_m),
            Object::Tree { x_m, z_m, variant } => draw_tree(canvas, camera, x_m, z_m, variant),
            Object::Suv => draw_suv(canvas, text, camera, state, suv_z_m),
        }
    }
}

/// A deterministic pseudo-random number in [0, 1) for object `k`.
pub(super) fn unit_hash(k: u32) -> f32 {
    let mut h = k.wrapping_mul(0x9E37_79B9) ^ 0x85EB_CA6B;
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    (h % 10_000) as f32 / 10_000.0
}

fn fog_at(z_m: f32) -> f32 {
    1.0 - (-z_m / 240.0).exp()
}

fn draw_pole(canvas: &mut Canvas, camera: &Camera, x_m: f32, z_m: f32) {
    let colour = Colour::new(150.0, 152.0, 156.0).lerp(HAZE, fog_at(z_m));
    let (bx, by) = camera.project(x_m, z_m, 0.0);
    let (_, ty) = camera.project(x_m, z_m, 8.0);
    let half_px = (0.12 * FOCAL_PX / z_m).max(0.5);
    canvas.fill_rect(bx - half_px, ty, bx + half_px, by, colour, 1.0);
    let (ax, _) = camera.project(x_m - 2.4, z_m, 8.0);
    let arm_px = (0.14 * FOCAL_PX / z_m).max(0.6);
    canvas.fill_rect(ax, ty, bx, ty + arm_px, colour, 1.0);
    canvas.fill_rect(ax - arm_px, ty, ax + 2.0 * arm_px, ty + 2.0 * arm_px, colour.scaled(0.7), 1.0);
}

fn draw_tree(canvas: &mut Canvas, camera: &Camera, x_m: f32, z_m: f32, variant: u32) {
    let fog = fog_at(z_m);
    let k = FOCAL_PX / z_m;
    let size = 0.8 + 0.5 * unit_hash(variant.wrapping_add(31));
    let trunk = Colour::new(88.0, 66.0, 46.0).lerp(HAZE, fog);
    let leaves =
        Colour::new(46.0, 88.0, 44.0).scaled(0.85 + 0.3 * unit_hash(variant.wrapping_add(101))).lerp(HAZE, fog);
    let (bx, by) = camera.project(x_m, z_m, 0.0);
    let (_, ty) = camera.project(x_m, z_m, 2.6 * size);
    let half_px = (0.18 * k).max(0.5);
    canvas.fill_rect(bx - half_px, ty, bx + half_px, by, trunk, 1.0);
    let (cx, cy) = camera.project(x_m, z_m, 4.2 * size);
    canvas.fill_ellipse(cx, cy, 1.9 * size * k, 2.3 * size * k, leaves, 1.0);
    canvas.fill_ellipse(
        cx - 0.5 * size * k,
        cy - 0.6 * size * k,
        1.0 * size * k,
        1.1 * size * k,
        leaves.scaled(1.12),
        1.0,
    );
}

/// The agency SUV: rear face at depth `z_m`, the visible side, brake lights and lettering.
fn draw_suv(canvas: &mut Canvas, text: &TextRenderer, camera: &Camera, state: &FrameState, z_m: f32) {
    let z_m = z_m.max(NEAR_Z_M);
    let x_m = state.lead_offset_m as f32;
    let k = FOCAL_PX / z_m;
    let braking = state.lead_brake_lights;
    // Weight shifts forward under braking: the rear rises a little.
    let lift_m = if braking && state.lead_speed_mps > 0.5 { 0.04 } else { 0.0 };
    let fog = fog_at(z_m);
    let shade = |c: Colour| c.lerp(HAZE, fog);

    // Contact shadow on the road under the whole length of the vehicle.
    let (sl, sy0) = camera.project(x_m - SUV_HALF_WIDTH_M - 0.05, z_m, 0.0);
    let (sr, _) = camera.project(x_m + SUV_HALF_WIDTH_M + 0.05, z_m, 0.0);
    let (_, sy1) = camera.project(x_m, z_m + SUV_LENGTH_M, 0.0);
    canvas.fill_rect(sl, sy1, sr, sy0 + 0.06 * k, Colour::new(30.0, 30.0, 32.0), 0.75);

    // The side that faces the camera when the SUV is off-centre.
    let side_x_m = if x_m - SUV_HALF_WIDTH_M > 0.0 {
        Some(x_m - SUV_HALF_WIDTH_M)
    } else if x_m + SUV_HALF_WIDTH_M < 0.0 {
        Some(x_m + SUV_HALF_WIDTH_M)
    } else {
        None
    };
    if let Some(sx_m) = side_x_m {
        let quad = |h0: f32, h1: f32, z0: f32, z1: f32| -> [(f32, f32); 4] {
            [
                camera.project(sx_m, z0, h0 + lift_m),
                camera.project(sx_m, z0, h1 + lift_m),
                camera.project(sx_m, z1, h1),
                camera.project(sx_m, z1, h0),
            ]
        };
        let far = z_m + SUV_LENGTH_M;
        canvas.fill_convex(&quad(0.35, 1.82, z_m, far), shade(SUV_BODY.scaled(0.78)), 1.0);
        canvas.fill_convex(&quad(1.36, 1.72, z_m + 0.4, far - 1.0), shade(GLASS), 1.0);
        canvas.fill_convex(&quad(1.0, 1.08, z_m, far), shade(STRIPE.scaled(0.85)), 1.0);
        for wheel_z in [z_m + 0.9, far - 0.95] {
            canvas.fill_convex(&quad(0.0, 0.72, wheel_z - 0.38, wheel_z + 0.38), shade(TYRE), 1.0);
        }
    }

    // Rear face: a set of rectangles at depth z_m, in metres relative to the SUV's centre line.
    let rect = |canvas: &mut Canvas, x0: f32, x1: f32, h0: f32, h1: f32, colour: Colour| {
        let (ax, ay) = camera.project(x_m + x0, z_m, h1 + lift_m);
        let (bx, by) = camera.project(x_m + x1, z_m, h0 + lift_m);
        canvas.fill_rect(ax, ay, bx, by, shade(colour), 1.0);
    };
    for side in [-1.0f32, 1.0] {
        let (a, b) = (side * 0.70, side * 0.97);
        rect(canvas, a.min(b), a.max(b), 0.0, 0.62 - lift_m, TYRE);
    }
    rect(canvas, -1.0, 1.0, 0.35, 0.62, SUV_TRIM);
    rect(canvas, -0.98, 0.98, 0.62, 1.34, SUV_BODY);
    // Upper body tapers towards the roof.
    let (l0, t0) = camera.project(x_m - 0.98, z_m, 1.34 + lift_m);
    let (r0, _) = camera.project(x_m + 0.98, z_m, 1.34 + lift_m);
    let (l1, t1) = camera.project(x_m - 0.84, z_m, 1.86 + lift_m);
    let (r1, _) = camera.project(x_m + 0.84, z_m, 1.86 + lift_m);
    canvas.fill_convex(&[(l0, t0), (l1, t1), (r1, t1), (r0, t0)], shade(SUV_BODY), 1.0);
    rect(canvas, -0.76, 0.76, 1.38, 1.72, GLASS);
    rect(canvas, -0.70, -0.20, 1.62, 1.68, GLASS.scaled(1.6));
    rect(canvas, -0.98, 0.98, 1.00, 1.08, STRIPE);
    // Light bar on the roof, unlit.
    rect(canvas, -0.62, 0.0, 1.86, 1.97, Colour::new(90.0, 20.0, 24.0));
    rect(canvas, 0.0, 0.62, 1.86, 1.97, Colour::new(20.0, 34.0, 96.0));
    rect(canvas, -0.64, 0.64, 1.84, 1.86, SUV_TRIM);

    let lamp = if braking { LAMP_ON } else { LAMP_OFF };
    rect(canvas, -0.97, -0.80, 0.86, 1.30, lamp);
    rect(canvas, 0.80, 0.97, 0.86, 1.30, lamp);
    rect(canvas, -0.24, 0.24, 1.73, 1.77, if braking { LAMP_ON } else { SUV_TRIM });

    // Plate and lettering, drawn only while large enough to read.
    rect(canvas, -0.28, 0.28, 0.66, 0.84, Colour::new(232.0, 232.0, 222.0));
    draw_centred_text(canvas, text, camera, x_m, z_m, 0.815 + lift_m, 0.12, "AGY 1207", Colour::new(20.0, 30.0, 80.0));
    draw_centred_text(canvas, text, camera, x_m, z_m, 1.32 + lift_m, 0.22, "AGENCY", shade(STRIPE));
    draw_centred_text(canvas, text, camera, x_m, z_m, 0.98 + lift_m, 0.10, "UNIT 12", shade(STRIPE));

    if braking {
        let glow = 1.0 - fog;
        for (lx, ly) in [(-0.885, 1.08), (0.885, 1.08), (0.0, 1.75)] {
            let (gx, gy) = camera.project(x_m + lx, z_m, ly + lift_m);
            canvas.glow(gx, gy, (0.55 * k).max(3.0), Colour::new(255.0, 50.0, 36.0), 0.42 * glow);
        }
    }
}

/// Draws `label` centred on the SUV's centre line with its top at height `top_m`, cap height about `size_m`.
#[allow(clippy::too_many_arguments)]
fn draw_centred_text(
    canvas: &mut Canvas,
    text: &TextRenderer,
    camera: &Camera,
    x_m: f32,
    z_m: f32,
    top_m: f32,
    size_m: f32,
    label: &str,
    colour: Colour,
) {
    let size_px = size_m * FOCAL_PX / z_m;
    if size_px < 5.0 {
        return;
    }
    let (cx, ty) = camera.project(x_m, z_m, top_m);
    let width_px = text.measure_px(label, size_px);
    text.draw(canvas, label, cx - width_px * 0.5, ty, TextStyle::plain(size_px, colour));
}

/// The follower's own hood across the bottom of the frame.
fn draw_hood(canvas: &mut Canvas) {
    let width = canvas.width_px();
    let height = canvas.height_px();
    let half = width as f32 / 2.0;
    for x in 0..width {
        let u = (x as f32 + 0.5 - half) / half;
        let edge = HOOD_EDGE_Y_PX + 40.0 * u * u;
        let start = edge.floor().max(0.0) as u32;
        for y in start..height {
            let below = y as f32 + 0.5 - edge;
            let cover = (below + 0.5).clamp(0.0, 1.0);
            let reflection = (-below / 14.0).exp() * 0.9;
            let base = HOOD.scaled(1.0 - 0.25 * ((y as f32 - edge) / 100.0).clamp(0.0, 1.0));
            let colour = base.lerp(Colour::new(120.0, 132.0, 150.0), reflection * (1.0 - 0.5 * u.abs()));
            canvas.blend(i64::from(x), i64::from(y), colour, cover);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periodic_cover_averages_and_edges() {
        assert_eq!(periodic_cover(1.0, 0.5, 12.0, 3.0), 1.0);
        assert_eq!(periodic_cover(6.0, 0.5, 12.0, 3.0), 0.0);
        assert!((periodic_cover(3.0, 1.0, 12.0, 3.0) - 0.5).abs() < 1e-5);
        assert_eq!(periodic_cover(0.0, 40.0, 12.0, 3.0), 0.25);
    }

    #[test]
    fn projection_puts_ground_below_horizon() {
        let camera = Camera { centre_x_px: 640.0, horizon_y_px: HORIZON_Y_PX };
        let (x, y) = camera.project(0.0, 10.0, 0.0);
        assert_eq!(x, 640.0);
        assert!(y > HORIZON_Y_PX);
    }
}
