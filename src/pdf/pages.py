"""Lays documents out in one headless LibreOffice and prints the page of
each of their bookmarks whose name starts with PREFIX, as JSON:

    python3 pages.py PROFILE_DIR SOFFICE PREFIX DOCX...   (run by trame build)

The output is one list with an object per document, in the order given,
from bookmark name to the page number as the page shows it (its page
style's numbering: « 7 », or « iii » for pages numbered in roman). Imports
export.py, written beside it.
"""
import json
import sys

from export import load, office  # imports uno, which makes com.sun.star importable

from com.sun.star.text.ReferenceFieldPart import PAGE  # noqa: E402
from com.sun.star.text.ReferenceFieldSource import BOOKMARK  # noqa: E402


def pages_of(doc, prefix):
    """The page each bookmark is on: LibreOffice's own page reference to
    it, added at the very end of the text, where it moves nothing before."""
    bookmarks = doc.getBookmarks()
    text = doc.getText()
    fields = []
    for name in bookmarks.getElementNames():
        if name.startswith(prefix):
            field = doc.createInstance("com.sun.star.text.TextField.GetReference")
            field.ReferenceFieldSource = BOOKMARK
            field.ReferenceFieldPart = PAGE
            field.SourceName = name
            text.insertTextContent(text.getEnd(), field, False)
            fields.append((name, field))
    doc.getTextFields().refresh()
    return {name: field.CurrentPresentation for name, field in fields}


def main():
    profile, soffice, prefix = sys.argv[1:4]
    out = []
    with office(profile, soffice) as (_, desktop):
        for path in sys.argv[4:]:
            doc = load(desktop, path)
            try:
                out.append(pages_of(doc, prefix))
            finally:
                doc.close(True)
    json.dump(out, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
