"""Demo data, made through the same operations as real use: openings, candidates at every stage."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from hireplay.core.interview import ScorecardDraft
from hireplay.core.items.numeric import Numeric
from hireplay.core.lint import load_playbook
from hireplay.core.numbers import format_number
from hireplay.shipped import EXAMPLES_DIR, shipped_playbooks
from hireplay.web.audit.catalogue import actor
from hireplay.web.decisions.models import RecommendationRecord
from hireplay.web.flows.assessment import rate_written, submit
from hireplay.web.flows.decision import decide, propose, set_hiring_manager
from hireplay.web.flows.demo_clients import ensure_client_base
from hireplay.web.flows.demo_development import ensure_team
from hireplay.web.flows.interview import assign_panel, save_scorecard
from hireplay.web.hiring import answers, services
from hireplay.web.hiring.models import Candidate, JobOpening, ScoreRecord
from hireplay.web.interviews import services as interviews
from hireplay.web.interviews.models import PanelMember
from hireplay.web.orgs.models import Membership, Organization

# Hana, Verdant's sales director, is the hiring manager who decides; Rita recruits; Ivan interviews.
PEOPLE = (("admin", Membership.Role.ADMIN), ("rita", Membership.Role.RECRUITER), ("ivan", Membership.Role.INTERVIEWER),
          ("hana", Membership.Role.HIRING_MANAGER))  # fmt: skip
CLIENT_STAFF = (Membership.Role.INTERVIEWER, Membership.Role.HIRING_MANAGER)  # members of Verdant, not of the agency
TIME_ZONE = "Europe/Brussels"
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
        added = _complete(base_url)
        if added:
            loaded.update(added)
            path.write_text(json.dumps(loaded, indent=2))
        return loaded
    passwords = {name: secrets.token_urlsafe(9) for name, _ in PEOPLE}
    # The invitations' e-mails go to memory: the demo prints the links once, briefly.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        agency = Organization.objects.create(name="Northline Talent", slug="northline", kind=Organization.Kind.AGENCY,
                                             time_zone=TIME_ZONE, contact_email="accessibility@northline.example")  # fmt: skip
        client = Organization.objects.create(name="Verdant Foods", slug="verdant-foods", kind=Organization.Kind.COMPANY,
                                             agency=agency, time_zone=TIME_ZONE,
                                             contact_email="careers@verdant-foods.example")  # fmt: skip
        for name, role in PEOPLE:
            user = User.objects.create_user(name, f"{name}@northline.example", passwords[name])
            Membership.objects.create(user=user, organization=client if role in CLIENT_STAFF else agency, role=role)
        rita = User.objects.get(username="rita")
        sample = json.loads((EXAMPLES_DIR / "account-manager-smb.answers.json").read_text())["answers"]
        for path_ in shipped_playbooks():
            playbook = load_playbook(path_)
            opening = services.open_position(client, playbook.role.title, playbook, by=actor(rita))
            set_hiring_manager(opening, "hana", rita)
            _candidates(opening, sample if playbook.id == "account-manager-smb" else {}, base_url, actor(rita))
        _interviews(base_url)
        ensure_client_base(agency, timezone.localdate())
        ensure_team(client, User.objects.get(username="hana"), rita, timezone.localdate())
    path.write_text(json.dumps(passwords, indent=2))
    path.chmod(0o600)
    return passwords


def _candidates(opening: JobOpening, sample: dict[str, object], base_url: str, by: str) -> None:
    slug = opening.playbook.playbook_id
    for name, stage in CANDIDATES:
        email = f"{name.split()[0].lower()}.{slug}@candidates.example"
        candidate = services.add_candidates(opening, [{"name": name, "email": email}], by=by)[0]
        if stage == "added":
            continue
        invitation, _, _ = services.invite(candidate, base_url, by=by)
        if stage == "invited":
            continue
        session = services.start_session(candidate)
        now = timezone.now()
        playbook = opening.playbook.to_core()
        sheet = {k: v for k, v in sample.items() if k in playbook.items_by_id}
        for item_id in sheet:
            item = playbook.items_by_id[item_id]
            if isinstance(item, Numeric) and item.variables_for(session.seed):
                # The sample answered the worked example; this candidate saw their own numbers.
                sheet[item_id] = format_number(item.key_value(item.variables_for(session.seed)), ",.2f")
        if stage == "scored_partial":
            sheet = dict(list(sheet.items())[: len(sheet) // 2])
        if stage == "in_progress":
            sheet = dict(list(sheet.items())[:4])
        for seq, (item_id, value) in enumerate(sheet.items(), 1):
            saved = answers.save(invitation.pk, item_id, value, seq, now + timedelta(seconds=seq))
            if not saved.stored:
                raise RuntimeError(f"the demo's answer to {item_id} was not stored: {saved.message}")
        if stage.startswith("scored"):
            submit(session)


def _complete(base_url: str) -> dict[str, str]:
    """Add what demo data made by an earlier version of hireplay lacks (interviews, the client base,
    the hiring manager and the time zone); the passwords of any demo account it adds."""
    added: dict[str, str] = {}
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        Organization.objects.filter(slug__in=("northline", "verdant-foods"), time_zone="UTC").update(
            time_zone=TIME_ZONE
        )
        client = Organization.objects.get(slug="verdant-foods")
        if not User.objects.filter(username="hana").exists():
            added["hana"] = secrets.token_urlsafe(9)
            hana = User.objects.create_user("hana", "hana@northline.example", added["hana"])
            Membership.objects.create(user=hana, organization=client, role=Membership.Role.HIRING_MANAGER)
            rita = User.objects.get(username="rita")
            for opening in JobOpening.objects.filter(organization=client, hiring_manager__isnull=True):
                set_hiring_manager(opening, "hana", rita)
        if not PanelMember.objects.exists():
            _interviews(base_url)
        ensure_client_base(Organization.objects.get(slug="northline"), timezone.localdate())
        ensure_team(client, User.objects.get(username="hana"), User.objects.get(username="rita"), timezone.localdate())
    return added


def _interviews(base_url: str) -> None:
    """Panels, interviews and scorecards for the scored candidates; one decision taken, one awaiting a person."""
    rita, ivan, hana = (User.objects.get(username=name) for name in ("rita", "ivan", "hana"))
    local = timezone.now().astimezone(ZoneInfo(TIME_ZONE)) + timedelta(days=3)
    start = local.replace(hour=9, minute=30, second=0, microsecond=0)  # 09:30 in Brussels
    scored = Candidate.objects.filter(
        stage=Candidate.Stage.SCORED, opening__playbook__playbook_id="account-manager-smb"
    )
    for candidate in scored.select_related("opening__playbook"):
        playbook = candidate.opening.playbook.to_core()
        kit = playbook.interview
        ids = [q.id for q in kit.questions]
        # Rita also plays the client in the playbook's exercises and rates them on their grids.
        split = {rita.pk: ids[0::2] + list(playbook.grid), ivan.pk: ids[1::2]}
        assign_panel(candidate, split, actor(rita))
        interviews.schedule(candidate, start, 60, "Video call (link sent the day before)", rita, base_url)
        strong = candidate.name.startswith("Dev")
        if strong:  # Rita rates the tone and clarity of Dev's written answers; the others' wait
            latest = ScoreRecord.current(candidate.pk)
            given: dict[str, dict[str, float]] = {}
            for pending in latest.to_core().pending if latest else ():
                given.setdefault(pending.item, {})[pending.criterion] = pending.max_points * 0.8 // 0.5 * 0.5
            if given:
                rate_written(candidate, given, actor(rita))
        for user in (rita, ivan) if strong else (ivan,):
            ratings = dict.fromkeys(split[user.pk], 4 if strong else 3)
            notes = {}
            if not strong:
                # The communication question goes badly: a 1, with the evidence the scale asks for.
                communication = next((q.id for q in kit.questions if q.id in split[user.pk]
                                      and "communication" in q.competencies), None)  # fmt: skip
                if communication:
                    ratings[communication] = 1
                    notes[communication] = (
                        "Could not explain the renewal terms plainly; talked over the client role-play twice."
                    )
            data = ScorecardDraft(ratings=ratings, notes=notes, confirmations={c.id: True for c in kit.confirmations},
                                  overall="yes" if strong else "no", interviewed_on=start.date().isoformat())  # fmt: skip
            save_scorecard(candidate, user, data, submit=True)
        recommendation = RecommendationRecord.current(candidate.pk)
        if strong and recommendation is not None and recommendation.outcome == "hire":
            decide(candidate, hana, "hire", "")
        elif not strong:
            # Rita's scorecard is not in: the recommendation is provisional; Ivan proposes, Hana decides.
            propose(candidate, ivan, "reject", "Communication rated 1 of 5: the must-have is not met.")


def candidate_links(base_url: str) -> list[tuple[str, str, str]]:
    """(candidate, stage, a fresh personal link) for the demo's candidates who were invited."""
    rows = []
    for candidate in Candidate.objects.filter(opening__organization__slug="verdant-foods").order_by("opening_id", "pk"):
        invitation = candidate.invitations.order_by("-pk").first()
        if invitation is not None and candidate.opening.playbook.playbook_id == "account-manager-smb":
            link = f"{base_url.rstrip('/')}/a/{services.invitation_token(invitation)}/"
            rows.append((candidate.name, candidate.get_stage_display(), link))
    return rows
