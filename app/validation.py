"""The base of every input shape: unknown fields are an error, never silently ignored."""

from sqlmodel import SQLModel
from sqlmodel._compat import SQLModelConfig


class StrictInput(SQLModel):
    model_config = SQLModelConfig(extra="forbid")
