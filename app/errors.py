"""The errors services raise: plain Python, each with the HTTP status it means. How they
reach a person (JSON or a Dutch page) is app.exception_handlers' job."""

from __future__ import annotations


class AppError(Exception):
    status_code = 400

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code


class NotFoundError(AppError):
    status_code = 404


class PermissionDeniedError(AppError):
    status_code = 403


class DeviceRevokedError(PermissionDeniedError):
    """This phone was revoked: it must wipe what it holds (the X-Wipe header says so)."""


class NotAuthenticatedError(AppError):
    status_code = 401


class TooManyRequestsError(AppError):
    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
