#!/usr/bin/env python3
"""A stand-in for the `gh` calls of scripts/accounts-issue (`issue list/create/edit/close`,
`label create`, `secret set`), keeping issues, labels and secrets in the JSON file
$FAKE_GH_STATE, and refusing what the real gh refuses: a label that does not exist, a
secret without a token allowed to write secrets ($FAKE_GH_SECRETS_TOKEN)."""

import json
import os
import sys
from pathlib import Path

state_path = Path(os.environ["FAKE_GH_STATE"])
state = json.loads(state_path.read_text(encoding="utf-8"))
args = sys.argv[1:]
state["calls"].append(args[:2])


def option(name: str, default: str | None = None) -> str | None:
    return args[args.index(name) + 1] if name in args else default


def body() -> str:
    source = option("--body-file")
    return sys.stdin.read() if source == "-" else Path(str(source)).read_text(encoding="utf-8")


def save_and_exit(output: str = "") -> None:
    state_path.write_text(json.dumps(state), encoding="utf-8")
    sys.stdout.write(output)
    sys.exit(0)


assert option("--repo") == "aldermoor/news", args
command = args[:2]
if command == ["label", "create"]:
    state["labels"] = sorted({*state["labels"], args[2]})
    save_and_exit()
if command == ["issue", "list"]:
    label = option("--label")
    found = [i for i in state["issues"] if label in i["labels"] and i["state"] == "open"]
    save_and_exit(f"{found[0]['number']}\n" if found else "")
if command == ["issue", "create"]:
    if option("--label") not in state["labels"]:
        sys.exit("could not add label: 'accounts-check' not found")
    number = len(state["issues"]) + 1
    issue = {"number": number, "title": option("--title"), "body": body(), "state": "open"}
    state["issues"].append(issue | {"labels": [option("--label")]})
    save_and_exit(f"https://github.com/aldermoor/news/issues/{number}\n")
if command in (["issue", "edit"], ["issue", "close"]):
    issue = next(i for i in state["issues"] if i["number"] == int(args[2]))
    if command[1] == "edit":
        issue["body"] = body()
    else:
        issue["state"], issue["closing_comment"] = "closed", option("--comment")
    save_and_exit()
if command == ["secret", "set"]:
    if os.environ.get("GH_TOKEN") != os.environ["FAKE_GH_SECRETS_TOKEN"]:
        sys.exit("HTTP 403: Resource not accessible by integration")
    state["secrets"][args[2]] = {"value": sys.stdin.read(), "env": option("--env")}
    save_and_exit()
sys.exit(f"fake gh: no route for {args}")
