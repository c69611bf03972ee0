"""Entity ids: what one may look like, and how an IRI is made from one."""

from __future__ import annotations

import re

# An id names one entity across every source: lower-case letters, digits, '.', '_'
# and '-', starting with a letter or digit. The API's path parameters use the same.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
ID_RULE = "lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"


def is_id(text: object) -> bool:
    return isinstance(text, str) and ID_PATTERN.match(text) is not None
