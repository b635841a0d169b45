//! An event's other cameras in the PDF report: their clean stills two to a row, each row followed by the cameras'
//! citations (left, right), then the cameras without a still, in words.

use super::writer::Writer;
use crate::export::common::ExhibitMoment;
use crate::export::moment_text::{moment_heading, peer_caption, peers_in_words, peers_with_stills};
use crate::export::ExportError;

/// Prints what the other cameras show at the event's start.
pub(super) fn moment_section(w: &mut Writer, moment: &ExhibitMoment) -> Result<(), ExportError> {
    w.para(&moment_heading(&moment.moment), 8.0)?;
    for row in peers_with_stills(moment).chunks(2) {
        let pngs: Vec<&[u8]> = row.iter().map(|(_, png)| *png).collect();
        w.stills(&pngs)?;
        for ((camera, png), side) in row.iter().zip(["Left", "Right"]) {
            w.para(&format!("{side}: {} Printed scaled as JPEG.", peer_caption(camera, Some(png))), 7.0)?;
        }
    }
    for camera in peers_in_words(moment) {
        w.para(&peer_caption(camera, None), 7.0)?;
    }
    Ok(())
}
