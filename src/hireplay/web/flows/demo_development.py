"""The demo's sales team assessed against the strategic account role (docs/development.md): the
worked example's ratings (examples/development/team-ratings.csv), imported as a user would, and
Noor Vermeulen's development plan."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User

from hireplay.shipped import EXAMPLES_DIR
from hireplay.web.development import services
from hireplay.web.development.models import Person
from hireplay.web.orgs.models import Organization

RATINGS = EXAMPLES_DIR / "development" / "team-ratings.csv"


def ensure_team(organization: Organization, manager: User, by: User, today: date) -> None:
    """Import the worked example's team once, and make Noor's plan from her gaps."""
    if Person.objects.filter(organization=organization).exists():
        return
    people, problems = services.import_ratings(organization, RATINGS.read_text(encoding="utf-8"), RATINGS.name, manager,
                                               "salesperson-to-sam", by)  # fmt: skip
    if problems:
        raise RuntimeError(f"the demo's ratings were refused: {problems}")
    noor = next(p for p in people if p.name == "Noor Vermeulen")
    noor.refresh_from_db()
    if noor.latest is not None:
        services.make_plan(noor, noor.latest, today + timedelta(days=(7 - today.weekday()) % 7 or 7), by)
