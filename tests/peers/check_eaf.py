"""Reads an .eaf with pympi-ling and prints what a peer sees: event tiers, annotations, links."""
import json
import sys

import pympi

eaf = pympi.Elan.Eaf(sys.argv[1])
events = []
for tier, (aligned, _refs, attrs, _) in eaf.tiers.items():
    if attrs.get("LINGUISTIC_TYPE_REF") != "claimframe-event":
        continue
    for start, end, value in eaf.get_annotation_data_for_tier(tier):
        events.append({"tier": tier, "start_ms": start, "end_ms": end, "value": value})
print(json.dumps({
    "events": events,
    "tiers": sorted(eaf.get_tier_names()),
    "vocabularies": sorted(eaf.get_controlled_vocabulary_names()),
    "media": [m["MEDIA_URL"] for m in eaf.media_descriptors],
    "time_origins": [m.get("TIME_ORIGIN") for m in eaf.media_descriptors],
}))
