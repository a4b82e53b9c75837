"""AWS Backup jobs and recovery points, which moto 5.2.1 does not have.

- StartBackupJob ``PUT /backup-jobs`` -> BackupJobId, RecoveryPointArn, CreationDate
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartBackupJob.html). The vault must
  exist (ResourceNotFoundException) and AWS Backup must be able to assume the role. The job is
  RUNNING for ``backup_job_seconds``, then COMPLETED with a COMPLETED recovery point.
- DescribeBackupJob ``GET /backup-jobs/{backupJobId}``
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeBackupJob.html)
- ListBackupJobs ``GET /backup-jobs/`` with the filters ByResourceArn, ByState, ByBackupVaultName,
  ByResourceType, ByCreatedBefore/After, ByCompleteBefore/After, ByAccountId and paging
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListBackupJobs.html); newest first.
- ListRecoveryPointsByBackupVault ``GET /backup-vaults/{backupVaultName}/recovery-points/`` with
  ByResourceArn, ByResourceType, ByBackupPlanId, ByCreatedBefore/After and paging; an unknown vault is
  ResourceNotFoundException
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByBackupVault.html)
- ListRecoveryPointsByResource ``GET /resources/{resourceArn}/recovery-points/``
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByResource.html)
- DescribeRecoveryPoint ``GET /backup-vaults/{backupVaultName}/recovery-points/{recoveryPointArn}``
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRecoveryPoint.html)

Recovery point ARNs: RDS snapshots taken by AWS Backup are ``arn:aws:rds:<region>:<account>:snapshot:
awsbackup:job-<id>``; other resources get ``arn:aws:backup:<region>:<account>:recovery-point:<id>``
("Working with recovery points", https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from moto.core.responses import ActionResult
from moto.moto_api._internal import mock_random

from .. import config
from . import resources
from .common import ext, not_found, page, params, require_assumable, vault, within
from .state import LOCK, BackupJob, BackupState, RecoveryPoint


def recovery_point_arn(region: str, account_id: str, resource_type: str, job_id: str) -> str:
    if resource_type == "RDS":
        return f"arn:aws:rds:{region}:{account_id}:snapshot:awsbackup:job-{job_id}"
    return f"arn:aws:backup:{region}:{account_id}:recovery-point:{job_id}"


def _calculated(lifecycle: dict[str, Any] | None, created: datetime) -> dict[str, Any] | None:
    if not lifecycle:
        return None
    out: dict[str, Any] = {}
    if lifecycle.get("MoveToColdStorageAfterDays") is not None:
        out["MoveToColdStorageAt"] = created + timedelta(days=int(lifecycle["MoveToColdStorageAfterDays"]))
    if lifecycle.get("DeleteAfterDays") is not None:
        out["DeleteAt"] = created + timedelta(days=int(lifecycle["DeleteAfterDays"]))
    return out or None


def settle(st: BackupState, account_id: str, region: str) -> None:
    """Completes the RUNNING jobs whose time has come (called before every read of jobs or points)."""
    now = config.now()
    with LOCK:
        for job in st.backup_jobs.values():
            if job.state != "RUNNING" or job.completes_at is None or job.completes_at > now:
                continue
            job.state = "COMPLETED"
            job.completion_date = config.now_dt()
            point = st.recovery_points.get(job.recovery_point_arn or "")
            if point is not None and point.status == "CREATING":
                point.status = "COMPLETED"
                point.completion_date = job.completion_date
                point.payload = resources.capture(account_id, region, point.resource_arn)
                point.backup_size_in_bytes = int(point.payload.get("sizeInBytes", 0))


def start_backup_job(resp: Any) -> ActionResult:
    p = params(resp, "StartBackupJob")
    backend = resp.backup_backend
    target = vault(backend, p["BackupVaultName"])
    require_assumable(resp.current_account, p["IamRoleArn"])
    resource_arn = p["ResourceArn"]
    resource_type = resources.resource_type_of(resource_arn)
    job_id = str(mock_random.uuid4()).upper()
    created = config.now_dt()
    arn = recovery_point_arn(resp.region, resp.current_account, resource_type, job_id)
    with LOCK:
        st = ext(resp)
        st.recovery_points[arn] = RecoveryPoint(
            arn=arn,
            vault_name=target.backup_vault_name,
            vault_arn=target.backup_vault_arn,
            resource_arn=resource_arn,
            resource_type=resource_type,
            creation_date=created,
            completion_date=None,
            status="CREATING",
            iam_role_arn=p["IamRoleArn"],
            lifecycle=p.get("Lifecycle"),
        )
        st.backup_jobs[job_id] = BackupJob(
            job_id=job_id,
            vault_name=target.backup_vault_name,
            vault_arn=target.backup_vault_arn,
            resource_arn=resource_arn,
            resource_type=resource_type,
            iam_role_arn=p["IamRoleArn"],
            creation_date=created,
            state="RUNNING",
            completes_at=config.now() + config.config().backup_job_seconds,
            recovery_point_arn=arn,
            lifecycle=p.get("Lifecycle"),
        )
        target.num_of_recovery_points = sum(
            1 for rp in st.recovery_points.values() if rp.vault_name == target.backup_vault_name
        )
    settle(ext(resp), resp.current_account, resp.region)
    return ActionResult({"BackupJobId": job_id, "RecoveryPointArn": arn, "CreationDate": created})


def job_json(job: BackupJob, account_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "AccountId": account_id,
        "BackupJobId": job.job_id,
        "BackupVaultName": job.vault_name,
        "BackupVaultArn": job.vault_arn,
        "ResourceArn": job.resource_arn,
        "ResourceType": job.resource_type,
        "CreationDate": job.creation_date,
        "State": job.state,
        "PercentDone": "100.0" if job.state == "COMPLETED" else "0.0",
    }
    optional = {
        "RecoveryPointArn": job.recovery_point_arn,
        "CompletionDate": job.completion_date,
        "StatusMessage": job.status_message,
        "IamRoleArn": job.iam_role_arn,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    if job.backup_plan_id:
        out["CreatedBy"] = {"BackupPlanId": job.backup_plan_id}
    return out


def describe_backup_job(resp: Any) -> ActionResult:
    p = params(resp, "DescribeBackupJob")
    st = ext(resp)
    settle(st, resp.current_account, resp.region)
    job = st.backup_jobs.get(p["BackupJobId"])
    if job is None:
        raise not_found(f"Cannot find backup job {p['BackupJobId']}")
    return ActionResult(job_json(job, resp.current_account))


def list_backup_jobs(resp: Any) -> ActionResult:
    p = params(resp, "ListBackupJobs")
    st = ext(resp)
    settle(st, resp.current_account, resp.region)
    jobs = [
        j
        for j in st.backup_jobs.values()
        if (not p.get("ByResourceArn") or j.resource_arn == p["ByResourceArn"])
        and (not p.get("ByState") or j.state == p["ByState"])
        and (not p.get("ByBackupVaultName") or j.vault_name == p["ByBackupVaultName"])
        and (not p.get("ByResourceType") or j.resource_type == p["ByResourceType"])
        and (not p.get("ByAccountId") or p["ByAccountId"] == resp.current_account)
        and within(j.creation_date, p.get("ByCreatedAfter"), p.get("ByCreatedBefore"))
        and within(j.completion_date, p.get("ByCompleteAfter"), p.get("ByCompleteBefore"))
    ]
    jobs.sort(key=lambda j: (j.creation_date, j.job_id), reverse=True)
    chunk, token = page(jobs, p.get("MaxResults"), p.get("NextToken"))
    return ActionResult(
        {
            "BackupJobs": [job_json(j, resp.current_account) for j in chunk],
            **({"NextToken": token} if token else {}),
        }
    )


def point_json(point: RecoveryPoint) -> dict[str, Any]:
    out: dict[str, Any] = {
        "RecoveryPointArn": point.arn,
        "BackupVaultName": point.vault_name,
        "BackupVaultArn": point.vault_arn,
        "ResourceArn": point.resource_arn,
        "ResourceType": point.resource_type,
        "CreationDate": point.creation_date,
        "Status": point.status,
        "BackupSizeInBytes": point.backup_size_in_bytes,
        "IsEncrypted": False,
    }
    optional = {
        "CompletionDate": point.completion_date,
        "IamRoleArn": point.iam_role_arn,
        "Lifecycle": point.lifecycle,
        "CalculatedLifecycle": _calculated(point.lifecycle, point.creation_date),
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    if point.backup_plan_id:
        out["CreatedBy"] = {
            "BackupPlanId": point.backup_plan_id,
            **({"BackupRuleId": point.backup_rule_id} if point.backup_rule_id else {}),
        }
    return out


def list_recovery_points_by_backup_vault(resp: Any) -> ActionResult:
    p = params(resp, "ListRecoveryPointsByBackupVault")
    vault(resp.backup_backend, p["BackupVaultName"])
    st = ext(resp)
    settle(st, resp.current_account, resp.region)
    points = [
        rp
        for rp in st.recovery_points.values()
        if rp.vault_name == p["BackupVaultName"]
        and (not p.get("ByResourceArn") or rp.resource_arn == p["ByResourceArn"])
        and (not p.get("ByResourceType") or rp.resource_type == p["ByResourceType"])
        and (not p.get("ByBackupPlanId") or rp.backup_plan_id == p["ByBackupPlanId"])
        and within(rp.creation_date, p.get("ByCreatedAfter"), p.get("ByCreatedBefore"))
    ]
    points.sort(key=lambda rp: (rp.creation_date, rp.arn), reverse=True)
    chunk, token = page(points, p.get("MaxResults"), p.get("NextToken"))
    return ActionResult(
        {"RecoveryPoints": [point_json(rp) for rp in chunk], **({"NextToken": token} if token else {})}
    )


def list_recovery_points_by_resource(resp: Any) -> ActionResult:
    p = params(resp, "ListRecoveryPointsByResource")
    st = ext(resp)
    settle(st, resp.current_account, resp.region)
    points = sorted(
        (rp for rp in st.recovery_points.values() if rp.resource_arn == p["ResourceArn"]),
        key=lambda rp: (rp.creation_date, rp.arn),
        reverse=True,
    )
    chunk, token = page(points, p.get("MaxResults"), p.get("NextToken"))
    members = [
        {
            k: v
            for k, v in {
                "RecoveryPointArn": rp.arn,
                "CreationDate": rp.creation_date,
                "Status": rp.status,
                "BackupSizeBytes": rp.backup_size_in_bytes,
                "BackupVaultName": rp.vault_name,
                "IsParent": False,
            }.items()
            if v is not None
        }
        for rp in chunk
    ]
    return ActionResult({"RecoveryPoints": members, **({"NextToken": token} if token else {})})


def find_point(st: BackupState, arn: str) -> RecoveryPoint:
    point = st.recovery_points.get(arn)
    if point is None:
        raise not_found(f"Recovery point {arn} not found")
    return point


def describe_recovery_point(resp: Any) -> ActionResult:
    p = params(resp, "DescribeRecoveryPoint")
    st = ext(resp)
    settle(st, resp.current_account, resp.region)
    point = find_point(st, p["RecoveryPointArn"])
    if point.vault_name != p["BackupVaultName"]:
        raise not_found(f"Recovery point {point.arn} is not in backup vault {p['BackupVaultName']}")
    return ActionResult(point_json(point))
