"""Reading the CSV files people export from spreadsheets: UTF-8 (with or without the byte-order
mark Excel writes) or Windows-1252 (what Excel writes in Western Europe when told "CSV"), and the
cell separator, comma, semicolon (Excel's in Belgium, France, the Netherlands) or tab, read from
the header line."""

from __future__ import annotations

SEPARATORS = (",", ";", "\t")


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in ("utf-8" or "windows-1252"); ("", problem) when neither."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return "", "the file is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8"


def separator(text: str) -> str:
    """The separator the header line uses most (outside quotes); a comma when it has none."""
    header = text.split("\n", 1)[0]
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","
