"""QTI 3.0 content packages: a playbook's assessment written out for the tools the field uses (TAO,
Moodle, Canvas, Cito), and QTI items read in as a playbook section.

Writing: each item becomes a `qti-assessment-item` whose response declaration and response
processing give the same points as hireplay's engine wherever QTI can say so (choices, multiple
response with its penalty, situational judgment with its partial credit, numbers with their
tolerance). What QTI cannot say is reported, item by item, never dropped in silence: parametric
items (their numbers are drawn per candidate), ranking's partial credit (the QTI copy scores the
whole order), written answers' automatic criteria (carried as a rubric for a scorer), record
tasks and error spotting (no QTI interaction holds them).

Reading: choice, multiple response, numeric text entry, extended text and order items of a QTI
3.0 package, or of a QTI 2.1/2.2 one (the same model under other names), become playbook items;
everything else is listed with the reason. The package is read, never unpacked: no path in it
reaches the disk, and its XML may carry no document type (so no entity can expand or fetch).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree as ET

from pydantic import TypeAdapter, ValidationError

from hireplay.core.items import Item, ItemBase
from hireplay.core.items.multiple_response import MultipleResponse
from hireplay.core.items.numeric import Numeric
from hireplay.core.items.ranking import Ranking
from hireplay.core.items.single_choice import SingleChoice
from hireplay.core.items.situational_judgment import SituationalJudgment
from hireplay.core.items.written_response import Human, WrittenResponse
from hireplay.core.parametric import ParametricMixin
from hireplay.core.playbook import Playbook

QTI = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ITEM_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0p1_v1p0.xsd"
CP_XSD = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
TEMPLATES = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"
QTI2 = ("http://www.imsglobal.org/xsd/imsqti_v2p1", "http://www.imsglobal.org/xsd/imsqti_v2p2")

MAX_MEMBERS = 5_000
MAX_XML_BYTES = 5 * 1024 * 1024
MAX_PACKAGE_BYTES = 50 * 1024 * 1024

ET.register_namespace("xsi", XSI)


@dataclass(frozen=True)
class Note:
    """What happened to one item: `kept` False when it was left out."""

    item: str
    kept: bool
    reason: str


@dataclass
class Package:
    data: bytes
    written: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


class QtiError(ValueError):
    """The file as a whole cannot be read as a QTI package; the message says why and what to do."""


# ---------------------------------------------------------------------------------------------
# Writing


def _q(tag: str) -> str:
    """Elements are built without a namespace and the root declares QTI's as the default one
    (ElementTree cannot write a default namespace beside plain attribute names)."""
    return tag


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def identifier(value: str) -> str:
    """A QTI identifier for one of ours: QTI's must not start with a digit, ours may."""
    return value if value[:1].isalpha() else f"ID-{value}"


def _num(value: float | Decimal) -> str:
    text = format(Decimal(str(value)).normalize(), "f")
    return text if text not in ("-0",) else "0"


def _declare_score(root: ET.Element, points: float) -> None:
    score = _sub(root, "qti-outcome-declaration", identifier="SCORE", cardinality="single", base_type="float")
    _sub(_sub(score, "qti-default-value"), "qti-value", "0")
    top = _sub(root, "qti-outcome-declaration", identifier="MAXSCORE", cardinality="single", base_type="float")
    _sub(_sub(top, "qti-default-value"), "qti-value", _num(points))


def _response(root: ET.Element, name: str, cardinality: str, base_type: str, correct: list[str]) -> ET.Element:
    declaration = _sub(root, "qti-response-declaration", identifier=name, cardinality=cardinality, base_type=base_type)
    if correct:
        values = _sub(declaration, "qti-correct-response")
        for value in correct:
            _sub(values, "qti-value", value)
    return declaration


def _mapping(declaration: ET.Element, entries: dict[str, float], default: float = 0.0, **bounds: str) -> None:
    mapping = _sub(declaration, "qti-mapping", default_value=_num(default), **bounds)
    for key, value in entries.items():
        _sub(mapping, "qti-map-entry", map_key=key, mapped_value=_num(value))


def _choices(body: ET.Element, name: str, prompt: str, options: list[tuple[str, str]], max_choices: int,
             tag: str = "qti-choice-interaction", shuffle: bool = False) -> None:  # fmt: skip
    attrs = {"response_identifier": name, "shuffle": "true" if shuffle else "false"}
    if tag == "qti-choice-interaction":
        attrs["max_choices"] = str(max_choices)
    interaction = _sub(body, tag, **attrs)
    _sub(interaction, "qti-prompt", prompt)
    for option_id, text in options:
        _sub(interaction, "qti-simple-choice", text, identifier=identifier(option_id))


def _set_score(parent: ET.Element) -> ET.Element:
    return _sub(parent, "qti-set-outcome-value", identifier="SCORE")


def _score_if(processing: ET.Element, condition: ET.Element, points: float) -> None:
    """SCORE = points when `condition` holds (the SCORE's default, 0, otherwise)."""
    branch = _sub(_sub(processing, "qti-response-condition"), "qti-response-if")
    branch.append(condition)
    _sub(_set_score(branch), "qti-base-value", _num(points), base_type="float")


def _element(tag: str, *children: ET.Element, **attrs: str) -> ET.Element:
    element = ET.Element(_q(tag), {k.replace("_", "-"): v for k, v in attrs.items()})
    element.extend(children)
    return element


def item_xml(item: ItemBase, language: str, shuffle: bool = False) -> tuple[bytes | None, str]:
    """One item as a QTI 3.0 assessment item, and a note of what the QTI copy does not keep
    (empty when it scores exactly as hireplay does). None, with the reason, when QTI cannot hold it."""
    if isinstance(item, ParametricMixin) and item.is_parametric:
        return None, "its numbers are drawn for each candidate (parameters), which the QTI copy cannot do"
    root = ET.Element(_q("qti-assessment-item"), {
        f"{{{XSI}}}schemaLocation": f"{QTI} {ITEM_XSD}", "identifier": identifier(item.id),
        "title": item.title or item.id, "adaptive": "false", "time-dependent": "false", XML_LANG: language,
    })  # fmt: skip
    note = ""
    body: ET.Element
    if isinstance(item, SingleChoice):
        declaration = _response(root, "RESPONSE", "single", "identifier", [identifier(item.key)])
        _mapping(declaration, {identifier(item.key): item.points})
        _declare_score(root, item.points)
        body = _sub(root, "qti-item-body")
        _choices(body, "RESPONSE", item.prompt, [(o.id, o.text) for o in item.options], 1, shuffle=shuffle)
        _sub(root, "qti-response-processing", template=TEMPLATES + "map_response")
    elif isinstance(item, MultipleResponse):
        share = item.points / len(item.key)
        keyed = [identifier(k) for k in item.key]
        declaration = _response(root, "RESPONSE", "multiple", "identifier", keyed)
        _mapping(declaration, dict.fromkeys(keyed, share), -item.penalty * share, lower_bound="0",
                 upper_bound=_num(item.points))  # fmt: skip
        _declare_score(root, item.points)
        body = _sub(root, "qti-item-body")
        _choices(body, "RESPONSE", item.prompt, [(o.id, o.text) for o in item.options], len(item.options),
                 shuffle=shuffle)  # fmt: skip
        _sub(root, "qti-response-processing", template=TEMPLATES + "map_response")
    elif isinstance(item, SituationalJudgment):
        levels = {r.id: r.effectiveness for r in item.responses}
        high, low = max(levels.values()), min(levels.values())
        half = item.points / 2
        best = [identifier(r) for r, level in levels.items() if level == high][:1]
        worst = [identifier(r) for r, level in levels.items() if level == low][:1]
        most = _response(root, "MOST", "single", "identifier", best)
        _mapping(most, {identifier(r): half * (level - low) / (high - low) for r, level in levels.items()})
        least = _response(root, "LEAST", "single", "identifier", worst)
        _mapping(least, {identifier(r): half * (high - level) / (high - low) for r, level in levels.items()})
        _declare_score(root, item.points)
        body = _sub(root, "qti-item-body")
        _sub(body, "p", item.scenario)
        options = [(r.id, r.text) for r in item.responses]
        _choices(body, "MOST", f"{item.prompt} Which response is the most effective?", options, 1)
        _choices(body, "LEAST", "Which response is the least effective?", options, 1)
        processing = _sub(root, "qti-response-processing")
        condition = _sub(processing, "qti-response-condition")
        same = _sub(condition, "qti-response-if")
        _sub(_sub(same, "qti-match"), "qti-variable", identifier="MOST")
        same[0].append(_element("qti-variable", identifier="LEAST"))
        _sub(_set_score(same), "qti-base-value", "0", base_type="float")
        total = _sub(_set_score(_sub(condition, "qti-response-else")), "qti-sum")
        for name in ("MOST", "LEAST"):
            _sub(total, "qti-map-response", identifier=name)
    elif isinstance(item, Numeric):
        answer = item.key_value({})
        _response(root, "RESPONSE", "single", "float", [_num(answer)])
        _declare_score(root, item.points)
        body = _sub(root, "qti-item-body")
        paragraph = _sub(body, "p", item.prompt + " ")
        _sub(paragraph, "qti-text-entry-interaction", response_identifier="RESPONSE", expected_length="12")
        if item.unit:
            paragraph[-1].tail = f" {item.unit}"
        allowed = _num(item.tolerance.allows(answer))
        equal = _element("qti-equal", _element("qti-variable", identifier="RESPONSE"),
                         _element("qti-correct", identifier="RESPONSE"), tolerance_mode="absolute",
                         tolerance=f"{allowed} {allowed}")  # fmt: skip
        _score_if(_sub(root, "qti-response-processing"), equal, item.points)
        if item.locale not in (None, "en"):
            note = "the QTI copy reads the number with a decimal point; hireplay also reads the locale's decimal comma"
    elif isinstance(item, Ranking):
        key = list(item.key_for({}))
        _response(root, "RESPONSE", "ordered", "identifier", [identifier(k) for k in key])
        _declare_score(root, item.points)
        body = _sub(root, "qti-item-body")
        _choices(body, "RESPONSE", item.prompt, [(o.id, o.text) for o in item.options], 0,
                 tag="qti-order-interaction", shuffle=True)  # fmt: skip
        match = _element("qti-match", _element("qti-variable", identifier="RESPONSE"),
                         _element("qti-correct", identifier="RESPONSE"))  # fmt: skip
        _score_if(_sub(root, "qti-response-processing"), match, item.points)
        note = (
            f"the QTI copy gives the points for the whole keyed order only; hireplay gives part credit ({item.method})"
        )
    elif isinstance(item, WrittenResponse):
        _response(root, "RESPONSE", "single", "string", [])
        _declare_score(root, item.points)
        rubric = _sub(root, "qti-item-body")
        block = _sub(rubric, "qti-rubric-block", use="scoring", view="scorer")
        content = _sub(block, "qti-content-body")
        _sub(content, "p", f"Score out of {_num(item.points)}:")
        criteria = _sub(content, "ul")
        for criterion in item.criteria:
            described = getattr(criterion, "description", "") or criterion.kind.replace("_", " ")
            _sub(criteria, "li", f"{criterion.id} ({_num(criterion.points)} points): {described}")
        attrs = {"response_identifier": "RESPONSE"}
        if item.max_words:
            attrs["expected_lines"] = str(max(3, item.max_words // 12))
        interaction = _sub(rubric, "qti-extended-text-interaction", **attrs)
        _sub(interaction, "qti-prompt", item.prompt)
        automatic = [c.id for c in item.criteria if not isinstance(c, Human)]
        if automatic:
            note = f"a scorer rates it from the rubric; hireplay scores {', '.join(automatic)} automatically"
    else:
        return None, f"no QTI interaction holds this kind of item ({item.type.replace('_', ' ')})"
    return _bytes(root, QTI), note


def export_package(playbook: Playbook) -> Package:
    """The playbook's assessment as a QTI 3.0 content package (a zip): the manifest, one file per
    item that QTI can hold, and an assessment test with the sections, order and time limit."""
    assessment = playbook.assessment
    language = playbook.role.language
    package = Package(b"")
    files: dict[str, bytes] = {}
    for item in assessment.items:
        data, note = item_xml(item, language, assessment.shuffle_options)
        if data is None:
            package.notes.append(Note(item.id, False, note))
            continue
        files[f"items/{item.id}.xml"] = data
        package.written.append(item.id)
        if note:
            package.notes.append(Note(item.id, True, note))

    test_id = identifier(playbook.id)
    test = ET.Element(_q("qti-assessment-test"), {
        f"{{{XSI}}}schemaLocation": f"{QTI} {ITEM_XSD}", "identifier": test_id,
        "title": playbook.role.title,  # the items carry the language: QTI 3.0 has no xml:lang on a test
    })  # fmt: skip
    _declare_test_score(test, sum(i.points for i in assessment.items if i.id in package.written))
    part = _sub(test, "qti-test-part", identifier="part-1", navigation_mode="nonlinear", submission_mode="simultaneous")
    _sub(part, "qti-time-limits", max_time=str(assessment.time_limit_minutes * 60))
    for section in assessment.sections:
        refs = [i for i in assessment.items if i.section == section.id and i.id in package.written]
        if not refs:
            continue
        node = _sub(
            part, "qti-assessment-section", identifier=identifier(section.id), title=section.title, visible="true"
        )
        for item in refs:
            _sub(node, "qti-assessment-item-ref", identifier=identifier(item.id), href=f"items/{item.id}.xml")
    outcome = _sub(test, "qti-outcome-processing")
    total = _sub(_sub(outcome, "qti-set-outcome-value", identifier="SCORE"), "qti-sum")
    _sub(total, "qti-test-variables", variable_identifier="SCORE")
    files["assessment-test.xml"] = _bytes(test, QTI)

    manifest = _manifest(playbook, files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest)
        for name, data in files.items():
            archive.writestr(name, data)
    package.data = buffer.getvalue()
    return package


def _declare_test_score(test: ET.Element, points: float) -> None:
    _sub(test, "qti-outcome-declaration", identifier="SCORE", cardinality="single", base_type="float")
    top = _sub(test, "qti-outcome-declaration", identifier="MAXSCORE", cardinality="single", base_type="float")
    _sub(_sub(top, "qti-default-value"), "qti-value", _num(points))


def _manifest(playbook: Playbook, files: dict[str, bytes]) -> bytes:
    def cp(tag: str) -> str:
        return tag

    root = ET.Element(cp("manifest"), {
        f"{{{XSI}}}schemaLocation": f"{CP} {CP_XSD}",
        "identifier": identifier(f"{playbook.id}-{playbook.version}".replace(".", "-").replace("+", "-")),
    })  # fmt: skip
    metadata = ET.SubElement(root, cp("metadata"))
    ET.SubElement(metadata, cp("schema")).text = "QTI Package"
    ET.SubElement(metadata, cp("schemaversion")).text = "3.0.0"
    ET.SubElement(root, cp("organizations"))
    resources = ET.SubElement(root, cp("resources"))
    for name in files:
        kind = "imsqti_test_xmlv3p0" if name == "assessment-test.xml" else "imsqti_item_xmlv3p0"
        stem = posixpath.splitext(posixpath.basename(name))[0]
        resource = ET.SubElement(resources, cp("resource"), {
            "identifier": identifier(f"res-{stem}"), "type": kind, "href": name,
        })  # fmt: skip
        ET.SubElement(resource, cp("file"), {"href": name})
    return _bytes(root, CP)


def _bytes(root: ET.Element, namespace: str) -> bytes:
    root.set("xmlns", namespace)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass
class Imported:
    """Items read from a package (as playbook item data, each already valid) and what was left out."""

    items: list[dict[str, Any]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    title: str = ""


_ITEM_ADAPTER: TypeAdapter[Any] = TypeAdapter(Item)
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def _kebab(name: str) -> str:
    return _CAMEL.sub("-", name).lower()


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _normalise(element: ET.Element) -> None:
    """QTI 2.x names (choiceInteraction, responseIdentifier) as QTI 3.0 names them
    (qti-choice-interaction, response-identifier), so one reader serves both."""
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        namespace, name = _local(node.tag)
        if namespace in QTI2:
            html = name in ("p", "div", "span", "ul", "ol", "li", "b", "i", "em", "strong", "br", "table", "img")
            node.tag = name if html else f"qti-{_kebab(name)}"
            node.attrib = {(_kebab(k) if not k.startswith("{") else k): v for k, v in node.attrib.items()}
        else:
            node.tag = name


def _parse(data: bytes, name: str) -> ET.Element:
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise QtiError(f"{name}: has a document type declaration; a QTI file needs none, and it is refused for safety")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise QtiError(f"{name}: not well-formed XML ({exc})") from exc
    _normalise(root)
    return root


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise QtiError(
            f"{name}: {info.file_size:,} bytes, more than the {MAX_XML_BYTES // 1024 // 1024} MB a QTI file may have"
        )
    with archive.open(info) as stream:
        data = stream.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise QtiError(f"{name}: larger than the {MAX_XML_BYTES // 1024 // 1024} MB a QTI file may have")
    return data


def read_package(data: bytes, section: str, competencies: tuple[str, ...]) -> Imported:
    """The items of a QTI package (a zip with an imsmanifest.xml) as playbook items of `section`,
    measuring `competencies`. Raises QtiError when the file as a whole cannot be read."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise QtiError(
            f"the package is {len(data):,} bytes; at most {MAX_PACKAGE_BYTES // 1024 // 1024} MB can be read"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise QtiError("this is not a zip file: a QTI package is a zip with an imsmanifest.xml at its top") from exc
    with archive:
        names = set(archive.namelist())
        if len(names) > MAX_MEMBERS:
            raise QtiError(f"the package holds {len(names):,} files; at most {MAX_MEMBERS:,} can be read")
        if "imsmanifest.xml" not in names:
            raise QtiError("the zip has no imsmanifest.xml at its top, so it is not a QTI content package")
        manifest = _parse(_member(archive, "imsmanifest.xml"), "imsmanifest.xml")
        imported = Imported()
        seen: set[str] = set()
        for kind, href in _resources(manifest):
            if "item" not in kind:
                continue
            path = posixpath.normpath(href.lstrip("/"))
            if path not in names:
                imported.notes.append(
                    Note(href, False, "the manifest names this file, but the package does not hold it")
                )
                continue
            try:
                root = _parse(_member(archive, path), path)
            except QtiError as exc:
                imported.notes.append(Note(href, False, str(exc)))
                continue
            for item_id, outcome in _read_item(root, section, competencies, seen):
                if isinstance(outcome, str):
                    imported.notes.append(Note(item_id, False, outcome))
                else:
                    imported.items.append(outcome)
                    seen.add(item_id)
        title = manifest.find(".//title")
        imported.title = _text(title)
    return imported


def _resources(manifest: ET.Element) -> Iterator[tuple[str, str]]:
    for resource in manifest.iter("resource"):
        href = resource.get("href") or next((f.get("href", "") for f in resource.iter("file")), "")
        if href:
            yield resource.get("type", ""), href


def _our_id(value: str, taken: set[str]) -> str:
    """One of our ids from a QTI identifier: lowercased, other characters as '-', unique."""
    base = re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-_")[:60] or "item"
    if base.startswith("id-") and base[3:4].isdigit():
        base = base[3:]
    found, n = base, 2
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    return found


def _points(root: ET.Element, default: float = 1.0) -> float:
    for outcome in root.iter("qti-outcome-declaration"):
        if outcome.get("identifier") == "MAXSCORE":
            value = outcome.find("qti-default-value/qti-value")
            if value is not None and value.text:
                try:
                    found = float(value.text)
                except ValueError:
                    break
                if found > 0:
                    return found
    return default


def _mapping_of(declaration: ET.Element) -> tuple[dict[str, float], float]:
    mapping = declaration.find("qti-mapping")
    if mapping is None:
        return {}, 0.0
    entries = {}
    for entry in mapping.iter("qti-map-entry"):
        try:
            entries[entry.get("map-key", "")] = float(entry.get("mapped-value", "0"))
        except ValueError:
            continue
    try:
        default = float(mapping.get("default-value", "0"))
    except ValueError:
        default = 0.0
    return entries, default


def _read_item(root: ET.Element, section: str, competencies: tuple[str, ...],
               taken: set[str]) -> Iterator[tuple[str, dict[str, Any] | str]]:  # fmt: skip
    if root.tag != "qti-assessment-item":
        yield root.get("identifier", "?"), f"a {root.tag} is not an assessment item"
        return
    source = root.get("identifier", "item")
    item_id = _our_id(source, taken)
    body = root.find("qti-item-body")
    declarations = {d.get("identifier", ""): d for d in root.iter("qti-response-declaration")}
    interactions = [e for e in (body.iter() if body is not None else ()) if e.tag.endswith("-interaction")]
    if [i.get("response-identifier") for i in interactions] == ["MOST", "LEAST"] and set(declarations) >= {
        "MOST",
        "LEAST",
    }:
        yield from _read_judgment(root, body, interactions, declarations, section, competencies, item_id, source)
        return
    if len(interactions) != 1:
        kinds = ", ".join(sorted({e.tag for e in interactions})) or "none"
        yield source, f"hireplay reads items with exactly one interaction; this one has {len(interactions)} ({kinds})"
        return
    interaction = interactions[0]
    declaration = declarations.get(interaction.get("response-identifier", ""))
    if declaration is None:
        yield source, "its interaction has no response declaration"
        return
    correct = (
        [_text(v) for v in declaration.iter("qti-value")]
        if declaration.find("qti-correct-response") is not None
        else []
    )
    prompt = _prompt(body, interaction)
    common: dict[str, Any] = {"id": item_id, "section": section, "competencies": list(competencies),
                              "title": root.get("title", "") or "", "prompt": prompt or root.get("title", "") or source}  # fmt: skip
    points = _points(root)
    data: dict[str, Any]
    unreadable = [c.tag for c in interaction.iter() if c.tag in ("img", "object", "math", "audio", "video")]
    if unreadable:
        yield source, f"it shows {', '.join(sorted(set(unreadable)))} content, which a playbook item cannot carry"
        return
    if interaction.tag in ("qti-choice-interaction", "qti-order-interaction"):
        ids = {
            c.get("identifier", ""): _our_id(c.get("identifier", ""), set())
            for c in interaction.iter("qti-simple-choice")
        }
        options = [
            {"id": ids[c.get("identifier", "")], "text": _text(c)} for c in interaction.iter("qti-simple-choice")
        ]
        key = [ids[v] for v in correct if v in ids]
        entries, default = _mapping_of(declaration)
        cardinality = declaration.get("cardinality", "single")
        if interaction.tag == "qti-order-interaction":
            data = {**common, "type": "ranking", "options": options, "key": key,
                    "points": points if points != 1.0 else (sum(entries.values()) or 1.0)}  # fmt: skip
        elif cardinality == "single":
            value = entries.get(correct[0]) if correct else None
            data = {**common, "type": "single_choice", "options": options, "key": key[0] if key else "",
                    "points": value if value and value > 0 else points}  # fmt: skip
        else:
            keyed = [entries[v] for v in correct if entries.get(v, 0) > 0]
            total = sum(keyed) if keyed else points
            share = total / max(1, len(key))
            penalty = min(10.0, -default / share) if default < 0 and share > 0 else 0.0
            data = {**common, "type": "multiple_response", "options": options, "key": key,
                    "points": total, "penalty": round(penalty, 6)}  # fmt: skip
    elif interaction.tag == "qti-text-entry-interaction":
        if declaration.get("base-type") not in ("float", "integer"):
            yield source, "a text entry that expects words: hireplay matches numbers only in a text entry"
            return
        if not correct:
            yield source, "its text entry has no correct response to score against"
            return
        try:
            answer = Decimal(correct[0])
        except InvalidOperation:
            yield source, f"its correct response {correct[0]!r} is not a number"
            return
        tolerance: dict[str, Any] = {"absolute": "0"}
        for equal in root.iter("qti-equal"):
            mode, bounds = equal.get("tolerance-mode", "exact"), (equal.get("tolerance") or "0").split()
            try:
                width = max(Decimal(b) for b in bounds) if bounds else Decimal(0)
            except InvalidOperation:
                width = Decimal(0)
            if mode == "absolute":
                tolerance = {"absolute": str(width)}
            elif mode == "relative":
                tolerance = {"relative": str(min(Decimal(1), width / 100))}
        data = {**common, "type": "numeric", "answer": str(answer), "tolerance": tolerance,
                "points": points}  # fmt: skip
    elif interaction.tag == "qti-extended-text-interaction":
        rubric = root.find(".//qti-rubric-block")
        described = _text(rubric) or "Rated by a person against the original item's scoring guide."
        data = {**common, "type": "written_response",
                "criteria": [{"id": "rated", "kind": "human", "points": points, "description": described}],
                "points": points}  # fmt: skip
    else:
        yield source, f"hireplay has no item type for a {interaction.tag.removeprefix('qti-')}"
        return
    yield _validated(item_id, source, data)


def _validated(item_id: str, source: str, data: dict[str, Any]) -> tuple[str, dict[str, Any] | str]:
    try:
        _ITEM_ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:])
        return source, f"read, but not a valid {data['type'].replace('_', ' ')} item: {where}: {first['msg']}"
    return item_id, data


def _read_judgment(root: ET.Element, body: ET.Element | None, interactions: list[ET.Element],
                   declarations: dict[str, ET.Element], section: str, competencies: tuple[str, ...],
                   item_id: str, source: str) -> Iterator[tuple[str, dict[str, Any] | str]]:  # fmt: skip
    """A situational judgment as `export_package` writes it: a "most effective" and a "least
    effective" choice over the same responses, each response's credit in the MOST mapping. The
    levels are the smallest whole numbers that give the same credit."""
    credit, _ = _mapping_of(declarations["MOST"])
    top = max(credit.values(), default=0.0)
    choices = list(interactions[0].iter("qti-simple-choice"))
    if top <= 0 or any(c.get("identifier", "") not in credit for c in choices):
        yield source, "a most/least judgment without a credit for every response"
        return
    ratios = [credit[c.get("identifier", "")] / top for c in choices]
    steps = next((k for k in range(1, 10) if all(abs(r * k - round(r * k)) < 1e-6 for r in ratios)), 9)
    prompt = _text(interactions[0].find("qti-prompt")).removesuffix("Which response is the most effective?").strip()
    scenario = " ".join(_text(child) for child in (body if body is not None else ()) if child.tag == "p")
    data = {"id": item_id, "section": section, "competencies": list(competencies), "type": "situational_judgment",
            "title": root.get("title", "") or "", "prompt": prompt or "Which response is the most effective?",
            "scenario": scenario or root.get("title", "") or source, "points": _points(root),
            "responses": [{"id": _our_id(c.get("identifier", ""), set()), "text": _text(c),
                           "effectiveness": 1 + round(r * steps)} for c, r in zip(choices, ratios, strict=True)]}  # fmt: skip
    yield _validated(item_id, source, data)


def _prompt(body: ET.Element | None, interaction: ET.Element) -> str:
    """The item's question: the text around the interaction and its own prompt, without its choices
    or any rubric for scorers."""
    if body is None:
        return ""
    parts = []
    for child in body:
        if child is interaction or child.tag == "qti-rubric-block":
            continue
        if interaction in list(child.iter()):
            parts.append(_text_without(child, interaction))
        else:
            parts.append(_text(child))
    parts.append(_text(interaction.find("qti-prompt")))
    return " ".join(p for p in parts if p).strip()


def _text_without(element: ET.Element, skip: ET.Element) -> str:
    words: list[str] = []

    def walk(node: ET.Element) -> None:
        if node is skip:
            if node.tail:
                words.append(node.tail)
            return
        if node.text:
            words.append(node.text)
        for child in node:
            walk(child)
        if node is not element and node.tail:
            words.append(node.tail)

    walk(element)
    return " ".join("".join(words).split())
