"""Assessment item types, one module each; `Item` is the union a playbook's items validate into."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from hireplay.core.items.base import ItemBase, Outcome, Pending, ScoringContext
from hireplay.core.items.error_spotting import ErrorSpotting
from hireplay.core.items.instruction_task import InstructionTask
from hireplay.core.items.multiple_response import MultipleResponse
from hireplay.core.items.numeric import Numeric
from hireplay.core.items.ranking import Ranking
from hireplay.core.items.single_choice import SingleChoice
from hireplay.core.items.situational_judgment import SituationalJudgment
from hireplay.core.items.written_response import WrittenResponse

ITEM_TYPES: dict[str, type[ItemBase]] = {
    "single_choice": SingleChoice,
    "multiple_response": MultipleResponse,
    "situational_judgment": SituationalJudgment,
    "numeric": Numeric,
    "ranking": Ranking,
    "error_spotting": ErrorSpotting,
    "instruction_task": InstructionTask,
    "written_response": WrittenResponse,
}
PARAMETRIC_TYPES = ("single_choice", "multiple_response", "numeric", "ranking")

Item = Annotated[
    SingleChoice
    | MultipleResponse
    | SituationalJudgment
    | Numeric
    | Ranking
    | ErrorSpotting
    | InstructionTask
    | WrittenResponse,
    Field(discriminator="type"),
]

__all__ = ["ITEM_TYPES", "PARAMETRIC_TYPES", "Item", "ItemBase", "Outcome", "Pending", "ScoringContext"]
