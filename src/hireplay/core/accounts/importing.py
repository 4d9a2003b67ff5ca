"""Reading CRM exports of accounts and engagements: HubSpot's and Salesforce's column names
(labels and API names alike), a mapping file for anything else, every bad row reported.

Column names are compared after folding case and dropping everything but letters and digits, so
`Company name`, `company_name` and `CompanyName` are the same column, as are `Annual Revenue` and
`AnnualRevenue`, `Parent Company` and `ParentId` land in the same field. Columns that match no
field are kept with each account (`extra`).

This module holds what a column and a cell mean (the fields, their names in CRMs, how one cell is
read and checked, the preview); `reading` reads whole files with it, for the import and for
classifying from files alike.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any, Literal

from openpyxl import load_workbook

from hireplay.core import csvtext
from hireplay.core.numbers import parse_number

Kind = Literal["accounts", "engagements"]


def fold(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


ACCOUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("recordid", "companyid", "hsobjectid", "accountid", "id", "crmid", "externalid"),
    "name": ("companyname", "accountname", "name", "company", "account"),
    "parent": ("parentcompany", "parentcompanyid", "hsparentcompanyid", "parentaccount", "parentaccountid", "parentid",
               "parent", "parentname"),
    "owner": ("companyowner", "hubspotownerid", "hubspotowner", "accountowner", "accountowneremail", "ownerid", "owner",
              "owneremail", "accountmanager"),
    "annual_revenue": ("annualrevenue",),
    "active_contacts": ("activecontacts", "numberofassociatedcontacts", "numassociatedcontacts", "contacts"),
    "strategic_fit": ("strategicfit",),
    "strategic_fit_on": ("strategicfiton", "strategicfitdate", "strategicfitset"),
    "referral_influence": ("referralinfluence", "influence", "referralpotential"),
    "referral_influence_on": ("referralinfluenceon", "referralinfluencedate", "influencedate"),
    "nps": ("nps", "npsscore", "netpromoterscore"),
    "csat": ("csat", "csatscore"),
    "csat5": ("csat15", "csatscore15", "csat5", "csatoutof5"),
    "usage_trend": ("usagetrend", "usagechange", "usagechangepercent", "usagetrendpercent", "usagechange90d",
                    "usagetrend90d"),
    "open_escalations": ("openescalations", "escalations", "escalationsopen", "numberofopenescalations"),
    "ticket_trend": ("tickettrend", "ticketchange", "ticketschange", "tickettrendpercent", "ticketchange90d"),
    "champion_left": ("championleft", "championleftdate", "championlefton", "championleaving"),
    "domain": ("companydomainname", "domain", "website", "companywebsite", "webdomain"),
    "main_contact": ("primarycontact", "maincontact", "primarycontactname", "keycontact", "contactname"),
    "contact_email": ("primarycontactemail", "maincontactemail", "contactemail", "email"),
    "contact_phone": ("primarycontactphone", "contactphone", "phonenumber", "phone"),
    "satisfaction_on": ("satisfactionon", "satisfactiondate", "npsdate", "csatdate", "surveydate"),
    "contract": ("contracttype", "contract", "agreementtype"),
    "contract_start": ("contractstart", "contractstartdate", "agreementstart"),
    "contract_end": ("contractend", "contractenddate", "agreementend"),
    "licences_bought": ("licencesbought", "licensesbought", "licensespurchased", "licencespurchased", "seats",
                        "seatspurchased"),
    "licences_used": ("licencesused", "licensesused", "activeseats", "seatsused", "activeusers"),
    "open_tickets": ("opentickets", "opensupporttickets", "numberofopentickets", "ticketsopen"),
    "renewal_date": ("renewaldate", "contractrenewaldate", "renewal", "nextrenewaldate"),
    "last_contact": ("lastcontacted", "noteslastcontacted", "lastcontact", "lastcontactdate", "lastactivitydate",
                     "lastactivity"),
}  # fmt: skip
ENGAGEMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "account": ("associatedcompanyid", "associatedcompany", "associatedcompanyprimary", "associatedcompanyidprimary",
                "associatedcompanyidsprimary", "associatedcompanyids", "companyid", "accountid", "company",
                "companyname", "account", "accountname"),
    "on": ("closedate", "date", "engagementdate", "placementdate", "orderdate", "startdate"),
    "revenue": ("amount", "revenue", "fee", "value", "amountincompanycurrency", "amountinhomecurrency", "dealamount",
                "totalamount"),
    "kind": ("dealtype", "type", "kind", "engagementtype"),
    "id": ("dealid", "opportunityid", "recordid", "id", "engagementid"),
    "stage": ("dealstage", "stagename", "stage", "status"),
}  # fmt: skip
REQUIRED: dict[Kind, tuple[str, ...]] = {"accounts": ("name",), "engagements": ("account", "on")}
WON = {"closedwon", "won", "closedwonwon", "placed", "completed", "invoiced"}
LOST = {"closedlost", "lost", "closedlostlost", "cancelled", "canceled", "withdrawn", "declined", "rejected",
        "abandoned", "dead"}  # fmt: skip


def contract_kind(text: str) -> tuple[str | None, str | None]:
    """The contract kind a CRM cell names (the strongest word it holds: "Exclusive retainer" is
    exclusive), None for none, or why it cannot be read. Both importers read contracts with this."""
    folded = fold(text)
    if folded in ("", "none", "no", "nocontract", "na"):
        return None, None
    found = CONTRACT_KINDS.get(folded)
    if found is None:
        for word, kind in (("exclusiv", "exclusive"), ("retain", "retainer"), ("agreement", "agreement"),
                           ("framework", "agreement"), ("msa", "agreement")):  # fmt: skip
            if word in folded:
                found = kind
                break
    if found is None:
        return None, f"'{text}' is not a contract type; use agreement, retainer or exclusive"
    return found, None


def deal_state(stage: str | None) -> Literal["won", "open", "lost"]:
    """Won deals are engagements (revenue); lost ones are left out; any other stage is an open deal
    (pipeline: potential, never revenue). No stage column: every row is an engagement."""
    if stage is None:
        return "won"
    folded = fold(stage)
    return "won" if folded in WON else "lost" if folded in LOST else "open"


CONTRACT_KINDS = {"agreement": "agreement", "framework": "agreement", "frameworkagreement": "agreement",
                  "msa": "agreement", "retainer": "retainer", "retained": "retainer", "exclusive": "exclusive",
                  "exclusivity": "exclusive", "exclusivepartnership": "exclusive"}  # fmt: skip


@dataclass(frozen=True)
class ColumnMapping:
    """A mapping file: which column holds which field, and how dates and numbers are written."""

    columns: Mapping[str, str] = field(default_factory=dict)
    date_format: str | None = None
    locale: str = "en"


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    message: str
    kind: str = ""  # which file: accounts or engagements

    def __str__(self) -> str:
        where = ("the file" if self.line == 0 else f"line {self.line}") + (
            f", column '{self.column}'" if self.column else ""
        )
        return f"{where}: {self.message}"


@dataclass
class AccountRow:
    line: int
    values: dict[str, Any]
    extra: dict[str, str]


@dataclass
class EngagementRow:
    line: int
    values: dict[str, Any]


def parse_mapping(data: Any) -> tuple[ColumnMapping, list[str]]:
    """A mapping file's content (already read from YAML or JSON); problems name the key."""
    problems = []
    if not isinstance(data, dict):
        return ColumnMapping(), [
            "the mapping file must be a mapping with 'columns' (and optionally 'date_format', 'locale')"
        ]
    known = set(ACCOUNT_COLUMNS) | set(ENGAGEMENT_COLUMNS)
    columns = data.get("columns", {})
    if not isinstance(columns, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in columns.items()):
        problems.append("columns: give field: column name pairs, e.g. 'name: Firm'")
        columns = {}
    for key in columns:
        if key not in known:
            problems.append(f"columns.{key}: not a field; fields: {', '.join(sorted(known))}")
    for key in data:
        if key not in ("columns", "date_format", "locale"):
            problems.append(f"{key}: unknown key; use columns, date_format and locale")
    date_format = data.get("date_format")
    if date_format is not None:
        try:
            datetime.strptime(datetime(2026, 1, 31).strftime(str(date_format)), str(date_format))
        except ValueError:
            problems.append(f"date_format: '{date_format}' is not a strptime format such as %d/%m/%Y")
    return ColumnMapping(
        dict(columns), None if date_format is None else str(date_format), str(data.get("locale", "en"))
    ), problems


def read_table(data: bytes, filename: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]] | str:
    """Header and (line, cells) rows of a CSV or XLSX file, or why it cannot be read."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    text, encoding = csvtext.decode(data)
    if not text and encoding != "utf-8":
        return encoding
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csvtext.separator(text))
    try:
        header = next(reader)
    except StopIteration:
        return "the file is empty; the first line must name the columns"
    except csv.Error as exc:
        return f"line 1: {exc}"

    def rows() -> Iterator[tuple[int, list[str]]]:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield reader.line_num, row

    return header, rows()


def _read_xlsx(data: bytes) -> tuple[list[str], Iterator[tuple[int, list[str]]]] | str:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        return f"the workbook cannot be read ({type(exc).__name__}); save it again as .xlsx or export CSV"
    sheet = book.worksheets[0]
    if hasattr(sheet, "reset_dimensions"):  # read every row, whatever the file's <dimension> tag claims
        sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    try:
        header = ["" if c is None else str(c) for c in next(rows)]
    except StopIteration:
        return "the first sheet is empty; its first row must name the columns"

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def body() -> Iterator[tuple[int, list[str]]]:
        for number, row in enumerate(rows, start=2):
            cells = [cell(v) for v in row]
            if any(c.strip() for c in cells):
                yield number, cells

    return header, body()


def match_columns(
    header: Sequence[str], kind: Kind, mapping: ColumnMapping
) -> tuple[dict[str, int], list[str], list[str]]:
    """field -> column index; the unmatched columns; problems (a required field missing)."""
    table = ACCOUNT_COLUMNS if kind == "accounts" else ENGAGEMENT_COLUMNS
    folded = {fold(h): i for i, h in reversed(list(enumerate(header)))}
    for at, h in enumerate(header):  # Salesforce's custom fields (NPS__c) match by their name without "__c"
        if h.strip().lower().endswith("__c"):
            folded.setdefault(fold(h.strip()[:-3]), at)
    found: dict[str, int] = {}
    problems = []
    for name, column in mapping.columns.items():
        if name in table:
            if fold(column) in folded:
                found[name] = folded[fold(column)]
            else:
                problems.append(f"the mapping names column '{column}' for {name}, but the file has no such column")
    taken = set(found.values())
    for name, aliases in table.items():
        if name in found:
            continue
        for alias in aliases:
            i = folded.get(alias)
            if i is not None and i not in taken:
                found[name] = i
                taken.add(i)
                break
    for name in REQUIRED[kind]:
        if name not in found:
            expected = ", ".join(f"'{a}'" for a in table[name][:4])
            problems.append(f"no column for {name} (looked for {expected} and the like); name it in a mapping file")
    unknown = [h for i, h in enumerate(header) if i not in taken and h.strip()]
    return found, unknown, problems


DATE_FIELDS = frozenset({"strategic_fit_on", "referral_influence_on", "satisfaction_on", "contract_start",
                         "contract_end", "renewal_date", "last_contact", "on", "champion_left"})  # fmt: skip
AMOUNT_FIELDS = frozenset({"revenue", "annual_revenue"})
_COUNT = (0, float("inf"), True, "a whole number of 0 or more")
_RATING = (1, 5, True, "a rating from 1 to 5")
_CHANGE = (-100, 10_000, False, "a change in percent (-20 for down a fifth)")
# What each number field may hold: (lowest, highest, whole numbers only, what it is, for a problem).
# `_typed` applies it to one cell and `reading` to a whole column at once: the same rules.
NUMBER_RULES: dict[str, tuple[float, float, bool, str]] = {
    "active_contacts": _COUNT, "licences_bought": _COUNT, "licences_used": _COUNT, "open_tickets": _COUNT,
    "open_escalations": _COUNT, "strategic_fit": _RATING, "referral_influence": _RATING,
    "nps": (-100, 100, False, "an NPS from -100 to 100"), "csat": (0, 100, False, "a CSAT from 0 to 100"),
    "csat5": (1, 5, False, "a CSAT from 1 to 5"), "usage_trend": _CHANGE, "ticket_trend": _CHANGE,
}  # fmt: skip
PERCENT_FIELDS = frozenset({"csat", "usage_trend", "ticket_trend"})  # a trailing % is allowed
_SLASHED = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")


def date_order_evidence(texts: Iterable[str]) -> tuple[bool, bool, str, str]:
    """What cells say about a date column's order: (a day over 12 first, a day over 12 second, the
    separator, an example); nothing when no cell is written like 15/03/2026."""
    day_first = month_first = False
    sep = example = ""
    for raw in texts:
        found = _SLASHED.fullmatch(raw.strip())
        if not found:
            continue
        first, sep, second = int(found[1]), found[2], int(found[3])
        example = example or raw.strip()
        day_first |= first > 12
        month_first |= second > 12
    return day_first, month_first, sep, example


def date_order(day_first: bool, month_first: bool, sep: str, example: str) -> tuple[str | None, str]:
    """The format the evidence gives (None when there is nothing to decide), or the question."""
    if not example:
        return None, ""
    if day_first and month_first:
        return None, ("some dates put the day first and others the month; write them one way (or as YYYY-MM-DD) or "
                      "give date_format in a mapping file")  # fmt: skip
    if day_first or month_first:
        order = "%d{0}%m{0}%Y" if day_first else "%m{0}%d{0}%Y"
        return order.format(sep), ""
    return None, (f"dates such as {example} could put the day or the month first; give date_format in a mapping file "
                  f"(%d{sep}%m{sep}%Y or %m{sep}%d{sep}%Y)")  # fmt: skip


def detect_date_format(texts: Iterable[str]) -> tuple[str | None, str]:
    """How a column writes dates that are not ISO: day first (15/03/2026) or month first
    (03/15/2026), as its own cells show. Returns the format (None when there is nothing to decide),
    or a question when the cells cannot tell (every day and month 12 or less) or disagree."""
    return date_order(*date_order_evidence(texts))


def decimal_evidence(texts: Iterable[str]) -> tuple[bool, bool]:
    """What cells say about an amount column's decimal mark: (a decimal comma seen, a decimal point
    seen); 1.234 and 1,234 say nothing (thousands either way)."""
    comma = point = False
    for raw in texts:
        text = raw.strip().lstrip("$€£-−+( ").rstrip(" )€$£").removesuffix("EUR").removesuffix("USD").strip()
        if "," in text and "." in text:
            comma |= text.rfind(",") > text.rfind(".")
            point |= text.rfind(".") > text.rfind(",")
        elif "," in text:
            comma |= text.count(",") == 1 and len(text.rpartition(",")[2]) != 3
        elif "." in text:
            point |= text.count(".") == 1 and len(text.rpartition(".")[2]) != 3
    return comma, point


def decimal_mark(comma: bool, point: bool) -> tuple[str | None, str]:
    """'fr' or 'en' for the number reader as the evidence gives it, None when nothing tells, or why not."""
    if comma and point:
        return None, ("some amounts use a decimal comma and others a decimal point; write them one way or give locale "
                      "in a mapping file")  # fmt: skip
    return ("fr" if comma else "en" if point else None), ""


def detect_decimal_mark(texts: Iterable[str]) -> tuple[str | None, str]:
    """Whether a column of amounts writes decimals with a comma (1.234,50) or a point (1,234.50), as
    its own cells show: 'fr' or 'en' for the number reader, None when nothing tells, or why not."""
    return decimal_mark(*decimal_evidence(texts))


def column_mapping(name: str, texts: list[str], mapping: ColumnMapping) -> tuple[ColumnMapping, str]:
    """The mapping to read one column with: its date format and decimal mark found from its own
    cells when the mapping file does not give them, or the question to ask. Both importers use it."""
    if name in DATE_FIELDS and mapping.date_format is None:
        fmt, question = detect_date_format(texts)
        return (replace(mapping, date_format=fmt) if fmt else mapping), question
    if name in AMOUNT_FIELDS and mapping.locale == "en":
        mark, question = detect_decimal_mark(texts)
        return (replace(mapping, locale=mark) if mark else mapping), question
    return mapping, ""


@dataclass(frozen=True)
class ColumnPreview:
    """How one column of a file will be read: the field it fills (None: kept as an extra field for
    accounts, ignored for engagements), a few of its cells as they are read, and what was found
    about its dates or decimals (or the question to answer)."""

    column: str
    field: str | None
    samples: tuple[tuple[str, str], ...]  # (the cell, how it is read or why it cannot be)
    note: str = ""


def fields_of(kind: Kind) -> tuple[str, ...]:
    """Every field a column of this kind of file can fill."""
    return tuple(ACCOUNT_COLUMNS if kind == "accounts" else ENGAGEMENT_COLUMNS)


def preview(header: Sequence[str], rows: Iterable[tuple[int, list[str]]], kind: Kind, mapping: ColumnMapping,
            sample: int = 5, scan: int = 2000) -> tuple[list[ColumnPreview], list[str]]:  # fmt: skip
    """Every column of the file with how it will be read, from its first `scan` rows, before
    anything is written; and the header's problems (a required field without a column)."""
    found, _, problems = match_columns(header, kind, mapping)
    by_index = {i: name for name, i in found.items()}
    head = [cells for _, cells in islice(rows, scan)]
    out = []
    for i, column in enumerate(header):
        if not column.strip():
            continue
        texts = [cells[i].strip() for cells in head if i < len(cells) and cells[i].strip()]
        name = by_index.get(i)
        shown: list[tuple[str, str]] = []
        note = ""
        if name is None:
            shown = [(t, "kept as text" if kind == "accounts" else "not used") for t in texts[:sample]]
        else:
            column_map, question = column_mapping(name, texts, mapping)
            note = question or (f"dates read as {column_map.date_format}" if column_map.date_format != mapping.date_format
                                else "decimal comma" if column_map.locale != mapping.locale else "")  # fmt: skip
            for text in texts[:sample]:
                value, problem = _typed(name, text, column_map)
                shown.append((text, f"problem: {problem}" if problem else _plain(value)))
        out.append(ColumnPreview(column, name, tuple(shown), note))
    return out, problems


def _plain(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return "" if value is None else str(value)


def parse_date(text: str, fmt: str | None) -> date | None:
    text = text.strip()
    if fmt:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", text):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    if re.fullmatch(r"\d{12,13}", text):  # milliseconds since 1970, as some HubSpot exports give
        return datetime.fromtimestamp(int(text) / 1000, tz=UTC).date()
    return None


def parse_amount(text: str, locale: str) -> Decimal | None:
    parsed = parse_number(text.strip(), locale, units=("USD", "EUR", "GBP", "CHF", "$", "€", "£"))
    return parsed.value


def _typed(name: str, raw: str, mapping: ColumnMapping) -> tuple[Any, str | None]:
    """The field's value from its cell, or None with the problem (an empty cell is simply None)."""
    text = raw.strip()
    if not text:
        return None, None
    if name in ("strategic_fit_on", "referral_influence_on", "satisfaction_on", "contract_start", "contract_end",
                "renewal_date", "last_contact", "on", "champion_left"):  # fmt: skip
        day = parse_date(text, mapping.date_format)
        if day is None:
            return None, f"'{text}' is not a date; write YYYY-MM-DD or give date_format in a mapping file"
        return day, None
    if name in ("annual_revenue", "revenue"):
        amount = parse_amount(text, mapping.locale)
        if amount is None:
            return None, f"'{text}' is not an amount"
        return amount, None
    rule = NUMBER_RULES.get(name)
    if rule is not None:
        low, high, whole, what = rule
        amount = parse_amount(text.rstrip("%").strip() if name in PERCENT_FIELDS else text, mapping.locale)
        if amount is None or not low <= amount <= high or (whole and amount != amount.to_integral_value()):
            return None, f"'{text}' is not {what}"
        return (int(amount) if whole else float(amount)), None
    if name == "contract":
        return contract_kind(text)
    if name == "domain":  # https://www.Acme.com/about -> acme.com
        host = re.sub(r"^[a-z]+://", "", text.lower()).split("/")[0].split("?")[0].removeprefix("www.")
        if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host):
            return None, f"'{text[:60]}' is not a web domain such as acme.com"
        return host, None
    if name in ("main_contact", "contact_email", "contact_phone"):
        limit = {"main_contact": 200, "contact_email": 254, "contact_phone": 50}[name]
        if len(text) > limit or "\n" in text:
            return None, f"'{text[:40]}' is not one line of at most {limit} characters"
        return text, None
    return text, None
