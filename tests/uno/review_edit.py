"""Edits a .docx the way a reviewer does in LibreOffice: with change tracking
on, it deletes and inserts text and adds comments, then saves as .docx.

Usage: /usr/bin/python3 review_edit.py SRC DST AUTHOR EDITS_JSON
EDITS_JSON is a list of operations:
  {"op": "delete", "text": "..."}                    delete the first match
  {"op": "insert_after", "text": "...", "insert": "..."}
  {"op": "comment", "text": "...", "comment": "..."}  comment on the first match
Runs its own headless soffice with a throwaway profile and stops it.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def main():
    src, dst, author, edits = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    profile = tempfile.mkdtemp(prefix="trame-lo-")
    pipe = "trame_review_%d" % os.getpid()
    office = subprocess.Popen(
        ["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--invisible",
         "--nologo", "--norestore", "--nodefault", "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(120):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.5)
        if ctx is None:
            sys.exit("soffice did not start")
        smgr = ctx.ServiceManager
        # The reviewer's name, as LibreOffice records it in changes and comments.
        config = smgr.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
        access = config.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
        first, _, last = author.partition(" ")
        access.setPropertyValue("givenname", first)
        access.setPropertyValue("sn", last)
        access.commitChanges()
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                           (prop("Hidden", True),))
        doc.RecordChanges = True
        for edit in edits:
            search = doc.createSearchDescriptor()
            search.SearchString = edit["text"]
            found = doc.findFirst(search)
            if found is None:
                sys.exit("text not found: " + edit["text"])
            if edit["op"] == "delete":
                found.setString("")
            elif edit["op"] == "insert_after":
                text = found.getText()
                cursor = text.createTextCursorByRange(found.getEnd())
                text.insertString(cursor, edit["insert"], False)
            elif edit["op"] == "comment":
                note = doc.createInstance("com.sun.star.text.textfield.Annotation")
                note.Author = author
                note.Content = edit["comment"]
                found.getText().insertTextContent(found, note, True)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
