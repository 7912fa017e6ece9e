"""The base of every response model, and the API's one error shape."""

from pydantic import BaseModel, ConfigDict, Field


class ResponseModel(BaseModel):
    """What a route answers. Documentation only: views return plain data, these describe it."""

    model_config = ConfigDict(extra="allow", defer_build=True)


class ErrorDetail(BaseModel):
    model_config = ConfigDict(defer_build=True)

    code: str = Field(examples=["validation_error"])
    message: str
    fields: dict[str, list[str]] | None = None


class ErrorBody(BaseModel):
    """The one error shape of the API."""

    model_config = ConfigDict(extra="allow", defer_build=True)
    error: ErrorDetail


class StatusMessage(ResponseModel):
    status: str
