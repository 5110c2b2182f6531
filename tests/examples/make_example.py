"""Make riverside-renewal.pdf from riverside-renewal.txt (a made-up council report for the end-to-end test of
`councilgraph ingest`, tests/test_ingest_end_to_end.py): `python tests/examples/make_example.py`.

The PDF is committed so the test reads a real PDF; run this again after editing the text. fpdf2's core font
(Helvetica) is used, so the text must stay in Latin-1; the file's creation date is fixed so that the bytes
reproduce."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
TEXT = HERE / "riverside-renewal.txt"
PDF = HERE / "riverside-renewal.pdf"


def make(text: str, target: Path) -> None:
    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    pdf.set_title(text.splitlines()[0])
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in text.splitlines():
        if line.strip():
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(6)
    pdf.output(str(target))


if __name__ == "__main__":
    make(TEXT.read_text(encoding="utf-8"), PDF)
    print(f"wrote {PDF}")
