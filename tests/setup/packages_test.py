#!/usr/bin/env python3
"""Fails when the build used a Debian package that scripts/setup.sh does not install.

A machine that has a package installed by hand builds fine without it in setup.sh, and so
does CI on that machine: only a fresh machine shows the gap. This test finds it anyway, after
the build, from what the build actually used:
  - every system header of every object (`ninja -t deps`),
  - every file on the build's command lines (compilers, launchers, libraries; `-lNAME` found on
    the compiler's library path) (`ninja -t commands`),
  - the programs the tests run (below),
then the Debian package owning each (`dpkg -S`). Every one of those packages must be one that
`scripts/setup.sh --print-packages --tests` names, one they depend on (`apt-cache depends
--recurse`), or one every Debian system has (Essential or Priority: required).

Usage: packages_test.py SOURCE_DIR BUILD_DIR. Exits 0 when all is covered, 1 naming every
package that is not, 77 (skipped) when the build is not a Ninja build. Files no package owns
(a Node.js from elsewhere, say) are listed, not failed: no package can be named for them.
"""
import os
import shlex
import shutil
import subprocess
import sys

# Programs the tests and scripts start (the build's own come from its command lines): by
# name from PATH, or by the absolute path the tests use.
TEST_PROGRAMS = ["node", "npm", "/usr/bin/python3", "openssl", "/usr/bin/chromium", "ninja", "cmake", "ctest", "ccache",
                 "pkg-config", "git"]


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout


def outside(path, trees):
    return not any(path == t or path.startswith(t + os.sep) for t in trees)


def used_files(build, trees):
    """Absolute paths of system files the build read: headers, libraries, tools."""
    files = set()
    for line in run(["ninja", "-C", build, "-t", "deps"]).splitlines():
        if line.startswith("    "):
            p = line.strip()
            if os.path.isabs(p):
                files.add(os.path.normpath(p))
    commands = run(["ninja", "-C", build, "-t", "commands"]).splitlines()
    wanted_libs = set()
    for command in commands:
        try:
            tokens = shlex.split(command)
        except ValueError:
            continue
        for t in tokens:
            if t.startswith("-l") and len(t) > 2:
                wanted_libs.add(t[2:])
            elif t.startswith("/") and os.path.isfile(t):
                files.add(os.path.normpath(t))
    files.update(find_libraries(wanted_libs))
    return {f for f in files if outside(f, trees)}


def find_libraries(names):
    """The files `-lNAME` resolves to on the compiler's library search path."""
    if not names:
        return set()
    out = run(["c++", "-print-search-dirs"])
    dirs = []
    for line in out.splitlines():
        if line.startswith("libraries: ="):
            dirs = [os.path.normpath(d) for d in line[len("libraries: ="):].split(":") if d]
    found = set()
    for name in names:
        for d in dirs:
            hit = next((os.path.join(d, f"lib{name}{ext}") for ext in (".so", ".a")
                        if os.path.exists(os.path.join(d, f"lib{name}{ext}"))), None)
            if hit:
                found.add(os.path.normpath(hit))
                break
    return found


def test_programs():
    out = set()
    for name in TEST_PROGRAMS:
        path = shutil.which(name)
        if path:
            out.add(path)
    return out


def candidates(path):
    """The names dpkg may know a file by: as given, resolved, and across the /usr merge."""
    names = [path, os.path.realpath(path)]
    for p in list(names):
        for a, b in (("/usr/lib/", "/lib/"), ("/usr/bin/", "/bin/"), ("/usr/sbin/", "/sbin/")):
            if p.startswith(a):
                names.append(b + p[len(a):])
            elif p.startswith(b):
                names.append(a + p[len(b):])
    return list(dict.fromkeys(names))


def owners(paths):
    """{path: {package, ...}} for every path some package owns (dpkg -S)."""
    lookup = {}
    for p in paths:
        for c in candidates(p):
            lookup.setdefault(c, set()).add(p)
    owned = {}
    names = sorted(lookup)
    for i in range(0, len(names), 500):
        r = subprocess.run(["dpkg", "-S", *names[i:i + 500]], capture_output=True, text=True)
        for line in r.stdout.splitlines():
            if line.startswith("diversion ") or ": " not in line:
                continue
            pkgs, path = line.split(": ", 1)
            for original in lookup.get(path.strip(), ()):
                owned.setdefault(original, set()).update(p.strip().split(":")[0] for p in pkgs.split(","))
    return owned


def closure(packages):
    """The packages `packages` bring with them (Depends and Pre-Depends, recursively)."""
    out = run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
               "--no-breaks", "--no-replaces", "--no-enhances", *packages])
    names = set(packages)
    for line in out.splitlines():
        name = line.strip().lstrip("|")
        if ":" in name and not line.startswith(" "):
            name = name.split(":")[0]
        elif ": " in name:  # "Depends: foo" / "PreDepends: foo"
            name = name.split(": ", 1)[1]
        names.add(name.strip("<>").split(":")[0])
    return names


def on_every_system():
    out = run(["dpkg-query", "-W", "-f", "${Package} ${Essential} ${Priority}\n"])
    base = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and (parts[1] == "yes" or parts[2] == "required"):
            base.add(parts[0])
    return base


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    source, build = (os.path.realpath(a) for a in sys.argv[1:])
    if not os.path.exists(os.path.join(build, "build.ninja")):
        print(f"skipped: {build} is not a Ninja build; `ninja -t deps` is how this test sees what the build used")
        return 77
    setup = run([os.path.join(source, "scripts", "setup.sh"), "--print-packages", "--tests"]).split()
    allowed = closure(setup) | on_every_system()

    files = used_files(build, [source, build]) | test_programs()
    owned = owners(files)
    missing = {}  # package -> an example file
    unowned = sorted(f for f in files if f not in owned)
    for f, pkgs in sorted(owned.items()):
        if not pkgs & allowed:
            for p in pkgs:
                missing.setdefault(p, f)
    packages = set().union(*owned.values()) if owned else set()
    print(f"{len(files)} system files used by the build and the tests, from {len(packages)} Debian packages")
    if unowned:
        print(f"{len(unowned)} files belong to no Debian package (installed by hand?), e.g.:")
        for f in unowned[:10]:
            print("  " + f)
    if missing:
        print("scripts/setup.sh neither installs nor pulls in these packages, which the build used:")
        for p, f in sorted(missing.items()):
            print(f"  {p}  (e.g. {f})")
        return 1
    print("every one is installed by scripts/setup.sh or comes with what it installs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
