"""Builds the docxtpl template equivalent to trame's bench document:
a title, 200 paragraphs, and a five-column table filled row by row."""
import sys
from docx import Document

out = sys.argv[1]
doc = Document()
doc.add_heading("Banc d'essai", level=1)
for i in range(1, 201):
    doc.add_paragraph(
        f"Paragraphe {i}. Les acteurs de la chaîne pénale identifient, protègent et orientent "
        "les victimes de la traite vers les services spécialisés.")
table = doc.add_table(rows=4, cols=5)
table.style = "Table Grid"
for cell, text in zip(table.rows[0].cells, ["Code", "Thème", "Lieu", "Nombre", "Constat"]):
    cell.text = text
table.rows[1].cells[0].text = "{%tr for r in rows %}"
for cell, key in zip(table.rows[2].cells, ["code", "theme", "lieu", "nombre", "constat"]):
    cell.text = "{{ r.%s }}" % key
table.rows[3].cells[0].text = "{%tr endfor %}"
doc.save(out)
