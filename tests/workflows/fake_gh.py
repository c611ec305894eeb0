#!/usr/bin/env python3
"""A stand-in for the `gh api` calls of scripts/post-preview-comment, keeping pull requests
and their comments in the JSON file $FAKE_GH_STATE; `--jq` is applied with the real jq."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

state_path = os.environ["FAKE_GH_STATE"]
state = json.loads(Path(state_path).read_text(encoding="utf-8"))
args = sys.argv[1:]
assert args[0] == "api", args
method, jq, fields, path = "GET", ".", {}, None
rest = args[1:]
while rest:
    arg = rest.pop(0)
    if arg == "--method":
        method = rest.pop(0)
    elif arg == "--jq":
        jq = rest.pop(0)
    elif arg == "-F":
        name, value = rest.pop(0).split("=", 1)
        fields[name] = Path(value[1:]).read_text(encoding="utf-8") if value[:1] == "@" else value
    elif arg == "--paginate":
        pass
    else:
        path = arg
state["calls"].append([method, path])
if m := re.fullmatch(r"repos/[^/]+/[^/]+/pulls/(\d+)", path):
    answer = {"number": int(m[1]), "head": {"sha": state["heads"][m[1]]}}
elif m := re.fullmatch(r"repos/[^/]+/[^/]+/issues/(\d+)/comments", path):
    if method == "POST":
        comment = {"id": len(state["comments"]) + 1, "issue": int(m[1]), "body": fields["body"]}
        comment |= {"user": {"login": "github-actions[bot]"}, "html_url": f"#c{comment['id']}"}
        state["comments"].append(comment)
        answer = comment
    else:
        answer = [c for c in state["comments"] if c["issue"] == int(m[1])]
elif m := re.fullmatch(r"repos/[^/]+/[^/]+/issues/comments/(\d+)", path):
    assert method == "PATCH", method
    answer = next(c for c in state["comments"] if c["id"] == int(m[1]))
    answer["body"] = fields["body"]
else:
    sys.exit(f"fake gh: no route for {method} {path}")
Path(state_path).write_text(json.dumps(state), encoding="utf-8")
out = subprocess.run(["jq", "-r", jq], input=json.dumps(answer), text=True, capture_output=True)
sys.stdout.write(out.stdout)
sys.exit(out.returncode)
