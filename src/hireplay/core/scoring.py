"""The scoring engine: `score(playbook, responses, seed)` gives a report that explains itself.

Per item: points, maximum and a sentence of evidence. Per competency: a 0-100 score and its
weight. Per section and in total: points and percent. Criteria awaiting a rater are listed, so
are missing answers; answers to items the playbook does not have are reported as errors, never
raised. The same input always gives byte-identical JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from hireplay.core import ENGINE_VERSION
from hireplay.core.items.base import ItemBase, Outcome, ScoringContext, fmt
from hireplay.core.parametric import variables_as_json
from hireplay.core.playbook import Playbook
from hireplay.core.spelling import dictionary, language_of, spelling_locale

_EMPTY: Mapping[str, Any] = MappingProxyType({})
Status = Literal["correct", "partial", "incorrect", "missing", "invalid"]


class Responses(BaseModel):
    """A candidate's answer sheet: answers by item id, and a rater's points for human criteria."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    candidate: str = ""
    seed: int | None = Field(default=None, ge=0, le=2**63 - 1)
    answers: dict[str, Any] = Field(default_factory=dict)
    ratings: dict[str, dict[str, float]] = Field(default_factory=dict)
    # The language the candidate took the assessment in ("" or the playbook's own: its own texts).
    language: str = Field(default="", pattern=r"^([a-z]{2,3})?$")


class ItemScore(NamedTuple):
    id: str
    section: str
    type: str
    competencies: tuple[str, ...]
    points: float
    max_points: float
    status: Status
    evidence: str
    pending: bool = False
    variables: Mapping[str, Decimal] = _EMPTY
    details: Mapping[str, Any] = _EMPTY


class SectionScore(NamedTuple):
    id: str
    title: str
    points: float
    max_points: float
    percent: float


class CompetencyScore(NamedTuple):
    id: str
    name: str
    weight: float
    points: float
    max_points: float
    score: float | None
    items: tuple[str, ...]


class PendingCriterion(NamedTuple):
    item: str
    criterion: str
    description: str
    max_points: float


class ReportError(NamedTuple):
    item: str
    message: str


@dataclass(frozen=True, slots=True)
class ScoreReport:
    engine_version: str
    playbook_id: str
    playbook_version: str
    playbook_hash: str
    candidate: str
    seed: int | None
    points: float
    max_points: float
    percent: float
    competency_index: float | None
    complete: bool
    items: tuple[ItemScore, ...]
    sections: tuple[SectionScore, ...]
    competencies: tuple[CompetencyScore, ...]
    pending: tuple[PendingCriterion, ...]
    missing: tuple[str, ...]
    errors: tuple[ReportError, ...]
    language: str = ""  # the language of the texts scored, when not the playbook's own
    dictionary: Mapping[str, Any] | None = None  # the spelling dictionary's identity, when spelling counted

    def to_dict(self) -> dict[str, Any]:
        data = {
            "engine_version": self.engine_version,
            "playbook": {"id": self.playbook_id, "version": self.playbook_version, "content_hash": self.playbook_hash},
            "candidate": self.candidate,
            "seed": self.seed,
            "total": {
                "points": self.points,
                "max_points": self.max_points,
                "percent": self.percent,
                "competency_index": self.competency_index,
                "complete": self.complete,
            },
            "competencies": [{**c._asdict(), "items": list(c.items)} for c in self.competencies],
            "sections": [s._asdict() for s in self.sections],
            "items": [_item_dict(i) for i in self.items],
            "pending": [p._asdict() for p in self.pending],
            "missing": list(self.missing),
            "errors": [e._asdict() for e in self.errors],
        }
        if self.language:
            data["language"] = self.language
        if self.dictionary is not None:
            data["dictionary"] = dict(self.dictionary)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoreReport:
        """The report `to_dict` gave (as stored), typed again. A report whose candidate was erased
        keeps its figures and has no items; it reads back with none."""
        playbook, total = data["playbook"], data["total"]
        return cls(
            engine_version=data["engine_version"],
            playbook_id=playbook["id"],
            playbook_version=playbook["version"],
            playbook_hash=playbook["content_hash"],
            candidate=data.get("candidate", ""),
            seed=data.get("seed"),
            points=total["points"],
            max_points=total["max_points"],
            percent=total["percent"],
            competency_index=total.get("competency_index"),
            complete=total.get("complete", True),
            items=tuple(_item_from_dict(i) for i in data.get("items", ())),
            sections=tuple(SectionScore(**s) for s in data.get("sections", ())),
            competencies=tuple(
                CompetencyScore(**{**c, "items": tuple(c["items"])}) for c in data.get("competencies", ())
            ),
            pending=tuple(PendingCriterion(**p) for p in data.get("pending", ())),
            missing=tuple(data.get("missing", ())),
            errors=tuple(ReportError(**e) for e in data.get("errors", ())),
            language=data.get("language", ""),
            dictionary=data.get("dictionary"),
        )

    def to_json(self) -> str:
        """Deterministic JSON: the same report always gives the same bytes."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _plain(value: Any) -> Any:
    """Report details as JSON-ready values: tuples and mappings become lists and dicts."""
    kind = type(value)  # exact types first: far cheaper than isinstance against Mapping
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict or kind is MappingProxyType:
        return {str(k): _plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _item_dict(item: ItemScore) -> dict[str, Any]:
    data = item._asdict()
    data["competencies"] = list(item.competencies)
    data["variables"] = variables_as_json(item.variables)
    data["details"] = _plain(item.details)
    return data


def _item_from_dict(data: Mapping[str, Any]) -> ItemScore:
    variables = {k: Decimal(str(v)) for k, v in data.get("variables", {}).items()}
    return ItemScore(data["id"], data["section"], data["type"], tuple(data["competencies"]), data["points"],
                     data["max_points"], data["status"], data["evidence"], data.get("pending", False),
                     MappingProxyType(variables), MappingProxyType(dict(data.get("details", {}))))  # fmt: skip


def _r(value: float) -> float:
    rounded = round(value, 4)
    return 0.0 if rounded == 0 else rounded


def _status(points: float, max_points: float) -> Status:
    if points >= max_points - 1e-9:
        return "correct"
    return "partial" if points > 0 else "incorrect"


def _zero(item: ItemBase, status: Status, evidence: str, variables: Mapping[str, Decimal]) -> ItemScore:
    return ItemScore(item.id, item.section, item.type, item.competencies, 0.0, item.points, status, evidence,
                     False, variables)  # fmt: skip


def _score_item(
    item: ItemBase,
    answer: Any,
    seed: int | None,
    ctx: ScoringContext,
    ratings: Mapping[str, Any] | None,
    pending_out: list[PendingCriterion],
    errors: list[ReportError],
) -> ItemScore:
    variables = item.variables_for(seed)
    memo = key = None
    if item.finite_answers and not variables and not ratings:
        key = _answer_key(answer)
        if key is not None:
            memo = item.results
            known: ItemScore | None = memo.get(key)
            if known is not None:
                return known
    result = _score_fresh(item, answer, variables, ctx, ratings, pending_out, errors)
    if memo is not None and not result.pending and result.status != "invalid":
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[key] = result
    return result


_MEMO_LIMIT = 4096


def _answer_key(answer: Any) -> Any:
    """A hashable form of an answer made of option ids, or None when the answer is not one."""
    if type(answer) is str:
        return answer
    if type(answer) is list:
        if all(type(a) is str for a in answer):
            return ("list", *answer)
        return None
    if type(answer) is dict and all(type(k) is str and (type(v) is str or v is None) for k, v in answer.items()):
        return ("dict", *sorted(answer.items()))
    return None


def _score_fresh(
    item: ItemBase,
    answer: Any,
    variables: Mapping[str, Decimal],
    ctx: ScoringContext,
    ratings: Mapping[str, Any] | None,
    pending_out: list[PendingCriterion],
    errors: list[ReportError],
) -> ItemScore:
    if answer is None:
        if ratings:
            errors.append(ReportError(item.id, "ratings were given for an item that has no answer; they were ignored"))
        return _zero(item, "missing", "No answer was given; 0 points.", variables)
    try:
        outcome = item.score(answer, variables, ctx)
    except (RecursionError, ValueError, TypeError, ArithmeticError) as exc:
        errors.append(ReportError(item.id, f"the answer could not be scored: {exc}"))
        return _zero(item, "invalid", "The answer could not be read; 0 points.", variables)
    points, evidence, still_pending = outcome.points, outcome.evidence, False
    if ratings or outcome.pending:
        points, evidence, still_pending = _apply_ratings(item, outcome, ratings or {}, pending_out, errors)
    status: Status = "invalid" if outcome.invalid else _status(points, item.points)
    return ItemScore(item.id, item.section, item.type, item.competencies, _r(points), item.points, status,
                     evidence, still_pending, variables, outcome.details)  # fmt: skip


def _apply_ratings(
    item: ItemBase,
    outcome: Outcome,
    given: Mapping[str, Any],
    pending_out: list[PendingCriterion],
    errors: list[ReportError],
) -> tuple[float, str, bool]:
    """Add a rater's points for the criteria the item left pending, and apply a rater's correction
    of an automatic criterion (its points replace the engine's): (points, evidence, still pending)."""
    points = outcome.points
    evidence = outcome.evidence
    rated: list[str] = []
    waiting: list[str] = []
    automatic = outcome.details.get("criteria", {}) if isinstance(outcome.details, Mapping) else {}
    corrected: list[str] = []
    for name, value in given.items():
        found = automatic.get(name) if isinstance(automatic, Mapping) else None
        if not isinstance(found, Mapping):
            continue
        top, was = float(found["max_points"]), float(found["points"])
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= top:
            points += value - was
            corrected.append(f"{name} {fmt(was)} → {fmt(value)}/{fmt(top)}")
        else:
            errors.append(ReportError(item.id, f"the correction of '{name}' must be between 0 and {fmt(top)}, "
                                               f"not {value!r}"))  # fmt: skip
    for criterion in outcome.pending:
        rating = given.get(criterion.criterion)
        if rating is not None and 0 <= rating <= criterion.max_points:
            points += rating
            rated.append(f"{criterion.criterion} {fmt(rating)}/{fmt(criterion.max_points)}")
            continue
        if rating is not None:
            errors.append(
                ReportError(
                    item.id,
                    f"the rating for '{criterion.criterion}' must be between 0 and "
                    f"{fmt(criterion.max_points)}, not {fmt(rating)}",
                )
            )
        waiting.append(criterion.criterion)
        pending_out.append(PendingCriterion(item.id, criterion.criterion, criterion.description, criterion.max_points))
    if rated:
        evidence = f"{evidence} Rated by a person: {', '.join(rated)}.".strip()
    if corrected:
        evidence = f"{evidence} Corrected by a person: {', '.join(corrected)}.".strip()
    if waiting:
        evidence = f"{evidence} Awaiting a rater: {', '.join(waiting)}.".strip()
    criteria = {c.criterion for c in outcome.pending} | set(automatic if isinstance(automatic, Mapping) else ())
    for name in given:
        if name not in criteria:
            errors.append(
                ReportError(item.id, f"a rating was given for '{name}', which is not a criterion awaiting a rater")
            )
    return points, evidence, bool(waiting)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a playbook's totals need, worked out once: per section and per competency, the
    positions of the items that count towards it and the (fixed) points it is out of."""

    sections: tuple[tuple[str, str, tuple[int, ...], float], ...]
    competencies: tuple[tuple[str, str, float, tuple[int, ...], float, tuple[str, ...]], ...]
    max_points: float


_PLANS: dict[str, _Plan] = {}


def _plan(playbook: Playbook) -> _Plan:
    plan = _PLANS.get(playbook.content_hash)
    if plan is None:
        items = playbook.assessment.items
        sections = []
        for s in playbook.assessment.sections:
            members = tuple(i for i, it in enumerate(items) if it.section == s.id)
            sections.append((s.id, s.title, members, sum(items[i].points for i in members)))
        competencies = []
        for c in playbook.competencies:
            members = tuple(i for i, it in enumerate(items) if c.id in it.competencies)
            competencies.append(
                (c.id, c.name, c.weight, members, sum(items[i].points for i in members),
                 tuple(items[i].id for i in members))
            )  # fmt: skip
        plan = _Plan(tuple(sections), tuple(competencies), sum(it.points for it in items))
        if len(_PLANS) > 256:
            _PLANS.clear()
        _PLANS[playbook.content_hash] = plan
    return plan


def score(playbook: Playbook, responses: Responses | Mapping[str, Any], seed: int | None = None) -> ScoreReport:
    """Score one answer sheet. `seed` instantiates parametric items (None: their worked examples)."""
    if isinstance(responses, Responses):
        answers: Mapping[str, Any] = responses.answers
        ratings: Mapping[str, Mapping[str, Any]] = responses.ratings
        candidate, language = responses.candidate, responses.language
    else:
        answers, ratings, candidate, language = responses, {}, "", ""
    # In another language, the items are scored with that language's texts and locale; the report
    # names the playbook, its sections and competencies as the playbook does.
    scored = playbook.in_language(language) if language else playbook
    if scored is playbook:
        language = ""
    rules = playbook.spelling
    spelling = spelling_locale(scored.role.locale, scored.role.language)
    if rules.locale and language_of(rules.locale) == scored.role.language:
        spelling = rules.locale
    ctx = ScoringContext(scored.role.locale, scored.role.language, spelling, rules.allow,
                         scored.content_names, rules.strict_locale)  # fmt: skip
    items_by_id = scored.items_by_id
    pending: list[PendingCriterion] = []
    errors: list[ReportError] = [
        ReportError(str(key), f"'{key}' is not an item of playbook {playbook.id}; the answer was ignored")
        for key in answers
        if key not in items_by_id
    ]
    for key in ratings:
        if key not in items_by_id:
            errors.append(
                ReportError(str(key), f"a rating was given for '{key}', which is not an item of playbook {playbook.id}")
            )
    results = tuple(
        _score_item(item, answers.get(item.id), seed, ctx, ratings.get(item.id), pending, errors)
        for item in scored.assessment.items
    )
    plan = _plan(playbook)
    got = [r.points for r in results]
    sections = []
    for sid, title, members, top in plan.sections:
        earned = sum([got[i] for i in members])
        sections.append(SectionScore(sid, title, _r(earned), _r(top), _r(100 * earned / top) if top else 0.0))
    competencies = []
    weighted = weight_sum = 0.0
    for cid, name, weight, members, top, ids in plan.competencies:
        earned = sum([got[i] for i in members])
        value = 100 * earned / top if top else None
        if value is not None:
            weighted += value * weight
            weight_sum += weight
        competencies.append(
            CompetencyScore(cid, name, weight, _r(earned), _r(top), None if value is None else _r(value), ids)
        )
    points = sum(got)
    max_points = plan.max_points
    return ScoreReport(
        engine_version=ENGINE_VERSION,
        playbook_id=playbook.id,
        playbook_version=playbook.version,
        playbook_hash=playbook.content_hash,
        candidate=candidate,
        seed=seed,
        points=_r(points),
        max_points=_r(max_points),
        percent=_r(100 * points / max_points) if max_points else 0.0,
        competency_index=_r(weighted / weight_sum) if weight_sum else None,
        complete=not pending,
        items=results,
        sections=tuple(sections),
        competencies=tuple(competencies),
        pending=tuple(pending),
        missing=tuple(r.id for r in results if r.status == "missing"),
        errors=tuple(errors),
        language=language,
        dictionary=dictionary(spelling).identity() if playbook.counts_spelling else None,
    )


class RaterTask(NamedTuple):
    """One answered item with criteria only a person can rate: the item, the answer, and those
    criteria as the playbook declares them (description, points, anchors)."""

    item: ItemBase
    answer: Any
    criteria: tuple[Any, ...]


def rater_tasks(playbook: Playbook, answers: Mapping[str, Any], seed: int | None) -> list[RaterTask]:
    """What waits for (or was given by) a rater in these answers, in the playbook's item order."""
    waiting = {(p.item, p.criterion) for p in score(playbook, answers, seed).pending}
    tasks = []
    for item in playbook.assessment.items:
        criteria = tuple(c for c in item.rater_criteria() if (item.id, c.id) in waiting)
        if criteria:
            tasks.append(RaterTask(item, answers.get(item.id), criteria))
    return tasks
