//! What the phone sees: the road side-on from the grass bank on its right-hand side, the phone panning to keep
//! both vehicles in frame — sky, distant hills and a tree line sliding by at their own depths, the two lanes with
//! their markings, the civilian car behind and the agency SUV ahead (body, windows, lettering, brake lamps), and
//! the "SYNTHETIC FOOTAGE - NOT REAL EVIDENCE" label. A phone has no OSD.
//!
//! It is a flat side view, not a perspective render: every vehicle is drawn at one scale, the SUV moves up or
//! down the frame as it weaves across the lanes, and the only hand-shake is a slow sway of the phone.

use super::super::canvas::{Canvas, Colour};
// The road and the SUV are the body camera's: the same layout across the road, the same colours.
use super::super::scene::{
    unit_hash, ASPHALT, ASPHALT_LEFT_M, ASPHALT_RIGHT_M, GLASS, GRASS, HAZE, HILLS, LAMP_OFF, LAMP_ON, LANE_DIVIDER_M,
    LINE_WHITE, LINE_YELLOW, SHOULDER, SKY_TOP, STRIPE, SUV_BODY, SUV_LENGTH_M, TYRE, WHITE_EDGE_M, YELLOW_EDGE_M,
};
use super::super::script::FrameState;
use super::super::text::{TextRenderer, TextStyle};
use super::super::SYNTHETIC_LABEL;

/// Horizontal (and vertical) scale of the road's near lane.
const PX_PER_M: f32 = 9.5;
/// The screen row of the follower's lane centre, and how many rows one metre across the road moves a point.
const LANE_Y_PX: f32 = 262.0;
const ROWS_PER_LATERAL_M: f32 = 7.0;
const HORIZON_Y_PX: f32 = 128.0;

const CAR_LENGTH_M: f32 = 4.4;
/// Half a vehicle's width: the side the phone sees is this far nearer than its centre.
const HALF_WIDTH_M: f32 = 0.95;

const TREES: Colour = Colour::new(52.0, 92.0, 50.0);
const CAR_BODY: Colour = Colour::new(128.0, 30.0, 34.0);
const HUB: Colour = Colour::new(150.0, 152.0, 158.0);
const LABEL_TEXT: Colour = Colour::new(255.0, 214.0, 40.0);

/// Where the phone points: the world position along the road at the frame's centre column, and its sway.
struct View {
    centre_m: f64,
    sway_y_px: f32,
}

impl View {
    fn screen_x(&self, along_m: f64, parallax: f64) -> f32 {
        320.0 + ((along_m - self.centre_m) * parallax) as f32 * PX_PER_M
    }

    fn ground_y(&self, lateral_m: f32) -> f32 {
        LANE_Y_PX + lateral_m * ROWS_PER_LATERAL_M + self.sway_y_px
    }
}

/// Draws the phone's picture for `state` (the script at `script_secs`).
pub fn draw_view(canvas: &mut Canvas, text: &TextRenderer, state: &FrameState, script_secs: f64) {
    // Along the road: the follower's front bumper is at its odometer, the SUV's rear bumper `gap` further on.
    let car_front_m = state.follower_odometer_m;
    let suv_rear_m = car_front_m + state.gap_m;
    let middle_m = (car_front_m - f64::from(CAR_LENGTH_M) + suv_rear_m + f64::from(SUV_LENGTH_M)) * 0.5;
    // The operator pans a little behind the action, more so the faster it moves, and sways slowly.
    let view = View {
        centre_m: middle_m - 0.2 * state.follower_speed_mps,
        sway_y_px: (1.6 * (script_secs * 0.7).sin() + 0.7 * (script_secs * 1.9 + 0.4).sin()) as f32,
    };
    draw_backdrop(canvas, &view);
    draw_road(canvas, &view);
    // The SUV is nearer the phone than the car when it weaves onto the shoulder, farther when in the left lane.
    let suv_lateral_m = state.lead_offset_m as f32;
    let suv = |canvas: &mut Canvas| draw_suv(canvas, text, &view, suv_rear_m, suv_lateral_m, state.lead_brake_lights);
    let car_braking = state.follower_decel_mps2 > 0.5;
    let car = |canvas: &mut Canvas| draw_car(canvas, &view, car_front_m, car_braking);
    if suv_lateral_m < 0.0 {
        suv(canvas);
        car(canvas);
    } else {
        car(canvas);
        suv(canvas);
    }
    draw_label(canvas, text);
}

fn draw_backdrop(canvas: &mut Canvas, view: &View) {
    let width = canvas.width_px();
    let horizon = HORIZON_Y_PX + view.sway_y_px;
    for y in 0..canvas.height_px() {
        let t = ((y as f32 + 0.5) / horizon).clamp(0.0, 1.0);
        let colour = if (y as f32) < horizon { SKY_TOP.lerp(HAZE, t * t) } else { GRASS };
        for x in 0..width {
            canvas.set(i64::from(x), i64::from(y), colour);
        }
    }
    // Distant hills barely move as the phone pans; the tree line on the far side of the road moves at half speed.
    for x in 0..width {
        let along = view.centre_m * 0.06 + f64::from(x as f32 - 320.0) / f64::from(PX_PER_M);
        let hill_px = 20.0 + 9.0 * (along * 0.035 + 0.7).sin() + 5.0 * (along * 0.11).sin();
        let top = horizon - hill_px as f32;
        canvas.fill_rect(x as f32, top, x as f32 + 1.0, horizon, HILLS.lerp(HAZE, 0.35), 1.0);
    }
    let tree_base = view.ground_y(ASPHALT_LEFT_M - 5.0);
    let first = ((view.centre_m - 75.0) / 7.0).floor() as i64;
    for k in first..first + 23 {
        let along_m = k as f64 * 7.0;
        let x = view.screen_x(along_m, 0.5);
        let size = 0.8 + 0.4 * unit_hash(k as u32);
        let leaves = TREES.scaled(0.85 + 0.3 * unit_hash(k as u32 + 977));
        canvas.fill_rect(x - 1.5, tree_base - 22.0 * size, x + 1.5, tree_base, Colour::new(84.0, 64.0, 46.0), 1.0);
        canvas.fill_ellipse(x, tree_base - 30.0 * size, 13.0 * size, 17.0 * size, leaves, 1.0);
    }
}

fn draw_road(canvas: &mut Canvas, view: &View) {
    let width = canvas.width_px() as f32;
    let band = |canvas: &mut Canvas, a_m: f32, b_m: f32, colour: Colour| {
        canvas.fill_rect(0.0, view.ground_y(a_m), width, view.ground_y(b_m), colour, 1.0);
    };
    band(canvas, ASPHALT_LEFT_M, ASPHALT_RIGHT_M, ASPHALT);
    band(canvas, ASPHALT_LEFT_M, YELLOW_EDGE_M, SHOULDER);
    band(canvas, WHITE_EDGE_M, ASPHALT_RIGHT_M, SHOULDER);
    band(canvas, YELLOW_EDGE_M - 0.1, YELLOW_EDGE_M + 0.1, LINE_YELLOW);
    band(canvas, WHITE_EDGE_M - 0.1, WHITE_EDGE_M + 0.1, LINE_WHITE);
    // Lane divider dashes: 3 m every 12 m, fixed to the road.
    let first = ((view.centre_m - 40.0) / 12.0).floor() as i64;
    for k in first..first + 8 {
        let x0 = view.screen_x(k as f64 * 12.0, 1.0);
        let y0 = view.ground_y(LANE_DIVIDER_M - 0.1);
        canvas.fill_rect(x0, y0, x0 + 3.0 * PX_PER_M, view.ground_y(LANE_DIVIDER_M + 0.1), LINE_WHITE, 1.0);
    }
    // Marker posts on the near verge, every 50 m.
    let first = ((view.centre_m - 40.0) / 50.0).floor() as i64;
    for k in first..first + 3 {
        let x = view.screen_x(k as f64 * 50.0 + 20.0, 1.0);
        let base = view.ground_y(ASPHALT_RIGHT_M + 1.2);
        canvas.fill_rect(x - 1.5, base - 1.1 * PX_PER_M, x + 1.5, base, STRIPE, 1.0);
        canvas.fill_rect(x - 1.5, base - 1.0 * PX_PER_M, x + 1.5, base - 0.85 * PX_PER_M, LAMP_ON, 1.0);
    }
}

/// A box on the vehicle's side: from `a_m` to `b_m` along it (metres ahead of `rear_x`), `h0_m` to `h1_m` up.
struct Side {
    rear_x_px: f32,
    ground_y_px: f32,
}

impl Side {
    /// The shadow on the road under a vehicle `length_m` long.
    fn shadow(&self, canvas: &mut Canvas, length_m: f32) {
        let (x0, x1) = (self.rear_x_px - 2.0, self.rear_x_px + length_m * PX_PER_M + 2.0);
        canvas.fill_rect(x0, self.ground_y_px - 3.0, x1, self.ground_y_px + 2.0, Colour::new(30.0, 30.0, 32.0), 0.6);
    }

    fn rect(&self, canvas: &mut Canvas, a_m: f32, b_m: f32, h0_m: f32, h1_m: f32, colour: Colour) {
        let (x0, x1) = (self.rear_x_px + a_m * PX_PER_M, self.rear_x_px + b_m * PX_PER_M);
        canvas.fill_rect(x0, self.ground_y_px - h1_m * PX_PER_M, x1, self.ground_y_px - h0_m * PX_PER_M, colour, 1.0);
    }

    fn wheel(&self, canvas: &mut Canvas, at_m: f32, radius_m: f32) {
        let (cx, cy) = (self.rear_x_px + at_m * PX_PER_M, self.ground_y_px - radius_m * PX_PER_M);
        canvas.fill_ellipse(cx, cy, radius_m * PX_PER_M, radius_m * PX_PER_M, TYRE, 1.0);
        canvas.fill_ellipse(cx, cy, 0.5 * radius_m * PX_PER_M, 0.5 * radius_m * PX_PER_M, HUB, 1.0);
    }

    fn lamp(&self, canvas: &mut Canvas, h0_m: f32, h1_m: f32, lit: bool) {
        self.rect(canvas, -0.05, 0.30, h0_m, h1_m, if lit { LAMP_ON } else { LAMP_OFF });
        if lit {
            let y = self.ground_y_px - (h0_m + h1_m) * 0.5 * PX_PER_M;
            canvas.glow(self.rear_x_px, y, 9.0, Colour::new(255.0, 50.0, 36.0), 0.5);
        }
    }
}

/// The agency SUV, rear bumper at `rear_m` along the road, driving to the right.
fn draw_suv(canvas: &mut Canvas, text: &TextRenderer, view: &View, rear_m: f64, lateral_m: f32, braking: bool) {
    let side = Side { rear_x_px: view.screen_x(rear_m, 1.0), ground_y_px: view.ground_y(lateral_m + HALF_WIDTH_M) };
    side.shadow(canvas, SUV_LENGTH_M);
    side.rect(canvas, 0.0, SUV_LENGTH_M, 0.35, 1.20, SUV_BODY);
    side.rect(canvas, 0.1, SUV_LENGTH_M - 0.9, 1.20, 1.86, SUV_BODY);
    side.rect(canvas, 0.3, 1.5, 1.30, 1.72, GLASS);
    side.rect(canvas, 1.6, 2.7, 1.30, 1.72, GLASS);
    side.rect(canvas, 2.8, SUV_LENGTH_M - 1.05, 1.30, 1.72, GLASS);
    side.rect(canvas, 0.0, SUV_LENGTH_M, 0.92, 1.00, STRIPE);
    side.rect(canvas, 1.2, 2.4, 1.86, 1.97, Colour::new(90.0, 20.0, 24.0));
    side.rect(canvas, 2.4, 3.6, 1.86, 1.97, Colour::new(20.0, 34.0, 96.0));
    side.wheel(canvas, 0.9, 0.38);
    side.wheel(canvas, SUV_LENGTH_M - 0.95, 0.38);
    side.lamp(canvas, 0.86, 1.30, braking);
    let size_px = 0.34 * PX_PER_M;
    let label_x = side.rear_x_px + 1.3 * PX_PER_M;
    text.draw(canvas, "AGENCY", label_x, side.ground_y_px - 0.88 * PX_PER_M, TextStyle::plain(size_px, STRIPE));
}

/// The civilian car, front bumper at `front_m` along the road, driving to the right in the near lane.
fn draw_car(canvas: &mut Canvas, view: &View, front_m: f64, braking: bool) {
    let rear_m = front_m - f64::from(CAR_LENGTH_M);
    let side = Side { rear_x_px: view.screen_x(rear_m, 1.0), ground_y_px: view.ground_y(HALF_WIDTH_M) };
    side.shadow(canvas, CAR_LENGTH_M);
    side.rect(canvas, 0.0, CAR_LENGTH_M, 0.30, 0.95, CAR_BODY);
    // Cabin: narrower than the body, set back from the bonnet.
    side.rect(canvas, 0.5, CAR_LENGTH_M - 1.5, 0.95, 1.42, CAR_BODY);
    side.rect(canvas, 0.7, 1.75, 1.00, 1.34, GLASS);
    side.rect(canvas, 1.85, CAR_LENGTH_M - 1.65, 1.00, 1.34, GLASS);
    side.wheel(canvas, 0.8, 0.32);
    side.wheel(canvas, CAR_LENGTH_M - 0.85, 0.32);
    side.lamp(canvas, 0.70, 0.95, braking);
}

fn draw_label(canvas: &mut Canvas, text: &TextRenderer) {
    let size_px = 17.0;
    let width = canvas.width_px() as f32;
    let label_w = text.measure_px(SYNTHETIC_LABEL, size_px);
    let x = (width - label_w) * 0.5;
    let y = canvas.height_px() as f32 - size_px - 12.0;
    canvas.fill_rect(x - 8.0, y - 4.0, x + label_w + 8.0, y + size_px + 6.0, Colour::new(0.0, 0.0, 0.0), 0.6);
    text.draw(canvas, SYNTHETIC_LABEL, x, y, TextStyle::outlined(size_px, LABEL_TEXT, Colour::new(0.0, 0.0, 0.0), 1));
}
