#!/usr/bin/env python3
"""Keeps the wake's functions lld can move alone: scripts/wake-order.sh's last step.

    scripts/wake-order-filter.py NAMES INPUT...

NAMES: one function (symbol) name a line, hottest first (a `.text.` prefix, the gold section
form, is dropped). INPUT: the objects and archives the release link reads. Prints, in order, the
names every definition of which sits in a section of its own (`.text.NAME`, pumpd's modules and
the Swift runtime are built one section per function) or in a section of at most one page (a
small C object such as CPumpThreads, libgcc's __divti3). lld orders whole input sections by the
symbols in them, so a name defined inside a large section (the Swift standard library's 1.6 MB
Swift.o, a compiler helper every object has a local copy of) would drag that section into the
wake's pages: such names are left out, and listed on stderr.
"""
import collections
import re
import subprocess
import sys

PAGE = 4096
names = []
for line in open(sys.argv[1]):
    name = line.strip()
    name = name[len(".text."):] if name.startswith(".text.") else name
    if name and name not in names:
        names.append(name)
wanted = set(names)
# name -> [(section name, section size)] over every definition in every input
definitions = collections.defaultdict(list)
section = re.compile(r"\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)")
for path in sys.argv[2:]:
    listing = subprocess.run(["readelf", "-W", "-S", "-s", path], capture_output=True, text=True, errors="replace").stdout
    sections = {}
    for line in listing.splitlines():
        if line.startswith("File: "):  # the next archive member
            sections = {}
            continue
        m = section.match(line)
        if m:
            sections[m.group(1)] = (m.group(2), int(m.group(3), 16))
            continue
        fields = line.split()
        # Num: Value Size Type Bind Vis Ndx Name
        if len(fields) == 8 and fields[0].endswith(":") and fields[7] in wanted and fields[6] in sections:
            definitions[fields[7]].append(sections[fields[6]])
kept = 0
for name in names:
    found = definitions.get(name, [])
    movable = found and all(sect == ".text." + name or size <= PAGE for sect, size in found)
    if movable:
        print(name)
        kept += 1
    else:
        largest = max((size for _, size in found), default=0)
        print(f"left out: {name} ({'not found' if not found else f'in a {largest}-byte section'})", file=sys.stderr)
print(f"{kept} of {len(names)} functions", file=sys.stderr)
