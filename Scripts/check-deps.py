#!/usr/bin/env python3
"""Package.swift matches the imports: every target depends on exactly the modules its files
import (a test target may also depend on the executable it runs, to order the build).
Reads `swift package dump-package`; exits 1 naming each mismatch. Called by Scripts/test.sh."""
import json, os, re, subprocess, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
package = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True,
                                    capture_output=True, text=True).stdout)
products = {"ArgumentParser": "ArgumentParser", "Yams": "Yams"}
system = {"Foundation", "Glibc", "Darwin", "Dispatch", "Synchronization", "Testing", "XCTest"}
import_re = re.compile(r"^(?:@testable\s+|@_implementationOnly\s+|(?:internal|public|package)\s+)*import\s+(\w+)", re.M)
executables = {t["name"] for t in package["targets"] if t["type"] == "executable"}
problems = []
for t in package["targets"]:
    if t["type"] == "system":
        continue
    folder = t.get("path") or os.path.join("Tests" if t["type"] == "test" else "Sources", t["name"])
    imported = set()
    for dirpath, _, files in os.walk(os.path.join(root, folder)):
        for f in files:
            if f.endswith(".swift"):
                imported |= set(import_re.findall(open(os.path.join(dirpath, f), encoding="utf-8").read()))
    imported -= system
    declared = set()
    for dep in t["dependencies"]:
        if "byName" in dep:
            declared.add(dep["byName"][0])
        elif "product" in dep:
            declared.add(dep["product"][0])
        elif "target" in dep:
            declared.add(dep["target"][0])
    unused = declared - imported - (executables if t["type"] == "test" else set())
    undeclared = imported - declared
    for m in sorted(unused):
        problems.append(f"{t['name']}: depends on {m}, which none of its files imports")
    for m in sorted(undeclared):
        problems.append(f"{t['name']}: imports {m} without declaring it")
for p in problems:
    print("Package.swift: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
