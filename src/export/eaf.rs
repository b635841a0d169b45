//! ELAN .eaf 3.0: one tier per event type (or per reviewer) whose annotations come from a controlled vocabulary
//! made from the taxonomy; notes, reviewers and modifier values on symbolic-association child tiers; each claim on
//! its own tier, and every claim link a CROSS_REF_LINK (REF_TYPE = stance) in one REF_LINK_SET.

use super::common::{ceil_millis, select_media, sorted_events, type_name};
use super::xml::XmlOut;
use super::ExportError;
use crate::case::{Case, ClaimId, Event, Media, MediaId};
use crate::formats::eaf_names::{
    CLAIM_TIER_PREFIX, CV_EVENT_TYPES, LT_CLAIM, LT_EVENT, LT_MODIFIER_PREFIX, LT_NOTE, LT_REVIEWER,
};
use std::collections::BTreeMap;

/// How events are grouped into tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EafTiers {
    #[default]
    PerType,
    PerReviewer,
}

#[derive(Debug, Clone, Default)]
pub struct EafOptions {
    pub media: Option<MediaId>,
    pub tiers: EafTiers,
    /// The media file's URL relative to where the .eaf will be written, e.g. `../footage/a.mp4`.
    pub relative_media_url: String,
    /// The other cameras' URLs, the same way; each one with a clock map (as has the described media) gets its
    /// own MEDIA_DESCRIPTOR with the TIME_ORIGIN that lines it up in ELAN.
    pub other_media_urls: BTreeMap<MediaId, String>,
    /// RFC 3339 date written in the header (pass a fixed time for reproducible files).
    pub date_utc: String,
}

/// Percent-encodes what a URI reference may not hold as-is (spaces, quotes, non-ASCII), keeping `/`.
fn uri_escape(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn mime_of(path: &str) -> &'static str {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".wav") {
        "audio/x-wav"
    } else if lower.ends_with(".mpg") || lower.ends_with(".mpeg") {
        "video/mpeg"
    } else {
        "video/mp4"
    }
}

struct Slots {
    values: Vec<(String, i64)>,
}

impl Slots {
    fn add(&mut self, millis: i64) -> String {
        let id = format!("ts{}", self.values.len() + 1);
        self.values.push((id.clone(), millis));
        id
    }
}

struct Placed<'a> {
    event: &'a Event,
    annotation_id: String,
    slot1: String,
    slot2: String,
}

/// The other cameras that line up with `media` on the wall clock, with their URL and ELAN's TIME_ORIGIN: the
/// camera's media time, in whole milliseconds, at the wall-clock time of `media`'s time 0.
fn other_cameras<'a>(
    case: &'a Case,
    media: &Media,
    urls: &'a BTreeMap<MediaId, String>,
) -> Vec<(&'a Media, &'a str, i64)> {
    let Some(zero_wall) = media.wall_clock.as_ref().and_then(|m| m.wall_micros(0.0)) else { return Vec::new() };
    case.media
        .values()
        .filter(|other| other.id != media.id)
        .filter_map(|other| {
            let url = urls.get(&other.id)?;
            let secs = other.wall_clock.as_ref()?.media_secs_at(zero_wall)?;
            let millis = (secs * 1000.0).round();
            millis.is_finite().then_some((other, url.as_str(), millis as i64))
        })
        .collect()
}

/// The case's events on one media file as an EAF 3.0 document.
pub fn export_eaf(case: &Case, options: &EafOptions) -> Result<Vec<u8>, ExportError> {
    let media = select_media(case, options.media.as_ref())?;
    let mut slots = Slots { values: Vec::new() };
    let mut next_annotation = 0usize;
    let mut new_annotation_id = || {
        next_annotation += 1;
        format!("a{next_annotation}")
    };

    // Events grouped into tiers, in the taxonomy's (or reviewers') order.
    let mut tiers: BTreeMap<(usize, String), Vec<Placed<'_>>> = BTreeMap::new();
    for event in sorted_events(case).into_iter().filter(|e| e.media_id == media.id) {
        let (Some(start), end) = (ceil_millis(&event.start), event.end.as_ref().and_then(ceil_millis)) else {
            continue;
        };
        let start = start.max(0);
        let end = end.unwrap_or(start).max(start);
        let key = match options.tiers {
            EafTiers::PerType => {
                (case.taxonomy.position(&event.type_id).unwrap_or(usize::MAX), type_name(case, &event.type_id))
            }
            EafTiers::PerReviewer => {
                let pos = case.meta.reviewers.iter().position(|r| r == &event.reviewer);
                (pos.unwrap_or(usize::MAX), event.reviewer.clone())
            }
        };
        let placed =
            Placed { event, annotation_id: new_annotation_id(), slot1: slots.add(start), slot2: slots.add(end) };
        tiers.entry(key).or_default().push(placed);
    }
    let duration_millis = (media.probe.duration_secs * 1000.0).ceil().max(1.0) as i64;
    let mut claim_annotations: BTreeMap<ClaimId, (String, String, String)> = BTreeMap::new();
    for claim_id in case.claims.keys() {
        let ids = (new_annotation_id(), slots.add(0), slots.add(duration_millis));
        claim_annotations.insert(claim_id.clone(), ids);
    }
    slots.values.sort_by_key(|(id, ms)| (*ms, id[2..].parse::<usize>().unwrap_or(0)));

    let mut x = XmlOut::new()?;
    let author = case.meta.reviewers.join(", ");
    x.open(
        "ANNOTATION_DOCUMENT",
        &[
            ("AUTHOR", author.as_str()),
            ("DATE", options.date_utc.as_str()),
            ("FORMAT", "3.0"),
            ("VERSION", "3.0"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:noNamespaceSchemaLocation", "http://www.mpi.nl/tools/elan/EAFv3.0.xsd"),
        ],
    )?;
    x.open("HEADER", &[("MEDIA_FILE", ""), ("TIME_UNITS", "milliseconds")])?;
    let url = uri_escape(&options.relative_media_url);
    x.empty(
        "MEDIA_DESCRIPTOR",
        &[("MEDIA_URL", url.as_str()), ("MIME_TYPE", mime_of(&url)), ("RELATIVE_MEDIA_URL", url.as_str())],
    )?;
    let others = other_cameras(case, media, &options.other_media_urls);
    for (_, url, origin_millis) in &others {
        let url = uri_escape(url);
        let origin = origin_millis.to_string();
        x.empty(
            "MEDIA_DESCRIPTOR",
            &[
                ("MEDIA_URL", url.as_str()),
                ("MIME_TYPE", mime_of(&url)),
                ("RELATIVE_MEDIA_URL", url.as_str()),
                ("TIME_ORIGIN", origin.as_str()),
            ],
        )?;
    }
    x.text("PROPERTY", &[("NAME", "claimframe:media_sha256")], &media.sha256)?;
    for (other, _, origin_millis) in &others {
        let name = format!("claimframe:camera:{}", other.id);
        let words = format!(
            "{} (SHA-256 {}) plays from {origin_millis} ms at 0 by its clock map ({}); ELAN keeps one offset, so a \
             drift of {:+.3} ppm is not followed",
            other.path_relative.display(),
            other.sha256,
            other.wall_clock.as_ref().map_or("", |w| w.source.as_str()),
            other.wall_clock.as_ref().map_or(0.0, |w| w.drift_ppm)
        );
        x.text("PROPERTY", &[("NAME", name.as_str())], &words)?;
    }
    x.text("PROPERTY", &[("NAME", "claimframe:audit_head_hash")], case.audit.head_hash())?;
    x.text("PROPERTY", &[("NAME", "claimframe:anchor")], &crate::case::Anchor::of(case).to_string())?;
    x.close("HEADER")?;

    x.open("TIME_ORDER", &[])?;
    for (id, ms) in &slots.values {
        x.empty("TIME_SLOT", &[("TIME_SLOT_ID", id.as_str()), ("TIME_VALUE", ms.to_string().as_str())])?;
    }
    x.close("TIME_ORDER")?;

    let mut modifier_ids: Vec<String> = Vec::new();
    for ((_, tier_name), placed) in &tiers {
        write_event_tier(&mut x, case, options.tiers, tier_name, placed, &mut new_annotation_id, &mut modifier_ids)?;
    }
    for (claim_id, (annotation_id, s1, s2)) in &claim_annotations {
        let Some(claim) = case.claims.get(claim_id) else { continue };
        let tier_id = format!("{CLAIM_TIER_PREFIX}{claim_id}");
        x.open("TIER", &[("TIER_ID", tier_id.as_str()), ("LINGUISTIC_TYPE_REF", LT_CLAIM)])?;
        x.open("ANNOTATION", &[])?;
        x.open(
            "ALIGNABLE_ANNOTATION",
            &[
                ("ANNOTATION_ID", annotation_id.as_str()),
                ("TIME_SLOT_REF1", s1.as_str()),
                ("TIME_SLOT_REF2", s2.as_str()),
            ],
        )?;
        x.text("ANNOTATION_VALUE", &[], &format!("{} — “{}”", claim.title, claim.quote))?;
        x.close("ALIGNABLE_ANNOTATION")?;
        x.close("ANNOTATION")?;
        x.close("TIER")?;
    }

    let event_lt = [
        ("LINGUISTIC_TYPE_ID", LT_EVENT),
        ("TIME_ALIGNABLE", "true"),
        ("GRAPHIC_REFERENCES", "false"),
        ("CONTROLLED_VOCABULARY_REF", CV_EVENT_TYPES),
    ];
    x.empty("LINGUISTIC_TYPE", &event_lt)?;
    for lt in [LT_NOTE, LT_REVIEWER] {
        x.empty(
            "LINGUISTIC_TYPE",
            &[
                ("LINGUISTIC_TYPE_ID", lt),
                ("TIME_ALIGNABLE", "false"),
                ("CONSTRAINTS", "Symbolic_Association"),
                ("GRAPHIC_REFERENCES", "false"),
            ],
        )?;
    }
    x.empty(
        "LINGUISTIC_TYPE",
        &[("LINGUISTIC_TYPE_ID", LT_CLAIM), ("TIME_ALIGNABLE", "true"), ("GRAPHIC_REFERENCES", "false")],
    )?;
    for modifier_id in &modifier_ids {
        let lt = format!("{LT_MODIFIER_PREFIX}{modifier_id}");
        x.empty(
            "LINGUISTIC_TYPE",
            &[
                ("LINGUISTIC_TYPE_ID", lt.as_str()),
                ("TIME_ALIGNABLE", "false"),
                ("CONSTRAINTS", "Symbolic_Association"),
                ("GRAPHIC_REFERENCES", "false"),
                ("CONTROLLED_VOCABULARY_REF", lt.as_str()),
            ],
        )?;
    }
    x.empty("LANGUAGE", &[("LANG_ID", "und"), ("LANG_LABEL", "undetermined (und)")])?;
    x.empty(
        "CONSTRAINT",
        &[("STEREOTYPE", "Symbolic_Association"), ("DESCRIPTION", "1-1 association with a parent annotation")],
    )?;

    x.open("CONTROLLED_VOCABULARY", &[("CV_ID", CV_EVENT_TYPES)])?;
    x.text("DESCRIPTION", &[("LANG_REF", "und")], "ClaimFrame event types (the case's taxonomy)")?;
    for ty in &case.taxonomy.types {
        let cve = format!("cve-{}", ty.id);
        x.open("CV_ENTRY_ML", &[("CVE_ID", cve.as_str())])?;
        x.text("CVE_VALUE", &[("LANG_REF", "und"), ("DESCRIPTION", ty.description.as_str())], &ty.name)?;
        x.close("CV_ENTRY_ML")?;
    }
    x.close("CONTROLLED_VOCABULARY")?;
    for modifier_id in &modifier_ids {
        let cv = format!("{LT_MODIFIER_PREFIX}{modifier_id}");
        let mut values: Vec<&str> = Vec::new();
        let mut name = modifier_id.as_str();
        for m in case.taxonomy.types.iter().flat_map(|t| &t.modifiers).filter(|m| &m.id == modifier_id) {
            name = m.name.as_str();
            for v in &m.allowed_values {
                if !values.contains(&v.as_str()) {
                    values.push(v);
                }
            }
        }
        x.open("CONTROLLED_VOCABULARY", &[("CV_ID", cv.as_str())])?;
        x.text("DESCRIPTION", &[("LANG_REF", "und")], name)?;
        for (i, v) in values.iter().enumerate() {
            let cve = format!("{cv}-{i}");
            x.open("CV_ENTRY_ML", &[("CVE_ID", cve.as_str())])?;
            x.text("CVE_VALUE", &[("LANG_REF", "und")], v)?;
            x.close("CV_ENTRY_ML")?;
        }
        x.close("CONTROLLED_VOCABULARY")?;
    }

    let links: Vec<(&Placed<'_>, &crate::case::ClaimLink)> =
        tiers.values().flatten().flat_map(|p| p.event.links.iter().map(move |l| (p, l))).collect();
    if !links.is_empty() {
        x.open(
            "REF_LINK_SET",
            &[("LINK_SET_ID", "claimframe-claim-links"), ("LINK_SET_NAME", "ClaimFrame claim links")],
        )?;
        for (n, (placed, link)) in links.iter().enumerate() {
            let Some((claim_annotation, _, _)) = claim_annotations.get(&link.claim_id) else { continue };
            let id = format!("rl{}", n + 1);
            let stance = link.stance.to_string();
            x.text(
                "CROSS_REF_LINK",
                &[
                    ("REF_LINK_ID", id.as_str()),
                    ("REF1", placed.annotation_id.as_str()),
                    ("REF2", claim_annotation.as_str()),
                    ("REF_TYPE", stance.as_str()),
                    ("DIRECTIONALITY", "unidirectional"),
                ],
                &link.rationale,
            )?;
        }
        x.close("REF_LINK_SET")?;
    }
    x.close("ANNOTATION_DOCUMENT")?;
    Ok(x.finish())
}

fn write_event_tier(
    x: &mut XmlOut,
    case: &Case,
    mode: EafTiers,
    tier_name: &str,
    placed: &[Placed<'_>],
    new_annotation_id: &mut dyn FnMut() -> String,
    modifier_ids: &mut Vec<String>,
) -> Result<(), ExportError> {
    let mut attrs = vec![("TIER_ID", tier_name), ("LINGUISTIC_TYPE_REF", LT_EVENT)];
    if mode == EafTiers::PerReviewer {
        attrs.push(("ANNOTATOR", tier_name));
    }
    x.open("TIER", &attrs)?;
    for p in placed {
        let cve = format!("cve-{}", p.event.type_id);
        x.open("ANNOTATION", &[])?;
        x.open(
            "ALIGNABLE_ANNOTATION",
            &[
                ("ANNOTATION_ID", p.annotation_id.as_str()),
                ("TIME_SLOT_REF1", p.slot1.as_str()),
                ("TIME_SLOT_REF2", p.slot2.as_str()),
                ("CVE_REF", cve.as_str()),
            ],
        )?;
        x.text("ANNOTATION_VALUE", &[], &type_name(case, &p.event.type_id))?;
        x.close("ALIGNABLE_ANNOTATION")?;
        x.close("ANNOTATION")?;
    }
    x.close("TIER")?;

    // Child tiers: note, reviewer (per-type tiers only), then one per modifier used on this tier.
    // (child tier id, linguistic type, (parent annotation, value) pairs)
    type Child<'p, 'e> = (String, String, Vec<(&'p Placed<'e>, String)>);
    let mut children: Vec<Child<'_, '_>> = Vec::new();
    let notes = placed.iter().filter(|p| !p.event.note.is_empty()).map(|p| (p, p.event.note.clone())).collect();
    children.push((format!("{tier_name} · note"), LT_NOTE.to_owned(), notes));
    if mode == EafTiers::PerType {
        let reviewers =
            placed.iter().filter(|p| !p.event.reviewer.is_empty()).map(|p| (p, p.event.reviewer.clone())).collect();
        children.push((format!("{tier_name} · reviewer"), LT_REVIEWER.to_owned(), reviewers));
    }
    let mut used: Vec<&String> = placed.iter().flat_map(|p| p.event.modifiers.keys()).collect();
    used.sort();
    used.dedup();
    for modifier_id in used {
        if !modifier_ids.contains(modifier_id) {
            modifier_ids.push(modifier_id.clone());
        }
        let values = placed.iter().filter_map(|p| p.event.modifiers.get(modifier_id).map(|v| (p, v.clone()))).collect();
        children.push((format!("{tier_name} · {modifier_id}"), format!("{LT_MODIFIER_PREFIX}{modifier_id}"), values));
    }
    for (child_id, lt, values) in children {
        if values.is_empty() {
            continue;
        }
        x.open(
            "TIER",
            &[("TIER_ID", child_id.as_str()), ("LINGUISTIC_TYPE_REF", lt.as_str()), ("PARENT_REF", tier_name)],
        )?;
        for (p, value) in values {
            let id = new_annotation_id();
            x.open("ANNOTATION", &[])?;
            x.open("REF_ANNOTATION", &[("ANNOTATION_ID", id.as_str()), ("ANNOTATION_REF", p.annotation_id.as_str())])?;
            x.text("ANNOTATION_VALUE", &[], &value)?;
            x.close("REF_ANNOTATION")?;
            x.close("ANNOTATION")?;
        }
        x.close("TIER")?;
    }
    Ok(())
}
