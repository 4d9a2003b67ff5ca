"""A table of facts shown with a section (a portfolio of accounts, say), sortable by the candidate."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hireplay.core.iso import currency_problem
from hireplay.core.items.base import Id, Text

Cell = str | int | float | None


class Column(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    label: Text
    # How the column sorts and shows: text (alphabetically), number, money (a number in the
    # table's currency), date (YYYY-MM-DD).
    kind: Literal["text", "number", "money", "date"] = "text"


class Table(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    caption: Text
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    columns: tuple[Column, ...] = Field(min_length=1, max_length=12)
    rows: tuple[dict[Id, Cell], ...] = Field(min_length=1, max_length=500)

    @field_validator("currency")
    @classmethod
    def _a_currency(cls, currency: str | None) -> str | None:
        problem = currency_problem(currency) if currency else None
        if problem:
            raise ValueError(problem)
        return currency

    @model_validator(mode="after")
    def _cells_fit_columns(self) -> Table:
        ids = [c.id for c in self.columns]
        if len(set(ids)) != len(ids):
            raise ValueError("two columns have the same id")
        kinds = {c.id: c.kind for c in self.columns}
        for n, row in enumerate(self.rows):
            unknown = [k for k in row if k not in kinds]
            if unknown:
                raise ValueError(f"row {n + 1} has a cell for {', '.join(unknown)}, which is not a column")
            for key, value in row.items():
                if kinds[key] in ("number", "money") and value is not None and not isinstance(value, (int, float)):
                    raise ValueError(f"row {n + 1}, column {key}: a number, not {value!r}")
        return self
