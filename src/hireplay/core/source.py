"""Reading YAML while remembering where every value stands, so errors can name line and column."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from hireplay.core.problems import Loc, Problem, format_path

MAX_BYTES = 5_000_000
MAX_NODES = 200_000


@dataclass
class Source:
    """A parsed YAML document: its data, where each path starts, and problems found on the way."""

    file: str
    data: Any = None
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def position(self, loc: Loc) -> tuple[int, int]:
        """Line and column of the deepest part of `loc` that exists in the file."""
        for end in range(len(loc), -1, -1):
            found = self.positions.get(tuple(loc[:end]))
            if found is not None:
                return found
        return (1, 1)

    def problem(self, loc: Loc, message: str) -> Problem:
        line, column = self.position(loc)
        return Problem(self.file, line, column, format_path(loc), message)


class _TooLargeError(Exception):
    pass


class _Loader(yaml.SafeLoader):
    pass


# libyaml composes ten times faster than the pure-Python parser; node marks are the same.
_Composer: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_LOADER = _Loader("")


def _walk(node: yaml.Node, loc: Loc, src: Source, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLargeError
    src.positions.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        _LOADER.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = _LOADER.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)) or key is None:
                src.problems.append(
                    Problem(
                        src.file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        format_path(loc),
                        "a key must be a plain name or number, not a list, mapping or null",
                    )
                )
                continue
            if not isinstance(key, (str, int)):
                key = str(key)
            if key in result:
                src.problems.append(
                    Problem(
                        src.file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        format_path((*loc, key)),
                        f"the key '{key}' appears twice in this mapping; keep one",
                    )
                )
            child_loc = (*loc, key if isinstance(key, str) else str(key))
            src.positions[child_loc] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _walk(value_node, child_loc, src, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(child, (*loc, i), src, budget) for i, child in enumerate(node.value)]
    return _LOADER.construct_object(node, deep=True)


def read_yaml(text: str, file: str) -> Source:
    """Parse `text`; malformed YAML becomes a problem with its position, never an exception."""
    src = Source(file)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        src.problems.append(Problem(file, 1, 1, "(top level)", f"the file is larger than {MAX_BYTES:,} bytes"))
        return src
    try:
        loader = _Composer(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "malformed YAML"
        src.problems.append(Problem(file, line, column, "(top level)", f"malformed YAML: {what}"))
        return src
    except yaml.YAMLError as exc:
        src.problems.append(Problem(file, 1, 1, "(top level)", f"malformed YAML: {exc}"))
        return src
    except RecursionError:
        src.problems.append(Problem(file, 1, 1, "(top level)", "the YAML is nested too deeply"))
        return src
    if node is None:
        src.data = None
        return src
    try:
        src.data = _walk(node, (), src, [MAX_NODES])
    except _TooLargeError:
        src.problems.append(
            Problem(
                file,
                1,
                1,
                "(top level)",
                f"the document expands to more than {MAX_NODES:,} values (aliases?)",
            )
        )
        src.data = None
    except RecursionError:
        src.problems.append(Problem(file, 1, 1, "(top level)", "the YAML is nested too deeply"))
        src.data = None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        src.problems.append(Problem(file, 1, 1, "(top level)", f"malformed YAML: {exc}"))
        src.data = None
    return src


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
