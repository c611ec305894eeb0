"""Write the example newsroom's open-day brochure, content/files/events/open-day-2026-brochure.pdf.

Run once with fpdf2 installed (`pip install fpdf2`); the PDF is committed, so builds and
tests never need fpdf2. The creation date is fixed so the file is the same on every run.
"""

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

TARGET = Path(__file__).resolve().parents[1] / "content/files/events/open-day-2026-brochure.pdf"
PROGRAMME = [
    ("09:00", "Welcome in the Great Hall: the President and student ambassadors"),
    ("09:30", "Degree fairs: 140 programmes, lecturers and students at every stand"),
    ("11:00", "Lab tours: cleanroom, robotics hall, marine ecology aquariums"),
    ("13:00", "Campus tours with current students, every 30 minutes"),
    ("14:00", "Talks: applying, scholarships, accommodation, studying abroad"),
    ("17:00", "Close"),
]


def main() -> None:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2026, 11, 10, 10, 0, tzinfo=UTC))
    pdf.set_title("Aldermoor University open day, 5 December 2026")
    pdf.set_author("Aldermoor University Press Office")
    pdf.set_lang("en")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 22)
    pdf.multi_cell(0, 12, "Open day - Saturday 5 December 2026", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 12)
    pdf.multi_cell(
        0,
        7,
        "Great Hall, Aldermoor main campus. 09:00 to 17:00. Free entry.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(6)
    pdf.set_font("helvetica", "B", 14)
    pdf.cell(0, 9, "Programme", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 12)
    for time, what in PROGRAMME:
        pdf.cell(20, 8, time)
        pdf.multi_cell(0, 8, what, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(
        0, 7, "Register at www.aldermoor.example/open-day", new_x="LMARGIN", new_y="NEXT"
    )
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(TARGET))
    print(f"{TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
