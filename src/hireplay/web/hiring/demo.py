"""Demo data, made through the same operations as real use: openings, candidates at every stage."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from hireplay.core.items.numeric import Numeric
from hireplay.core.lint import load_playbook
from hireplay.core.numbers import format_number
from hireplay.shipped import EXAMPLES_DIR, shipped_playbooks
from hireplay.web.hiring import services
from hireplay.web.hiring.answers import save_answer
from hireplay.web.hiring.models import Candidate, JobOpening
from hireplay.web.orgs.models import Membership, Organization

PEOPLE = (("admin", Membership.Role.ADMIN), ("rita", Membership.Role.RECRUITER), ("ivan", Membership.Role.INTERVIEWER))
CANDIDATES = (
    ("Amira Haddad", "added"),
    ("Bram Peeters", "invited"),
    ("Chloé Martin", "in_progress"),
    ("Dev Patel", "scored"),
    ("Eva Novak", "scored_partial"),
)


def credentials_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-credentials.json"


def ensure_demo_data(base_url: str) -> dict[str, str]:
    """Create the demo data once; later calls reuse it. Returns the demo accounts' passwords."""
    path = credentials_file()
    if Organization.objects.filter(slug="northline").exists() and path.exists():
        loaded: dict[str, str] = json.loads(path.read_text())
        return loaded
    passwords = {name: secrets.token_urlsafe(9) for name, _ in PEOPLE}
    # The invitations' e-mails go to memory: the demo prints the links once, briefly.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        agency = Organization.objects.create(name="Northline Talent", slug="northline", kind=Organization.Kind.AGENCY)
        client = Organization.objects.create(name="Verdant Foods", slug="verdant-foods", kind=Organization.Kind.COMPANY,
                                             agency=agency)  # fmt: skip
        for name, role in PEOPLE:
            user = User.objects.create_user(name, f"{name}@northline.example", passwords[name])
            Membership.objects.create(user=user, organization=agency if role != Membership.Role.INTERVIEWER else client,
                                      role=role)  # fmt: skip
        sample = json.loads((EXAMPLES_DIR / "account-manager-smb.answers.json").read_text())["answers"]
        for path_ in shipped_playbooks():
            playbook = load_playbook(path_)
            opening = services.open_position(client, playbook.role.title, playbook)
            _candidates(opening, sample if playbook.id == "account-manager-smb" else {}, base_url)
    path.write_text(json.dumps(passwords, indent=2))
    path.chmod(0o600)
    return passwords


def _candidates(opening: JobOpening, sample: dict[str, object], base_url: str) -> None:
    slug = opening.playbook.playbook_id
    for name, stage in CANDIDATES:
        email = f"{name.split()[0].lower()}.{slug}@candidates.example"
        candidate = Candidate.objects.create(opening=opening, name=name, email=email)
        if stage == "added":
            continue
        services.invite(candidate, base_url)
        if stage == "invited":
            continue
        session = services.start_session(candidate)
        now = timezone.now()
        playbook = opening.playbook.to_core()
        answers = {k: v for k, v in sample.items() if k in playbook.items_by_id}
        for item_id in answers:
            item = playbook.items_by_id[item_id]
            if isinstance(item, Numeric) and item.variables_for(session.seed):
                # The sample answered the worked example; this candidate saw their own numbers.
                answers[item_id] = format_number(item.key_value(item.variables_for(session.seed)), ",.2f")
        if stage == "scored_partial":
            answers = dict(list(answers.items())[: len(answers) // 2])
        if stage == "in_progress":
            answers = dict(list(answers.items())[:4])
        for seq, (item_id, value) in enumerate(answers.items(), 1):
            save_answer(session, item_id, value, seq, now + timedelta(seconds=seq))
        if stage.startswith("scored"):
            services.submit(session)


def candidate_links(base_url: str) -> list[tuple[str, str, str]]:
    """(candidate, stage, a fresh personal link) for the demo's candidates who were invited."""
    rows = []
    for candidate in Candidate.objects.filter(opening__organization__slug="verdant-foods").order_by("opening_id", "pk"):
        invitation = candidate.invitations.order_by("-pk").first()
        if invitation is not None and candidate.opening.playbook.playbook_id == "account-manager-smb":
            link = f"{base_url.rstrip('/')}/a/{services.invitation_token(invitation)}/"
            rows.append((candidate.name, candidate.get_stage_display(), link))
    return rows
