"""RDS ModifyDBInstance: pending modifications, the backup on/off outage, and the available-state rule.

moto applies every ModifyDBInstance at once. AWS (ModifyDBInstance API reference,
https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html, and the RDS user
guide, "Settings for DB instances",
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ModifyInstance.Settings.html):

- ``ApplyImmediately``: "Specifies whether the modifications in this request and any pending
  modifications are asynchronously applied as soon as possible ... If this parameter is disabled,
  changes to the DB instance are applied during the next maintenance window." Without it, the settings
  that wait (DBInstanceClass, AllocatedStorage, EngineVersion, MultiAZ, Port, StorageType, Iops,
  MasterUserPassword, CACertificateIdentifier, a new DBInstanceIdentifier) go to
  ``PendingModifiedValues`` (returned by DescribeDBInstances) instead of the instance.
- ``BackupRetentionPeriod``: "Changing this parameter can result in an outage if you change from 0 to
  a non-zero value or from a non-zero value to 0. These changes are applied during the next
  maintenance window unless the ApplyImmediately parameter is enabled for this request. If you change
  the parameter from one non-zero value to another non-zero value, the change is asynchronously
  applied as soon as possible." With ApplyImmediately, a 0 <-> N change leaves the instance in
  ``modifying`` for ``rds_outage_seconds`` (``backup-retention-period`` outage).
- PreferredBackupWindow, PreferredMaintenanceWindow, CopyTagsToSnapshot and the rest apply at once
  (no outage, "applied asynchronously as soon as possible").
- An instance that is not ``available`` cannot be modified -> ``InvalidDBInstanceState`` (the error the
  API reference lists, "The DB instance isn't in a valid state"; wording: the emulator's).

``POST /moto-api/ext/rds/maintenance`` (``run_maintenance``) runs the maintenance window now: every
pending modification is applied.
"""

from __future__ import annotations

import os
from typing import Any

from . import config
from .wire import AwsError

#: moto/botocore snake_case argument -> PendingModifiedValues member.
PENDING = {
    "db_instance_class": "DBInstanceClass",
    "allocated_storage": "AllocatedStorage",
    "engine_version": "EngineVersion",
    "multi_az": "MultiAZ",
    "db_port_number": "Port",
    "storage_type": "StorageType",
    "iops": "Iops",
    "master_user_password": "MasterUserPassword",
    "ca_certificate_identifier": "CACertificateIdentifier",
    "new_db_instance_identifier": "DBInstanceIdentifier",
}
#: PendingModifiedValues member -> the DBInstance attribute moto's update() sets.
APPLY = {
    "DBInstanceClass": "db_instance_class",
    "AllocatedStorage": "allocated_storage",
    "EngineVersion": "engine_version",
    "MultiAZ": "multi_az",
    "Port": "port",
    "StorageType": "storage_type",
    "Iops": "iops",
    "MasterUserPassword": "master_user_password",
    "CACertificateIdentifier": "ca_certificate_identifier",
    "BackupRetentionPeriod": "backup_retention_period",
}

BUSY_UNTIL = "_strict_busy_until"
PENDING_ATTR = "pending_modified_values"
#: The new master password while it is pending (PendingModifiedValues shows "****").
PENDING_PASSWORD = "_strict_pending_password"


def settle(db: Any) -> None:
    """Ends an outage whose time has passed; AWS always answers a PendingModifiedValues element."""
    until = getattr(db, BUSY_UNTIL, None)
    if until is not None and config.now() >= until:
        db.status = "available"
        setattr(db, BUSY_UNTIL, None)
    if getattr(db, PENDING_ATTR, None) is None:
        setattr(db, PENDING_ATTR, {})


def _pending_value(db: Any, member: str, value: Any) -> Any:
    return getattr(db, PENDING_PASSWORD, value) if member == "MasterUserPassword" else value


def _apply_pending(db: Any) -> None:
    for member, value in (getattr(db, PENDING_ATTR, None) or {}).items():
        if member in APPLY:  # a pending rename (DBInstanceIdentifier) is not replayed
            setattr(db, APPLY[member], _pending_value(db, member, value))
    setattr(db, PENDING_ATTR, {})
    setattr(db, PENDING_PASSWORD, None)


def install(_service: str) -> None:
    from moto.rds.models import RDSBackend

    modify = RDSBackend.modify_db_instance
    describe = RDSBackend.describe_db_instances

    def strict_describe(self: Any, *args: Any, **kwargs: Any) -> Any:
        found = describe(self, *args, **kwargs)
        for db in found:
            settle(db)
        return found

    def strict_modify(self: Any, db_instance_identifier: str, db_kwargs: Any) -> Any:
        db = describe(self, db_instance_identifier)[0]
        settle(db)
        if db.status != "available":
            raise AwsError(
                "InvalidDBInstanceState",
                f"Database instance {db_instance_identifier} is not in available state (it is {db.status}).",
            )
        immediately = bool(db_kwargs.get("apply_immediately"))
        old_retention = int(db.backup_retention_period or 0)
        new_retention = db_kwargs.get("backup_retention_period")
        toggles_backups = new_retention is not None and (old_retention == 0) != (int(new_retention) == 0)
        queued = dict(getattr(db, PENDING_ATTR, None) or {})
        if immediately:
            # "the modifications in this request and any pending modifications" apply now.
            for member, value in queued.items():
                if member in APPLY and APPLY[member] not in db_kwargs:
                    db_kwargs[APPLY[member]] = _pending_value(db, member, value)
            queued = {}
            setattr(db, PENDING_PASSWORD, None)
        else:
            for arg, member in PENDING.items():
                if db_kwargs.get(arg) is None:
                    continue
                value = db_kwargs[arg]
                if member == "MasterUserPassword":
                    setattr(db, PENDING_PASSWORD, value)
                    value = "****"
                queued[member] = value
                del db_kwargs[arg]
            if toggles_backups:
                queued["BackupRetentionPeriod"] = int(new_retention)
                del db_kwargs["backup_retention_period"]
        result = modify(self, db_instance_identifier, db_kwargs)
        setattr(result, PENDING_ATTR, queued)
        if immediately and toggles_backups and config.config().rds_outage_seconds > 0:
            result.status = "modifying"
            setattr(result, BUSY_UNTIL, config.now() + config.config().rds_outage_seconds)
        return result

    RDSBackend.describe_db_instances = strict_describe  # type: ignore[method-assign, assignment]
    RDSBackend.modify_db_instance = strict_modify  # type: ignore[method-assign, assignment]


def run_maintenance(body: dict[str, Any]) -> dict[str, Any]:
    """Applies every pending modification (optionally only ``{region, dbInstanceIdentifier}``)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.rds.models import rds_backends

    from . import ensure_patched

    ensure_patched("rds")
    account = str(body.get("accountId") or os.environ.get("MOTO_ACCOUNT_ID") or DEFAULT_ACCOUNT_ID)
    applied = []
    for region, backend in rds_backends[account].items():
        if body.get("region") and region != body["region"]:
            continue
        for identifier, db in list(backend.databases.items()):
            if body.get("dbInstanceIdentifier") and identifier != body["dbInstanceIdentifier"]:
                continue
            if getattr(db, PENDING_ATTR, None):
                _apply_pending(db)
                applied.append(f"{region}/{identifier}")
    return {"applied": applied}
