"""What an organisation records about its hires later, to learn whether its process predicts who
does the job well (docs/insights.md, predictive validity): the measures it defines on its settings
page, and each hire's values, recorded by a named person and logged."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hireplay.web.audit.log import record
from hireplay.web.decisions.models import HireOutcome, OutcomeMeasure
from hireplay.web.hiring.models import Candidate
from hireplay.web.orgs.models import Organization

MAX_NAME = 120
_SCALE = re.compile(r"^(-?\d+(?:[.,]\d+)?)\s*(?:-|–|to)\s*(-?\d+(?:[.,]\d+)?)$")
_YES_NO = {"yes/no", "yes or no", "y/n"}


@dataclass(frozen=True)
class Parsed:
    name: str
    kind: str
    low: float
    high: float


def measures(organization: Organization) -> list[OutcomeMeasure]:
    """The organisation's measures in use, in order."""
    return list(OutcomeMeasure.objects.filter(organization=organization, active=True).order_by("position", "pk"))


def measures_text(organization: Organization) -> str:
    """The measures as the settings page shows them, one per line."""
    return "\n".join(m.describe() for m in measures(organization))


def parse(text: str) -> tuple[list[Parsed], str]:
    """The measures written one per line (`Performance at 6 months: 1-5`, `Still employed at 12
    months: yes/no`), or the first problem, naming its line and the fix."""
    found: list[Parsed] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, colon, kind = line.rpartition(":")
        name, kind = name.strip(), kind.strip().casefold()
        if not colon or not name:
            return [], (f"line {number}: write the measure's name, a colon, then its scale, such as "
                        f"'Performance at 6 months: 1-5' or 'Still employed at 12 months: yes/no'")  # fmt: skip
        if len(name) > MAX_NAME:
            return [], f"line {number}: a measure's name is at most {MAX_NAME} characters; shorten it"
        if kind in _YES_NO:
            found.append(Parsed(name, OutcomeMeasure.Kind.YES_NO, 0, 1))
            continue
        scale = _SCALE.match(kind)
        if not scale:
            return (
                [],
                f"line {number}: '{kind}' is not a scale; write the lowest and highest value, such as 1-5, or yes/no",
            )
        low, high = (float(v.replace(",", ".")) for v in scale.groups())
        if not low < high:
            return [], f"line {number}: the scale {low:g}-{high:g} must go from a lower to a higher value"
        found.append(Parsed(name, OutcomeMeasure.Kind.SCALE, low, high))
    if len({p.name.casefold() for p in found}) != len(found):
        return [], "each measure once: remove the repeated name"
    return found, ""


def save_measures(organization: Organization, parsed: list[Parsed]) -> tuple[list[str], str]:
    """Store the measures; returns (what changed, problem). A measure with recorded values keeps
    its scale (changing it would change what the values mean); it can be taken out of use, and its
    values stay."""
    current = {m.name.casefold(): m for m in OutcomeMeasure.objects.filter(organization=organization)}
    for p in parsed:
        old = current.get(p.name.casefold())
        if old and (old.kind, old.low, old.high) != (p.kind, p.low, p.high) and old.outcomes.exists():
            return [], (f"'{old.name}' already has values recorded on its scale {old.describe().split(': ')[1]}; "
                        f"keep that scale, or add a measure with another name")  # fmt: skip
    before = [m.describe() for m in measures(organization)]
    with transaction.atomic():
        OutcomeMeasure.objects.filter(organization=organization).update(active=False)
        for position, p in enumerate(parsed):
            old = current.get(p.name.casefold())
            if old:
                OutcomeMeasure.objects.filter(pk=old.pk).update(name=p.name, kind=p.kind, low=p.low, high=p.high,
                                                                active=True, position=position)  # fmt: skip
            else:
                OutcomeMeasure.objects.create(organization=organization, name=p.name, kind=p.kind, low=p.low,
                                              high=p.high, position=position)  # fmt: skip
    after = [m.describe() for m in measures(organization)]
    return (after if after != before else []), ""


def recorded(candidate: Candidate) -> dict[int, HireOutcome]:
    """The hire's values by measure."""
    return {o.measure_id: o for o in candidate.outcomes.select_related("recorded_by")}


def record_outcomes(candidate: Candidate, typed: dict[int, str], user: Any, by: str) -> tuple[int, dict[int, str]]:
    """Record the values typed per measure (empty: left as it is). Returns (how many changed,
    problems by measure); nothing is stored when there is a problem."""
    if candidate.stage != Candidate.Stage.HIRED:
        return 0, {0: "outcomes are recorded for hires only"}
    wanted = {m.pk: m for m in measures(candidate.opening.organization)}
    problems: dict[int, str] = {}
    values: dict[int, float] = {}
    for pk, text in typed.items():
        measure = wanted.get(pk)
        text = text.strip()
        if measure is None or not text:
            continue
        if measure.kind == OutcomeMeasure.Kind.YES_NO:
            answer = text.casefold()
            if answer not in {"yes", "no", "1", "0"}:
                problems[pk] = gettext("choose yes or no")
                continue
            values[pk] = 1.0 if answer in {"yes", "1"} else 0.0
            continue
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            problems[pk] = f"'{text}' is not a number; give a value from {measure.low:g} to {measure.high:g}"
            continue
        if not measure.low <= value <= measure.high or value != value:
            problems[pk] = f"{text} is outside the scale; give a value from {measure.low:g} to {measure.high:g}"
            continue
        values[pk] = value
    if problems:
        return 0, problems
    old = recorded(candidate)
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for pk, value in values.items():
            before = old.get(pk)
            if before is not None and before.value == value:
                continue
            HireOutcome.objects.update_or_create(candidate=candidate, measure_id=pk, defaults={
                "value": value, "recorded_by": user, "recorded_at": now})  # fmt: skip
            record(by, "outcome.recorded", candidate.ref, {"measure": wanted[pk].name, "value": value,
                                                           "previous": None if before is None else before.value})  # fmt: skip
            changed += 1
    return changed, {}
