"""docxtpl on the same rows as trame: reads the workbook, renders the template."""
import sys
from docxtpl import DocxTemplate
from openpyxl import load_workbook

template, workbook, out = sys.argv[1:4]
sheet = load_workbook(workbook, read_only=True)["Lignes"]
rows = []
for i, values in enumerate(sheet.iter_rows(values_only=True)):
    if i == 0:
        continue
    code, theme, lieu, nombre, constat = values[:5]
    rows.append({"code": code, "theme": theme, "lieu": lieu, "nombre": nombre, "constat": constat})
doc = DocxTemplate(template)
doc.render({"rows": rows})
doc.save(out)
