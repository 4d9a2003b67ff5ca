"""An interviewer's scorecard: a draft is theirs alone; submitting it refreshes the recommendation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.contrib.auth.models import User

from hireplay.core.interview import ScorecardDraft
from hireplay.web.flows.recommendation import refresh_recommendation
from hireplay.web.hiring.models import Candidate
from hireplay.web.interviews import services
from hireplay.web.interviews.models import PanelMember, Scorecard


def assign_panel(candidate: Candidate, assignments: Mapping[int, Sequence[str]], by: str) -> list[PanelMember]:
    """Set the panel (see services.assign_panel); the recommendation then names who it waits for."""
    members = services.assign_panel(candidate, assignments, by)
    refresh_recommendation(candidate)
    return members


def save_scorecard(candidate: Candidate, user: User, draft: ScorecardDraft, submit: bool) -> Scorecard:
    """Save the draft, or submit it and recompute the recommendation with it. Raises
    services.InterviewError naming each field at fault; nothing is stored then."""
    card = services.save_scorecard(candidate, user, draft, submit)
    if submit:
        refresh_recommendation(candidate)
    return card
