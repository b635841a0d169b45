//! The exhibit report as one self-contained HTML file: case summary, media verified by SHA-256, each camera's clock
//! map, a section per claim with the events bearing on it (citation, clean still, ILLUSTRATIVE still, the other
//! cameras' stills at the same moment), the timeline, the reviewers' agreement (when two or more coded), the audit
//! head hash, a hash manifest for a FRE 902(14) certification, and the methodology. All user text is escaped; a
//! Content-Security-Policy forbids scripts outright; stills are embedded as data URIs.

use super::common::{sorted_events, type_name, Exhibit, ExhibitMoment};
use super::moment_text::{
    clock_lines, moment_heading, moment_manifest, peer_caption, peers_in_words, peers_with_stills,
};
use super::still::{scaled_png, sha256_hex};
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
.event{border:1px solid #ccc;padding:.5em;margin:.5em 0}.moment{margin-top:.5em}.moment figure{flex:0 1 50%}.moment figcaption{font-size:.8em}";

fn data_uri(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(png))
}

/// A still as shown in the report: scaled to the exhibit's report width when one is set.
fn shown_uri(exhibit: &Exhibit, png: &[u8]) -> Result<String, ExportError> {
    Ok(match exhibit.report_still_width_px {
        Some(w) => data_uri(&scaled_png(png, w)?),
        None => data_uri(png),
    })
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
                Some(w) => format!(" Shown scaled to at most {w} px wide; the hash is of the exact full-size PNG."),
                None => String::new(),
            };
            let _ = write!(
                out,
                "<div class=\"stills\"><figure><img alt=\"frame {f}\" src=\"{clean}\"><figcaption>Frame {f} as decoded (clean). \
                 SHA-256 of PNG <span class=\"hash\">{h1}</span>.{scale_note}</figcaption></figure><figure><img alt=\"frame {f}, annotated\" \
                 src=\"{ann}\"><figcaption><span class=\"illustrative\">ILLUSTRATIVE</span> — annotated copy, not evidence. \
                 SHA-256 <span class=\"hash\">{h2}</span></figcaption></figure></div>",
                f = still.frame,
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
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\
         <title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n"
    );
    let _ = write!(o, "<section id=\"summary\"><h2>Case summary</h2><p>{}</p><p>Reviewers: {}</p><p>{} media file(s), {} claim(s), {} event(s). Generated {}.</p>{}</section>",
        esc(&case.meta.description), esc(&case.meta.reviewers.join(", ")), case.media.len(), case.claims.len(), case.events.len(), esc(&exhibit.generated_utc),
        coding_set_html(exhibit));

    o.push_str("<section id=\"media\"><h2>Media</h2><table><tr><th>Id</th><th>File</th><th>SHA-256 (recorded)</th><th>Size (bytes)</th><th>Frames</th><th>Verification</th></tr>");
    for media in case.media.values() {
        let check = exhibit.checks.iter().find(|c| c.media_id == media.id);
        let (class, outcome) =
            check.map_or(("bad", "not verified"), |c| (if c.ok { "ok" } else { "bad" }, c.outcome.as_str()));
        let _ = write!(o, "<tr><td>{}</td><td>{}</td><td class=\"hash\">{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{}</td></tr>",
            esc(media.id.as_str()), esc(&media.path_relative.display().to_string()), esc(&media.sha256), media.size_bytes, media.probe.frame_count, esc(outcome));
        if let Some(warning) = &media.probe.ends_early {
            let _ = write!(
                o,
                "<tr><td></td><td colspan=\"5\" class=\"bad\">{}: {}</td></tr>",
                esc(media.id.as_str()),
                esc(warning)
            );
        }
    }
    o.push_str("</table></section>\n<section id=\"sync\"><h2>Cameras on the wall clock</h2><p>Each camera's clock map \
        takes its media time (PTS × time base) to the case's wall clock; the other cameras shown with an event are \
        each one's latest frame at or before the event's start by these maps.</p><table><tr><th>Camera</th><th>Clock map</th></tr>");
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
    o.push_str("</table></section>\n<section id=\"claims\"><h2>Claims</h2>");
    let events = sorted_events(case);
    let mut shown = BTreeSet::new();
    for claim in case.claims.values() {
        let _ = write!(o, "<section class=\"claim\"><h3>{} <small>({})</small></h3><blockquote>{}</blockquote><p>Asserted by {}{}. Source: {}{}{}</p>",
            esc(&claim.title), esc(claim.id.as_str()), esc(&claim.quote), esc(&claim.asserted_by.agency),
            if claim.asserted_by.official.is_empty() { String::new() } else { format!(" ({})", esc(&claim.asserted_by.official)) },
            esc(&claim.source.document),
            claim.source.date.as_deref().map(|d| format!(", {}", esc(d))).unwrap_or_default(),
            claim.source.link.as_deref().map(|l| format!(" — <span class=\"hash\">{}</span>", esc(l))).unwrap_or_default());
        if !claim.notes.is_empty() {
            let _ = write!(o, "<p>{}</p>", esc(&claim.notes));
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
    o.push_str("</section>\n<section id=\"timeline\"><h2>Event timeline</h2><table><tr><th>Event</th><th>Type</th><th>Citation</th><th>Note</th><th>Claims</th></tr>");
    for event in &events {
        let citation = cite_event(case, &event.id)?;
        let links: Vec<String> =
            event.links.iter().map(|l| format!("{} ({})", esc(l.claim_id.as_str()), l.stance)).collect();
        let _ = write!(
            o,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"hash\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(event.id.as_str()),
            esc(&type_name(case, &event.type_id)),
            esc(&citation.to_string()),
            esc(&event.note),
            links.join(", ")
        );
    }
    o.push_str("</table></section>");
    o.push_str(&super::agreement::agreement_html(exhibit.agreement.as_ref()));
    let _ = write!(o, "\n<section id=\"audit\"><h2>Audit log</h2><p>{} entries; head hash <span class=\"hash\">{}</span>.</p>\
        <p class=\"anchor\">{}</p><p>Check the case against this exhibit with <code>claimframe case -c CASE verify --against THIS_FILE</code>.</p></section>",
        case.audit.len(), esc(case.audit.head_hash()), esc(&crate::case::Anchor::of(case).to_string()));

    o.push_str("\n<section id=\"manifest\"><h2>Hash manifest (FRE 902(14))</h2><p>Each item below is identified by its SHA-256 digest. \
        A copy is authentic when its SHA-256, recomputed with any standard tool (e.g. <code>sha256sum</code>), equals the digest listed.</p>\
        <table><tr><th>Item</th><th>SHA-256</th></tr>");
    for media in case.media.values() {
        let _ = write!(
            o,
            "<tr><td>Media {} ({})</td><td class=\"hash\">{}</td></tr>",
            esc(media.id.as_str()),
            esc(&media.path_relative.display().to_string()),
            esc(&media.sha256)
        );
    }
    for (event_id, still) in &exhibit.stills {
        let _ = write!(o, "<tr><td>Still of event {} frame {} (clean PNG)</td><td class=\"hash\">{}</td></tr><tr><td>Still of event {} frame {} (ILLUSTRATIVE PNG)</td><td class=\"hash\">{}</td></tr>",
            esc(event_id.as_str()), still.frame, sha256_hex(&still.clean_png), esc(event_id.as_str()), still.frame, sha256_hex(&still.annotated_png));
    }
    for (what, sha256) in moment_manifest(exhibit) {
        let _ = write!(o, "<tr><td>{}</td><td class=\"hash\">{sha256}</td></tr>", esc(&what));
    }
    let _ = write!(
        o,
        "<tr><td>Audit log head</td><td class=\"hash\">{}</td></tr></table>\
        <p>Certification: I, ______________________, a qualified person, certify that the digests above were computed \
        from the listed items, that the media files were verified against them on {}, and that each still was decoded \
        from the media file with the listed digest. Signature: ______________________ Date: __________</p></section>",
        esc(case.audit.head_hash()),
        esc(&exhibit.generated_utc)
    );

    let _ = write!(o, "\n<section id=\"methodology\"><h2>Methodology</h2><ul><li>ClaimFrame {}</li><li>FFmpeg libraries {}</li>\
        <li>Decode settings: {}</li><li>Frame N is the N-th frame (from 0) the decoder outputs in presentation order; frame numbers \
        come from a per-file frame index, never from time × frame rate. Times are PTS × time base.</li>\
        <li>Clean stills are the decoded frame with only the container's display rotation applied, stored as lossless PNG. \
        Images marked ILLUSTRATIVE carry added marks and are not evidence of the frame's content.</li></ul></section>\n</body></html>\n",
        esc(&exhibit.claimframe_version), esc(&exhibit.ffmpeg_version), esc(&exhibit.decode_settings));
    Ok(o.into_bytes())
}

/// Which events the report shows, when it was said (the caller says it for every report it makes).
fn coding_set_html(exhibit: &Exhibit) -> String {
    if exhibit.coding_set.is_empty() {
        return String::new();
    }
    format!("<p>Events shown: {}.</p>", esc(&exhibit.coding_set))
}
