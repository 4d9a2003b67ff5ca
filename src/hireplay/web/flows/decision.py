"""A named person's decision on a candidate, against the recommendation in force, logged."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from hireplay.core.decision import reason_problem
from hireplay.web.audit.catalogue import actor
from hireplay.web.audit.log import digest, record
from hireplay.web.decisions.models import Decision, RecommendationRecord
from hireplay.web.hiring.models import Candidate


class DecisionError(ValueError):
    """A decision that cannot be taken as asked; `field` is the form field at fault, the message
    says why and what to do."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def decide(candidate: Candidate, user: User, outcome: str, reason: str) -> Decision:
    """Record a named person's decision; refuse one without the reason the rules require."""
    if outcome not in Decision.Outcome.values:
        raise DecisionError("outcome", f"choose one of {', '.join(Decision.Outcome.labels)}")
    reason = reason.strip()
    with transaction.atomic():
        recommendation = RecommendationRecord.current(candidate.pk)
        if recommendation is None:
            raise DecisionError("outcome", "there is no recommendation yet: the assessment must be submitted "
                                           "and scored first")  # fmt: skip
        problem = reason_problem(recommendation.outcome, outcome, reason)
        if problem:
            raise DecisionError("reason", problem)
        made = Decision.objects.create(
            candidate=candidate, recommendation=recommendation, outcome=outcome, reason=reason,
            departs=outcome != recommendation.outcome, decided_by=user,
        )  # fmt: skip
        Candidate.objects.filter(pk=candidate.pk).update(stage=Candidate.Stage.DECIDED)
        record(actor(user), "decision.taken", candidate.ref,
               {"decision": made.pk, "outcome": outcome, "recommendation": recommendation.pk,
                "recommended": recommendation.outcome, "departs": made.departs,
                "reason": digest(candidate.secret, reason)})  # fmt: skip
        return made
