//! The player without a window: commands, playback state, the clock, the decode thread and the audio output.
//! Nothing here imports egui, so every rule about which frame is shown is tested without a display; the UI only
//! sends [`PlayerCommand`]s and draws what [`Player`] says is on screen.

pub mod audio_feed;
pub mod audio_out;
pub mod bench;
pub mod bench_multicam;
pub mod clock;
pub mod command;
pub mod decode_thread;
pub mod duplicate_scan;
pub mod follower;
pub mod loader;
pub mod multicam;
pub mod pace;
pub mod playback;
pub mod shown_rate;
pub mod state;
pub mod synced;
pub mod thumbnails;
pub mod timeline;
pub mod timing_points;
pub mod waveform;

pub use command::{Direction, PlayerCommand, SPEEDS};
pub use playback::{Background, Opening, Player, PlayerOptions, Presented};
pub use state::{Motion, PlayerState};
pub use timeline::Timeline;
