"""Hashes of what the graph of a seed set is made from.

:func:`seeds_fingerprint` covers the seed files (where they are and their bytes), the
base IRI, the ontology and the queries, the code that reads, checks and maps them, and
the versions of the libraries it reads with; :func:`file_hashes` the source texts the
seeds name, which evidence is checked against. Seed sets alike in both make the same
graph, so a load that finds the graph as the last load of such a seed set left it
has nothing to read or write.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

from ..config import home
from .reader import seed_files

# the libraries whose reading or checking could change what a seed set says
_LIBRARIES = ("pyyaml", "openpyxl", "rdflib", "pyshacl", "pyoxigraph")


def seeds_fingerprint(inputs: Iterable[Path], base: str) -> str:
    """The fingerprint of the seed files found in ``inputs`` (files or folders), read
    with the base IRI ``base``; :class:`~alliancekg.exc.UsageError` when there are
    none, as for reading them."""
    h = hashlib.sha256(b"seeds\0" + base.encode() + b"\0" + _code().encode() + b"\0")
    for f in seed_files(list(inputs)):
        h.update(str(f.resolve()).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def file_hashes(paths: Iterable[Path]) -> dict[str, str]:
    """Each file's hash, by its absolute path; ``""`` for a file that cannot be read."""
    out: dict[str, str] = {}
    for path in paths:
        try:
            out[str(path.resolve())] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            out[str(path.resolve())] = ""
    return out


@cache
def _code() -> str:
    """The hash of the package's files, the ontology and queries folders, and the
    versions of Python and the libraries."""
    h = hashlib.sha256(sys.version.encode())
    for dist in _LIBRARIES:
        try:
            h.update(b"\0" + dist.encode() + b"=" + metadata.version(dist).encode())
        except metadata.PackageNotFoundError:
            h.update(b"\0" + dist.encode() + b"=")
    at = home()
    for folder in (Path(__file__).resolve().parents[1], at.ontology, at.queries):
        for f in sorted(folder.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(folder)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()
