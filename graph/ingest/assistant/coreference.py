"""A sentence that refers back to the initiative the sentence before it named: 'The Riverside Project opened in
2019. It is funded by Nesta.' The sentence's relations are read as if 'It' (or 'The project', 'This scheme', ...)
were the initiative ('The council', 'They': the council the sentence before named), and quoted from the start of
the sentence naming it to the end of the one referring back: one contiguous span of the text. Less sure than a
relation one sentence states."""

from __future__ import annotations

import re

from ...model.vocabulary import kind_of
from .relations import Mention, Proposed, propose_relations
from .sentences import Sentence, clip_quote

__all__ = ["referring_back"]

_REFERS = re.compile(
    r"^[\W_]*(?P<it>It|(?:The|This) (?:project|scheme|programme|initiative|pilot|service|fund|network)"
    r"|(?P<council>The [Cc]ouncil|The [Aa]uthority|They))\b"
)
_REFERRED = {"initiative", "programme", "fund"}  # the kinds of thing 'it' is read as
_LESS_SURE = 0.1


def referring_back(
    sentences: list[Sentence], mentions: dict[int, list[Mention]], text: str
) -> list[tuple[Proposed, str]]:
    """The relations each sentence opening with 'It', 'The project', ... states of the initiative (or, opening
    with 'The council', 'They', of the council) the sentence before it names last (`mentions`: by a sentence's
    start, what it names, offsets in the sentence), each with its quote."""
    found = []
    for before, sentence in zip(sentences, sentences[1:]):
        match = _REFERS.match(sentence.text)
        if match is None or text[before.end : sentence.start].strip():
            continue
        kinds = {"council"} if match.group("council") else _REFERRED
        named = [m for m in mentions.get(before.start, []) if kind_of(m.ref) in kinds]
        here = mentions.get(sentence.start, [])
        if not named or any(m.ref == named[-1].ref for m in here):
            continue
        it = Mention(match.start("it"), match.end("it"), named[-1].ref)
        both = Sentence(before.start, sentence.end, text[before.start : sentence.end])
        referred = (before.start + named[-1].start, before.start + named[-1].end)
        for proposed in propose_relations(sentence.text, [it, *(m for m in here if m.start >= it.end)]):
            if it.ref not in (proposed.source, proposed.target):
                continue
            spans = [referred if (a, b) == (it.start, it.end) else (sentence.start + a, sentence.start + b)
                     for a, b in proposed.spans]  # fmt: skip
            found.append((_less_sure(proposed), clip_quote(both, spans, text)))
    return found


def _less_sure(proposed: Proposed) -> Proposed:
    return Proposed(
        proposed.type,
        proposed.source,
        proposed.target,
        round(max(0.05, proposed.confidence - _LESS_SURE), 2),
        f"{proposed.trigger} (of what the sentence before names)",
        proposed.status,
        proposed.role,
        proposed.spans,
    )
