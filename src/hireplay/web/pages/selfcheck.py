"""The salesperson's own self-check against the strategic account role (docs/development.md):
a public page, nothing stored; the person reads where they stand, in plain words, and what the
research says about closing each gap."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from hireplay.core.development import Rating, gaps
from hireplay.core.frameworks import SUITS, Catalogue, Framework, Transition, load_catalogue, load_transition
from hireplay.shipped import FRAMEWORKS_DIR

VERDICTS = {
    "ready": gettext_lazy("You are there"),
    "reinforce": gettext_lazy("To reinforce: about one level to go"),
    "acquire": gettext_lazy("To acquire: new to you, or more than one level to go"),
    "unlearn": gettext_lazy("To unlearn: a strength of selling that works against this role"),
}
HOW = {
    "trainable": gettext_lazy("Training helps: a course, practice on a real account, a mentor."),
    "experience": gettext_lazy("It grows mostly with experience: stretch assignments and time with senior customers."),
    "debated": gettext_lazy("Whether training raises it is debated: build on it rather than count on a course."),
    "personal_effort": gettext_lazy("It changes mostly through your own effort and motivation, with a mentor's "
                                    "support, rather than through a course."),
}  # fmt: skip
KINDS = {
    "course": gettext_lazy("a training course"), "stretch": gettext_lazy("a stretch assignment on a real account"),
    "mentoring": gettext_lazy("mentoring by a strategic account manager"),
    "shadowing": gettext_lazy("shadowing a key account review"), "reading": gettext_lazy("reading"),
    "commitment": gettext_lazy("a personal commitment"),
}  # fmt: skip


@cache
def _shipped() -> tuple[Transition, Framework, Catalogue]:
    transition, _, target = load_transition(FRAMEWORKS_DIR / "salesperson-to-sam.yaml")
    return transition, target, load_catalogue(FRAMEWORKS_DIR / "development-actions.yaml")


def self_check(request: HttpRequest) -> HttpResponse:
    """The self-check: one question per competency of the role (which level describes you best);
    the answer, at once, with nothing kept."""
    known = dict(settings.LANGUAGES)
    wanted = request.POST.get("language") or request.GET.get("language") or getattr(request, "LANGUAGE_CODE", "en")
    language = wanted if wanted in known else "en"
    transition, target, _ = _shipped()
    with translation.override(language):
        typed = {c.id: request.POST.get(c.id, "") for c in target.competencies} if request.method == "POST" else {}
        problems = {cid: gettext("choose the level that describes you best, from 1 to 5")
                    for cid, value in typed.items() if value not in ("1", "2", "3", "4", "5")}  # fmt: skip
        results: list[dict[str, Any]] = []
        if request.method == "POST" and not problems:
            own = [Rating("you", cid, "self", int(value)) for cid, value in typed.items()]
            for gap in gaps(own, transition, target, own_view=True):
                step = transition.step(gap.competency)
                results.append({
                    "gap": gap, "verdict": VERDICTS[gap.verdict], "how": HOW[gap.trainability],
                    "research": step.why if step else "", "helps": [KINDS[k] for k in SUITS[gap.trainability]],
                })  # fmt: skip
        questions = [{"c": c, "levels": sorted(c.levels.items()), "typed": typed.get(c.id, ""),
                      "error": problems.get(c.id)} for c in target.competencies]  # fmt: skip
        response = render(request, "development/self_check.html", {
            "target": target, "questions": questions, "results": results, "problems": problems,
            "language": language, "languages": settings.LANGUAGES,
            "to_work_on": sum(r["gap"].verdict != "ready" for r in results),
        }, status=400 if problems else 200)  # fmt: skip
    response["Content-Language"] = language
    return response
