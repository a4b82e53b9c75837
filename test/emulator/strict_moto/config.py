"""The emulator's knobs and its clock.

Every delay the emulator imitates (IAM propagation, job durations, an RDS outage) is a number of
seconds read here, so a test can make it 0 (instant, the default where the TypeScript side does not
yet wait) or larger (to prove a rule). The clock is wall time plus an offset that tests advance with
``POST /moto-api/ext/clock``: a test never sleeps to get past a delay, it moves the clock.

Both are process-wide and go back to their start values on ``POST /moto-api/reset``.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import Any

#: Environment variable -> field. Values are seconds (float).
ENV = {
    "EMULATOR_IAM_PROPAGATION_SECONDS": "iam_propagation_seconds",
    "EMULATOR_S3_VERSIONING_PROPAGATION_SECONDS": "s3_versioning_propagation_seconds",
    "EMULATOR_BACKUP_JOB_SECONDS": "backup_job_seconds",
    "EMULATOR_RESTORE_JOB_SECONDS": "restore_job_seconds",
    "EMULATOR_RDS_OUTAGE_SECONDS": "rds_outage_seconds",
    "EMULATOR_S3_ARCHIVE_RESTORE_SECONDS": "s3_archive_restore_seconds",
    "EMULATOR_SNS_UNCONFIRMED_DELETION_SECONDS": "sns_unconfirmed_deletion_seconds",
}


@dataclass
class Config:
    """What the emulator waits for. JSON names (config endpoint) are the camelCase field names."""

    #: A role created or whose trust policy changed is not assumable by a service for this long.
    #: 0 by default (benchmarks, fixtures); the test harness starts the emulator AWS-like (2 s,
    #: test/support/moto-global.ts HARNESS_DELAYS), which the tool's retries wait out.
    iam_propagation_seconds: float = 0.0
    #: PutBucketVersioning takes this long to be seen by PutBucketReplication (source and destination).
    s3_versioning_propagation_seconds: float = 0.0
    #: A backup job started with StartBackupJob is RUNNING this long, then COMPLETED.
    backup_job_seconds: float = 1.0
    #: A restore job is RUNNING this long, then COMPLETED (and the restored resource exists).
    restore_job_seconds: float = 1.0
    #: ModifyDBInstance with ApplyImmediately that turns automated backups on or off (retention 0 <-> N)
    #: keeps the instance in `modifying` this long. 0 by default; the test harness sets 2 s.
    rds_outage_seconds: float = 0.0
    #: RestoreObject of a GLACIER / DEEP_ARCHIVE object is in progress this long (AWS: hours).
    s3_archive_restore_seconds: float = 0.0
    #: > 0: http(s) and email subscriptions stay PendingConfirmation until confirmed (test endpoint) and
    #: are deleted this long after Subscribe if still pending (AWS: 172800, 48 hours). 0 (for now):
    #: moto's confirm-at-once, since the tool's tests remove subscriptions AWS would keep pending.
    sns_unconfirmed_deletion_seconds: float = 0.0


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


JSON_NAMES = {_camel(f.name): f.name for f in fields(Config)}


def _from_env() -> Config:
    cfg = Config()
    for var, field in ENV.items():
        raw = os.environ.get(var)
        if raw is not None and raw != "":
            setattr(cfg, field, float(raw))
    return cfg


class _State:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.config = _from_env()
        self.offset = 0.0

    def reset(self) -> None:
        with self.lock:
            self.config = _from_env()
            self.offset = 0.0


_state = _State()


def config() -> Config:
    """The current configuration (read it per request: tests change it between calls)."""
    return _state.config


def update_config(values: dict[str, Any]) -> dict[str, float]:
    """Applies a JSON object of camelCase names; unknown names or non-numbers raise ValueError."""
    with _state.lock:
        for key, value in values.items():
            if key not in JSON_NAMES:
                raise ValueError(f"unknown setting {key!r}; known: {', '.join(sorted(JSON_NAMES))}")
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{key} must be a number of seconds >= 0")
            setattr(_state.config, JSON_NAMES[key], float(value))
        return config_json()


def config_json() -> dict[str, float]:
    return {_camel(k): v for k, v in asdict(_state.config).items()}


def now() -> float:
    """Emulator time, seconds since the epoch: wall time plus what tests advanced."""
    return time.time() + _state.offset


def now_dt() -> datetime:
    return datetime.fromtimestamp(now(), tz=UTC)


def advance(seconds: float) -> float:
    if seconds < 0:
        raise ValueError("advanceSeconds must be >= 0")
    with _state.lock:
        _state.offset += seconds
    return now()


def reset() -> None:
    """Back to the start values (environment) and wall time; called on POST /moto-api/reset."""
    _state.reset()
