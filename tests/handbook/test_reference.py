"""The generated references list every schema field and every configuration key."""

from __future__ import annotations

from pydantic import Field, create_model

from newsroom.config import SiteConfig
from newsroom.handbook import reference
from newsroom.handbook.reference import walk_fields
from newsroom.networks import NETWORKS
from newsroom.schema import ItemFrontMatter, PageFrontMatter


def test_front_matter_reference_lists_every_field() -> None:
    text = reference.front_matter_reference()

    for model in (ItemFrontMatter, PageFrontMatter):
        for row in walk_fields(model):
            assert f"| `{row.name}` |" in text, row.name
    # Nested models are reached with dotted names (one `social.<network>` per declared
    # network), and descriptions come from the schema.
    assert "| `event.start` |" in text
    for network in NETWORKS:
        assert f"| `social.{network}` |" in text, network
    assert ItemFrontMatter.model_fields["summary"].description in text


def test_configuration_reference_lists_every_key() -> None:
    text = reference.configuration_reference()

    names = [row.name for row in walk_fields(SiteConfig)]
    for name in names:
        assert f"| `{name}` |" in text, name
    assert {"themes[].slug", "accounts.<id>.network", "routing.themes.<id>.add"} <= set(names)
    for key in SiteConfig.model_fields:
        assert f"## `{key}`" in text


def test_a_field_added_to_the_schema_appears_in_the_reference() -> None:
    extended = create_model(
        "ExtendedItem",
        __base__=ItemFrontMatter,
        subtitle=(str | None, Field(None, max_length=80, description="A line under the title.")),
    )

    text = reference.front_matter_reference(item_model=extended)

    row = next(line for line in text.splitlines() if line.startswith("| `subtitle` |"))
    assert "A line under the title." in row
    assert "at most 80 characters" in row
    assert "no (default: none)" in row
    assert "| `subtitle` |" not in reference.front_matter_reference()


def test_constraints_and_defaults_come_from_the_declaration() -> None:
    text = reference.fields_table(ItemFrontMatter)
    rows = {
        line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| `")
    }

    assert "at least 30 characters; at most 300 characters" in rows["`summary`"]
    assert "**yes**" in rows["`title`"]
    assert "no (default: `false`)" in rows["`draft`"]
    for network in NETWORKS:
        assert "text, or `false`" in rows[f"`social.{network}`"], network
    assert "without i, l, o, u" in rows["`id`"]


def test_network_limits_come_from_the_declarations() -> None:
    table = reference.network_limits_table()

    rows = table.splitlines()[2:]
    assert len(rows) == len(NETWORKS), "one row per declared network"
    for row, network in zip(rows, NETWORKS.values(), strict=True):
        assert row.startswith(f"| {network.label} (`{network.name}`) |")
        assert f"{network.limits.max_length:,} {network.limits.unit}" in row
        for key in network.credentials:
            assert f"`{key}`" in row
        if network.rate_limit is not None:
            assert str(network.rate_limit) in row
        for source in network.sources:  # each rule's page and the day it was last checked
            assert f"]({source.url}) (checked {source.checked.isoformat()})" in row
        limits = network.limits
        if limits.url_length is not None and network.link_clickable:
            assert f"every link counts {limits.url_length}" in row
        if limits.max_bytes is not None:
            assert f"at most {limits.max_bytes:,} bytes" in row
