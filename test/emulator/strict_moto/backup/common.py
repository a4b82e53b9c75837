"""Helpers every AWS Backup handler shares: parsed input, the region's backends, errors, paging."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from typing import Any, TypeVar

from .. import iam
from ..wire import AwsError, parse_rest_request
from .state import BackupState, state_of

T = TypeVar("T")

#: The AWS Backup service principal a role must trust (AWS Backup developer guide, "IAM service
#: roles", https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html).
BACKUP_PRINCIPAL = "backup.amazonaws.com"


def params(resp: Any, operation: str) -> dict[str, Any]:
    """The operation's input, as the AWS Backup API reference names its members."""
    return parse_rest_request(resp, operation, "rest-json")


def ext(resp: Any) -> BackupState:
    return state_of(resp.backup_backend)


def invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterValueException", message)


def not_found(message: str) -> AwsError:
    return AwsError("ResourceNotFoundException", message)


def invalid_request(message: str) -> AwsError:
    return AwsError("InvalidRequestException", message)


def live_plan(backend: Any, plan_id: str) -> Any:
    """moto's Plan, unless unknown or deleted (then ResourceNotFoundException, as GetBackupPlan)."""
    plan = backend.plans.get(plan_id)
    if plan is None or plan.deletion_date is not None:
        raise not_found(f"Failed reading Backup plan with provided version: {plan_id}")
    return plan


def vault(backend: Any, name: str) -> Any:
    found = backend.vaults.get(name)
    if found is None:
        raise not_found(f"Backup vault {name} does not exist")
    return found


def require_assumable(account_id: str, role_arn: str) -> None:
    """AWS Backup must be able to assume the role (see strict_moto.iam for the propagation rule).

    The wording is AWS's, as quoted by terraform-provider-aws internal/service/backup/selection.go:
    "InvalidParameterValueException: IAM Role arn:aws:iam::123456789012:role/XXX cannot be assumed by
    AWS Backup".
    """
    if not iam.assumable_by(account_id, role_arn, BACKUP_PRINCIPAL):
        raise invalid(f"IAM Role {role_arn} cannot be assumed by AWS Backup")


_TOKEN = re.compile(r"^[A-Za-z0-9+/=]+$")


def page(items: list[T], max_results: int | None, next_token: str | None) -> tuple[list[T], str | None]:
    """One page of ``items`` (already in answer order) and the token of the next one, if any."""
    start = 0
    if next_token:
        if not _TOKEN.match(next_token):
            raise invalid("Invalid NextToken")
        try:
            start = int(base64.b64decode(next_token).decode())
        except ValueError as e:
            raise invalid("Invalid NextToken") from e
    size = max_results or 1000
    chunk = items[start : start + size]
    end = start + len(chunk)
    token = base64.b64encode(str(end).encode()).decode() if end < len(items) else None
    return chunk, token


def within(value: datetime | None, after: datetime | None, before: datetime | None) -> bool:
    """``after <= value <= before`` for the bounds given (timestamps parse naive: they are UTC)."""
    if after is None and before is None:
        return True
    if value is None:
        return False
    after = after.replace(tzinfo=UTC) if after and after.tzinfo is None else after
    before = before.replace(tzinfo=UTC) if before and before.tzinfo is None else before
    return (after is None or value >= after) and (before is None or value <= before)
