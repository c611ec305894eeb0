"""SVG logo and favicon are pictures only (issue #26): nothing in them runs or is fetched.

Opened on its own, an SVG runs its scripts on the site's origin, where the web editor
keeps its login. `check` and `build` refuse, at the brand file's line in newsroom.yml, an
SVG with a script, an event handler, a <foreignObject>, a link-rewriting animation, a DTD,
or any reference that is not a fragment of the file.
"""

from __future__ import annotations

import pytest
import yaml

from .conftest import write

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
SHAPE = '<rect id="r" width="4" height="4" fill="#0b3d91"/>'
HOSTILE = {
    "script": f"{HEAD}>{SHAPE}<script>alert(document.cookie)</script></svg>",
    "script-in-xhtml": (
        f'{HEAD} xmlns:h="http://www.w3.org/1999/xhtml">{SHAPE}<h:script>alert(1)</h:script></svg>'
    ),
    "onload": f'{HEAD} onload="alert(1)">{SHAPE}</svg>',
    "onload-upper-case": f'{HEAD}>{SHAPE}<g OnClick="alert(1)"/></svg>',
    "javascript-link": f'{HEAD}><a xlink:href="javascript:alert(1)">{SHAPE}</a></svg>',
    "external-image": f'{HEAD}><image href="https://evil.example/pixel.png"/></svg>',
    "data-image": f'{HEAD}><image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>',
    "external-use": f'{HEAD}><use href="https://evil.example/x.svg#a"/></svg>',
    "foreign-object": (
        f"{HEAD}><foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>hi</div>"
        "</foreignObject></svg>"
    ),
    "animated-link": (
        f'{HEAD}><a><set attributeName="href" to="javascript:alert(1)"/>{SHAPE}</a></svg>'
    ),
    "animated-xlink": (
        f'{HEAD}><a><animate attributeName="xlink:href" values="javascript:alert(1)"/></a></svg>'
    ),
    "css-import": f"{HEAD}><style>@import 'https://evil.example/x.css';</style></svg>",
    "css-url": f'{HEAD}><rect style="fill:url(https://evil.example/p.svg#g)"/></svg>',
    "fill-url": f'{HEAD}><rect fill="url(&quot;https://evil.example/p.svg#g&quot;)"/></svg>',
    "filter-url": f'{HEAD}><rect filter="url(//evil.example/f.svg#f)"/></svg>',
    "stylesheet-instruction": (
        f'<?xml-stylesheet href="https://evil.example/x.css"?>{HEAD}>{SHAPE}</svg>'
    ),
    "entities": (
        '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        f"{HEAD}><text>&b;</text></svg>"
    ),
    "not-svg": "<html><script>alert(1)</script></html>",
    "not-xml": f"{HEAD}><rect></svg>",
}
SAFE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'{HEAD}><defs><linearGradient id="g"><stop offset="0" stop-color="#0b3d91"/>'
    '</linearGradient></defs><rect id="r" width="4" height="4" fill="url(#g)"/>'
    '<use href="#r" x="5"/><use xlink:href="#r" x="10"/>'
    "<style>rect { fill: url(#g); }</style></svg>"
)


def _brand(root, key: str, svg: str) -> int:
    """Write `svg` as the logo or favicon; the line of that key in newsroom.yml."""
    rel = f"content/images/brand/{key}-test.svg"
    write(root, rel, svg)
    config = yaml.safe_load((root / "newsroom.yml").read_text(encoding="utf-8"))
    config["site"]["branding"][key] = rel
    text = yaml.safe_dump(config, sort_keys=False)
    (root / "newsroom.yml").write_text(text, encoding="utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if f"{key}-test.svg" in line)


@pytest.mark.parametrize("key", ["logo", "favicon"])
@pytest.mark.parametrize("name", HOSTILE)
def test_check_refuses_an_svg_that_is_more_than_a_picture(newsroom, run, key, name) -> None:
    line = _brand(newsroom, key, HOSTILE[name])

    result = run(newsroom, "check")

    assert result.exit_code == 1, result.output
    assert f"newsroom.yml:{line}: site.branding.{key}: 'content/images/brand/" in result.output
    assert " — " in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("name", ["script", "onload", "external-image", "foreign-object"])
def test_build_refuses_it_and_publishes_nothing(newsroom, run, name) -> None:
    line = _brand(newsroom, "logo", HOSTILE[name])

    result = run(newsroom, "build")

    assert result.exit_code == 1, result.output
    assert f"newsroom.yml:{line}: site.branding.logo: " in result.output
    assert not (newsroom / "output").exists() or not list((newsroom / "output").rglob("*-test.svg"))


@pytest.mark.parametrize("key", ["logo", "favicon"])
def test_a_plain_svg_with_fragment_references_passes_and_is_published(newsroom, run, key) -> None:
    _brand(newsroom, key, SAFE)

    assert run(newsroom, "check").exit_code == 0
    built = run(newsroom, "build")
    assert built.exit_code == 0, built.output
    assert (newsroom / f"output/images/brand/{key}-test.svg").read_text() == SAFE
