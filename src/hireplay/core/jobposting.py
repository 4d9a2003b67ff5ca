"""Job descriptions from a playbook: Markdown for people, schema.org JobPosting for search engines.

Search engines require `title`, `description` (HTML), `datePosted`, `hiringOrganization` and
`jobLocation` (or, for fully remote jobs, `jobLocationType: TELECOMMUTE` with
`applicantLocationRequirements`). What the playbook does not hold (the employer, the dates, the
salary) comes from the caller; anything required and missing is reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from hireplay.core.iso import country_problem, currency_problem
from hireplay.core.playbook import Location, Playbook

_ARRANGEMENT = {"on_site": "On site", "hybrid": "Hybrid", "remote": "Remote"}


def arrangement_text(playbook: Playbook) -> str:
    work = playbook.role.working_arrangement
    text = _ARRANGEMENT[work.mode]
    if work.mode == "hybrid" and work.office_days_per_week is not None:
        days = work.office_days_per_week
        text += f": {days} day{'s' if days != 1 else ''} a week in the office"
    if work.notes:
        text += f". {work.notes}"
    return text


def job_description_markdown(playbook: Playbook) -> str:
    """A job description in Markdown: summary, responsibilities, skills, how we assess."""
    role = playbook.role
    lines = [f"# {role.title}", "", role.summary, ""]
    if role.out_of_scope:
        lines += [f"*{role.out_of_scope}*", ""]
    lines += [
        f"**Level:** {role.level.capitalize()}  ",
        f"**Clients:** {role.segment}  ",
        f"**Working arrangement:** {arrangement_text(playbook)}",
        "",
    ]
    lines += ["## What you will do", ""]
    lines += [f"- **{r.title}.** {r.description}" for r in role.responsibilities]
    for label, skills in (
        ("Skills you bring", role.must_have.hard),
        ("How you work with people", role.must_have.soft),
        ("The attitude we hire for", role.must_have.attitude),
    ):
        if skills:
            lines += ["", f"## {label}", ""]
            lines += [f"- **{s.name}.** {s.description}" for s in skills]
    lines += ["", "## How we assess", ""]
    lines.append(
        f"Every candidate takes the same {playbook.assessment.time_limit_minutes}-minute work-sample "
        f"assessment and a structured interview with the same questions, rated on written scales. "
        f"We look for:"
    )
    lines.append("")
    lines += [f"- **{c.name}:** {c.definition}" for c in playbook.competencies]
    lines.append("")
    return "\n".join(lines)


def description_html(playbook: Playbook) -> str:
    role = playbook.role
    e = html.escape
    parts = [f"<p>{e(role.summary)}</p>"]
    if role.out_of_scope:
        parts.append(f"<p><em>{e(role.out_of_scope)}</em></p>")
    parts.append(f"<p><strong>Working arrangement:</strong> {e(arrangement_text(playbook))}</p>")
    parts.append("<h2>What you will do</h2><ul>")
    parts += [f"<li><strong>{e(r.title)}.</strong> {e(r.description)}</li>" for r in role.responsibilities]
    parts.append("</ul>")
    skills = role.must_have.hard + role.must_have.soft + role.must_have.attitude
    if skills:
        parts.append("<h2>What you bring</h2><ul>")
        parts += [f"<li><strong>{e(s.name)}.</strong> {e(s.description)}</li>" for s in skills]
        parts.append("</ul>")
    return "".join(parts)


@dataclass(frozen=True)
class PostingDetails:
    """What a posting needs beyond the playbook."""

    organization: str = ""
    organization_url: str = ""
    date_posted: dt.date | None = None
    valid_through: dt.date | None = None
    location: Location | None = None
    applicant_countries: tuple[str, ...] = ()
    salary_min: Decimal | None = None
    salary_max: Decimal | None = None
    salary_currency: str = ""
    salary_unit: Literal["HOUR", "DAY", "WEEK", "MONTH", "YEAR"] = "YEAR"
    identifier: str = ""


class PostingError(ValueError):
    """Required JobPosting properties are missing or impossible; the message names each and the fix."""


def _address(location: Location) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": location.country}
    for key, value in (
        ("streetAddress", location.street_address),
        ("addressLocality", location.locality),
        ("addressRegion", location.region),
        ("postalCode", location.postal_code),
    ):
        if value:
            address[key] = value
    return address


def job_posting_jsonld(playbook: Playbook, details: PostingDetails) -> dict[str, Any]:
    """A schema.org JobPosting; raises PostingError naming every missing required property."""
    missing: list[str] = []
    if not details.organization:
        missing.append("hiringOrganization: give the employer's name (--organization)")
    if details.date_posted is None:
        missing.append("datePosted: give the date the job is posted (--date-posted YYYY-MM-DD)")
    remote = playbook.role.working_arrangement.mode == "remote"
    location = details.location or playbook.role.location
    if remote:
        if not details.applicant_countries and location is None:
            missing.append(
                "applicantLocationRequirements: give the countries remote applicants may live in "
                "(--applicant-country XX) or role.location in the playbook"
            )
    elif location is None:
        missing.append(
            "jobLocation: give the office's country and city (--country XX --locality CITY) "
            "or role.location in the playbook"
        )
    salary = [v for v in (details.salary_min, details.salary_max) if v is not None]
    if salary and not details.salary_currency:
        missing.append("baseSalary.currency: give the salary's currency (--currency EUR)")
    elif details.salary_currency and (problem := currency_problem(details.salary_currency)):
        missing.append(f"baseSalary.currency: {problem} (--currency)")
    if any(not v.is_finite() or v < 0 for v in salary):
        missing.append("baseSalary: a salary is a positive amount (--salary-min, --salary-max)")
    elif details.salary_min is not None and details.salary_max is not None and details.salary_min > details.salary_max:
        missing.append(f"baseSalary: the minimum ({details.salary_min}) is above the maximum ({details.salary_max}); "
                       "swap --salary-min and --salary-max")  # fmt: skip
    for code in details.applicant_countries:
        if problem := country_problem(code):
            missing.append(f"applicantLocationRequirements: {problem} (--applicant-country)")
    if details.location is not None and (problem := country_problem(details.location.country)):
        missing.append(f"jobLocation.addressCountry: {problem} (--country)")
    if details.valid_through and details.date_posted and details.valid_through < details.date_posted:
        missing.append(f"validThrough: {details.valid_through} is before datePosted {details.date_posted}; "
                       "the last day to apply comes after the posting (--valid-through)")  # fmt: skip
    if missing:
        raise PostingError("the job posting cannot be made:\n  - " + "\n  - ".join(missing))
    assert details.date_posted is not None
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": playbook.role.title,
        "description": description_html(playbook),
        "datePosted": details.date_posted.isoformat(),
        "employmentType": playbook.role.employment_type,
        "hiringOrganization": {"@type": "Organization", "name": details.organization},
        "skills": ", ".join(c.name for c in playbook.competencies),
        "responsibilities": " ".join(r.title + "." for r in playbook.role.responsibilities),
        "inLanguage": playbook.role.language,
    }
    if details.organization_url:
        posting["hiringOrganization"]["sameAs"] = details.organization_url
    if details.valid_through:
        posting["validThrough"] = details.valid_through.isoformat() + "T23:59:59"
    if details.identifier:
        posting["identifier"] = {"@type": "PropertyValue", "name": details.organization, "value": details.identifier}
    if remote:
        posting["jobLocationType"] = "TELECOMMUTE"
        countries = details.applicant_countries or ((location.country,) if location else ())
        posting["applicantLocationRequirements"] = [{"@type": "Country", "name": c} for c in countries]
    else:
        assert location is not None
        posting["jobLocation"] = {"@type": "Place", "address": _address(location)}
    if details.salary_min is not None or details.salary_max is not None:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": details.salary_unit}
        if (
            details.salary_min is not None
            and details.salary_max is not None
            and details.salary_min != details.salary_max
        ):
            value["minValue"] = float(details.salary_min)
            value["maxValue"] = float(details.salary_max)
        else:
            value["value"] = float(details.salary_min if details.salary_min is not None else details.salary_max)  # type: ignore[arg-type]
        posting["baseSalary"] = {"@type": "MonetaryAmount", "currency": details.salary_currency, "value": value}
    return posting
