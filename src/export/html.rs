//! The exhibit report as one self-contained HTML file: case summary, media verified by SHA-256, each camera's clock
//! map, each file's frame-timing plot, a section per claim with the events bearing on it (citation, clean still,
//! ILLUSTRATIVE still, the other cameras' stills at the same moment), the timeline, the measurements with the stills
//! of their marked frames, the reviewers' agreement (when two or more coded), the audit head hash, a hash manifest
//! for a FRE 902(14) certification, and the methodology. All user text is escaped; a
//! Content-Security-Policy forbids scripts outright; stills are embedded as data URIs.

use super::common::{sorted_events, type_name, Exhibit, ExhibitMoment};
use super::exhibit_front::{
    bates_number, claim_anchor, claims_in_order, heading, page_header, section_number, sections,
};
use super::exhibit_measure::claim_measurements_sentence;
use super::exhibit_tables::{asserted_by_on, event_table, manifest_table, media_table, still_caption};
use super::html_measure::measurements_html;
use super::html_parts::{cover_html, figure_svg, html_table, print_css, summary_html, toc_html};
use super::html_timing::timing_svg;
use super::moment_text::{clock_lines, moment_heading, peer_caption, peers_in_words, peers_with_stills};
use super::still::{scaled_png, sha256_hex};
use super::timeline_figure::timeline_figure;
use super::timing_figure::{timing_figure, timing_missing, NOT_READ, TIMING_INTRO};
use super::ExportError;
use crate::case::EventId;
use crate::case::{cite_event, Case, Event, Shows, Stance};
use base64::Engine as _;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#111}\
table{border-collapse:collapse;width:100%;font-size:.85em}td,th{border:1px solid #999;padding:.2em .4em;\
vertical-align:top;text-align:left}code,.hash{font-family:monospace;word-break:break-all}\
blockquote{border-left:4px solid #777;margin:.5em 0;padding:.2em 1em;background:#f4f4f4}\
.stills{display:flex;gap:1em}.stills figure{margin:0;flex:1}.stills img{width:100%}\
.illustrative{color:#b00;font-weight:bold}.ok{color:#060}.bad{color:#b00;font-weight:bold}\
.event{border:1px solid #ccc;padding:.5em;margin:.5em 0}.moment{margin-top:.5em}.moment figure{flex:0 1 50%}.moment figcaption{font-size:.8em}\
.cover{min-height:60vh}.cover-lines th{width:12em}.toc ul{list-style:none;padding:0}.toc li.sub{padding-left:2em}\
.page-header{font-size:.8em;color:#555;border-bottom:1px solid #ccc}@media print{.page-header{display:none}}\
.timeline-figure svg{border:1px solid #ccc}figcaption{font-size:.85em}\
.timing-figure,.stills,.measurement table{break-inside:avoid}.measurement h4{break-after:avoid}\
.stills figure.mark{flex:0 1 50%}.mark figcaption{overflow-wrap:anywhere;font-size:.8em}\
.intervals td{white-space:nowrap}.intervals td:nth-child(1),.intervals td:nth-child(4){white-space:normal}";

fn data_uri(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(png))
}

/// A still's bytes as embedded in the report: scaled to the exhibit's report width when one is set.
fn embedded_png(exhibit: &Exhibit, png: &[u8]) -> Result<Vec<u8>, ExportError> {
    match exhibit.report_still_width_px {
        Some(w) => scaled_png(png, w),
        None => Ok(png.to_vec()),
    }
}

/// A still as the report embeds it, as a data URI.
pub(super) fn shown_uri(exhibit: &Exhibit, png: &[u8]) -> Result<String, ExportError> {
    Ok(data_uri(&embedded_png(exhibit, png)?))
}

/// The other cameras at the event's start: their clean stills side by side, each captioned with its own citation,
/// then the cameras without a still, in words.
fn moment_block(out: &mut String, exhibit: &Exhibit, moment: &ExhibitMoment) -> Result<(), ExportError> {
    let _ = write!(out, "<div class=\"moment\"><p><b>{}</b></p>", esc(&moment_heading(&moment.moment)));
    let pictured = peers_with_stills(moment);
    if !pictured.is_empty() {
        out.push_str("<div class=\"stills\">");
        for (camera, png) in pictured {
            let frame = match &camera.shows {
                Shows::Frame(p) => p.point.frame,
                _ => continue,
            };
            let _ = write!(
                out,
                "<figure class=\"peer\" data-media=\"{id}\" data-frame=\"{frame}\"><img alt=\"media {id} frame {frame}\" \
                 src=\"{uri}\"><figcaption class=\"hash\">{caption}</figcaption></figure>",
                id = esc(camera.media_id.as_str()),
                uri = shown_uri(exhibit, png)?,
                caption = esc(&peer_caption(camera, Some(png))),
            );
        }
        out.push_str("</div>");
    }
    let in_words = peers_in_words(moment);
    if !in_words.is_empty() {
        out.push_str("<ul class=\"no-still\">");
        for camera in in_words {
            let _ = write!(out, "<li class=\"hash\">{}</li>", esc(&peer_caption(camera, None)));
        }
        out.push_str("</ul>");
    }
    out.push_str("</div>");
    Ok(())
}

fn event_block(
    out: &mut String,
    case: &Case,
    exhibit: &Exhibit,
    event: &Event,
    rationale: Option<&str>,
    shown: &mut BTreeSet<EventId>,
) -> Result<(), ExportError> {
    let citation = cite_event(case, &event.id)?;
    let _ = write!(
        out,
        "<div class=\"event\"><p><b>{}</b> — event <code>{}</code>",
        esc(&type_name(case, &event.type_id)),
        esc(event.id.as_str())
    );
    if !event.reviewer.is_empty() {
        let _ = write!(out, ", coded by {}", esc(&event.reviewer));
    }
    out.push_str("</p>");
    if let Some(warning) = event.media_at_coding.warning() {
        let _ = write!(out, "<p class=\"bad\">Caution: {}.</p>", esc(warning));
    }
    let _ = write!(out, "<p class=\"hash\">{}</p>", esc(&citation.to_string()));
    if !event.modifiers.is_empty() {
        let mods: Vec<String> = event.modifiers.iter().map(|(k, v)| format!("{}: {}", esc(k), esc(v))).collect();
        let _ = write!(out, "<p>Modifiers: {}</p>", mods.join("; "));
    }
    if !event.note.is_empty() {
        let _ = write!(out, "<p>Note: {}</p>", esc(&event.note));
    }
    if let Some(r) = rationale.filter(|r| !r.is_empty()) {
        let _ = write!(out, "<p>Rationale: {}</p>", esc(r));
    }
    let anchor = format!("stills-{}", esc(event.id.as_str()));
    let moment = exhibit.moments.get(&event.id);
    let pictured = exhibit.stills.contains_key(&event.id) || moment.is_some();
    if pictured && !shown.insert(event.id.clone()) {
        let _ = write!(out, "<p><a href=\"#{anchor}\">Stills of this event</a> are shown above.</p>");
    } else if pictured {
        let _ = write!(out, "<div id=\"{anchor}\">");
        if let Some(still) = exhibit.stills.get(&event.id) {
            let scale_note = match exhibit.report_still_width_px {
                Some(w) => format!(" Shown scaled to at most {w} px wide; the hash is of the full-resolution PNG."),
                None => String::new(),
            };
            let _ = write!(
                out,
                "<div class=\"stills\"><figure><img alt=\"frame {f}\" src=\"{clean}\"><figcaption><span class=\"hash\">{caption}</span>. Frame {f} as decoded (clean). \
                 SHA-256 of the full-resolution PNG <span class=\"hash\">{h1}</span>.{scale_note}</figcaption></figure><figure><img alt=\"frame {f}, annotated\" \
                 src=\"{ann}\"><figcaption><span class=\"illustrative\">ILLUSTRATIVE</span> — annotated copy, not evidence. \
                 SHA-256 <span class=\"hash\">{h2}</span></figcaption></figure></div>",
                f = still.frame,
                caption = esc(&still_caption(case, event)?),
                clean = shown_uri(exhibit, &still.clean_png)?,
                ann = shown_uri(exhibit, &still.annotated_png)?,
                scale_note = esc(&scale_note),
                h1 = sha256_hex(&still.clean_png),
                h2 = sha256_hex(&still.annotated_png),
            );
        }
        if let Some(moment) = moment {
            moment_block(out, exhibit, moment)?;
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
    Ok(())
}

/// The report, as UTF-8 HTML bytes.
pub fn export_html(case: &Case, exhibit: &Exhibit) -> Result<Vec<u8>, ExportError> {
    let mut o = String::new();
    let title = esc(&case.meta.title);
    let agreement = super::agreement::agreement_html(exhibit.agreement.as_ref());
    let sections = sections(case, !agreement.is_empty());
    let h2 = |anchor: &str, fallback: &str| esc(&heading(&sections, anchor, fallback));
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\
         <title>{title}</title><style>{STYLE}{}</style></head><body>\n<header class=\"page-header\">{}</header>\n",
        print_css(case, exhibit)?,
        esc(&page_header(case, &exhibit.front))
    );
    cover_html(&mut o, case, exhibit);
    summary_html(&mut o, case, &sections);
    o.push_str(&coding_set_html(exhibit));
    toc_html(&mut o, &sections);
    let events = sorted_events(case);
    let _ = write!(o, "<section id=\"figure\"><h2>{}</h2>", h2("figure", "Timeline figure"));
    figure_svg(&mut o, &timeline_figure(case, &events));
    let _ = write!(
        o,
        "</section>\n<section id=\"media\"><h2>{}</h2><p>Reviewers: {}.</p>",
        h2("media", "Media"),
        esc(&crate::case::signing_reviewers(case).join(", "))
    );
    html_table(&mut o, &media_table(case, exhibit), "media");
    let _ = write!(o, "</section>\n<section id=\"sync\"><h2>{}</h2><p>Each camera's clock map \
        takes its media time (PTS × time base) to the case's wall clock; the other cameras shown with an event are \
        each one's latest frame at or before the event's start by these maps.</p><table><tr><th>Camera</th><th>Clock map</th></tr>", h2("sync", "Cameras on the wall clock"));
    for media in case.media.values() {
        let lines: Vec<String> = clock_lines(media, exhibit).iter().map(|l| esc(l)).collect();
        let _ = write!(
            o,
            "<tr><td>{} ({})</td><td>Clock: {}</td></tr>",
            esc(media.id.as_str()),
            esc(&media.path_relative.display().to_string()),
            lines.join("<br>")
        );
    }
    let _ = write!(
        o,
        "</table></section>\n<section id=\"timing\"><h2>{}</h2><p>{}</p>",
        h2("timing", "Frame timing"),
        esc(TIMING_INTRO)
    );
    for media in case.media.values() {
        match exhibit.timing.get(&media.id) {
            Some(Ok(plot)) => timing_svg(&mut o, media.id.as_str(), &timing_figure(media, plot)),
            Some(Err(why)) => {
                let _ = write!(o, "<p class=\"bad\">{}</p>", esc(&timing_missing(media, why)));
            }
            None => {
                let _ = write!(o, "<p>{}</p>", esc(&timing_missing(media, NOT_READ)));
            }
        }
    }
    let _ = write!(o, "</section>\n<section id=\"claims\"><h2>{}</h2>", h2("claims", "Claims"));
    let mut shown = BTreeSet::new();
    for claim in claims_in_order(case) {
        let anchor = claim_anchor(claim);
        let _ = write!(o, "<section class=\"claim\" id=\"{}\"><h3>{}</h3><blockquote>{}</blockquote><p>Asserted by {}. Source: {}{}{}</p>",
            esc(&anchor), esc(&heading(&sections, &anchor, &claim.title)), esc(&claim.quote), esc(&asserted_by_on(claim)),
            esc(&claim.source.document),
            claim.source.date.as_deref().map(|d| format!(", {}", esc(d))).unwrap_or_default(),
            claim.source.link.as_deref().map(|l| format!(" — <span class=\"hash\">{}</span>", esc(l))).unwrap_or_default());
        if !claim.notes.is_empty() {
            let _ = write!(o, "<p>{}</p>", esc(&claim.notes));
        }
        if let Some(measured) =
            claim_measurements_sentence(case, claim, &|a| format!("§{}", section_number(&sections, a)))
        {
            let _ = write!(o, "<p>{}</p>", esc(&measured));
        }
        for (stance, heading) in
            [(Stance::Supports, "Supporting"), (Stance::Contradicts, "Contradicting"), (Stance::Context, "Context")]
        {
            let linked: Vec<(&Event, &str)> = events
                .iter()
                .filter_map(|e| {
                    e.links
                        .iter()
                        .find(|l| l.claim_id == claim.id && l.stance == stance)
                        .map(|l| (*e, l.rationale.as_str()))
                })
                .collect();
            let _ = write!(o, "<h4>{heading} events ({})</h4>", linked.len());
            for (event, rationale) in linked {
                event_block(&mut o, case, exhibit, event, Some(rationale), &mut shown)?;
            }
        }
        o.push_str("</section>");
    }
    let _ = write!(o, "</section>\n<section id=\"timeline\"><h2>{}</h2>", h2("timeline", "Event list"));
    html_table(&mut o, &event_table(case)?, "events");
    o.push_str("</section>");
    measurements_html(&mut o, case, exhibit, &sections)?;
    o.push_str(&agreement);
    let _ = write!(o, "\n<section id=\"audit\"><h2>{}</h2><p>{} entries; head hash <span class=\"hash\">{}</span>.</p>\
        <p class=\"anchor\">{}</p><p>Check the case against this exhibit with <code>claimframe case -c CASE verify --against THIS_FILE</code>.</p></section>",
        h2("audit", "Audit log"), case.audit.len(), esc(case.audit.head_hash()), esc(&crate::case::Anchor::of(case).to_string()));

    let _ = write!(o, "\n<section id=\"manifest\"><h2>{}</h2><p>Each item below is identified by its SHA-256 digest. \
        A copy is authentic when its SHA-256, recomputed with any standard tool (e.g. <code>sha256sum</code>), equals the digest listed. \
        The images in this file are listed as embedded (decode the data URI to check them); the full-resolution PNGs they were made from are listed with where they are.</p>",
        h2("manifest", "Hash manifest (FRE 902(14))"));
    let kind = match exhibit.report_still_width_px {
        Some(w) => format!("PNG as embedded, scaled to at most {w} px wide"),
        None => "PNG as embedded, full resolution".to_owned(),
    };
    html_table(&mut o, &manifest_table(case, exhibit, &kind, &|png| embedded_png(exhibit, png))?, "manifest");
    let _ = write!(
        o,
        "<p>Certification: I, ______________________, a qualified person, certify that the digests above were computed \
        from the listed items, that the media files were verified against them on {}, and that each still was decoded \
        from the media file with the listed digest. Signature: ______________________ Date: __________</p></section>",
        esc(&exhibit.generated_utc)
    );

    let _ = write!(o, "\n<section id=\"methodology\"><h2>{}</h2><ul><li>ClaimFrame {}</li><li>FFmpeg libraries {}</li>\
        <li>Decode settings: {}</li><li>Frame N is the N-th frame (from 0) the decoder outputs in presentation order; frame numbers \
        come from a per-file frame index, never from time × frame rate. Times are PTS × time base.</li>\
        <li>Clean stills are the decoded frame with only the container's display rotation applied, stored as lossless PNG. \
        Images marked ILLUSTRATIVE carry added marks and are not evidence of the frame's content.</li>\
        <li>Printed, every page carries the header, \"page X of Y\" and its Bates number ({} onwards).</li></ul></section>\n</body></html>\n",
        h2("methodology", "Methodology"), esc(&exhibit.claimframe_version), esc(&exhibit.ffmpeg_version), esc(&exhibit.decode_settings),
        esc(&bates_number(&exhibit.front, 0)));
    Ok(o.into_bytes())
}

/// Which events the report shows, when it was said (the caller says it for every report it makes).
fn coding_set_html(exhibit: &Exhibit) -> String {
    if exhibit.coding_set.is_empty() {
        return String::new();
    }
    format!("<p>Events shown: {}.</p>", esc(&exhibit.coding_set))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Claim, ClaimId};

    #[test]
    fn the_report_names_every_signer_and_the_day_a_claim_was_asserted() {
        let mut case = Case::new("Signers");
        case.meta.reviewers = vec!["Ana".into()];
        case.audit.append("2025-01-01T00:00:00.000Z".into(), "reviewer", "add_claim", "claim c-1".into());
        let claim = Claim {
            id: ClaimId::from("c-1"),
            title: "Rammed".into(),
            quote: "every day".into(),
            asserted_on: Some("2025-05-25".into()),
            asserted_by: crate::case::AssertedBy { agency: "DHS".into(), official: String::new() },
            ..Claim::default()
        };
        case.claims.insert(claim.id.clone(), claim);
        let Ok(bytes) = export_html(&case, &Exhibit::default()) else { panic!("no report") };
        let html = String::from_utf8_lossy(&bytes);
        assert!(html.contains("<p>Reviewers: Ana, reviewer.</p>"), "the audit log's signer is named");
        assert!(html.contains("Asserted by DHS on 2025-05-25."), "the claim's day is printed");
    }
}
