"""Dates on staff pages in English: ISO 8601 (2026-03-15), which no reader takes for another day."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
