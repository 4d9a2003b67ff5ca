"""Loading and linting key-account policy files, with the same care as playbooks."""

from __future__ import annotations

import difflib
from pathlib import Path

from hireplay.core.accounts.policy import Policy
from hireplay.core.lint import check_file, check_model_text, ids_of
from hireplay.core.problems import InvalidFileError, Loc, Problem
from hireplay.core.source import Source, as_list, as_mapping


def _hint(ref: str, known: list[str]) -> str:
    close = difflib.get_close_matches(ref, known, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _cross_checks(src: Source) -> list[Problem]:
    problems: list[Problem] = []
    data = as_mapping(src.data)
    criteria = ids_of(src, ("criteria",), "criterion", problems)
    tiers = ids_of(src, ("tiers",), "tier", problems)
    ids_of(src, ("at_risk", "signals"), "signal", problems)
    ids_of(src, ("at_risk", "rules"), "rule", problems)

    def check(loc: Loc, ref: object, known: list[str], what: str) -> None:
        if isinstance(ref, str) and known and ref not in known:
            problems.append(src.problem(loc, f"'{ref}' is not a defined {what}{_hint(ref, known)}; defined: "
                                             f"{', '.join(known)}"))  # fmt: skip

    weights = [as_mapping(c).get("weight") for c in as_list(data.get("criteria"))]
    if weights and all(isinstance(w, (int, float)) and not isinstance(w, bool) for w in weights):
        total = sum(weights)  # type: ignore[arg-type]
        if abs(total - 100) > 1e-6:
            problems.append(src.problem(("criteria",), f"the criteria's weights add up to {total:g}, not 100"))
    tier_list = as_list(data.get("tiers"))
    for i, tier in enumerate(tier_list):
        for j, condition in enumerate(as_list(as_mapping(tier).get("all_of"))):
            check(("tiers", i, "all_of", j, "criterion"), as_mapping(condition).get("criterion"), criteria, "criterion")
    if tier_list and as_list(as_mapping(tier_list[-1]).get("all_of")):
        problems.append(src.problem(("tiers", len(tier_list) - 1, "all_of"),
                                    "the last tier takes every account the tiers above it do not; it cannot have "
                                    "conditions (add a catch-all tier after it)"))  # fmt: skip
    if tier_list and as_mapping(tier_list[-1]).get("min_score", 0) not in (0, None):
        problems.append(src.problem(("tiers", len(tier_list) - 1, "min_score"),
                                    "the last tier takes every remaining account; its min_score must be 0"))  # fmt: skip
    hierarchy = as_mapping(data.get("hierarchy"))
    for key, fields in (("subsidiary_floors", ("parent", "at_least")), ("parent_floors", ("child", "at_least"))):
        for i, rule in enumerate(as_list(hierarchy.get(key))):
            for name in fields:
                check(("hierarchy", key, i, name), as_mapping(rule).get(name), tiers, "tier")
    for i, ref in enumerate(as_list(as_mapping(hierarchy.get("ownership")).get("except_when_group_tier"))):
        check(("hierarchy", "ownership", "except_when_group_tier", i), ref, tiers, "tier")
    for key in ("signals", "rules"):
        for i, signal in enumerate(as_list(as_mapping(data.get("at_risk")).get(key))):
            for j, ref in enumerate(as_list(as_mapping(signal).get("only_for"))):
                check(("at_risk", key, i, "only_for", j), ref, tiers, "tier")
    return problems


def check_policy_text(text: str, file: str) -> tuple[Policy | None, list[Problem]]:
    """Validate a policy's YAML text; the policy is returned only when there is no problem."""
    return check_model_text(text, file, Policy, "a policy", "id, version, criteria, tiers, ...",
                            lambda src, _policy: _cross_checks(src))  # fmt: skip


def lint_policy_file(path: Path) -> tuple[Policy | None, list[Problem]]:
    return check_file(path, check_policy_text)


def load_policy(path: str | Path) -> Policy:
    policy, problems = lint_policy_file(Path(path))
    if policy is None:
        raise InvalidFileError(problems)
    return policy
