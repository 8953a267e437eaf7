"""The checkpoint journal of a long enumeration: JSON lines, appended as work finishes.

Line 1 is a header naming the network and the domain; every later line is one
finished piece of work, either the subdivision of a region of Omega^(1..l-1)
into its children (``{"split": code, "children": [...]}``) or a finished
region (``{"region": {...}}`` as in the partition file).  A run given the same
journal skips every recorded piece of work, so an interrupted run resumes
without redoing finished work and without losing any region.  A last line cut
short by the interruption is dropped; any other damage is a
:class:`~exactpd.errors.FileFormatError`.
"""

from __future__ import annotations

import json
import os
from typing import Any

from exactpd.errors import ExactpdError, FileFormatError
from exactpd.io.jsonio import network_to_dict
from exactpd.io.partition_file import cell_fields_from_dict, label_to_json, polytope_to_dict, region_to_dict
from exactpd.network.maso import maso_layers, output_map
from exactpd.network.layers import Network
from exactpd.kernel.polytope import HPolytope
from exactpd.rational import format_vector
from exactpd.enumeration.region import Region, build_region

__all__ = ["Journal"]

_KIND = "exactpd.checkpoint"


def _cell_to_dict(code, A, b, labels, witness) -> dict:
    return {
        "code": [list(c) for c in code],
        "witness": format_vector(witness),
        "halfspaces": [{"a": list(row), "b": bj, "labels": [label_to_json(l)]} for row, bj, l in zip(A, b, labels)],
    }


class Journal:
    """An open checkpoint file (see the module doc); use :meth:`open`."""

    def __init__(self, path, net: Network, handle, splits: dict, regions: dict) -> None:
        self.path = path
        self._net = net
        self._handle = handle
        self._splits = splits
        self._regions = regions

    @classmethod
    def open(cls, path, net: Network, domain: HPolytope) -> "Journal":
        header = {"kind": _KIND, "format": 1, "network": network_to_dict(net), "domain": polytope_to_dict(domain)}
        splits: dict = {}
        regions: dict = {}
        if os.path.exists(path) and os.path.getsize(path) > 0:
            valid_bytes = cls._read(path, header, net, splits, regions)
            handle = open(path, "r+", encoding="utf-8")
            handle.seek(valid_bytes)
            handle.truncate()
        else:
            handle = open(path, "w", encoding="utf-8")
            handle.write(json.dumps(header) + "\n")
            handle.flush()
        return cls(path, net, handle, splits, regions)

    @staticmethod
    def _read(path, header: dict, net: Network, splits: dict, regions: dict) -> int:
        with open(path, "rb") as fh:
            lines = fh.read().split(b"\n")
        valid = 0
        layers, out = maso_layers(net), output_map(net)
        for number, raw in enumerate(lines):
            if not raw.strip():
                valid += len(raw) + 1
                continue
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                if number == len(lines) - 1 or all(not rest.strip() for rest in lines[number + 1 :]):
                    break  # a last line cut short by an interruption
                raise FileFormatError(f"{path}: line {number + 1} is not valid JSON") from None
            where = f"{path}: line {number + 1}"
            if number == 0:
                if not isinstance(record, dict) or record.get("kind") != _KIND:
                    raise FileFormatError(f"{path}: not an exactpd checkpoint")
                if record != header:
                    raise FileFormatError(f"{path}: this checkpoint was written for another network or domain")
            elif isinstance(record, dict) and "split" in record:
                children = record.get("children")
                if not isinstance(children, list):
                    raise FileFormatError(f"{where}: children must be a list")
                code = tuple(tuple(c) for c in record["split"])
                splits[code] = [cell_fields_from_dict(c, f"{where}.children[{i}]", net.input_dim)[:5] for i, c in enumerate(children)]
            elif isinstance(record, dict) and "region" in record:
                code, A, b, labels, witness, points = cell_fields_from_dict(record["region"], where, net.input_dim)
                try:
                    regions[code] = build_region(layers, out, code, HPolytope.from_primitive(A, b), labels, points, witness)
                except ExactpdError as err:
                    raise FileFormatError(f"{where}: {err}") from None
            else:
                raise FileFormatError(f"{where}: unknown record")
            valid += len(raw) + 1
        return min(valid, os.path.getsize(path))

    def children(self, code) -> list | None:
        """The recorded children of the cell with this code prefix, as (code, A, b, labels, witness), or None."""
        found = self._splits.get(code)
        if found is None:
            return None
        return [(c, A, b, tuple(l[0] for l in labels), w) for c, A, b, labels, w in found]

    def region(self, code) -> Region | None:
        return self._regions.get(code)

    def _append(self, record: Any) -> None:
        self._handle.write(json.dumps(record) + "\n")
        self._handle.flush()

    def record_children(self, code, children) -> None:
        self._append(
            {"split": [list(c) for c in code], "children": [_cell_to_dict(c.code, c.A, c.b, c.labels, c.witness) for c in children]}
        )

    def record_region(self, region: Region) -> None:
        self._append({"region": region_to_dict(region, 0)})

    def close(self) -> None:
        self._handle.close()
