"""Test-only seeding of AWS Backup evidence (jobs, recovery points), for reports and drills.

``POST /moto-api/ext/backup/recovery-points`` with JSON
``{region, backupVaultName, resourceArn, status?, creationDate?, completionDate?, iamRoleArn?,
backupPlanId?, lifecycle?, backupSizeInBytes?, accountId?}`` -> ``{recoveryPointArn}``.
The vault must exist. The resource's current content is recorded (see ``resources.capture``), so a
StartRestoreJob of the point recreates it.

``POST /moto-api/ext/backup/backup-jobs`` with JSON
``{region, backupVaultName, resourceArn, state?, creationDate?, completionDate?, statusMessage?,
recoveryPointArn?, backupPlanId?, iamRoleArn?, accountId?}`` -> ``{backupJobId}``.

Dates are ISO 8601 (``2025-11-20T06:00:00Z``); they default to the emulator's now. Status and state
default to COMPLETED.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from moto.moto_api._internal import mock_random

from .. import config, ensure_patched
from . import resources
from .jobs import recovery_point_arn
from .state import LOCK, BackupJob, RecoveryPoint, state_of

POINT_STATUSES = ("COMPLETED", "PARTIAL", "DELETING", "EXPIRED", "AVAILABLE", "STOPPED", "CREATING")
JOB_STATES = (
    "CREATED", "PENDING", "RUNNING", "ABORTING", "ABORTED", "COMPLETED", "FAILED", "EXPIRED", "PARTIAL",
)  # fmt: skip


def _account(body: dict[str, Any]) -> str:
    from moto.core import DEFAULT_ACCOUNT_ID

    return str(body.get("accountId") or os.environ.get("MOTO_ACCOUNT_ID") or DEFAULT_ACCOUNT_ID)


def _date(body: dict[str, Any], key: str, default: datetime | None) -> datetime | None:
    raw = body.get(key)
    if raw is None:
        return default
    parsed = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _backend(body: dict[str, Any]) -> tuple[str, str, Any]:
    ensure_patched("backup")
    from moto.backup.models import backup_backends

    for key in ("region", "backupVaultName", "resourceArn"):
        if not body.get(key):
            raise ValueError(f"{key} is required")
    account, region = _account(body), str(body["region"])
    return account, region, backup_backends[account][region]


def seed_recovery_point(body: dict[str, Any]) -> dict[str, Any]:
    account, region, backend = _backend(body)
    vault = backend.vaults.get(body["backupVaultName"])
    if vault is None:
        raise ValueError(f"backup vault {body['backupVaultName']} does not exist in {region}")
    status = str(body.get("status", "COMPLETED"))
    if status not in POINT_STATUSES:
        raise ValueError(f"status must be one of {', '.join(POINT_STATUSES)}")
    resource_arn = str(body["resourceArn"])
    resource_type = resources.resource_type_of(resource_arn)
    created = _date(body, "creationDate", config.now_dt())
    assert created is not None
    arn = recovery_point_arn(region, account, resource_type, str(mock_random.uuid4()).upper())
    payload = resources.capture(account, region, resource_arn)
    with LOCK:
        state_of(backend).recovery_points[arn] = RecoveryPoint(
            arn=arn,
            vault_name=vault.backup_vault_name,
            vault_arn=vault.backup_vault_arn,
            resource_arn=resource_arn,
            resource_type=resource_type,
            creation_date=created,
            completion_date=_date(body, "completionDate", created if status == "COMPLETED" else None),
            status=status,
            iam_role_arn=body.get("iamRoleArn"),
            backup_plan_id=body.get("backupPlanId"),
            lifecycle=body.get("lifecycle"),
            backup_size_in_bytes=int(body.get("backupSizeInBytes", payload.get("sizeInBytes", 0))),
            payload=payload,
        )
        vault.num_of_recovery_points = sum(
            1 for rp in state_of(backend).recovery_points.values() if rp.vault_name == vault.backup_vault_name
        )
    return {"recoveryPointArn": arn}


def seed_backup_job(body: dict[str, Any]) -> dict[str, Any]:
    account, region, backend = _backend(body)
    vault = backend.vaults.get(body["backupVaultName"])
    if vault is None:
        raise ValueError(f"backup vault {body['backupVaultName']} does not exist in {region}")
    state = str(body.get("state", "COMPLETED"))
    if state not in JOB_STATES:
        raise ValueError(f"state must be one of {', '.join(JOB_STATES)}")
    created = _date(body, "creationDate", config.now_dt())
    assert created is not None
    job_id = str(mock_random.uuid4()).upper()
    with LOCK:
        state_of(backend).backup_jobs[job_id] = BackupJob(
            job_id=job_id,
            vault_name=vault.backup_vault_name,
            vault_arn=vault.backup_vault_arn,
            resource_arn=str(body["resourceArn"]),
            resource_type=resources.resource_type_of(str(body["resourceArn"])),
            iam_role_arn=body.get("iamRoleArn"),
            creation_date=created,
            state=state,
            completion_date=_date(
                body, "completionDate", created if state in ("COMPLETED", "FAILED") else None
            ),
            status_message=body.get("statusMessage"),
            recovery_point_arn=body.get("recoveryPointArn"),
            backup_plan_id=body.get("backupPlanId"),
        )
    return {"backupJobId": job_id}
