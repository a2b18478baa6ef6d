#!/usr/bin/env python3
# test-flatpak-manifest.py: the Flatpak manifest cannot be built here (no
# Flathub), so check offline what flatpak-builder would refuse or what would
# make a build unreproducible: valid JSON, the required keys, a current GNOME
# runtime, libgtop built as a module, and every source pinned.
import json
import sys

path = sys.argv[1]
failures = []
count = 0


def check(cond, what):
    global count
    count += 1
    print(("ok %d - " if cond else "not ok %d - ") % count + what)
    if not cond:
        failures.append(what)


with open(path, encoding="utf-8") as f:
    manifest = json.load(f)

for key in ("id", "runtime", "runtime-version", "sdk", "command", "finish-args", "modules"):
    check(key in manifest, "manifest has key %r" % key)

check(manifest.get("id") == "io.github.heapscope.Heapscope", "app id")
check(manifest.get("runtime") == "org.gnome.Platform", "GNOME runtime")
check(manifest.get("sdk") == "org.gnome.Sdk", "GNOME SDK")
version = str(manifest.get("runtime-version", "0"))
check(version.isdigit() and int(version) >= 48, "runtime version %s >= 48" % version)
check(manifest.get("command") == "heapscope", "command is heapscope")

args = manifest.get("finish-args", [])
check("--talk-name=org.freedesktop.Flatpak" in args,
      "may spawn heapscope-probe on the host (flatpak-spawn --host)")
check(not any(a.startswith("--filesystem=host") or a == "--filesystem=home" for a in args),
      "no broad filesystem access: profiles come through the file chooser portal")
check("--share=network" in args, "network for Go endpoints on 127.0.0.1")

modules = manifest.get("modules", [])
names = [m.get("name") for m in modules if isinstance(m, dict)]
check("libgtop" in names, "libgtop is built as a module (not in the GNOME runtime)")
check("re2" in names, "RE2 is built as a module (not in the GNOME runtime; Debian's is 2022-06-01)")
check(names and names[-1] == "heapscope", "the app is the last module")


def walk(mods):
    for m in mods:
        if isinstance(m, dict):
            yield m
            yield from walk(m.get("modules", []))


for m in walk(modules):
    for s in m.get("sources", []):
        kind = s.get("type")
        if kind in ("archive", "file"):
            check("sha256" in s and len(s["sha256"]) == 64,
                  "%s: %s source pinned by sha256" % (m["name"], kind))
        elif kind == "git":
            check("commit" in s or "tag" in s and "commit" in s,
                  "%s: git source pinned by commit" % m["name"])
        elif kind == "dir":
            check(m["name"] == "heapscope", "%s: only the app builds from the local tree" % m["name"])
        else:
            check(False, "%s: unknown source type %r" % (m["name"], kind))

print("1..%d" % count)
sys.exit(1 if failures else 0)
