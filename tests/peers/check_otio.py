"""Reads an .otio and a CMX3600 .edl with opentimelineio (and otio-cmx3600-adapter) and prints their markers."""
import json
import sys

import opentimelineio as otio


def markers(timeline):
    out = []
    for clip in timeline.find_clips():
        for m in clip.markers:
            out.append({"name": m.name, "frame": m.marked_range.start_time.value, "rate": m.marked_range.start_time.rate,
                        "color": m.color})
    return out


otio_tl = otio.adapters.read_from_file(sys.argv[1])
edl_tl = otio.adapters.read_from_file(sys.argv[2], adapter_name="cmx_3600")
print(json.dumps({"otio": markers(otio_tl), "edl": markers(edl_tl), "otio_version": otio.__version__}))
