#!/usr/bin/env python3
"""Rebuilds src/Relais.Web/Features/Communes/communes.csv.gz from the npm package
@etalab/decoupage-administratif (INSEE open data, Licence Ouverte 2.0).

Usage: cd tools/communes && npm pack @etalab/decoupage-administratif && tar xzf etalab-*.tgz && python3 extract.py
"""
import csv, gzip, io, json, pathlib

pkg = pathlib.Path("package")
version = json.load(open(pkg / "package.json"))["version"]
communes = json.load(open(pkg / "data/communes.json", encoding="utf-8"))
departements = {d["code"]: d["nom"] for d in json.load(open(pkg / "data/departements.json", encoding="utf-8"))}
out = io.StringIO()
w = csv.writer(out, delimiter=";", lineterminator="\n")
w.writerow(["code", "nom", "departement", "nomDepartement", "codesPostaux", "population"])
kept = 0
for c in sorted(communes, key=lambda c: c["code"]):
    if c["type"] not in ("commune-actuelle", "arrondissement-municipal"):
        continue
    dep = c.get("departement", "")
    w.writerow([c["code"], c["nom"], dep, departements.get(dep, ""), " ".join(c.get("codesPostaux", [])), c.get("population", "")])
    kept += 1
target = pathlib.Path(__file__).resolve().parents[2] / "src/Relais.Web/Features/Communes/communes.csv.gz"
with gzip.GzipFile(target, "wb", mtime=0) as f:
    f.write(out.getvalue().encode("utf-8"))
print(f"{kept} communes from @etalab/decoupage-administratif {version} -> {target}")
