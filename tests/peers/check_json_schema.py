"""Validates a ClaimFrame JSON export against schemas/claimframe-export.schema.json with jsonschema (Draft 2020-12)."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
for e in errors[:5]:
    print("invalid:", list(e.absolute_path), e.message[:300])
if errors:
    sys.exit(1)
print("citations", len(doc["citations"]))
