"""The `hireplay` command, run as a user runs it: exit codes, messages, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from tests.conftest import PLAYBOOKS, ROOT
from tests.proxy import free_port

SMB = str(PLAYBOOKS / "account-manager-smb.yaml")
SAMPLE = str(ROOT / "examples" / "account-manager-smb.answers.json")
MINIMAL = (ROOT / "tests" / "core" / "data" / "minimal.yaml").read_text()


def hireplay(
    *args: str, cwd: Path | None = None, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200", "NO_COLOR": "1", **(env_extra or {})}
    result = subprocess.run(
        [sys.executable, "-m", "hireplay", *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


def test_lint_exits_zero_on_the_shipped_playbooks() -> None:
    result = hireplay("playbook", "lint", *map(str, sorted(PLAYBOOKS.glob("*.yaml"))))

    assert result.returncode == 0
    assert "3 playbooks clean" in result.stdout


def test_lint_exits_one_and_names_file_line_column_and_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("key: a", "key: e"))

    result = hireplay("playbook", "lint", str(bad))

    assert result.returncode == 1
    line = next(i for i, text in enumerate(bad.read_text().splitlines(), 1) if "key: e" in text)
    assert f"{bad}:{line}:7: assessment.items[0].key: the key 'e' is not among the options (a, b)" in result.stderr


def test_lint_json_output_lists_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("key: a", "key: e").replace("weight: 40", "weight: 41"))

    result = hireplay("playbook", "lint", "--format", "json", str(bad))

    problems = json.loads(result.stdout)["problems"]
    assert result.returncode == 1
    assert {p["path"] for p in problems} == {"assessment.items[0].key", "competencies"}


@pytest.mark.parametrize(
    "args",
    [
        ("playbook", "lint"),
        ("playbook", "lint", "/no/such/file.yaml"),
        ("playbook", "lint", "--format", "xml", SMB),
        ("playbook", "frobnicate"),
        ("score", SMB),
        ("score", SMB, SAMPLE, "--seed", "-1"),
    ],
)
def test_usage_errors_exit_two(args: tuple[str, ...]) -> None:
    assert hireplay(*args).returncode == 2


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01\x02\xff\xfe", b"", b"- [", b"!!python/object/apply:os.system ['echo hi']", "é: ü\n".encode("latin-1")],
)
def test_garbage_files_get_a_message_not_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(content)

    result = hireplay("playbook", "lint", str(path))

    assert result.returncode == 1
    assert str(path) in result.stderr


def test_score_json_is_byte_identical_across_runs() -> None:
    first = hireplay("score", SMB, SAMPLE, "--seed", "9", "--format", "json")
    second = hireplay("score", SMB, SAMPLE, "--seed", "9", "--format", "json")

    assert first.returncode == 0
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["seed"] == 9


def test_score_table_explains_each_item() -> None:
    result = hireplay("score", SMB, SAMPLE)

    assert result.returncode == 0
    assert "quote-total" in result.stdout
    assert "read '$675' as 675" in result.stdout
    assert "Total:" in result.stdout


def test_score_reports_a_broken_answer_sheet_with_its_position(tmp_path: Path) -> None:
    sheet = tmp_path / "answers.json"
    sheet.write_text('{"answers": {"quote-total": "675",}}')

    result = hireplay("score", SMB, str(sheet))

    assert result.returncode == 1
    assert "answers.json:1:" in result.stderr
    assert "not valid JSON" in result.stderr


def test_score_refuses_a_sheet_of_the_wrong_shape(tmp_path: Path) -> None:
    sheet = tmp_path / "answers.json"
    sheet.write_text('{"answers": ["a", "b"]}')

    result = hireplay("score", SMB, str(sheet))

    assert result.returncode == 1
    assert "answers" in result.stderr


def test_a_bare_mapping_of_answers_is_accepted(tmp_path: Path) -> None:
    sheet = tmp_path / "answers.json"
    sheet.write_text('{"upsell-target": "a"}')

    result = hireplay("score", SMB, str(sheet), "--format", "json")

    assert json.loads(result.stdout)["total"]["points"] == 2


def test_jd_writes_markdown_from_the_playbook() -> None:
    result = hireplay("playbook", "jd", SMB)

    assert result.returncode == 0
    assert result.stdout.startswith("# Account Manager (SMB)")
    assert "3 days a week in the office" in result.stdout


def test_jd_jsonld_has_the_properties_search_engines_require() -> None:
    result = hireplay(
        "playbook",
        "jd",
        SMB,
        "--format",
        "jsonld",
        "--organization",
        "Acme Staffing",
        "--date-posted",
        "2026-11-22",
        "--country",
        "US",
        "--locality",
        "Austin",
        "--salary-min",
        "55000",
        "--salary-max",
        "65000",
        "--currency",
        "usd",
    )

    posting = json.loads(result.stdout)
    assert result.returncode == 0
    assert posting["@type"] == "JobPosting"
    for required in ("title", "description", "datePosted", "hiringOrganization", "jobLocation"):
        assert posting[required]
    assert posting["jobLocation"]["address"]["addressCountry"] == "US"
    assert posting["baseSalary"]["currency"] == "USD"
    assert posting["baseSalary"]["value"]["minValue"] == 55000


def test_jd_jsonld_names_every_missing_required_property() -> None:
    result = hireplay("playbook", "jd", SMB, "--format", "jsonld")

    assert result.returncode == 2
    assert "hiringOrganization" in result.stderr
    assert "jobLocation" in result.stderr


def test_jd_jsonld_takes_the_location_from_the_playbook_when_it_has_one() -> None:
    sme = str(PLAYBOOKS / "account-manager-sme-portfolio.yaml")

    result = hireplay(
        "playbook", "jd", sme, "--format", "jsonld", "--organization", "Archetype", "--date-posted", "2026-11-22"
    )

    assert json.loads(result.stdout)["jobLocation"]["address"]["addressLocality"] == "Brussels"


def test_show_summarises_a_playbook() -> None:
    result = hireplay("playbook", "show", SMB)

    assert result.returncode == 0
    assert "assessment 40% · interview 60%" in result.stdout
    assert "communication ≥ 2 of 5" in result.stdout


def test_show_lists_the_exercises_and_every_part_of_the_policy() -> None:
    result = hireplay("playbook", "show", str(PLAYBOOKS / "account-manager-sme-portfolio.yaml"))

    assert result.returncode == 0, result.stderr
    assert "Exercise: The managing director's call (role-play, 15 min)" in result.stdout
    assert "weights: assessment 30% · The managing director's call 30% · interview 40%" in result.stdout
    assert "value-building ≥ 2 of 5 (The managing director's call)" in result.stdout
    assert "collusion" in result.stdout.split("Exercise:")[1]


def test_show_of_a_broken_playbook_lists_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("key: a", "key: e"))

    result = hireplay("playbook", "show", str(bad))

    assert result.returncode == 1
    assert "assessment.items[0].key" in result.stderr


def test_demo_lints_the_playbooks_and_scores_the_sample(tmp_path: Path) -> None:
    result = hireplay("demo", "--no-serve", env_extra={"HIREPLAY_DATA_DIR": str(tmp_path)})

    assert result.returncode == 0, result.stderr
    assert "ok account-manager-smb.yaml" in result.stdout
    assert "Total:" in result.stdout
    assert "rita" in result.stdout


def test_demo_run_twice_reuses_its_data_and_prints_the_same_passwords(tmp_path: Path) -> None:
    first = hireplay("demo", "--no-serve", env_extra={"HIREPLAY_DATA_DIR": str(tmp_path)})
    second = hireplay("demo", "--no-serve", env_extra={"HIREPLAY_DATA_DIR": str(tmp_path)})

    lines = [line for line in first.stdout.splitlines() if "password" in line]
    assert len(lines) == 4  # admin, rita, ivan and hana
    assert all(line in second.stdout for line in lines)


def test_version() -> None:
    assert hireplay("--version").stdout.startswith("hireplay ")


def test_serve_migrates_and_answers_on_the_given_port(tmp_path: Path) -> None:
    import time
    import urllib.request

    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "HIREPLAY_DATA_DIR": str(tmp_path / "data")}
    with scratch_database_in(env):
        log = (tmp_path / "server.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "hireplay", "serve", "--port", str(port), "--workers", "1"],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            body = ""
            for _ in range(100):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                        body = response.read().decode()
                    break
                except OSError:
                    time.sleep(0.2)
            assert '"status": "ok"' in body, (tmp_path / "server.log").read_text()
            if "DATABASE_URL" not in env:
                assert (tmp_path / "data" / "hireplay.sqlite3").exists()
        finally:
            server.terminate()
            server.wait(timeout=20)
            log.close()


def _scratch_database(url: str | None) -> str | None:
    """A new empty PostgreSQL database beside the one DATABASE_URL names (None on SQLite)."""
    if not url or not url.startswith("postgres"):
        return None
    import secrets

    import psycopg

    name = f"hireplay_scratch_{secrets.token_hex(4)}"
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


@contextmanager
def scratch_database_in(env: dict[str, str]) -> Iterator[str | None]:
    """Point `env` at a new empty PostgreSQL database when the tests run on PostgreSQL (and at the
    SQLite file in its data folder otherwise), and drop that database afterwards. Yields its URL or None."""
    scratch = _scratch_database(os.environ.get("DATABASE_URL"))
    if scratch:
        env["DATABASE_URL"] = scratch
    else:
        env.pop("DATABASE_URL", None)
    try:
        yield scratch
    finally:
        if scratch:
            _drop_database(scratch)


def _drop_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_database_that_cannot_be_reached_is_reported_plainly(tmp_path: Path) -> None:
    result = hireplay(
        "serve", "--port", str(free_port()),
        env_extra={"HIREPLAY_DATA_DIR": str(tmp_path), "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
    )  # fmt: skip

    assert result.returncode == 1
    assert "cannot use the database named by DATABASE_URL" in result.stderr
    assert "bug" not in result.stderr


def test_the_demo_log_verifies_and_every_demo_result_replays(tmp_path: Path) -> None:
    env = {"HIREPLAY_DATA_DIR": str(tmp_path)}
    with scratch_database_in(env):
        demo = hireplay("demo", "--no-serve", env_extra=env)
        verify = hireplay("audit", "verify", env_extra=env)
        replay = hireplay("replay", env_extra=env)

    assert demo.returncode == 0, demo.stderr
    assert verify.returncode == 0, verify.stderr
    assert "intact" in verify.stdout
    assert replay.returncode == 0, replay.stderr
    assert "0 differences" in replay.stdout
    assert "recommendations" in replay.stdout
    assert " 0 score reports" not in replay.stdout  # the demo has scored candidates to replay


@pytest.mark.parametrize("command", [("audit", "verify"), ("replay",)])
def test_reading_commands_never_create_or_change_a_database(tmp_path: Path, command: tuple[str, ...]) -> None:
    env = {"HIREPLAY_DATA_DIR": str(tmp_path)}
    with scratch_database_in(env) as url:
        result = hireplay(*command, env_extra=env)
        tables = _tables(url, tmp_path)

    assert result.returncode == 1
    assert "holds no hireplay data yet; nothing was read or changed" in result.stderr
    assert "hireplay manage migrate" in result.stderr
    assert tables == []


def _tables(url: str | None, data_dir: Path) -> list[str]:
    """The tables of the scratch database (PostgreSQL) or of the SQLite file in `data_dir`, if any."""
    if url:
        import psycopg

        with psycopg.connect(url) as connection:
            rows = connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        return [r[0] for r in rows]
    import sqlite3

    files = list(data_dir.glob("*.sqlite3"))
    if not files:
        return []
    with sqlite3.connect(files[0]) as connection:
        return ["(the file exists)"] + [r[0] for r in connection.execute("SELECT name FROM sqlite_master")]


def test_replay_reports_a_tampered_score_and_exits_one(tmp_path: Path) -> None:
    import json
    import sqlite3

    env = {"HIREPLAY_DATA_DIR": str(tmp_path)}
    assert hireplay("demo", "--no-serve", env_extra=env).returncode == 0
    database = next(tmp_path.glob("*.sqlite3"))
    with sqlite3.connect(database) as connection:
        (pk, report) = connection.execute("SELECT id, report FROM hiring_scorerecord ORDER BY id LIMIT 1").fetchone()
        changed = json.loads(report)
        changed["total"]["percent"] += 10
        connection.execute("UPDATE hiring_scorerecord SET report = ? WHERE id = ?", (json.dumps(changed), pk))

    result = hireplay("replay", env_extra=env)

    assert result.returncode == 1
    assert "difference" in result.stderr
    assert "report.total.percent" in result.stderr


def test_accounts_lint_reports_problems_and_passes_the_shipped_policy(tmp_path: Path) -> None:
    shipped = ROOT / "policies" / "key-accounts-default.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text(shipped.read_text().replace("    weight: 25\n", "    weight: 30\n", 1))

    ok = hireplay("accounts", "lint", str(shipped))
    broken = hireplay("accounts", "lint", str(bad))

    assert ok.returncode == 0
    assert "1 policy clean" in ok.stdout
    assert broken.returncode == 1
    assert "weights add up to 105" in broken.stdout + broken.stderr


def test_accounts_classify_from_files_writes_every_result(tmp_path: Path) -> None:
    companies = tmp_path / "companies.csv"
    deals = tmp_path / "deals.csv"
    companies.write_text(
        "Record ID,Company name,Parent Company,Company owner\n1,Halden Group,,maria\n2,Halden Logistics,1,tom\n"
    )
    deals.write_text("Deal ID,Associated Company ID,Close Date,Amount\nd1,1,2023-10-05,8500\n")
    results = tmp_path / "out.csv"

    run = hireplay("accounts", "classify", "--accounts", str(companies), "--engagements", str(deals), "--as-of",
                   "2026-11-22", "--output", str(results))  # fmt: skip
    bad_date = hireplay("accounts", "classify", "--accounts", str(companies), "--as-of", "soon")
    both = hireplay("accounts", "classify", "--accounts", str(companies), "--org", "x")
    bad_mapping = tmp_path / "mapping.yaml"
    bad_mapping.write_text("columns:\n  nam: Firm\n")
    mapped = hireplay("accounts", "classify", "--accounts", str(companies), "--mapping", str(bad_mapping))

    assert run.returncode == 0, run.stderr
    assert "2 account(s) classified as of 2026-11-22" in run.stdout
    assert "Ownership conflict: owned by tom, but its group is owned by maria" in run.stdout
    lines = results.read_text().splitlines()
    assert lines[0] == "id,name,tier,status,score,known_weight,owner,group,should_own"
    assert lines[1].startswith("1,Halden Group,dormant,")
    assert lines[2].endswith(",tom,1,tom")
    assert bad_date.returncode == 2
    assert "YYYY-MM-DD" in bad_date.stderr
    assert both.returncode == 2
    assert mapped.returncode == 1
    assert "columns.nam: not a field" in mapped.stderr


def test_accounts_import_is_all_or_nothing_and_classify_stores_results(tmp_path: Path) -> None:
    env = {"HIREPLAY_DATA_DIR": str(tmp_path)}
    companies = tmp_path / "companies.csv"
    companies.write_text("Name,ParentId,AnnualRevenue\nAcme,,5000000\nAcme Retail,Acme,\nOrphan,Nowhere,\n")
    with scratch_database_in(env):
        assert hireplay("manage", "migrate", "-v", "0", env_extra=env).returncode == 0
        assert hireplay("manage", "shell", "-c", "from hireplay.web.orgs.models import Organization; "
                        "Organization.objects.create(name='A', slug='a', kind='agency')", env_extra=env).returncode == 0  # fmt: skip
        refused = hireplay("accounts", "import", "--org", "a", "--accounts", str(companies), env_extra=env)
        partial = hireplay("accounts", "import", "--org", "a", "--accounts", str(companies), "--valid-only",
                           env_extra=env)  # fmt: skip
        classified = hireplay("accounts", "classify", "--org", "a", "--as-of", "2026-11-22", env_extra=env)
        unknown = hireplay("accounts", "classify", "--org", "nobody", env_extra=env)
        again = hireplay("accounts", "reassess", "--org", "a", "--as-of", "2026-11-22", env_extra=env)
        later = hireplay("accounts", "reassess", "--org", "a", "--as-of", "2029-01-01", env_extra=env)
        verify = hireplay("audit", "verify", env_extra=env)

    assert refused.returncode == 1
    assert "line 4" in refused.stderr
    assert "'Nowhere' is neither the id nor the name" in refused.stderr
    assert "nothing was imported" in refused.stderr
    assert partial.returncode == 0, partial.stderr
    assert "imported 2 new and 0 updated account(s)" in partial.stdout
    assert classified.returncode == 0, classified.stderr
    assert "2 account(s) classified" in classified.stdout
    assert unknown.returncode == 2
    assert "no organisation 'nobody'" in unknown.stderr
    assert again.returncode == 0, again.stderr
    assert "2 account(s) of a reassessed as of 2026-11-22 by key-accounts-default" in again.stdout
    assert ": 0 changed" in again.stdout  # the same day, the same policy: nothing moves
    assert later.returncode == 0, later.stderr
    assert "2 account(s) of a reassessed as of 2029-01-01" in later.stdout
    assert verify.returncode == 0


def _tamper(env: dict[str, str], url: str | None, statements: list[str]) -> None:
    """Run SQL on the scratch database behind the application's back, as an intruder would."""
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)
    else:
        import sqlite3

        with sqlite3.connect(Path(env["HIREPLAY_DATA_DIR"]) / "hireplay.sqlite3") as connection:
            for statement in statements:
                connection.execute(statement)


def test_checkpoints_and_state_catch_what_the_chain_alone_cannot(tmp_path: Path) -> None:
    env = {"HIREPLAY_DATA_DIR": str(tmp_path)}
    with scratch_database_in(env) as url:
        assert hireplay("demo", "--no-serve", env_extra=env).returncode == 0
        keygen = hireplay("audit", "keygen", "--out", str(tmp_path / "key.pem"), env_extra=env)
        written = hireplay("audit", "checkpoint", "--key", str(tmp_path / "key.pem"), "--out", str(tmp_path / "cp"),
                           env_extra=env)  # fmt: skip
        (saved,) = (tmp_path / "cp").glob("checkpoint-*.json")
        public = keygen.stdout.split("public key: ")[1].strip()
        clean = hireplay(
            "audit", "verify", "--state", "--checkpoint", str(saved), "--public-key", public, env_extra=env
        )
        _tamper(env, url, [
            "UPDATE decisions_decision SET outcome = 'reject'",
            "DELETE FROM audit_auditevent WHERE seq > (SELECT MAX(seq) - 3 FROM audit_auditevent)",
            "UPDATE audit_audithead SET seq = (SELECT MAX(seq) FROM audit_auditevent), "
            "hash = (SELECT hash FROM audit_auditevent WHERE seq = (SELECT MAX(seq) FROM audit_auditevent))",
        ])  # fmt: skip
        chain_only = hireplay("audit", "verify", env_extra=env)
        caught = hireplay("audit", "verify", "--state", "--checkpoint", str(saved), env_extra=env)
        broken = tmp_path / "broken.json"
        broken.write_text("[]")
        refused = hireplay("audit", "verify", "--checkpoint", str(broken), env_extra=env)

    assert keygen.returncode == 0
    assert written.returncode == 0, written.stderr
    assert clean.returncode == 0, clean.stderr
    assert "state proven" in clean.stdout
    assert "the log still holds event" in clean.stdout
    assert chain_only.returncode == 0  # the truncated chain, head moved back, looks intact on its own
    assert caught.returncode == 1
    assert f"checkpoint {saved}" in caught.stderr
    assert "the log no longer has event" in caught.stderr
    assert "outcome is 'reject' but the log recorded 'hire'" in caught.stderr
    assert refused.returncode == 2
    assert f"{broken}: not a hireplay-checkpoint/1 file" in refused.stderr


def test_jd_jsonld_refuses_an_unknown_country_or_currency_naming_the_option() -> None:
    result = hireplay("playbook", "jd", SMB, "--format", "jsonld", "--organization", "Acme", "--country", "ZZ")
    assert result.returncode == 2
    assert "--country: 'ZZ' is not an ISO 3166-1 country code" in result.stderr

    result = hireplay("playbook", "jd", SMB, "--format", "jsonld", "--organization", "Acme", "--country", "US",
                      "--salary-min", "70000", "--salary-max", "60000", "--currency", "XYZ")  # fmt: skip
    assert result.returncode == 2
    assert "'XYZ' is not the ISO 4217 code of a currency in use" in result.stderr
    assert "the minimum (70000) is above the maximum (60000)" in result.stderr


def test_qti_export_then_import_gives_a_section_a_playbook_accepts(tmp_path: Path) -> None:
    package = tmp_path / "smb.zip"
    exported = hireplay("playbook", "export-qti", SMB, "-o", str(package))
    imported = hireplay("playbook", "import-qti", str(package), "--section", "from-qti", "--competency", "listening",
                        "-o", str(tmp_path / "items.yaml"))  # fmt: skip

    assert exported.returncode == 0
    assert "12 of 17 items as QTI 3.0" in exported.stdout
    assert "quote-total: not written: its numbers are drawn for each candidate" in exported.stdout
    assert imported.returncode == 0
    assert "wrote 12 item(s)" in imported.stderr
    # The fragment goes into a playbook that then lints clean.
    fragment = yaml.safe_load((tmp_path / "items.yaml").read_text())
    playbook = yaml.safe_load(MINIMAL)
    playbook["competencies"].append({"id": "listening", "name": "Listening", "definition": "Hears the client out.",
                                     "indicators": ["Asks before answering."], "weight": 0})  # fmt: skip
    playbook["assessment"]["sections"] += fragment["sections"]
    playbook["assessment"]["items"] += fragment["items"]
    (tmp_path / "with-qti.yaml").write_text(yaml.safe_dump(playbook, sort_keys=False))
    linted = hireplay("playbook", "lint", str(tmp_path / "with-qti.yaml"))
    assert linted.returncode == 0, linted.stderr


def test_qti_import_refuses_what_is_not_a_package_and_bad_ids(tmp_path: Path) -> None:
    not_zip = hireplay("playbook", "import-qti", SMB, "--section", "s", "--competency", "c")
    bad_id = hireplay("playbook", "import-qti", SMB, "--section", "Not An Id", "--competency", "c")

    assert not_zip.returncode == 1
    assert "this is not a zip file" in not_zip.stderr
    assert bad_id.returncode == 2
    assert "--section Not An Id" in bad_id.stderr


def test_frameworks_lint_and_show_with_located_errors(tmp_path: Path) -> None:
    frameworks = sorted((ROOT / "frameworks").glob("*.yaml"))
    clean = hireplay("framework", "lint", *map(str, frameworks))
    shown = hireplay("framework", "show", str(ROOT / "frameworks" / "salesperson-to-sam.yaml"))
    grid = hireplay("framework", "show", str(ROOT / "frameworks" / "strategic-account-manager.yaml"))
    sam = hireplay("playbook", "show", str(PLAYBOOKS / "strategic-account-manager.yaml"))
    for path in frameworks:
        (tmp_path / path.name).write_text(path.read_text())
    broken = tmp_path / "salesperson.yaml"
    broken.write_text(broken.read_text().replace("    required: 2\n", "", 1))
    bad = hireplay("framework", "lint", str(broken), str(tmp_path / "salesperson-to-sam.yaml"))

    assert clean.returncode == 0
    assert "5 files clean" in clean.stdout
    assert shown.returncode == 0
    assert "strategic-vision" in shown.stdout
    assert "to unlearn" in shown.stdout
    assert "changes mostly through personal effort" in shown.stdout
    assert "short-term-orientation): ceiling 2 (a risk above it)" in grid.stdout
    assert "to reinforce" in sam.stdout  # the playbook's transition tags are shown
    assert bad.returncode == 1
    assert "salesperson.yaml:12:5: competencies[0]: 'customer-orientation' has no required level" in bad.stderr
    assert "no framework 'salesperson' beside this file" in bad.stderr


def test_development_gaps_plan_and_team_from_a_ratings_file(tmp_path: Path) -> None:
    ratings = str(ROOT / "examples" / "development" / "team-ratings.csv")
    person = hireplay("development", "gaps", ratings, "--person", "Noor Vermeulen", "--start", "2027-01-04",
                      "--pdf", str(tmp_path / "plan.pdf"))  # fmt: skip
    nobody = hireplay("development", "gaps", ratings, "--person", "Nobody")
    ranked = hireplay("development", "team", ratings, "--csv", str(tmp_path / "team.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("person,competency,source,level\nAnn,networking,manager,9\n")
    refused = hireplay("development", "team", str(bad))

    assert person.returncode == 0
    assert "Strategic vision: required at level 4, shown at 1.25" in person.stdout
    assert "a habit to unlearn" in person.stdout
    assert "personal commitment" in person.stdout
    assert "Reassessment on 2027-09-27." in person.stdout
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF-")
    assert nobody.returncode == 2
    assert "nobody called 'Nobody'" in nobody.stderr
    assert ranked.returncode == 0
    assert (tmp_path / "team.csv").read_text().splitlines()[1].startswith("1,Jonas Maes,")
    assert refused.returncode == 1
    assert "bad.csv:2: level: 9 is outside 1 to 5" in refused.stderr
