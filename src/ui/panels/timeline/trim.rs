//! The trim view: while an interval's edge is dragged on the timeline, the player is sent to the frame under the
//! edge (as Premiere's trim view and ELAN do), and the picture carries a label naming that edge and frame — and the
//! frame actually on screen while the decoder catches up. When the drag ends the playhead stays on the edge's
//! frame (the picture the reviewer chose it by); Esc cancels the drag and returns the playhead to where it was.

use egui::{Color32, RichText};

use super::drag::DragMode;

/// Which edge of an interval is being dragged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

impl Edge {
    /// The dragged edge for a drag `mode` (a move drags no edge).
    pub fn of(mode: DragMode) -> Option<Self> {
        match mode {
            DragMode::Move => None,
            DragMode::ResizeStart => Some(Edge::Start),
            DragMode::ResizeEnd => Some(Edge::End),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Edge::Start => "start",
            Edge::End => "end",
        }
    }
}

/// An edge drag in progress, as the player was told about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrimPreview {
    pub edge: Edge,
    /// The frame the edge is on now (the player was sent there).
    pub frame: usize,
    /// The playhead before the drag began: Esc returns there.
    pub back_to: usize,
}

impl TrimPreview {
    /// The preview after the edge moved to `frame`, and whether the player must be sent there. `before` is the
    /// preview so far (`None` at the start of the drag, when `playhead` is remembered).
    pub fn follow(before: Option<Self>, edge: Edge, frame: usize, playhead: usize) -> (Self, bool) {
        match before {
            Some(p) if p.edge == edge && p.frame == frame => (p, false),
            Some(p) => (Self { edge, frame, back_to: p.back_to }, true),
            None => (Self { edge, frame, back_to: playhead }, true),
        }
    }

    /// The label over the picture: the edge and its frame, and the frame on screen when it is not that one yet.
    pub fn words(&self, shown_frame: Option<usize>) -> String {
        let edge = format!("{} edge: frame {}", self.edge.name(), self.frame);
        match shown_frame {
            Some(f) if f == self.frame => edge,
            Some(f) => format!("{edge} (decoding; frame {f} on screen)"),
            None => format!("{edge} (decoding)"),
        }
    }
}

/// The trim label in the top-left corner of `picture` (the video's area on screen).
pub fn trim_overlay_ui(ctx: &egui::Context, picture: egui::Rect, preview: &TrimPreview, shown_frame: Option<usize>) {
    egui::Area::new(egui::Id::unique("timeline-trim-overlay"))
        .order(egui::Order::Foreground)
        .fixed_pos(picture.left_top() + egui::vec2(10.0, 10.0))
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).fill(Color32::from_black_alpha(200)).show(ui, |ui| {
                let words = preview.words(shown_frame);
                ui.label(RichText::new(words).strong().color(Color32::from_rgb(255, 230, 120)));
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_player_is_sent_only_when_the_edge_changes_frame_and_the_first_playhead_is_kept() {
        let (p, send) = TrimPreview::follow(None, Edge::End, 359, 330);
        assert!(send);
        assert_eq!(p, TrimPreview { edge: Edge::End, frame: 359, back_to: 330 });
        let (same, send) = TrimPreview::follow(Some(p), Edge::End, 359, 359);
        assert!(!send);
        assert_eq!(same, p);
        let (moved, send) = TrimPreview::follow(Some(p), Edge::End, 362, 359);
        assert!(send);
        assert_eq!(moved.back_to, 330, "the playhead before the drag, not the edge's last frame");
        assert_eq!(moved.words(Some(362)), "end edge: frame 362");
        assert_eq!(moved.words(Some(359)), "end edge: frame 362 (decoding; frame 359 on screen)");
        assert_eq!(Edge::of(DragMode::Move), None);
    }
}
