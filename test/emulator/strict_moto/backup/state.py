"""What the extension keeps per AWS Backup backend (one account, one region).

It lives on moto's ``BackupBackend`` instance, so ``POST /moto-api/reset`` (which rebuilds every
backend) wipes it together with moto's own vaults and plans.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: One lock for every mutation of extension state (the server is threaded; writes are rare).
LOCK = threading.RLock()

_ATTR = "_strict_backup"


@dataclass
class Selection:
    selection_id: str
    plan_id: str
    #: BackupSelection as sent (SelectionName, IamRoleArn, Resources, ListOfTags, NotResources, Conditions).
    body: dict[str, Any]
    creation_date: datetime
    creator_request_id: str | None


@dataclass
class RecoveryPoint:
    arn: str
    vault_name: str
    vault_arn: str
    resource_arn: str
    resource_type: str
    creation_date: datetime
    completion_date: datetime | None
    status: str
    iam_role_arn: str | None
    backup_plan_id: str | None = None
    backup_rule_id: str | None = None
    backup_size_in_bytes: int = 0
    lifecycle: dict[str, Any] | None = None
    #: What a restore recreates: S3 objects {key: (body, content_type)} or the RDS instance's settings.
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass
class BackupJob:
    job_id: str
    vault_name: str
    vault_arn: str
    resource_arn: str
    resource_type: str
    iam_role_arn: str | None
    creation_date: datetime
    state: str
    #: Emulator time (epoch seconds) at which a RUNNING job completes; None for seeded jobs.
    completes_at: float | None = None
    completion_date: datetime | None = None
    status_message: str | None = None
    recovery_point_arn: str | None = None
    backup_plan_id: str | None = None
    lifecycle: dict[str, Any] | None = None


@dataclass
class RestoreJob:
    job_id: str
    recovery_point_arn: str
    recovery_point_creation_date: datetime
    resource_type: str
    iam_role_arn: str
    metadata: dict[str, str]
    creation_date: datetime
    completes_at: float
    status: str = "PENDING"
    status_message: str | None = None
    completion_date: datetime | None = None
    created_resource_arn: str | None = None
    backup_size_in_bytes: int = 0
    source_resource_arn: str | None = None
    backup_vault_arn: str | None = None
    idempotency_token: str | None = None


@dataclass
class RestoreTestingSelection:
    name: str
    plan_name: str
    protected_resource_type: str
    iam_role_arn: str
    protected_resource_arns: list[str]
    protected_resource_conditions: dict[str, Any] | None
    restore_metadata_overrides: dict[str, str]
    validation_window_hours: int | None
    creation_time: datetime
    creator_request_id: str | None
    update_time: datetime | None = None


@dataclass
class RestoreTestingPlan:
    name: str
    arn: str
    schedule_expression: str
    schedule_expression_timezone: str
    start_window_hours: int
    recovery_point_selection: dict[str, Any]
    creation_time: datetime
    creator_request_id: str | None
    last_update_time: datetime | None = None
    selections: dict[str, RestoreTestingSelection] = field(default_factory=dict)


@dataclass
class BackupState:
    #: plan id -> selection id -> selection
    selections: dict[str, dict[str, Selection]] = field(default_factory=dict)
    #: recovery point ARN -> recovery point (any vault of this region)
    recovery_points: dict[str, RecoveryPoint] = field(default_factory=dict)
    backup_jobs: dict[str, BackupJob] = field(default_factory=dict)
    restore_jobs: dict[str, RestoreJob] = field(default_factory=dict)
    restore_testing_plans: dict[str, RestoreTestingPlan] = field(default_factory=dict)


def state_of(backend: Any) -> BackupState:
    """The extension state of one moto BackupBackend (created on first use)."""
    with LOCK:
        st = backend.__dict__.get(_ATTR)
        if st is None:
            st = BackupState()
            backend.__dict__[_ATTR] = st
        return st
