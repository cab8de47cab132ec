"""LibreOffice through its UNO bridge (LibreOffice's own Python, or the
system's with python3-uno).

As a program: opens a .docx, refreshes its tables of contents and lists (so
that they show page numbers), and exports it as a tagged PDF (PDF/UA):

    python3 export.py DOCX PDF PROFILE_DIR [SOFFICE]   (run by trame build --pdf)

As a module: `office(profile)` starts a headless LibreOffice and yields its
desktop (the review tests drive it to edit documents like a reviewer).
"""
import contextlib
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


@contextlib.contextmanager
def office(profile, soffice="soffice"):
    """A headless LibreOffice with its own profile; yields (context, desktop)."""
    pipe = "trame_%d" % os.getpid()
    profile_url = uno.systemPathToFileUrl(os.path.abspath(profile))
    process = subprocess.Popen(
        [soffice, "-env:UserInstallation=" + profile_url, "--headless", "--invisible",
         "--nologo", "--norestore", "--nodefault", "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
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
            sys.exit("LibreOffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        yield ctx, desktop
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def load(desktop, path):
    return desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                        (prop("Hidden", True),))


def tagged():
    """PDF export options: a tagged PDF (structure for screen readers), PDF/UA."""
    return uno.Any("[]com.sun.star.beans.PropertyValue",
                   (prop("UseTaggedPDF", True), prop("PDFUACompliance", True)))


def main():
    src, dst, profile = sys.argv[1:4]
    soffice = sys.argv[4] if len(sys.argv) > 4 else "soffice"
    with office(profile, soffice) as (_, desktop):
        doc = load(desktop, src)
        indexes = doc.getDocumentIndexes()
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        doc.getTextFields().refresh()
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)),
                       (prop("FilterName", "writer_pdf_Export"), prop("FilterData", tagged())))
        doc.close(True)


if __name__ == "__main__":
    main()
