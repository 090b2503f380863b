"""Business errors raised by services and mapped once to HTTP (API) and form errors (UI).

Messages are in Chinese: they are shown to staff as they are."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FieldError:
    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationFailed(ServiceError):
    """Input rejected; nothing was written. Maps to 422 with the field list."""

    status = 422

    def __init__(self, errors: list[FieldError]):
        super().__init__("；".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors

    @classmethod
    def one(cls, field: str, message: str) -> ValidationFailed:
        return cls([FieldError(field, message)])


class Forbidden(ServiceError):
    status = 403


class NotFound(ServiceError):
    """Also used for objects outside the actor's region: their existence is not revealed."""

    status = 404

    def __init__(self, message: str = "对象不存在或不在您的管辖范围内"):
        super().__init__(message)


class Conflict(ServiceError):
    status = 409
