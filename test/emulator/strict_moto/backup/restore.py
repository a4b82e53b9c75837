"""AWS Backup restore jobs, which moto 5.2.1 does not have.

- StartRestoreJob ``PUT /restore-jobs`` -> RestoreJobId
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html): the recovery
  point must exist in this region and be COMPLETED (else ResourceNotFoundException /
  InvalidRequestException), AWS Backup must be able to assume IamRoleArn, and the metadata must name
  the target (``resources.REQUIRED_METADATA``). ``IdempotencyToken`` returns the first job again.
- DescribeRestoreJob ``GET /restore-jobs/{restoreJobId}``
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html)
- ListRestoreJobs ``GET /restore-jobs/`` with ByStatus, ByResourceType, ByCreatedBefore/After,
  ByCompleteBefore/After, ByAccountId and paging
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRestoreJobs.html)

A job is PENDING when started, RUNNING once it is read, and after ``restore_job_seconds`` COMPLETED
with ``CreatedResourceArn`` (the restored bucket or DB instance now exists, see ``resources``) or
FAILED with a StatusMessage. Statuses: PENDING | RUNNING | COMPLETED | ABORTED | FAILED.
"""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult
from moto.moto_api._internal import mock_random

from .. import config
from . import resources
from .common import ext, invalid_request, not_found, page, params, require_assumable, within
from .jobs import find_point, settle
from .state import LOCK, BackupState, RestoreJob


def settle_restores(st: BackupState, account_id: str, region: str) -> None:
    """Moves restore jobs on: PENDING -> RUNNING, and RUNNING -> COMPLETED/FAILED when due."""
    now = config.now()
    with LOCK:
        for job in st.restore_jobs.values():
            if job.status == "PENDING":
                job.status = "RUNNING"
            if job.status != "RUNNING" or job.completes_at > now:
                continue
            point = st.recovery_points.get(job.recovery_point_arn)
            try:
                job.created_resource_arn = resources.restore(
                    account_id, region, job.resource_type, point.payload if point else {}, job.metadata
                )
                job.status = "COMPLETED"
            except resources.RestoreFailed as e:
                job.status = "FAILED"
                job.status_message = str(e)
            job.completion_date = config.now_dt()


def start_restore_job(resp: Any) -> ActionResult:
    p = params(resp, "StartRestoreJob")
    st = ext(resp)
    settle(st, resp.current_account, resp.region)
    point = find_point(st, p["RecoveryPointArn"])
    if point.status != "COMPLETED":
        raise invalid_request(f"Recovery point {point.arn} is {point.status}, not COMPLETED")
    resource_type = p.get("ResourceType") or point.resource_type
    metadata = dict(p.get("Metadata") or {})
    resources.check_metadata(resource_type, metadata)
    require_assumable(resp.current_account, p.get("IamRoleArn", ""))
    token = p.get("IdempotencyToken")
    with LOCK:
        again = next((j for j in st.restore_jobs.values() if token and j.idempotency_token == token), None)
        if again is not None:
            return ActionResult({"RestoreJobId": again.job_id})
        job = RestoreJob(
            job_id=str(mock_random.uuid4()).upper(),
            recovery_point_arn=point.arn,
            recovery_point_creation_date=point.creation_date,
            resource_type=resource_type,
            iam_role_arn=p["IamRoleArn"],
            metadata=metadata,
            idempotency_token=token,
            creation_date=config.now_dt(),
            completes_at=config.now() + config.config().restore_job_seconds,
            backup_size_in_bytes=point.backup_size_in_bytes,
            source_resource_arn=point.resource_arn,
            backup_vault_arn=point.vault_arn,
        )
        st.restore_jobs[job.job_id] = job
    return ActionResult({"RestoreJobId": job.job_id})


def _json(job: RestoreJob, account_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "AccountId": account_id,
        "RestoreJobId": job.job_id,
        "RecoveryPointArn": job.recovery_point_arn,
        "RecoveryPointCreationDate": job.recovery_point_creation_date,
        "CreationDate": job.creation_date,
        "Status": job.status,
        "PercentDone": "100.00%" if job.status == "COMPLETED" else "0.00%",
        "BackupSizeInBytes": job.backup_size_in_bytes,
        "IamRoleArn": job.iam_role_arn,
        "ResourceType": job.resource_type,
        "ExpectedCompletionTimeMinutes": max(1, int(config.config().restore_job_seconds // 60)),
    }
    optional = {
        "CompletionDate": job.completion_date,
        "StatusMessage": job.status_message,
        "CreatedResourceArn": job.created_resource_arn,
        "SourceResourceArn": job.source_resource_arn,
        "BackupVaultArn": job.backup_vault_arn,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    return out


def describe_restore_job(resp: Any) -> ActionResult:
    p = params(resp, "DescribeRestoreJob")
    st = ext(resp)
    settle_restores(st, resp.current_account, resp.region)
    job = st.restore_jobs.get(p["RestoreJobId"])
    if job is None:
        raise not_found(f"Cannot find restore job {p['RestoreJobId']}")
    return ActionResult(_json(job, resp.current_account))


def list_restore_jobs(resp: Any) -> ActionResult:
    p = params(resp, "ListRestoreJobs")
    st = ext(resp)
    settle_restores(st, resp.current_account, resp.region)

    def keep(j: RestoreJob) -> bool:
        return (
            (not p.get("ByStatus") or j.status == p["ByStatus"])
            and (not p.get("ByResourceType") or j.resource_type == p["ByResourceType"])
            and (not p.get("ByAccountId") or p["ByAccountId"] == resp.current_account)
            and within(j.creation_date, p.get("ByCreatedAfter"), p.get("ByCreatedBefore"))
            and within(j.completion_date, p.get("ByCompleteAfter"), p.get("ByCompleteBefore"))
        )

    jobs = sorted(
        (j for j in st.restore_jobs.values() if keep(j)),
        key=lambda j: (j.creation_date, j.job_id),
        reverse=True,
    )
    chunk, token = page(jobs, p.get("MaxResults"), p.get("NextToken"))
    return ActionResult(
        {
            "RestoreJobs": [_json(j, resp.current_account) for j in chunk],
            **({"NextToken": token} if token else {}),
        }
    )
