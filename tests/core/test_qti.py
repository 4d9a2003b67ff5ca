"""QTI 3.0 packages: what is written scores as hireplay does, what is read back scores the same, and
a package that cannot be read is refused with the reason."""

from __future__ import annotations

import io
import itertools
import zipfile
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from pydantic import TypeAdapter

from hireplay.core.items import Item, ItemBase
from hireplay.core.items.base import ScoringContext
from hireplay.core.lint import load_playbook
from hireplay.core.playbook import Playbook
from hireplay.core.qti import QTI, XML_LANG, XSI, QtiError, export_package, item_xml, read_package
from tests.conftest import PLAYBOOKS
from tests.core.conftest import make_item

ADAPTER: TypeAdapter[Any] = TypeAdapter(Item)
NS = {"q": QTI}
SHIPPED = sorted(PLAYBOOKS.glob("*.yaml"))
# The order QTI 3.0 gives the children of an assessment item (the ones hireplay writes).
ITEM_ORDER = ["qti-response-declaration", "qti-outcome-declaration", "qti-item-body", "qti-response-processing"]


def _points(item: ItemBase, answer: Any) -> float:
    return item.score(answer, {}, ScoringContext("en", "en")).points


def _answers(item: ItemBase) -> list[Any]:
    """Every answer worth trying on a choice-like item; a few around the key for a number."""
    if item.type == "single_choice":
        return [o.id for o in item.options]  # type: ignore[attr-defined]
    if item.type == "multiple_response":
        ids = [o.id for o in item.options]  # type: ignore[attr-defined]
        return [list(c) for n in range(len(ids) + 1) for c in itertools.combinations(ids, n)]
    if item.type == "situational_judgment":
        ids = [r.id for r in item.responses]  # type: ignore[attr-defined]
        return [{"most": m, "least": lst} for m in ids for lst in ids]
    if item.type == "ranking":
        return [list(item.key_for({}))]  # type: ignore[attr-defined]
    if item.type == "numeric":
        key = item.key_value({})  # type: ignore[attr-defined]
        width = item.tolerance.allows(key)  # type: ignore[attr-defined]
        return [str(key), str(key + width), str(key + width * 2 + 1), str(key - width)]
    return []


def _map_response(declaration: ET.Element, response: list[str]) -> float:
    """QTI's mapResponse, as the specification defines it: each distinct value's mapped value (the
    default for one not in the map), summed, then held within the bounds."""
    mapping = declaration.find("q:qti-mapping", NS)
    assert mapping is not None
    entries = {e.get("map-key"): float(e.get("mapped-value", "0")) for e in mapping.findall("q:qti-map-entry", NS)}
    default = float(mapping.get("default-value", "0"))
    total = sum(entries.get(v, default) for v in dict.fromkeys(response))
    if mapping.get("lower-bound") is not None:
        total = max(total, float(mapping.get("lower-bound", "0")))
    if mapping.get("upper-bound") is not None:
        total = min(total, float(mapping.get("upper-bound", "0")))
    return total


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_written_item_is_qti_3_in_the_order_the_specification_gives(path: Any) -> None:
    playbook = load_playbook(path)
    package = export_package(playbook)
    archive = zipfile.ZipFile(io.BytesIO(package.data))
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    hrefs = [r.get("href") for r in manifest.iter("{http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1}resource")]

    assert sorted(hrefs) == sorted(["assessment-test.xml"] + [f"items/{i}.xml" for i in package.written])
    for item_id in package.written:
        root = ET.fromstring(archive.read(f"items/{item_id}.xml"))
        assert root.tag == f"{{{QTI}}}qti-assessment-item"
        names = [child.tag.split("}")[1] for child in root]
        assert names == sorted(names, key=ITEM_ORDER.index), item_id
        assert root.get("identifier", "")[:1].isalpha()
    test = ET.fromstring(archive.read("assessment-test.xml"))
    refs = [r.get("identifier") for r in test.iter(f"{{{QTI}}}qti-assessment-item-ref")]
    assert len(refs) == len(package.written)
    # The attributes 1EdTech's QTI 3.0 schema allows on a test (it refuses xml:lang there; the items carry the language).
    assert set(test.attrib) <= {"identifier", "title", "tool-name", "tool-version", f"{{{XSI}}}schemaLocation"}
    assert all(
        item.get(XML_LANG) == playbook.role.language
        for item in map(ET.fromstring, (archive.read(f"items/{i}.xml") for i in package.written))
    )
    limit = test.find(".//q:qti-time-limits", NS)
    assert limit is not None
    assert limit.get("max-time") == str(playbook.assessment.time_limit_minutes * 60)
    # Nothing is left out in silence: every item is written, or noted with its reason.
    left_out = {n.item for n in package.notes if not n.kept}
    assert set(package.written) | left_out == {i.id for i in playbook.assessment.items}
    assert not set(package.written) & left_out


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_qti_mapping_gives_every_choice_answer_the_points_hireplay_gives(path: Any) -> None:
    playbook = load_playbook(path)
    tried = 0
    for item in playbook.assessment.items:
        if item.type not in ("single_choice", "multiple_response", "situational_judgment"):
            continue
        data, _ = item_xml(item, "en")
        if data is None:
            continue
        root = ET.fromstring(data)
        declarations = {d.get("identifier"): d for d in root.findall("q:qti-response-declaration", NS)}
        for answer in _answers(item):
            if item.type == "situational_judgment":
                qti = 0.0 if answer["most"] == answer["least"] else sum(
                    _map_response(declarations[name], [answer[key]]) for name, key in (("MOST", "most"), ("LEAST", "least"))
                )  # fmt: skip
            else:
                qti = _map_response(declarations["RESPONSE"], answer if isinstance(answer, list) else [answer])
            assert qti == pytest.approx(_points(item, answer), abs=0.011), (item.id, answer)
            tried += 1
    assert tried > 10


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_package_read_back_scores_every_answer_as_the_original(path: Any) -> None:
    playbook: Playbook = load_playbook(path)
    package = export_package(playbook)
    imported = read_package(package.data, "imported", ("imported-competency",))
    originals = {i.id: i for i in playbook.assessment.items}

    assert [i["id"] for i in imported.items] == package.written
    assert imported.notes == []
    for data in imported.items:
        copy: ItemBase = ADAPTER.validate_python(data)
        original = originals[copy.id]
        assert copy.type == original.type
        assert copy.points == pytest.approx(original.points)
        assert (copy.section, copy.competencies) == ("imported", ("imported-competency",))
        for answer in _answers(original):
            assert _points(copy, answer) == pytest.approx(_points(original, answer), abs=0.011), (copy.id, answer)


def test_what_qti_cannot_hold_is_named_item_by_item() -> None:
    parametric = make_item("numeric", answer="{a} * 2", parameters={"a": {"min": 1, "max": 9, "step": 1, "example": 2}})
    written = make_item("written_response", points=2, criteria=[
        {"id": "length", "kind": "length", "points": 1, "min_words": 10},
        {"id": "tone", "kind": "human", "points": 1, "description": "Warm and clear."},
    ])  # fmt: skip

    assert item_xml(parametric, "en") == (
        None,
        "its numbers are drawn for each candidate (parameters), which the QTI copy cannot do",
    )
    data, note = item_xml(written, "en")
    assert data is not None
    assert note == "a scorer rates it from the rubric; hireplay scores length automatically"
    rubric = ET.fromstring(data).find(".//q:qti-rubric-block", NS)
    assert rubric is not None
    assert "tone (1 points): Warm and clear." in "".join(rubric.itertext())


def _package(files: dict[str, str], manifest: str | None = None) -> bytes:
    resources = "".join(f'<resource identifier="r{i}" type="imsqti_item_xmlv2p1" href="{name}"><file href="{name}"/></resource>'
                        for i, name in enumerate(files))  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest if manifest is not None else (
            '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="m"><resources>'
            f"{resources}</resources></manifest>"))  # fmt: skip
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


QTI21_CHOICE = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="Renewal1" title="Renewal call"
    adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>ChoiceB</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p>A client's usage fell by a third before the renewal.</p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <prompt>What do you do first?</prompt>
      <simpleChoice identifier="ChoiceA">Offer a discount</simpleChoice>
      <simpleChoice identifier="ChoiceB">Ask what changed in their team</simpleChoice>
      <simpleChoice identifier="ChoiceC">Wait for the renewal date</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>"""

QTI21_NUMBER = """<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="2seats" title="Seats">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="float">
    <correctResponse><value>37.5</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float"><defaultValue><value>2</value></defaultValue></outcomeDeclaration>
  <itemBody><p>Usage per seat in euros: <textEntryInteraction responseIdentifier="RESPONSE"/></p></itemBody>
  <responseProcessing><responseCondition><responseIf>
    <equal toleranceMode="relative" tolerance="1 1"><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></equal>
    <setOutcomeValue identifier="SCORE"><baseValue baseType="float">2</baseValue></setOutcomeValue>
  </responseIf></responseCondition></responseProcessing>
</assessmentItem>"""

QTI21_HOTSPOT = """<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="map" title="Map">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>
  <itemBody><hotspotInteraction responseIdentifier="RESPONSE" maxChoices="1"/></itemBody>
</assessmentItem>"""


def test_qti_2_1_items_are_read_through_the_same_model() -> None:
    data = _package({"items/choice.xml": QTI21_CHOICE, "items/number.xml": QTI21_NUMBER, "items/map.xml": QTI21_HOTSPOT,
                     "items/gone.xml": ""})  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {n: archive.read(n) for n in archive.namelist() if n != "items/gone.xml"}
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)

    imported = read_package(rebuilt.getvalue(), "renewals", ("listening",))

    choice, number = (ADAPTER.validate_python(i) for i in imported.items)
    assert (choice.id, choice.key, choice.points) == ("renewal1", "choiceb", 1.0)  # type: ignore[attr-defined]
    assert choice.prompt == "A client's usage fell by a third before the renewal. What do you do first?"
    assert number.id == "2seats"
    assert (number.answer, number.tolerance.relative, number.points) == (Decimal("37.5"), Decimal("0.01"), 2.0)  # type: ignore[attr-defined]
    assert _points(number, "37.8") == 2.0
    assert _points(number, "38") == 0.0
    assert [(n.item, n.kept) for n in imported.notes] == [("map", False), ("items/gone.xml", False)]
    assert imported.notes[0].reason == "hireplay has no item type for a hotspot-interaction"
    assert "does not hold it" in imported.notes[1].reason


def test_a_file_that_is_not_a_package_is_refused_with_the_reason() -> None:
    with pytest.raises(QtiError, match="not a zip file"):
        read_package(b"<assessmentItem/>", "s", ("c",))
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("item.xml", QTI21_CHOICE)
    with pytest.raises(QtiError, match=r"no imsmanifest\.xml"):
        read_package(empty.getvalue(), "s", ("c",))
    with pytest.raises(QtiError, match="not well-formed XML"):
        read_package(_package({}, manifest="<manifest"), "s", ("c",))


def test_a_document_type_is_refused_so_no_entity_expands() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;">]><assessmentItem>&y;</assessmentItem>'
    imported = read_package(_package({"items/bomb.xml": bomb}), "s", ("c",))

    assert imported.items == []
    assert (
        imported.notes[0].reason
        == "items/bomb.xml: has a document type declaration; a QTI file needs none, and it is refused for safety"
    )
    with pytest.raises(QtiError, match="document type"):
        read_package(_package({}, manifest=bomb), "s", ("c",))


def test_an_item_that_reads_but_does_not_make_a_valid_item_says_where() -> None:
    no_key = QTI21_CHOICE.replace("<correctResponse><value>ChoiceB</value></correctResponse>", "")
    imported = read_package(_package({"items/c.xml": no_key}), "s", ("c",))

    assert imported.items == []
    assert imported.notes[0].reason.startswith("read, but not a valid single choice item: key")
