"""The command line's choices are the library's: one list (graph/choices.py) that each registry is keyed by
and each click option offers, not two lists kept in step."""

from __future__ import annotations

import click
import pytest

from cli import cli
from graph import choices
from graph.model.export import DEFAULT_FORMATS, EXPORTERS
from graph.network import analytics
from graph.network.projection import VIEWS
from graph.network.report import RENDERERS as REPORT_RENDERERS
from graph.query.results import RENDERERS as QUERY_RENDERERS
from graph.viz.page import VIEW_NAMES
from graph.viz.style import COLOURINGS, SIZINGS

REGISTRIES = [
    (EXPORTERS, choices.EXPORT_FORMATS),
    (QUERY_RENDERERS, choices.QUERY_FORMATS),
    (VIEWS, choices.VIEWS),
    (REPORT_RENDERERS, choices.REPORT_FORMATS),
    (COLOURINGS, choices.COLOURINGS),
    (SIZINGS, choices.SIZINGS),
]


@pytest.mark.parametrize("registry, names", REGISTRIES)
def test_each_registry_is_keyed_by_its_choices(registry, names):
    assert tuple(registry) == names


def test_the_other_names_are_the_librarys():
    assert VIEW_NAMES == choices.VIZ_VIEWS  # the page's views: the analysis views, in the page's order
    assert set(choices.VIZ_VIEWS) == set(choices.VIEWS)
    assert set(choices.SIMILARITY_VIEWS) <= set(choices.VIEWS)
    assert set(choices.DEFAULT_EXPORT_FORMATS) <= set(choices.EXPORT_FORMATS)
    assert DEFAULT_FORMATS is choices.DEFAULT_EXPORT_FORMATS
    assert analytics.DEFAULT_SEED is choices.DEFAULT_SEED
    assert analytics.SIMILARITY_METHODS is choices.SIMILARITY_METHODS


def _option(command: str, name: str) -> click.Option:
    return next(p for p in cli.commands[command].params if isinstance(p, click.Option) and name in p.opts)


@pytest.mark.parametrize(
    "command, option, names",
    [
        ("build", "--format", choices.EXPORT_FORMATS),
        ("query", "--format", choices.QUERY_FORMATS),
        ("publish", "--protocol", choices.PUBLISH_PROTOCOLS),
        ("analyse", "--view", choices.VIEWS),
        ("analyse", "--format", choices.REPORT_FORMATS),
        ("similar", "--view", choices.SIMILARITY_VIEWS),
        ("similar", "--method", choices.SIMILARITY_METHODS),
        ("viz", "--view", choices.VIZ_VIEWS),
        ("viz", "--colour", choices.COLOURINGS),
        ("viz", "--size", choices.SIZINGS),
    ],
)
def test_each_option_offers_the_choices(command, option, names):
    option_type = _option(command, option).type
    assert isinstance(option_type, click.Choice)
    assert tuple(option_type.choices) == names


def test_the_defaults_are_the_librarys():
    assert tuple(_option("build", "--format").default) == choices.DEFAULT_EXPORT_FORMATS
    assert _option("analyse", "--seed").default == choices.DEFAULT_SEED


def test_a_registry_that_differs_from_its_choices_fails_at_once():
    assert choices.registry(("a", "b"), {"a": 1, "b": 2}) == {"a": 1, "b": 2}
    with pytest.raises(AssertionError, match="keyed by b, a but graph/choices.py lists a, b"):
        choices.registry(("a", "b"), {"b": 2, "a": 1})
    with pytest.raises(AssertionError, match="lists a, b"):
        choices.registry(("a", "b"), {"a": 1})
