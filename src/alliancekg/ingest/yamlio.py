"""Reading seed YAML so that every value can be traced to its line.

Mappings come back as :class:`Entry` (a dict that knows its own line and the
line of each key). Timestamps are not resolved, so dates stay the strings the
curator wrote; duplicate keys are an error instead of "last one wins".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..exc import Problem


class Entry(dict[str, Any]):
    """A YAML mapping with the line of the mapping and of each key (1-based)."""

    line: int
    key_lines: dict[str, int]


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key = key
        self.line = line


# libyaml's parser when PyYAML was built with it (several times faster on large
# seed sets); the constructors and resolvers below are Python either way.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    pass


# Drop the timestamp resolver: "2024-06-15" stays a string, "2024-02-30" gets a
# clear date error from our own parser instead of a YAML constructor crash.
# Booleans are YAML 1.2's true/false only: an alias "ON" or "No" stays text.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_Loader.yaml_implicit_resolvers = {
    ch: [
        (tag, _BOOL if tag == "tag:yaml.org,2002:bool" else rx)
        for tag, rx in resolvers
        if tag != "tag:yaml.org,2002:timestamp"
    ]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Entry:
    loader.flatten_mapping(node)
    entry = Entry()
    entry.line = node.start_mark.line + 1
    entry.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key)
        if key in entry:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        entry[key] = loader.construct_object(value_node, deep=True)
        entry.key_lines[key] = key_node.start_mark.line + 1
    return entry


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG


class _Recursive(Exception):
    pass


def _build(loader: _Loader, node: yaml.Node, done: dict[int, Any], path: set[int]) -> Any:
    """What ``loader.construct_document(node)`` gives, built directly: strings, lists
    and mappings (most of a seed file) without PyYAML's generic bookkeeping; any other
    node by PyYAML's own constructors. A node met twice (an alias) is built once."""
    key = id(node)
    if key in done:
        return done[key]
    if isinstance(node, yaml.ScalarNode):
        value = node.value if node.tag == _STR else loader.construct_object(node, deep=True)
    elif key in path:
        raise _Recursive
    elif isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        path.add(key)
        value = [_build(loader, n, done, path) for n in node.value]
        path.discard(key)
    elif isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        path.add(key)
        loader.flatten_mapping(node)
        entry = Entry()
        entry.line = node.start_mark.line + 1
        entry.key_lines = {}
        for key_node, value_node in node.value:
            name = str(_build(loader, key_node, done, path))
            if name in entry:
                raise _DuplicateKey(name, key_node.start_mark.line + 1)
            entry[name] = _build(loader, value_node, done, path)
            entry.key_lines[name] = key_node.start_mark.line + 1
        path.discard(key)
        value = entry
    else:
        value = loader.construct_object(node, deep=True)
    done[key] = value
    return value


def _load(text: str) -> Any:
    """``yaml.load(text, Loader=_Loader)``, 2-3x faster on seed files."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build(loader, node, {}, set())
        except _Recursive:  # a recursive alias: PyYAML's own way
            return loader.construct_document(node)
    finally:
        loader.dispose()


def read_yaml(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """Parse one seed file; return its content or the problems that stop it being read."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        return None, [Problem(f"cannot read the file: {e.strerror}", file=display)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        bad_line = raw[: e.start].count(b"\n") + 1
        return None, [
            Problem(
                f"the file is not UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start}); "
                "save it as UTF-8",
                file=display,
                line=bad_line,
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return _load(text), []
    except _DuplicateKey as e:
        return None, [
            Problem(
                f"key '{e.key}' appears twice in one mapping",
                file=display,
                line=e.line,
                field=e.key,
            )
        ]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line: int | None = mark.line + 1 if mark is not None else None
        what = e.problem or str(e)
        return None, [Problem(f"YAML syntax error: {what}", file=display, line=line)]
    except yaml.YAMLError as e:
        return None, [Problem(f"YAML syntax error: {e}", file=display)]


def write_seed_file(path: Path, doc: dict[str, Any]) -> None:
    """``doc`` as a YAML seed file, written by libyaml when it is there (same bytes)."""
    path.write_text(
        yaml.dump(
            doc,
            Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=None,
            width=200,
        ),
        encoding="utf-8",
    )
