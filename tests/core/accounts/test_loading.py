"""Loading CRM files into columns: the same results as from objects, and every bad cell named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hireplay.core.accounts import importing, reading
from hireplay.core.accounts.engine import classify
from hireplay.core.accounts.lint import load_policy
from hireplay.core.accounts.loading import load_accounts, load_engagements

ROOT = Path(__file__).resolve().parents[3]
POLICY = load_policy(ROOT / "policies" / "key-accounts-default.yaml")
AS_OF = date(2026, 11, 22)
COMPANIES = """Record ID,Company name,Parent Company,Company owner,Number of Associated Contacts,Strategic Fit,Strategic Fit Date,NPS,NPS Date,Contract Type,Contract Start,Last Contacted
1,Halden Group,,maria,1,,,,,,,2023-10-20
2,Halden Logistics,Halden Group,tom,1,,,,,,,2026-11-18
3,Acme,,sam,7,4,2026-06-01,45,2026-09-01,retainer,2025-01-01,2026-11-01
"""
DEALS = """Deal ID,Associated Company ID,Close Date,Amount,Deal Stage
d1,1,2023-10-05,8500,closedwon
d2,3,2026-10-03,"6,000.00",closedwon
d3,3,2026-09-03,6000,closedlost
d4,3,2026-08-03,6000,Closed Won
"""


def _read(data: bytes, kind: str) -> reading.Table:
    table = reading.read_bytes(data, "x.csv", kind)  # type: ignore[arg-type]
    assert not isinstance(table, str)
    return table


def _files(tmp_path: Path, companies: str = COMPANIES, deals: str = DEALS) -> tuple[Path, Path]:
    (tmp_path / "c.csv").write_text(companies)
    (tmp_path / "d.csv").write_text(deals)
    return tmp_path / "c.csv", tmp_path / "d.csv"


def test_the_seed_case_from_files(tmp_path: Path) -> None:
    companies, deals = _files(tmp_path)

    loaded = load_accounts(companies)
    load_engagements(deals, loaded)
    assert loaded.columns is not None
    results = classify(POLICY, loaded.columns, AS_OF)

    assert loaded.problems == []
    assert (loaded.engagements, loaded.skipped) == (3, 1)  # a lost deal does not count; "Closed Won" does
    assert results["1"].tier == "dormant"
    sub = results["2"]
    assert sub.parent == "1"  # the parent was given by name
    assert sub.conflict is not None
    assert sub.conflict.should_own == "tom"
    revenue = next(c for c in results["3"].criteria if c.id == "revenue")
    assert revenue.value == 12_000  # "6,000.00" was read as 6000


def test_bad_cells_are_reported_by_line_and_column_and_left_out(tmp_path: Path) -> None:
    companies, deals = _files(
        tmp_path,
        COMPANIES
        + "4,,,sam,1,,,,,,,\n5,Bad Fit,,sam,1,9,2026-01-01,,,,,\n6,Bad Date,,sam,1,,,,,,,yesterday\n3,Again,,x,1,,,,,,,\n",
        DEALS + "d5,99,2026-01-01,10,closedwon\nd6,3,someday,10,closedwon\nd7,3,2026-01-01,lots,closedwon\n",
    )

    loaded = load_accounts(companies)
    load_engagements(deals, loaded)

    text = [str(p) for p in loaded.problems]
    assert "line 5, column 'Company name': the name is empty" in text
    assert any(p.startswith("line 6, column 'Strategic Fit'") for p in text)
    assert any(p.startswith("line 7, column 'Last Contacted'") and "not a date" in p for p in text)
    assert "line 8, column 'Record ID': '3' is already on line 4" in text
    assert any(p.startswith("line 6, column 'Associated Company ID'") and "'99'" in p for p in text)
    assert any(p.startswith("line 7, column 'Close Date'") for p in text)
    assert any(p.startswith("line 8, column 'Amount'") for p in text)
    assert loaded.columns is not None
    assert loaded.columns.ids == ["1", "2", "3"]
    assert loaded.engagements == 3


def test_a_mapping_file_and_other_date_formats(tmp_path: Path) -> None:
    mapping, _ = importing.parse_mapping({"columns": {"name": "Firm", "account": "Firm", "on": "Billed", "revenue": "Fee"},
                                          "date_format": "%d/%m/%Y"})  # fmt: skip
    companies, deals = _files(tmp_path, "Firm;Sector\nOne;Food\n", "Firm,Billed,Fee\nOne,31/10/2026,100\n")

    loaded = load_accounts(companies, mapping)
    load_engagements(deals, loaded, mapping)

    assert loaded.problems == []
    assert loaded.columns is not None
    assert int(loaded.columns.engagement_day[0]) == date(2026, 10, 31).toordinal()


def test_blank_lines_keep_line_numbers_true(tmp_path: Path) -> None:
    companies, _ = _files(tmp_path, "Company name,Number of Associated Contacts\nA,1\n\nB,x\n")

    loaded = load_accounts(companies)

    assert [str(p) for p in loaded.problems] == [
        "line 4, column 'Number of Associated Contacts': 'x' is not a whole number of 0 or more"
    ]


def test_a_file_without_a_name_column_is_refused_plainly(tmp_path: Path) -> None:
    companies, _ = _files(tmp_path, "Foo,Bar\n1,2\n")

    loaded = load_accounts(companies)

    assert loaded.columns is None
    assert "no column for name" in str(loaded.problems[0])


def test_open_deals_are_pipeline_from_files_and_from_parsed_rows_alike(tmp_path: Path) -> None:
    companies, deals = _files(
        tmp_path,
        COMPANIES.replace("Last Contacted\n", "Last Contacted,Annual Revenue\n", 1).replace(
            "2023-10-20\n", "2023-10-20,250000000\n", 1
        ),
        DEALS + "d5,2,2026-12-15,18000,appointmentscheduled\nd6,2,2026-12-20,2000,Negotiation\n",
    )

    loaded = load_accounts(companies)
    load_engagements(deals, loaded)
    assert loaded.columns is not None
    parsed = _read(deals.read_bytes(), "engagements")

    assert (loaded.engagements, loaded.open_deals, loaded.skipped) == (3, 2, 1)
    assert (len(parsed.rows), parsed.open_deals, parsed.skipped) == (5, 2, 1)
    assert [r.values["open"] for r in parsed.rows] == [False, False, False, True, True]
    assert list(loaded.columns.pipeline) == [0, 20_000, 0]
    assert list(loaded.columns.open_deals) == [0, 2, 0]
    sub = classify(POLICY, loaded.columns, AS_OF)["2"]
    criteria = {c.id: c for c in sub.criteria}
    assert criteria["pipeline"].shown == "20,000 USD in open deals across the group of 2 account(s)"
    assert criteria["group-size"].value == 250_000_000
    assert criteria["revenue"].value == 0


def test_namesakes_and_unknown_parents_are_refused_as_the_importer_refuses_them(tmp_path: Path) -> None:
    companies, deals = _files(
        tmp_path,
        COMPANIES + "4,Acme,,sam,1,,,,,,,\n5,Acme Retail,Acme,sam,1,,,,,,,\n6,Orphan,Nowhere Inc,sam,1,,,,,,,\n",
        DEALS + "d5,Acme,2026-01-01,10,closedwon\n",
    )

    loaded = load_accounts(companies)
    load_engagements(deals, loaded)

    text = [str(p) for p in loaded.problems]
    assert "line 6, column 'Parent Company': 'Acme' names 2 accounts; use the account's id" in text
    assert (
        "line 7, column 'Parent Company': 'Nowhere Inc' is neither the id nor the name of an account in this file"
        in text
    )
    assert "line 6, column 'Associated Company ID': 'Acme' names 2 accounts; use the account's id" in text
    assert loaded.columns is not None
    assert "5" not in loaded.columns.ids
    assert "6" not in loaded.columns.ids


def _stale_xlsx(rows: int) -> bytes:
    """An XLSX whose <dimension> tag claims two rows while the sheet holds `rows` (as some exporters write it)."""
    import io
    import re
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Record ID", "Company name", "Annual Revenue"])
    for i in range(rows):
        sheet.append([i + 1, f"Company {i + 1}", 1000 * i])
    written = io.BytesIO()
    book.save(written)
    source, out = zipfile.ZipFile(io.BytesIO(written.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, count = re.subn(rb'<dimension ref="[^"]+"\s*/>', b'<dimension ref="A1:C2"/>', data)
                assert count == 1
            target.writestr(item, data)
    return out.getvalue()


def test_an_xlsx_with_a_stale_dimension_tag_is_read_whole(tmp_path: Path) -> None:
    data = _stale_xlsx(10)
    (tmp_path / "companies.xlsx").write_bytes(data)

    table = importing.read_table(data, "companies.xlsx")
    loaded = load_accounts(tmp_path / "companies.xlsx")

    assert not isinstance(table, str)
    assert len(list(table[1])) == 10
    assert loaded.columns is not None
    assert len(loaded.columns) == 10


def test_european_dates_and_decimal_commas_are_read_from_the_columns_own_cells(tmp_path: Path) -> None:
    companies = ("Record ID;Company name;Last Contacted;Annual Revenue\n"
                 "1;Brugge Logistiek;15/03/2026;1.234.567,50\n2;Gent Staffing;02/04/2026;12.000\n")  # fmt: skip
    deals = "Deal ID;Associated Company ID;Close Date;Amount\nd1;1;28/02/2026;4.500,00\nd2;2;01/03/2026;750\n"
    paths = _files(tmp_path, companies, deals)

    loaded = load_accounts(paths[0])
    load_engagements(paths[1], loaded)
    parsed = _read(companies.encode(), "accounts")

    assert loaded.problems == []
    assert loaded.columns is not None
    assert [date.fromordinal(int(d)) for d in loaded.columns.last_contact] == [date(2026, 3, 15), date(2026, 4, 2)]
    assert list(loaded.columns.company_revenue) == [1_234_567.5, 12_000]
    assert sorted(loaded.columns.engagement_revenue) == [750, 4_500]
    assert parsed.problems == []
    assert [r.values["last_contact"] for r in parsed.rows] == [date(2026, 3, 15), date(2026, 4, 2)]
    assert [float(r.values["annual_revenue"]) for r in parsed.rows] == [1_234_567.5, 12_000]


def test_a_column_of_dates_that_cannot_tell_day_from_month_asks(tmp_path: Path) -> None:
    companies = "Record ID,Company name,Last Contacted\n1,A,03/04/2026\n2,B,05/06/2026\n"
    paths = _files(tmp_path, companies, DEALS)

    loaded = load_accounts(paths[0])
    parsed = _read(companies.encode(), "accounts")

    question = ("the file, column 'Last Contacted': dates such as 03/04/2026 could put the day or the month first; "
                "give date_format in a mapping file (%d/%m/%Y or %m/%d/%Y)")  # fmt: skip
    assert loaded.columns is None
    assert [str(p) for p in loaded.problems] == [question]
    assert [str(p) for p in parsed.problems] == [question]
    assert parsed.rows == []
