#!/usr/bin/env python3
# xlsx-cells.py FILE [SHEET]: print the cells of an XLSX sheet as "REF<TAB>value",
# then the sheet's frozen pane, autofilter, page setup and print titles, for
# the tests to compare. Uses only the standard library.
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
sheet = int(sys.argv[2]) if len(sys.argv) > 2 else 1
shared = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
        shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
root = ET.fromstring(z.read("xl/worksheets/sheet%d.xml" % sheet))
for c in root.iter("{%s}c" % NS["m"]):
    t = c.get("t")
    v = c.find("m:v", NS)
    if t == "s":
        val = shared[int(v.text)]
    elif t == "inlineStr":
        val = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
    else:
        val = v.text if v is not None else ""
    if val:
        print("%s\t%s" % (c.get("r"), val.replace("\n", "\\n")))
pane = root.find(".//m:pane", NS)
if pane is not None:
    print("pane\t%s\t%s" % (pane.get("ySplit"), pane.get("state")))
af = root.find("m:autoFilter", NS)
if af is not None:
    print("autofilter\t%s" % af.get("ref"))
ps = root.find("m:pageSetup", NS)
if ps is not None:
    print("page\tpaper=%s\torientation=%s" % (ps.get("paperSize"), ps.get("orientation")))
wb = z.read("xl/workbook.xml").decode()
m = re.search(r'_xlnm.Print_Titles"[^>]*>([^<]*)<', wb)
if m:
    print("print_titles\t%s" % m.group(1))
