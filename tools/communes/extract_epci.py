#!/usr/bin/env python3
"""Rebuilds src/Relais.Web/Features/Partners/Directory/epci.csv.gz (the EPCI à fiscalité propre and their member
communes) from the npm package @etalab/decoupage-administratif (INSEE open data, Licence Ouverte 2.0).

Usage: cd tools/communes && npm pack @etalab/decoupage-administratif && tar xzf etalab-*.tgz && python3 extract_epci.py
"""
import csv, gzip, io, json, pathlib

pkg = pathlib.Path("package")
version = json.load(open(pkg / "package.json"))["version"]
epcis = json.load(open(pkg / "data/epci.json", encoding="utf-8"))
out = io.StringIO()
w = csv.writer(out, delimiter=";", lineterminator="\n")
w.writerow(["code", "nom", "membres"])
for e in sorted(epcis, key=lambda e: e["code"]):
    w.writerow([e["code"], e["nom"], " ".join(sorted(m["code"] for m in e["membres"]))])
target = pathlib.Path(__file__).resolve().parents[2] / "src/Relais.Web/Features/Partners/Directory/epci.csv.gz"
target.parent.mkdir(parents=True, exist_ok=True)
with gzip.GzipFile(target, "wb", mtime=0) as f:
    f.write(out.getvalue().encode("utf-8"))
print(f"{len(epcis)} EPCI from @etalab/decoupage-administratif {version} -> {target}")
