"""Spreadsheet CSV files: encoding and separator."""

from __future__ import annotations

from hireplay.core.csvtext import decode, separator


def test_encodings_excel_writes() -> None:
    assert decode("\ufeffnom;courriel\n".encode()) == ("nom;courriel\n", "utf-8")
    assert decode("Hélène".encode("cp1252")) == ("Hélène", "windows-1252")
    assert decode(b"\x81\x8d") == ("", "the file is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8")


def test_the_separator_comes_from_the_header_outside_quotes() -> None:
    assert separator("name;email\nDupont, Hélène;h@example.be\n") == ";"
    assert separator("name,email\n") == ","
    assert separator("name\temail\n") == "\t"
    assert separator('"last; first",email\n') == ","
    assert separator("name\n") == ","
