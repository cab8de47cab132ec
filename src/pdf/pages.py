"""Lays documents out in one headless LibreOffice and prints the page of
each of their bookmarks whose name starts with PREFIX, as JSON:

    python3 pages.py PROFILE_DIR SOFFICE PREFIX DOCX...   (run by trame build)

The output is one list with an object per document, in the order given,
from bookmark name to page number. Imports export.py, written beside it.
"""
import json
import sys

from export import load, office


def pages_of(doc, prefix):
    """The page each bookmark starts on, as LibreOffice lays the document out."""
    cursor = doc.getCurrentController().getViewCursor()
    bookmarks = doc.getBookmarks()
    found = {}
    for name in bookmarks.getElementNames():
        if name.startswith(prefix):
            cursor.gotoRange(bookmarks.getByName(name).getAnchor().getStart(), False)
            found[name] = cursor.getPage()
    return found


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
