"""Loading and linting playbook files: every problem, each with file, line, column and path.

Structure is checked by the pydantic models; cross-references (ids defined once, items and
questions pointing at defined competencies, weights adding up, every competency measured) are
checked on the raw data, so that one broken part never hides the problems of another.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from hireplay.core.items import ITEM_TYPES, Item, ItemBase
from hireplay.core.playbook import Playbook
from hireplay.core.problems import InvalidFileError, Loc, Problem
from hireplay.core.source import Source, as_list, as_mapping, read_yaml
from hireplay.core.translation import missing

M = TypeVar("M", bound=BaseModel)

_ITEM_ADAPTER: TypeAdapter[Any] = TypeAdapter(Item)
_ID_HELP = "use lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters"


def _strip_tags(loc: tuple[Any, ...], data: Any) -> Loc:
    """Drop the discriminator tags and validator names pydantic puts into error locations."""
    out: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            out.append(str(part))
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            out.append(part)
            current = current[part]
        elif (isinstance(current, dict) and part in (current.get("type"), current.get("kind"))) or (
            isinstance(part, str) and ("[" in part or part.startswith("function-"))
        ):
            continue
        elif isinstance(current, dict) and isinstance(part, int) and str(part) in current:
            out.append(str(part))
            current = current[str(part)]
        else:
            out.append(part)
            current = None
    return tuple(out)


def _strip_optional(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _models_for(annotation: Any, value: Any) -> list[type[BaseModel]]:
    """The models an annotation may hold for this value (resolving discriminated unions)."""
    annotation = _strip_optional(annotation)
    if get_origin(annotation) in (typing.Union, types.UnionType):
        found = [m for arg in get_args(annotation) for m in _models_for(arg, value)]
        if len(found) > 1 and isinstance(value, dict):
            for model in found:
                for tag_field in ("type", "kind"):
                    field = model.model_fields.get(tag_field)
                    if field is not None and value.get(tag_field) in get_args(field.annotation):
                        return [model]
        return found
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _allowed_fields(loc: Loc, data: Any) -> list[str]:
    """Field names allowed in the mapping at `loc`, for suggesting a fix to an unknown field."""
    annotation: Any = Playbook
    value = data
    for part in loc:
        container = _strip_optional(annotation)
        origin = get_origin(container)
        if origin in (tuple, list, dict):
            args = [a for a in get_args(container) if a is not Ellipsis]
            annotation = args[-1] if args else Any
        else:
            models = _models_for(annotation, value)
            field = models[0].model_fields.get(str(part)) if models else None
            if field is None:
                return []
            annotation = field.annotation
        value = _at(value, (part,))
    models = _models_for(annotation, value)
    return list(models[0].model_fields) if models else []


def _message(error: Any, loc: Loc, data: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"the required field '{loc[-1]}' is missing"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(loc[:-1], data)
        name = str(loc[-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        listing = f"; allowed here: {', '.join(allowed)}" if allowed else ""
        return f"unknown field '{name}'{hint}{listing}"
    if kind == "union_tag_invalid":
        field = ctx.get("discriminator", "'type'").strip("'")
        tags = ctx.get("expected_tags", "")
        what = "item type" if field == "type" else field
        close = difflib.get_close_matches(str(ctx.get("tag")), [t.strip(" '") for t in tags.split(",")], n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown {what} '{ctx.get('tag')}'{hint}; expected one of: {tags.replace(chr(39), '')}"
    if kind == "union_tag_not_found":
        field = ctx.get("discriminator", "'type'").strip("'")
        return f"'{field}' is missing; it says which kind this is"
    if kind == "string_pattern_mismatch" and "a-z0-9" in str(ctx.get("pattern", "")):
        return f"'{error.get('input')}' is not a valid id: {_ID_HELP}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a mapping of fields, got {_describe(error.get('input'))}"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f"needs at least {least} {'entry' if least == 1 else 'entries'}, has {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        return f"may have at most {ctx.get('max_length')} entries, has {ctx.get('actual_length')}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, got {_describe(error.get('input'))}"
    msg = str(error["msg"])
    got = error.get("input")
    if kind == "string_type" and isinstance(got, bool):
        word = "yes" if got else "no"
        return (f"expected text, got {str(got).lower()}: YAML reads an unquoted yes, no, true or false as a truth "
                f'value; write it in quotes ("{word}")')  # fmt: skip
    if isinstance(got, (str, int, float)) and not isinstance(got, bool):
        shown = repr(got) if len(repr(got)) <= 60 else repr(got)[:57] + "..."
        return f"{msg[0].lower()}{msg[1:]} (got {shown})"
    return f"{msg[0].lower()}{msg[1:]}"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return type(value).__name__


def _validation_problems(exc: ValidationError, src: Source, prefix: Loc = ()) -> list[Problem]:
    problems = []
    errors = exc.errors(include_url=False)
    locs = [tuple(e["loc"]) for e in errors]
    for error in errors:
        here = tuple(error["loc"])
        if error["type"] == "too_short" and any(len(o) > len(here) and o[: len(here)] == here for o in locs):
            continue  # the list is short only because its elements failed; those errors say why
        loc = _strip_tags(here, _at(src.data, prefix))
        full = (*prefix, *loc)
        problems.append(src.problem(full, _message(error, full, src.data)))
    return problems


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict):
            data = data.get(part, data.get(int(part)) if isinstance(part, str) and part.isdigit() else None)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _ids(src: Source, loc: Loc, what: str, problems: list[Problem]) -> list[str]:
    """The ids of a list of mappings; duplicates are problems."""
    seen: list[str] = []
    for i, entry in enumerate(as_list(_at(src.data, loc))):
        ident = as_mapping(entry).get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            problems.append(
                src.problem((*loc, i, "id"), f"the {what} id '{ident}' is already used; ids must be unique")
            )
        seen.append(ident)
    return seen


def _refs(values: Any) -> list[tuple[int | None, str]]:
    if isinstance(values, str):
        return [(None, values)]
    return [(i, v) for i, v in enumerate(as_list(values)) if isinstance(v, str)]


def _cross_checks(src: Source) -> list[Problem]:
    problems: list[Problem] = []
    data = as_mapping(src.data)
    competencies = _ids(src, ("competencies",), "competency", problems)
    sections = _ids(src, ("assessment", "sections"), "section", problems)
    _ids(src, ("assessment", "items"), "item", problems)
    _ids(src, ("interview", "questions"), "question", problems)
    red_flags = _ids(src, ("interview", "red_flags"), "red flag", problems)
    _ids(src, ("interview", "confirmations"), "confirmation", problems)
    exercises = _ids(src, ("exercises",), "exercise", problems)
    _ids(src, ("screening",), "screening question", problems)
    for e_at, exercise in enumerate(as_list(data.get("exercises"))):
        for f_at, flag in enumerate(as_list(as_mapping(exercise).get("red_flags"))):
            flag_id = as_mapping(flag).get("id")
            if isinstance(flag_id, str):
                if flag_id in red_flags:
                    problems.append(src.problem(("exercises", e_at, "red_flags", f_at, "id"),
                                                f"red flag '{flag_id}' is defined twice; give each its own id, or use "
                                                "the one already defined"))  # fmt: skip
                red_flags.append(flag_id)
    parts = ["assessment", *exercises, "interview"]
    known = ", ".join(competencies) or "none defined"

    def check_competency(loc: Loc, ref: str) -> None:
        if competencies and ref not in competencies:
            close = difflib.get_close_matches(ref, competencies, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(src.problem(loc, f"'{ref}' is not a defined competency{hint}; defined: {known}"))

    measured: set[str] = set()
    for i, item in enumerate(as_list(as_mapping(data.get("assessment")).get("items"))):
        item = as_mapping(item)
        for j, ref in _refs(item.get("competencies")):
            measured.add(ref)
            check_competency(("assessment", "items", i, "competencies", *(() if j is None else (j,))), ref)
        section = item.get("section")
        if isinstance(section, str) and sections and section not in sections:
            problems.append(
                src.problem(
                    ("assessment", "items", i, "section"),
                    f"'{section}' is not a defined section; defined: {', '.join(sections)}",
                )
            )
    used_sections = {as_mapping(it).get("section") for it in as_list(as_mapping(data.get("assessment")).get("items"))}
    for i, section in enumerate(sections):
        if section not in used_sections:
            problems.append(src.problem(("assessment", "sections", i), f"section '{section}' has no items"))
    for i, question in enumerate(as_list(as_mapping(data.get("interview")).get("questions"))):
        for j, ref in _refs(as_mapping(question).get("competencies")):
            measured.add(ref)
            check_competency(("interview", "questions", i, "competencies", *(() if j is None else (j,))), ref)
    raisers: list[tuple[Loc, str]] = []
    for e_at, exercise in enumerate(as_list(data.get("exercises"))):
        seen: set[str] = set()
        for r_at, row in enumerate(as_list(as_mapping(exercise).get("grid"))):
            row_ref = as_mapping(row).get("competency")
            if not isinstance(row_ref, str):
                continue
            measured.add(row_ref)
            check_competency(("exercises", e_at, "grid", r_at, "competency"), row_ref)
            if row_ref in seen:
                problems.append(src.problem(("exercises", e_at, "grid", r_at, "competency"),
                                            f"'{row_ref}' has two rows in this grid; keep one row per competency"))  # fmt: skip
            seen.add(row_ref)
            for level, behaviours in as_mapping(as_mapping(row).get("levels")).items():
                for n, behaviour in enumerate(as_list(behaviours)):
                    raised = as_mapping(behaviour).get("raises")
                    if isinstance(raised, str):
                        raisers.append((("exercises", e_at, "grid", r_at, "levels", level, n, "raises"), raised))
    for i, competency in enumerate(competencies):
        if competency not in measured:
            problems.append(
                src.problem(
                    ("competencies", i),
                    f"competency '{competency}' is measured by no item, no interview question and no exercise",
                )
            )

    raw_weights = [as_mapping(c).get("weight") for c in as_list(data.get("competencies"))]
    weights = [float(w) for w in raw_weights if isinstance(w, (int, float)) and not isinstance(w, bool)]
    if weights and len(weights) == len(raw_weights):
        total = sum(weights)
        if abs(total - 100) > 0.01:
            hint = "; weights are percentages: write 60, not 0.6" if abs(total - 1) <= 0.01 else ""
            problems.append(src.problem(("competencies",), f"competency weights add up to {total:g}, not 100{hint}"))
    policy = as_mapping(data.get("decision_policy"))
    known_parts = ", ".join(parts)
    for key in ("weights", "floors"):
        for named in as_mapping(policy.get(key)):
            if named not in parts:
                problems.append(src.problem(("decision_policy", key, str(named)),
                                            f"'{named}' is not a part of this playbook; the parts are: {known_parts}"))  # fmt: skip
    part_weights = as_mapping(policy.get("weights"))
    given = list(part_weights.values())
    if given and all(isinstance(w, (int, float)) and not isinstance(w, bool) for w in given):
        total = sum(given)
        if abs(total - 100) > 0.01:
            named = " and ".join(str(k) for k in part_weights)
            hint = "; weights are percentages: write 60, not 0.6" if abs(total - 1) <= 0.01 else ""
            problems.append(src.problem(("decision_policy", "weights"), f"the weights of {named} add up to {total:g}, "
                                                                         f"not 100{hint}"))  # fmt: skip
    for i, must in enumerate(as_list(policy.get("must_haves"))):
        must_ref = as_mapping(must).get("competency")
        if isinstance(must_ref, str):
            check_competency(("decision_policy", "must_haves", i, "competency"), must_ref)
        source = as_mapping(must).get("source")
        if isinstance(source, str) and source not in parts:
            problems.append(src.problem(("decision_policy", "must_haves", i, "source"),
                                        f"'{source}' is not a part of this playbook; the parts are: {known_parts}"))  # fmt: skip
        elif isinstance(source, str) and isinstance(must_ref, str) and source in exercises:
            rows = [as_mapping(r).get("competency")
                    for e in as_list(data.get("exercises")) if as_mapping(e).get("id") == source
                    for r in as_list(as_mapping(e).get("grid"))]  # fmt: skip
            if must_ref not in rows:
                problems.append(src.problem(("decision_policy", "must_haves", i, "competency"),
                                            f"the grid of exercise '{source}' has no row for '{must_ref}'"))  # fmt: skip
    problems += _risk_problems(src, data, parts)
    evidence = {*competencies, *_ids(src, ("assessment", "items"), "item", []),
                *_ids(src, ("interview", "questions"), "question", []), *exercises,
                *_ids(src, ("screening",), "screening question", [])}  # fmt: skip
    must = as_mapping(as_mapping(data.get("role")).get("must_have"))
    for group in ("hard", "soft", "attitude"):
        for i, skill in enumerate(as_list(must.get(group))):
            for j, ref in _refs(as_mapping(skill).get("evidenced_by")):
                if ref not in evidence:
                    close = difflib.get_close_matches(ref, sorted(evidence), n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    problems.append(src.problem(("role", "must_have", group, i, "evidenced_by", *(() if j is None else (j,))),
                                                f"'{ref}' is not a competency, item, interview question, exercise or "
                                                f"screening question of this playbook{hint}"))  # fmt: skip
    for loc, raised in raisers:
        if raised not in red_flags:
            problems.append(src.problem(loc, f"'{raised}' is not a red flag of this playbook; defined: "
                                             f"{', '.join(red_flags) or 'none'}"))  # fmt: skip
    effects = as_mapping(policy.get("red_flags"))
    for named in effects:
        if named not in red_flags:
            problems.append(
                src.problem(
                    ("decision_policy", "red_flags", str(named)),
                    f"'{named}' is not a red flag of the interview kit or an exercise",
                )
            )
    interview_flags = _ids(src, ("interview", "red_flags"), "red flag", [])
    for i, flag in enumerate(interview_flags):
        if flag not in effects:
            problems.append(
                src.problem(
                    ("interview", "red_flags", i),
                    f"red flag '{flag}' has no effect in decision_policy.red_flags (do_not_hire or discuss)",
                )
            )
    for i, exercise in enumerate(as_list(data.get("exercises"))):
        for j, flag in enumerate(as_list(as_mapping(exercise).get("red_flags"))):
            flag_id = as_mapping(flag).get("id")
            if isinstance(flag_id, str) and flag_id not in effects:
                problems.append(src.problem(("exercises", i, "red_flags", j),
                                            f"red flag '{flag_id}' has no effect in decision_policy.red_flags "
                                            "(do_not_hire or discuss)"))  # fmt: skip
    for i, confirmation in enumerate(as_list(as_mapping(data.get("interview")).get("confirmations"))):
        raised = as_mapping(confirmation).get("red_flag")
        if isinstance(raised, str) and raised not in red_flags:
            problems.append(
                src.problem(
                    ("interview", "confirmations", i, "red_flag"), f"'{raised}' is not a red flag of the interview kit"
                )
            )
    return problems


def _item_problems(src: Source, playbook: Playbook | None) -> list[Problem]:
    """Per-item checks (formulas, point sums) on every item that validates on its own."""
    problems: list[Problem] = []
    raw_items = as_list(as_mapping(as_mapping(src.data).get("assessment")).get("items"))
    for i, raw in enumerate(raw_items):
        item: ItemBase | None
        if playbook is not None:
            item = playbook.assessment.items[i]
        else:
            try:
                item = _ITEM_ADAPTER.validate_python(raw)
            except ValidationError:
                item = None
        if item is None:
            continue
        for loc, message in item.semantic_problems():
            problems.append(src.problem(("assessment", "items", i, *loc), message))
    return problems


def _translation_problems(src: Source, playbook: Playbook | None) -> list[Problem]:
    """Each translation covers every section and item, names only what exists, and gives a
    playbook that is valid in its own right (a placeholder in a translated prompt must be one the
    item has)."""
    if playbook is None:
        return []
    problems: list[Problem] = []
    for language, translation in playbook.translations.items():
        where = ("translations", language)
        if language == playbook.role.language:
            problems.append(src.problem(where, f"{language} is the playbook's own language; translate into another"))
            continue
        gaps = missing(playbook, language, translation)
        problems += [src.problem(loc, message) for loc, message in gaps]
        if gaps:
            continue
        try:
            variant = playbook.in_language(language)
        except ValidationError as exc:
            problems += [src.problem(where, f"the {language} text does not make a valid playbook: "
                                            f"{e['msg']} at {'.'.join(str(x) for x in e['loc'])}") for e in exc.errors()]  # fmt: skip
            continue
        for i, item in enumerate(variant.assessment.items):
            for loc, message in item.semantic_problems():
                problems.append(src.problem((*where, "items", item.id, *loc[1:]) if loc else (*where, "items", item.id),
                                            f"in {language}, item {playbook.assessment.items[i].id}: {message}"))  # fmt: skip
    return problems


def check_model_text(
    text: str,
    file: str,
    model: type[M],
    what: str,
    fields: str,
    checks: Callable[[Source, M | None], list[Problem]],
) -> tuple[M | None, list[Problem]]:
    """Validate a YAML document into `model` ("a playbook", listing `fields` when it is not a
    mapping), then run the document's own cross-checks; the model only when there is no problem."""
    src = read_yaml(text, file)
    if src.problems and src.data is None:
        return None, src.problems
    problems = list(src.problems)
    if not isinstance(src.data, dict):
        problems.append(src.problem((), f"{what} is a mapping of fields ({fields}), not {_describe(src.data)}"))
        return None, problems
    name = what.split(" ", 1)[1]
    found: M | None = None
    try:
        found = model.model_validate(src.data)
    except ValidationError as exc:
        problems += _validation_problems(exc, src)
    except (RecursionError, TypeError, ValueError, ArithmeticError) as exc:
        problems.append(src.problem((), f"the {name} could not be read: {exc}"))
    try:
        problems += checks(src, found)
    except (RecursionError, TypeError, ValueError, ArithmeticError) as exc:
        problems.append(src.problem((), f"the {name} could not be checked: {exc}"))
    problems = sorted(set(problems), key=lambda p: (p.line, p.column, p.path, p.message))
    return (found if not problems else None), problems


def check_text(text: str, file: str) -> tuple[Playbook | None, list[Problem]]:
    """Validate a playbook's YAML text; the playbook is returned only when there is no problem."""
    return check_model_text(text, file, Playbook, "a playbook", "id, version, role, ...",
                            lambda src, playbook: _cross_checks(src) + _item_problems(src, playbook)
                            + _translation_problems(src, playbook))  # fmt: skip


def read_file(path: Path) -> tuple[str | None, list[Problem]]:
    """A file's text, or a problem saying why it cannot be read."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, 1, 1, "(file)", "no such file")]
    except IsADirectoryError:
        return None, [Problem(name, 1, 1, "(file)", "this is a folder, not a file")]
    except OSError as exc:
        return None, [Problem(name, 1, 1, "(file)", f"cannot be read: {exc.strerror or exc}")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [Problem(name, 1, 1, "(file)", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")]


T = TypeVar("T")


def check_file(
    path: Path, check: Callable[[str, str], tuple[T | None, list[Problem]]]
) -> tuple[T | None, list[Problem]]:
    """Read a YAML file and check it with `check` (a playbook's or a policy's `check_text`)."""
    text, problems = read_file(path)
    if text is None:
        return None, problems
    return check(text, str(path))


def lint_file(path: Path) -> tuple[Playbook | None, list[Problem]]:
    return check_file(path, check_text)


def load_playbook(path: str | Path) -> Playbook:
    """Load a playbook file; raises InvalidFileError listing every problem."""
    playbook, problems = lint_file(Path(path))
    if playbook is None:
        raise InvalidFileError(problems)
    return playbook


__all__ = ["ITEM_TYPES", "check_text", "lint_file", "load_playbook"]


# Shared with the other YAML formats (key-account policies).
ids_of = _ids


def _risk_problems(src: Source, data: Mapping[str, Any], parts: list[str]) -> list[Problem]:
    """A risk behaviour (a competency whose high level is a risk in the role) is never weighed and is
    held by a ceiling; a ceiling holds only a risk behaviour; a must-have (a minimum) never names one."""
    problems: list[Problem] = []
    risks: dict[str, int] = {}
    for i, raw in enumerate(as_list(data.get("competencies"))):
        competency = as_mapping(raw)
        if competency.get("risk") is True and isinstance(competency.get("id"), str):
            risks[competency["id"]] = i
            weight = competency.get("weight")
            if isinstance(weight, (int, float)) and not isinstance(weight, bool) and weight != 0:
                problems.append(src.problem(("competencies", i, "weight"),
                                            "a risk behaviour is never part of a weighted score: give it weight 0"))  # fmt: skip
            if competency.get("transition") not in (None, "unlearn"):
                problems.append(src.problem(("competencies", i, "transition"),
                                            "a risk behaviour is a habit to unlearn: write transition: unlearn, or leave it out"))  # fmt: skip
    policy = as_mapping(data.get("decision_policy"))
    held: set[str] = set()
    for i, raw in enumerate(as_list(policy.get("ceilings"))):
        ceiling = as_mapping(raw)
        ref = ceiling.get("competency")
        if isinstance(ref, str):
            held.add(ref)
            if ref not in risks:
                problems.append(src.problem(("decision_policy", "ceilings", i, "competency"),
                                            f"'{ref}' is not a risk behaviour (risk: true): a ceiling holds only one"))  # fmt: skip
        source = ceiling.get("source", "interview")
        if isinstance(source, str) and (source not in parts or source == "assessment"):
            rated = ", ".join(p for p in parts if p != "assessment")
            problems.append(src.problem(("decision_policy", "ceilings", i, "source"),
                                        f"'{source}' is not a rated part of this playbook; choose one of: {rated}"))  # fmt: skip
    for ref, i in risks.items():
        if ref not in held:
            problems.append(src.problem(("competencies", i),
                                        f"the risk behaviour '{ref}' has no ceiling: add one under decision_policy.ceilings"))  # fmt: skip
    for i, raw in enumerate(as_list(policy.get("must_haves"))):
        ref = as_mapping(raw).get("competency")
        if isinstance(ref, str) and ref in risks:
            problems.append(src.problem(("decision_policy", "must_haves", i, "competency"),
                                        f"'{ref}' is a risk behaviour: a must-have sets a minimum; use a ceiling instead"))  # fmt: skip
    return problems
