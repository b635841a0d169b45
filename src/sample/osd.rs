//! The burned-in on-screen display: camera id and REC mark, running time HH:MM:SS:FF with the frame number, the
//! wall-clock date and time, the GPS speed, and the permanent "SYNTHETIC FOOTAGE - NOT REAL EVIDENCE" banner.

use super::canvas::{Canvas, Colour};
use super::script::{FrameState, FPS};
use super::text::{TextRenderer, TextStyle};
use super::{CAMERA_ID, SYNTHETIC_LABEL};

/// Wall-clock time of frame 0, fictional: 2031-04-17 14:02:00 local (UTC-7).
pub const START_DATE: &str = "2031-04-17";
pub const START_SECS_OF_DAY: u32 = 14 * 3600 + 2 * 60;
pub const UTC_OFFSET: &str = "-0700";
/// The same instant in UTC, as the body camera's container states it (exactly: its clock is the truth).
pub const CREATION_TIME_UTC: &str = "2031-04-17T21:02:00.000000Z";

const OSD_TEXT: Colour = Colour::new(245.0, 245.0, 245.0);
const OSD_OUTLINE: Colour = Colour::new(0.0, 0.0, 0.0);
const PANEL: Colour = Colour::new(0.0, 0.0, 0.0);
const BANNER_TEXT: Colour = Colour::new(255.0, 214.0, 40.0);
const REC_RED: Colour = Colour::new(235.0, 30.0, 30.0);
const MARGIN_PX: f32 = 16.0;
const LINE_SIZE_PX: f32 = 24.0;
const BANNER_SIZE_PX: f32 = 30.0;

/// Running time of `frame` as HH:MM:SS:FF (FF counts frames within the second).
pub fn running_time(frame: u32) -> String {
    let ff = frame % FPS;
    let total_secs = frame / FPS;
    format!("{:02}:{:02}:{:02}:{:02}", total_secs / 3600, total_secs / 60 % 60, total_secs % 60, ff)
}

/// Wall-clock date and time shown on `frame` (whole seconds, counted in frames).
pub fn wall_clock(frame: u32) -> String {
    let secs = START_SECS_OF_DAY + frame / FPS;
    format!("{START_DATE} {:02}:{:02}:{:02} {UTC_OFFSET}", secs / 3600 % 24, secs / 60 % 60, secs % 60)
}

/// Draws the OSD for `state` over the finished scene.
pub fn draw_osd(canvas: &mut Canvas, text: &TextRenderer, state: &FrameState) {
    let width = canvas.width_px() as f32;
    let height = canvas.height_px() as f32;
    let line = TextStyle::outlined(LINE_SIZE_PX, OSD_TEXT, OSD_OUTLINE, 2);
    let line_h = LINE_SIZE_PX + 6.0;

    // Top left: REC, camera id, running time and frame number.
    let id_line = format!("REC  {CAMERA_ID}");
    let tc_line = format!("TC {}  FRM {:05}", running_time(state.frame), state.frame);
    let left_w = text.measure_px(&id_line, LINE_SIZE_PX).max(text.measure_px(&tc_line, LINE_SIZE_PX));
    canvas.fill_rect(
        MARGIN_PX - 8.0,
        MARGIN_PX - 6.0,
        MARGIN_PX + left_w + 30.0,
        MARGIN_PX + 2.0 * line_h + 4.0,
        PANEL,
        0.45,
    );
    canvas.fill_ellipse(MARGIN_PX + 8.0, MARGIN_PX + LINE_SIZE_PX * 0.55, 7.0, 7.0, REC_RED, 1.0);
    text.draw(canvas, &id_line, MARGIN_PX + 22.0, MARGIN_PX, line);
    text.draw(canvas, &tc_line, MARGIN_PX + 22.0, MARGIN_PX + line_h, line);

    // Top right: date and wall-clock time.
    let clock = wall_clock(state.frame);
    let clock_w = text.measure_px(&clock, LINE_SIZE_PX);
    let x = width - MARGIN_PX - clock_w;
    canvas.fill_rect(x - 10.0, MARGIN_PX - 6.0, width - MARGIN_PX + 8.0, MARGIN_PX + line_h, PANEL, 0.45);
    text.draw(canvas, &clock, x, MARGIN_PX, line);

    // Bottom left: GPS speed of the camera car.
    let mph = (state.follower_speed_mps * 2.236_936).round() as i64;
    let gps = format!("GPS {mph:>3} MPH");
    let gps_y = height - MARGIN_PX - line_h - 44.0;
    text.draw(canvas, &gps, MARGIN_PX, gps_y, line);

    // Bottom centre: the synthetic-footage banner, always present.
    let banner_w = text.measure_px(SYNTHETIC_LABEL, BANNER_SIZE_PX);
    let bx = (width - banner_w) * 0.5;
    let by = height - MARGIN_PX - BANNER_SIZE_PX - 6.0;
    canvas.fill_rect(bx - 14.0, by - 6.0, bx + banner_w + 14.0, by + BANNER_SIZE_PX + 10.0, PANEL, 0.6);
    text.draw(canvas, SYNTHETIC_LABEL, bx, by, TextStyle::outlined(BANNER_SIZE_PX, BANNER_TEXT, OSD_OUTLINE, 2));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_time_counts_frames_within_the_second() {
        assert_eq!(running_time(0), "00:00:00:00");
        assert_eq!(running_time(29), "00:00:00:29");
        assert_eq!(running_time(30), "00:00:01:00");
        assert_eq!(running_time(1799), "00:00:59:29");
        assert_eq!(running_time(30 * 3661 + 7), "01:01:01:07");
    }

    #[test]
    fn wall_clock_starts_at_the_fictional_time() {
        assert_eq!(wall_clock(0), "2031-04-17 14:02:00 -0700");
        assert_eq!(wall_clock(1799), "2031-04-17 14:02:59 -0700");
    }
}
