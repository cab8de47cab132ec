"""Reads .docx files the way LibreOffice shows them, optionally after
accepting or rejecting every tracked change: an independent reader for the
redline tests (trame's own reader is not used).

Usage: /usr/bin/python3 accept_reject.py OUT_JSON JOB...
Each JOB is MODE:PATH with MODE one of `as-is`, `accept`, `reject`.
Writes {"MODE:PATH": [line, ...]} where the lines are, in document order,
the text of each body paragraph and of each table cell (row by row), as
LibreOffice's text model has it (fields as LibreOffice computes them).
One headless LibreOffice runs for all jobs (src/pdf/export.py).
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "pdf"))
import uno  # noqa: E402,F401
from export import load, office  # noqa: E402


def lines_of(text, out):
    """Paragraphs and tables of a text, in order."""
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.TextTable"):
            for name in cells_in_order(element):
                cell = element.getCellByName(name)
                lines_of(cell, out)
        elif element.supportsService("com.sun.star.text.Paragraph"):
            out.append(element.getString())


def cells_in_order(table):
    """Cell names row by row (A1, B1, …, A2, …), as getCellNames gives them."""
    return list(table.getCellNames())


def main():
    out_path, jobs = sys.argv[1], sys.argv[2:]
    result = {}
    with office(tempfile.mkdtemp(prefix="trame-lo-")) as (ctx, desktop):
        dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for job in jobs:
            mode, _, path = job.partition(":")
            doc = load(desktop, path)
            if doc is None:
                sys.exit("LibreOffice could not open " + path)
            if mode != "as-is":
                command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
                frame = doc.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, command, "", 0, ())
                if doc.getRedlines().createEnumeration().hasMoreElements():
                    sys.exit("tracked changes left after %s: %s" % (mode, path))
            lines = []
            lines_of(doc.getText(), lines)
            result[job] = lines
            doc.close(True)
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
