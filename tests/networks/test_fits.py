"""`Network.fits` never disagrees with the network's own `measure` (issue #30).

`fits` tries a cheap upper bound before measuring; a bound that is below the measure on some
text makes `fits` accept what the network refuses (the case of the issue: a bound that
assumed NFC text, in the folder of the network it was wrong for). The property is checked on
generated texts, normalised or not, near each network's limit.
"""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.networks import NETWORKS, Network

# Pieces that move a count away from its naive value: characters NFC makes longer (U+0958…
# U+095F, U+FB1D, U+2ADC) or shorter (`e` + U+0301), astral and double-weight characters,
# emoji with skin tones, variation selectors and ZWJ, dots and URLs, reserved characters.
_PIECES = [
    "a", " ", ".", "\u0958", "\u095f", "\ufb1d", "\u2adc", "e\u0301", "\u0301", "日", "😀",
    "🏻", "a🏻", "👩\u200d🔬", "\ufe0f", "#️⃣", "#tag", "https://a.com/x", "example.org",
    "\u212b", "\u1100\u1161", "©", "@user@example.social", "\\", "_", "{", "é",
]  # fmt: skip


def _drawn_texts() -> st.SearchStrategy[str]:
    """A run of one piece long enough to reach any limit, then a few pieces more."""
    run = st.tuples(st.sampled_from(_PIECES), st.integers(0, 700))
    tail = st.lists(st.sampled_from(_PIECES), max_size=12)
    return st.builds(lambda r, t: r[0] * r[1] + "".join(t), run, tail)


def _within(network: Network, text: str) -> bool:
    """What `fits` must answer: measured within the limit, and nothing else refused."""
    limits = network.limits
    return (
        network.measure(text) <= limits.max_length
        and (limits.max_bytes is None or len(text.encode("utf-8")) <= limits.max_bytes)
        and network.refused_character(text) is None
        and network.too_many(text) is None
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_drawn_texts(), normal_form=st.sampled_from([None, "NFC", "NFD", "NFKD"]))
def test_fits_agrees_with_measure_on_any_text(text: str, normal_form: str | None) -> None:
    if normal_form is not None:
        text = unicodedata.normalize(normal_form, text)
    for name, network in NETWORKS.items():
        assert network.fits(text) == _within(network, text), (name, text)
