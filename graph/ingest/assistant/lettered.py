"""A heading lettered or numbered over a bulleted list, as programmes of events and agendas set them out:

    B. Digital Councillors – award-winning councillors discussed how they are using digital effectively.
    · Tim Cheetham, Cabinet Member for Children, Young People and Families, Barnsley Metropolitan Borough Council
    · Barry Kirby, Quedgeley Parish Council

The heading names something (its words up to a dash set off by spaces): an event where a line shortly before
names one (a session of it, and part of it: 'Appendix B – Innovation Zone'), else an initiative. What the bullets
under it name takes part in it: a council or a local council participates, a person presents (at an event), an
initiative or a fund is listed under it. Weak proposals (0.3): the layout says that they belong together, not
how."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model.vocabulary import kind_of
from .sentences import BULLET_LINE, SPACED_DASH, Sentence
from .structure import Named

__all__ = ["Lettered", "lettered_headings", "RULE"]

RULE = "a lettered heading over a bulleted list"
_HEADING = re.compile(r"^\s*(?:[A-Z]|\d{1,2}|[ivx]{1,4})[.)]\s+(?P<title>[A-Z‘'\"“][^\n]{2,160})$")
_LOOK_BACK = 6  # lines before a heading in which the event it is part of may be named
_BULLETS_AT_LEAST = 2
_TITLE_WORDS = 25


@dataclass(frozen=True)
class Lettered:
    heading: Sentence
    title: tuple[int, int]  # the name's span in the stored text
    name: str
    type: str  # Event or Initiative
    part_of: Named | None  # the event named shortly before (for an Event)
    items: tuple[tuple[Sentence, Named], ...]  # what each bullet under it names


def lettered_headings(sentences: list[Sentence], names: dict[int, list[Named]]) -> list[Lettered]:
    """The lettered headings over two or more bullets, with what the bullets name."""
    found: list[Lettered] = []
    series: tuple[int, Named | None] = (-10, None)  # where the last list ended, and its event
    for i, sentence in enumerate(sentences):
        match = _HEADING.match(sentence.text)
        if match is None:
            continue
        bullets = []
        j = i + 1
        while j < len(sentences) and BULLET_LINE.match(sentences[j].text):
            bullets.append(j)
            j += 1
        if len(bullets) < _BULLETS_AT_LEAST:
            continue
        title = match.group("title")
        if title.rstrip()[-1:] in ":;," or len(title.split()) > _TITLE_WORDS:
            continue  # a numbered paragraph that opens a list, not a heading
        dash = SPACED_DASH.search(title)
        title = (title[: dash.start()] if dash else title).rstrip(" .:;")
        start = sentence.start + match.start("title")
        before = range(i - 1, max(-1, i - _LOOK_BACK), -1)
        event = next((n for k in before for n in names.get(k, []) if kind_of(n.ref) == "event"), None)
        if event is None and i - series[0] <= 2:
            event = series[1]  # the next heading of the same series: a session of the same event
        series = (j, event)
        items = tuple((sentences[k], n) for k in bullets for n in names.get(k, []))
        found.append(
            Lettered(
                sentence,
                (start, start + len(title)),
                " ".join(title.split()),
                "Event" if event else "Initiative",
                event,
                items,
            )
        )
    return found
