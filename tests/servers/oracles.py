"""Ask the networks' own JavaScript libraries (the npm packages of tests/servers/npm/oracles/)
about texts.

The differential tests, in each network's test folder, use them as judges: Newsroom's
counting and facet detection must agree with what the network's own code computes. One Node
process answers a whole batch, so thousands of generated texts cost one start-up (≈ 0.3 s)
rather than one each.

A judge is a CommonJS file in the test folder of the network it judges for, that exports
``judge(input) -> output`` (plain JSON values); :func:`ask` runs it on every input, in order,
and its `require()` finds the packages of tests/servers/npm/oracles/package.json.
The packages are installed by scripts/install-test-servers.sh into
``.cache/test-servers/oracles`` (pinned by tests/servers/npm/oracles/package-lock.json).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from .node22 import install_finished, install_problem, node22_path, servers_dir

PACKAGES = Path(__file__).resolve().parent / "npm" / "oracles"


def packages() -> list[str]:
    """The npm packages the judges need: the dependencies their package.json pins."""
    manifest = json.loads((PACKAGES / "package.json").read_text(encoding="utf-8"))
    return sorted(manifest["dependencies"])


# Reads a JSON array of inputs on stdin, writes a JSON array of outputs on stdout.
_RUNNER = """
const judge = require(process.argv[1]).judge;
let data = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { data += chunk; });
process.stdin.on('end', () => {
  const answers = JSON.parse(data).map((input) => judge(input));
  process.stdout.write(JSON.stringify(answers));
});
"""


def oracles_dir() -> Path:
    """Where the oracle packages are installed (their node_modules)."""
    return servers_dir() / "oracles"


def available() -> bool:
    """True when Node 22 and every oracle package are installed."""
    modules = oracles_dir() / "node_modules"
    return (
        install_finished()
        and node22_path().exists()
        and all((modules / package).is_dir() for package in packages())
    )


def ensure_installed() -> None:
    """Install the oracles when missing (a fresh checkout); raise with the installer's output."""
    if available():
        return
    problem = install_problem(available)
    if problem is not None or not available():
        raise RuntimeError(f"the oracle packages could not be installed:\n{problem}")


def ask(judge: Path, inputs: list[Any], timeout: float = 300) -> list[Any]:
    """Run `judge` (a CommonJS file) on every input, in order."""
    ensure_installed()
    script = judge.resolve()
    answer = subprocess.run(
        [str(node22_path()), "-e", _RUNNER, str(script)],
        input=json.dumps(inputs),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=oracles_dir(),  # require() of the packages resolves from here
        env={"NODE_PATH": str(oracles_dir() / "node_modules"), "PATH": "/usr/bin:/bin"},
        timeout=timeout,
        check=False,
    )
    if answer.returncode != 0:
        raise RuntimeError(f"oracle {judge.name} failed:\n{answer.stderr}")
    outputs = json.loads(answer.stdout)
    assert len(outputs) == len(inputs), "the oracle answered a different number of inputs"
    return outputs
