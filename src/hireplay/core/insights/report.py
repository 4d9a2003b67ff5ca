"""The insights report (docs/insights.md): counts, adverse impact per stage, rater reliability and its
drift, item analysis with option analysis and the 2PL calibration, differential item functioning,
and predictive validity, each with the method in a sentence and what was left out and why.

`compute` takes plain data (`ReportData`), so the same report comes from the database (the web
page, its PDF and JSON, `hireplay insights report`) and from a generated organisation in the
benchmark. The result is JSON-ready."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np

from hireplay.core.insights import dif, irt, items, reliability, validity
from hireplay.core.insights.impact import NOT_COMPARED, scoring_tables, stage_tables
from hireplay.core.insights.impact import Person as ImpactPerson

STAGES = ("invited", "submitted", "advanced to interview", "interviewed", "hired")
STAGE_KEYS = ("invited", "submitted", "advanced", "interviewed", "hired")
INFORMATION_AT = (-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0)
# The EM stops here if it has not converged (the page says so): with an item that some ability
# level answers all right or all wrong, a slope runs away and the EM would crawl for thousands of
# steps without settling.
IRT_ITERATIONS = 300
IRT_SAMPLE = 20_000  # beyond this the 2PL is calibrated on a seeded random sample (docs/insights.md)
DIF_MIN_GROUP = 30  # fewer people in the smaller group and Mantel-Haenszel is not attempted

METHODS = {
    "impact": "Selection rate: those of a category who reached the next stage over those who reached this "
              "one; impact ratio: a category's rate over the highest category's; below 0.8 is flagged "
              "(four-fifths rule, 29 CFR 1607.4(D)), with Fisher's exact test against the highest category and "
              "a warning when one selection more or fewer would change the verdict.",
    "reliability": "Krippendorff's alpha for ordinal ratings over candidates rated by two or more interviewers, "
                   "with a 95 % bootstrap interval over candidates; per question, Shrout and Fleiss's ICC(2,1) and "
                   "ICC(2,k) (two-way random, absolute agreement; McGraw and Wong's intervals) over the candidates "
                   "rated by the most common panel; leniency: an interviewer's rating minus the mean of the rest "
                   "of the panel on the same candidate and question.",
    "drift": "Each interviewer's leniency computed again within each calendar quarter of the scorecards' "
             "submission: a change across quarters is drift.",
    "items": "Difficulty: the mean share of an item's points; discrimination: the correlation of an item with "
             "the total of the other items; Cronbach's alpha for the test and each section, and without each item.",
    "options": "Option analysis: the share of the lowest, middle and highest third by total score who picked "
               "each option of a choice item.",
    "irt": "Two-parameter logistic model by marginal maximum likelihood (Bock-Aitkin EM, 61 quadrature points, "
           "mirt's parameterisation), on items scored right when a candidate got at least half their points; "
           "item fit by a chi-square over posterior pseudo-counts in ten ability ranges (Stone 2000; conservative: "
           "a flagged item is a real problem, a passing one no guarantee); test information as the sum of a²P(1-P).",
    "dif": "Mantel-Haenszel differential item functioning of each item between the largest category and each "
           "other of a self-identification question, matched on the total score, with ETS's A/B/C classes.",
    "validity": "Pearson's correlation of the assessment, the interview and the weighted total with each "
                "outcome over hires, 95 % interval by Fisher's z, and Thorndike's Case II correction for "
                "range restriction using the spread among all candidates; the best share of the assessment in "
                "the total, with a bootstrap interval over hires, against the policy's.",
}  # fmt: skip


@dataclass
class Person:
    id: int
    added: date
    furthest: int  # index in STAGES of the furthest stage reached
    assessment: float | None = None
    interview: float | None = None
    weighted: float | None = None
    picks: dict[str, list[str]] = field(default_factory=dict)  # item or item:most -> options picked
    outcomes: dict[int, float] = field(default_factory=dict)  # measure -> value
    categories: dict[str, str] | None = None  # self-identification (compliance only)


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    section: str
    max_points: float
    options: tuple[str, ...] = ()  # for choice items
    keyed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # pick ("" / most / least) -> keyed


@dataclass(frozen=True)
class Measure:
    id: int
    name: str
    kind: str
    low: float
    high: float


@dataclass(frozen=True)
class Rating:
    candidate: int
    rater: str
    question: str
    value: int
    when: datetime


@dataclass
class ReportData:
    scope: str
    calculated_on: date
    since: date | None
    until: date | None
    first_use: date | None
    people: list[Person]
    items: list[Item]
    sections: dict[str, str]  # id -> title
    questions: list[tuple[str, str]]  # (id, text)
    ratings: list[Rating]
    rater_names: dict[str, str]
    measures: list[Measure]
    policy_share: float  # the assessment's weight in the total, 0..1
    self_id: list[str] | None = None  # the self-identification questions, when impact is computed
    excluded: list[str] = field(default_factory=list)
    # Item points: one row per person (in `people`'s order), one column per item (in `items`' order),
    # NaN where there is no score; float32, so 100,000 people x 60 items take 24 MB.
    points: np.ndarray = field(default_factory=lambda: np.empty((0, 0), dtype=np.float32))
    waiting: set[str] = field(default_factory=set)  # items still waiting for a rater in some attempt


def _clean(value: Any) -> Any:
    """JSON-ready: dataclasses to dicts, NaN and infinities to None, numpy numbers to Python's."""
    if hasattr(value, "__dataclass_fields__"):
        return _clean(asdict(value))
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def compute(data: ReportData, resamples: int = 200) -> dict[str, Any]:
    """The whole report."""
    people = data.people
    excluded = list(data.excluded)
    report: dict[str, Any] = {
        "scope": data.scope,
        "calculated_on": data.calculated_on,
        "period": {"from": data.since, "to": data.until},
        "data_from": min((p.added for p in people), default=None),
        "data_to": max((p.added for p in people), default=None),
        "first_use": data.first_use,
        "counts": {
            "candidates": len(people),
            **{key: sum(1 for p in people if p.furthest >= n) for n, key in enumerate(STAGE_KEYS)},
            "hires_with_outcome": sum(1 for p in people if p.furthest == 4 and p.outcomes),
        },
        "methods": METHODS,
    }
    if data.self_id is not None:
        report["impact"] = _impact(data)
    report["reliability"] = _reliability(data, resamples)
    report["items"] = _items(data, excluded)
    if data.self_id is not None:
        report["dif"] = _dif(data, report["items"].get("dichotomised"))
    report["items"].pop("dichotomised", None)
    report["validity"] = _validity(data, resamples * 5)
    report["excluded"] = excluded
    return _clean(report)  # type: ignore[no-any-return]


def _impact(data: ReportData) -> dict[str, Any]:
    dims = data.self_id or []
    people = [(p.categories or {}, p.furthest) for p in data.people if p.furthest >= 0]
    answered = sum(1 for c, _ in people if any(c.get(d, "unknown") not in NOT_COMPARED for d in dims))
    steps = stage_tables(people, STAGES, dims) if dims and people else []
    # LL144's scoring rate for the assessment's score: the share of each category above the median
    # of everyone scored.
    scored = [ImpactPerson(p.categories or {}, score=p.assessment) for p in data.people if p.assessment is not None]
    scoring = scoring_tables(scored, dims) if dims and scored else []
    return {"people": len(people), "answered": answered, "stages": list(STAGES),
            "steps": [{"step": name, "tables": tables} for name, tables in steps],
            "scoring": {"people": len(scored), "tables": scoring}}  # fmt: skip


def _quarter(when: datetime) -> str:
    return f"{when.year}-Q{(when.month - 1) // 3 + 1}"


def _reliability(data: ReportData, resamples: int) -> dict[str, Any]:
    by_question: dict[str, dict[str, dict[str, float]]] = {q: {} for q, _ in data.questions}
    overall: dict[str, dict[str, float]] = {}
    quarters: dict[str, dict[str, dict[str, float]]] = {}
    for r in data.ratings:
        if r.question not in by_question:
            continue
        by_question[r.question].setdefault(str(r.candidate), {})[r.rater] = r.value
        overall.setdefault(f"{r.candidate}:{r.question}", {})[r.rater] = r.value
        quarters.setdefault(_quarter(r.when), {}).setdefault(f"{r.candidate}:{r.question}", {})[r.rater] = r.value
    drift: dict[str, dict[str, float | None]] = {}
    for quarter in sorted(quarters):
        for found in reliability.leniency(quarters[quarter]):
            if found.units:
                drift.setdefault(data.rater_names.get(found.rater, found.rater), {})[quarter] = found.mean_difference
    return {
        "ratings": len(data.ratings),
        "overall": reliability.alpha(overall, resamples=resamples),
        "questions": [{"id": q, "text": text, "alpha": reliability.alpha(by_question[q], resamples=resamples),
                       "icc": _panel_icc(by_question[q], data.rater_names)} for q, text in data.questions],
        "leniency": [{"interviewer": data.rater_names.get(x.rater, x.rater), "units": x.units,
                      "mean_difference": x.mean_difference} for x in reliability.leniency(overall)],
        "drift": {"quarters": sorted(quarters),
                  "rows": [{"interviewer": name, "values": [by_quarter.get(q) for q in sorted(quarters)]}
                           for name, by_quarter in sorted(drift.items())]},
        "min_units": reliability.MIN_UNITS,
    }  # fmt: skip


def _panel_icc(units: Mapping[str, Mapping[str, float]], names: Mapping[str, str]) -> dict[str, Any]:
    """ICC(2,1) and ICC(2,k) of Shrout and Fleiss need every target rated by the same k raters.
    Panels differ from candidate to candidate, so they are computed over the candidates rated by
    the most common panel (the same two or more interviewers), and the figure says which and how
    many; from MIN_UNITS such candidates."""
    panels: dict[tuple[str, ...], list[str]] = {}
    for unit, by_rater in units.items():
        if len(by_rater) >= 2:
            panels.setdefault(tuple(sorted(by_rater)), []).append(unit)
    if not panels:
        return {"why_not": "no candidate rated by two or more interviewers on this question"}
    panel, rated = max(panels.items(), key=lambda kv: (len(kv[1]), len(kv[0]), kv[0]))
    shown = [names.get(r, r) for r in panel]
    if len(rated) < reliability.MIN_UNITS:
        return {"why_not": f"the most common panel ({', '.join(shown)}) rated {len(rated)} candidate(s) together; "
                           f"the intraclass correlations need at least {reliability.MIN_UNITS}", "panel": shown}  # fmt: skip
    table = [[units[u][r] for r in panel] for u in rated]
    if np.ptp(table) == 0:
        return {"why_not": "the most common panel gave every candidate the same rating", "panel": shown}
    with np.errstate(invalid="ignore", divide="ignore"):
        found = reliability.icc(table)
    return {"panel": shown, "candidates": len(rated), "icc2": found.icc2, "icc2_interval": found.icc2_interval,
            "icc2k": found.icc2k, "icc2k_interval": found.icc2k_interval, "raters": found.raters}  # fmt: skip


def _items(data: ReportData, excluded: list[str]) -> dict[str, Any]:
    waiting = sorted(data.waiting)
    titles = {i.id: i.title for i in data.items}
    if waiting:
        excluded.append("items left out of the item analysis until a person has rated every attempt's answer: "
                        + ", ".join(titles.get(i, i) for i in waiting))  # fmt: skip
    columns = [j for j, i in enumerate(data.items) if i.id not in data.waiting]
    counted = [data.items[j] for j in columns]
    points = data.points if data.points.size else np.full((len(data.people), len(data.items)), np.nan, np.float32)
    scored = ~np.isnan(points).all(axis=1) if points.shape[1] else np.zeros(len(data.people), dtype=bool)
    chosen = points[:, columns]
    whole = scored & ~np.isnan(chosen).any(axis=1)
    found = items.analyse_table(chosen[whole].astype(float), {i.id: i.max_points for i in counted},
                                {i.id: i.section for i in counted})  # fmt: skip
    result: dict[str, Any] = {
        "attempts": int(scored.sum()),
        "people": found.people,
        "why_not": found.why_not,
        "alpha": found.alpha,
        "rows": [
            {**asdict(x), "title": titles.get(x.id, x.id), "section": data.sections.get(x.section, x.section)}
            for x in found.items
        ],
        "sections": [{"title": data.sections.get(k, k), "alpha": v} for k, v in found.sections.items()],
        "min_people": items.MIN_PEOPLE,
        "options": [],
        "irt": {"min_people": irt.MIN_PEOPLE},
    }
    if found.why_not:
        return result
    kept: list[bool] = np.asarray(whole).tolist()
    complete = [p for p, keep in zip(data.people, kept, strict=True) if keep]
    table_points = chosen[whole].astype(float)
    totals = dict(zip((p.id for p in complete), table_points.sum(axis=1).tolist(), strict=True))
    for item in (i for i in counted if i.options):
        for pick, keyed in item.keyed.items():
            key = f"{item.id}:{pick}" if pick else item.id
            picks = [(totals[p.id], p.picks[key]) for p in complete if key in p.picks]
            if len(picks) >= items.MIN_PEOPLE:
                found_options = items.option_analysis(item.id, picks, item.options, keyed, pick)
                result["options"].append({**asdict(found_options), "title": item.title})
    halves = np.array([i.max_points / 2 for i in counted])
    table = (table_points >= halves).astype(float) if len(complete) else np.empty((0, len(counted)))
    result["dichotomised"] = (table, [p.id for p in complete], [i.id for i in counted])
    result["irt"].update(two_parameter(table, [i.id for i in counted], titles, excluded))
    return result


def two_parameter(table: np.ndarray, ids: list[str], titles: Mapping[str, str], excluded: list[str]) -> dict[str, Any]:
    """The 2PL calibration of a people x items table of 0 and 1, for the report and for
    `hireplay insights items`: from MIN_PEOPLE rows, on items on which people differ (the others
    named in `excluded`), on a seeded sample of IRT_SAMPLE rows beyond that, at most IRT_ITERATIONS
    EM steps; each item's estimates, fit and flags, and the test information."""
    found: dict[str, Any] = {"min_people": irt.MIN_PEOPLE}
    varied = table.std(axis=0) > 0 if len(table) else np.zeros(len(ids), dtype=bool)
    if len(table) < irt.MIN_PEOPLE:
        return {**found, "why_not": f"{len(table)} complete attempt(s); the two-parameter model needs at least "
                                    f"{irt.MIN_PEOPLE}"}  # fmt: skip
    if varied.sum() < 3:
        return {**found, "why_not": "fewer than three items on which candidates differ"}
    used = [i for i, v in zip(ids, varied, strict=True) if v]
    if not varied.all():
        excluded.append("items everyone got right (or wrong) are left out of the two-parameter model: "
                        + ", ".join(titles.get(i, i) for i, v in zip(ids, varied, strict=True) if not v))  # fmt: skip
    fitted = table[:, varied]
    if len(fitted) > IRT_SAMPLE:
        rows = np.random.default_rng(20261126).choice(len(fitted), IRT_SAMPLE, replace=False)
        fitted = fitted[np.sort(rows)]
        excluded.append(f"the two-parameter model is calibrated on a random {IRT_SAMPLE:,} of the {len(table):,} "
                        "complete attempts (seeded: the same data give the same sample); its standard errors are "
                        "that sample's")  # fmt: skip
    calibration = irt.calibrate(fitted, max_iterations=IRT_ITERATIONS)
    fit = irt.item_fit(fitted, calibration)
    return {**found,
        "people": len(fitted), "converged": calibration.converged, "iterations": calibration.iterations,
        "log_likelihood": calibration.log_likelihood,
        "items": [{"id": i, "title": titles.get(i, i), "slope": a, "slope_error": ae, "intercept": d,
                   "intercept_error": de, "difficulty": b, "fit_chi_square": f.chi_square, "fit_df": f.df,
                   "fit_p": f.p,
                   "flags": (["misfit"] if f.misfit else []) + (["slope below 0.5: weak"] if a < 0.5 else [])
                   + (["slope above 6: the item splits abilities almost perfectly; its estimate is unstable"]
                      if abs(a) > 6 else [])}
                  for i, a, ae, d, de, b, f in zip(used, calibration.slopes, calibration.slope_errors,
                                                   calibration.intercepts, calibration.intercept_errors,
                                                   calibration.difficulties, fit, strict=True)],
        "information": [{"ability": t, "information": v, "standard_error": (1 / np.sqrt(v)) if v > 0 else None}
                        for t, v in zip(INFORMATION_AT, irt.information(calibration, np.array(INFORMATION_AT)),
                                        strict=True)],
    }  # fmt: skip


def _dif(data: ReportData, dichotomised: tuple[np.ndarray, list[int], list[str]] | None) -> dict[str, Any]:
    if dichotomised is None:
        return {"why_not": "the item analysis has too few complete attempts", "questions": []}
    table, ids, item_ids = dichotomised
    titles = {i.id: i.title for i in data.items}
    categories = {p.id: p.categories or {} for p in data.people}
    totals = table.sum(axis=1)
    questions: list[dict[str, Any]] = []
    for question in data.self_id or []:
        groups = np.array([categories[i].get(question, "unknown") for i in ids])
        sizes: dict[str, int] = {}
        for g in groups:
            if g not in NOT_COMPARED:
                sizes[g] = sizes.get(g, 0) + 1
        if len(sizes) < 2:
            questions.append({"question": question, "why_not": "fewer than two categories with answers", "rows": []})
            continue
        reference = max(sizes, key=lambda g: (sizes[g], g))
        rows = []
        for focal in sorted(g for g in sizes if g != reference):
            if sizes[focal] < DIF_MIN_GROUP:
                rows.append({"focal": focal, "people": sizes[focal],
                             "why_not": f"{sizes[focal]} people; at least {DIF_MIN_GROUP} are needed"})  # fmt: skip
                continue
            for j, item in enumerate(item_ids):
                found = dif.mantel_haenszel(table[:, j], totals, groups, reference, focal)
                rows.append(
                    {
                        "focal": focal,
                        "people": sizes[focal],
                        "item": item,
                        "title": titles.get(item, item),
                        "dif": found,
                    }
                )
        questions.append({"question": question, "reference": reference, "reference_people": sizes[reference],
                          "rows": rows})  # fmt: skip
    return {"questions": questions, "min_group": DIF_MIN_GROUP}


def _validity(data: ReportData, resamples: int) -> dict[str, Any]:
    hires = [p for p in data.people if p.furthest == 4]
    predictors = (("assessment", "assessment"), ("interview", "interview"), ("weighted", "weighted total"))
    pools = {key: [getattr(p, key) for p in data.people if getattr(p, key) is not None] for key, _ in predictors}
    measures = []
    for m in data.measures:
        rated = [p for p in hires if m.id in p.outcomes]
        correlations = []
        for key, name in predictors:
            pairs = [(getattr(p, key), p.outcomes[m.id]) for p in rated if getattr(p, key) is not None]
            correlations.append(validity.correlate(name, m.name, [x for x, _ in pairs], [y for _, y in pairs],
                                                   pools[key]))  # fmt: skip
        both = [p for p in rated if p.assessment is not None and p.interview is not None]
        weights = validity.weighting(m.name, [p.assessment for p in both], [p.interview for p in both],  # type: ignore[misc]
                                     [p.outcomes[m.id] for p in both], data.policy_share, resamples)  # fmt: skip
        measures.append({"measure": m, "hires": len(rated), "correlations": correlations,
                         "weighting": asdict(weights)})  # fmt: skip
    return {"hires": len(hires), "measures": measures, "min_hires": validity.MIN_HIRES,
            "policy_share": data.policy_share}  # fmt: skip
