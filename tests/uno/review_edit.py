"""Edits a .docx the way a reviewer does in LibreOffice: with change tracking
on, it deletes and inserts text and adds comments, then saves as .docx.

Usage: /usr/bin/python3 review_edit.py SRC DST AUTHOR EDITS_JSON
EDITS_JSON is a list of operations:
  {"op": "delete", "text": "..."}                    delete the first match
  {"op": "insert_after", "text": "...", "insert": "..."}
  {"op": "comment", "text": "...", "comment": "..."}  comment on the first match
  {"op": "replace", "text": "...", "by": "..."}       replace the first match
An optional "context" finds a longer text first; "text" is then the first
match inside it (a word of a table cell, a number in a sentence).
Runs its own headless LibreOffice (src/pdf/export.py) with a throwaway profile.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "pdf"))
import uno  # noqa: E402
from export import load, office, prop  # noqa: E402


def main():
    src, dst, author, edits = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    with office(tempfile.mkdtemp(prefix="trame-lo-")) as (ctx, desktop):
        # The reviewer's name, as LibreOffice records it in changes and comments.
        config = ctx.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
        access = config.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
        first, _, last = author.partition(" ")
        access.setPropertyValue("givenname", first)
        access.setPropertyValue("sn", last)
        access.commitChanges()
        doc = load(desktop, src)
        doc.RecordChanges = True
        for edit in edits:
            search = doc.createSearchDescriptor()
            search.SearchString = edit.get("context", edit["text"])
            found = doc.findFirst(search)
            if found is None:
                sys.exit("text not found: " + search.SearchString)
            if "context" in edit:
                at = edit["context"].index(edit["text"])
                cursor = found.getText().createTextCursorByRange(found.getStart())
                cursor.goRight(at, False)
                cursor.goRight(len(edit["text"]), True)
                found = cursor
            if edit["op"] == "delete":
                found.setString("")
            elif edit["op"] == "insert_after":
                text = found.getText()
                text.insertString(text.createTextCursorByRange(found.getEnd()), edit["insert"], False)
            elif edit["op"] == "replace":
                found.setString(edit["by"])
            elif edit["op"] == "comment":
                note = doc.createInstance("com.sun.star.text.textfield.Annotation")
                note.Author = author
                note.Content = edit["comment"]
                found.getText().insertTextContent(found, note, True)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)


if __name__ == "__main__":
    main()
