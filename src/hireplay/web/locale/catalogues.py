"""Fill the French and Dutch catalogues from `translations.py` and compile them (`scripts/messages`)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from hireplay.web.locale.translations import FR_NL, PLURALS

HERE = Path(__file__).resolve().parent
LANGUAGES = {"fr": 0, "nl": 1}


def catalogue_path(language: str) -> Path:
    return HERE / language / "LC_MESSAGES" / "django.po"


def compiled(language: str) -> bytes:
    """The .mo file the language's .po file compiles to."""
    with catalogue_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main() -> int:
    missing: list[str] = []
    for language, index in LANGUAGES.items():
        path = catalogue_path(language)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.id, tuple | list):  # a message with a plural: both forms per language
                forms = PLURALS.get((str(message.id[0]), str(message.id[1])))
                if forms is None:
                    missing.append(f"{language}: {message.id!r}")
                    continue
                message.string = forms[index]
                message.flags.discard("fuzzy")
                continue
            given = FR_NL.get(str(message.id))
            if given is None:
                missing.append(f"{language}: {message.id!r}")
                continue
            message.string = given[index]
            message.flags.discard("fuzzy")
        catalog.fuzzy = False
        with path.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, sort_output=True, width=100)
        path.with_suffix(".mo").write_bytes(compiled(language))
    for line in missing:
        print(f"no translation for {line}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
