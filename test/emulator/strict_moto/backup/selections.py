"""AWS Backup selections, which moto 5.2.1 does not have.

Paths and shapes are the AWS Backup API reference's:
- CreateBackupSelection ``PUT /backup/plans/{backupPlanId}/selections/`` -> SelectionId, BackupPlanId,
  CreationDate (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupSelection.html)
- GetBackupSelection ``GET /backup/plans/{backupPlanId}/selections/{selectionId}`` -> BackupSelection,
  SelectionId, BackupPlanId, CreationDate, CreatorRequestId
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_GetBackupSelection.html)
- ListBackupSelections ``GET /backup/plans/{backupPlanId}/selections/`` -> BackupSelectionsList, NextToken
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListBackupSelections.html)
- DeleteBackupSelection ``DELETE /backup/plans/{backupPlanId}/selections/{selectionId}``
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupSelection.html)

Rules enforced on create:
- SelectionName matches ``^[a-zA-Z0-9\\-\\_\\.]{1,50}$`` (BackupSelection data type,
  https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html);
- something must be selected: "Invalid backup selection. Either 'ListOfTags' or 'Resources' section
  must be non-empty." (AWS's answer, as reported in ministryofjustice/modernisation-platform-terraform-
  baselines PR #90); a selection by Conditions alone also counts;
- the IAM role can be assumed by AWS Backup, which includes IAM propagation (``common.require_assumable``).
There is no UpdateBackupSelection in AWS: a change is a delete and a create.
"""

from __future__ import annotations

import re
from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.moto_api._internal import mock_random

from .. import config
from .common import ext, invalid, live_plan, not_found, page, params, require_assumable
from .state import LOCK, Selection

NAME = re.compile(r"^[a-zA-Z0-9\-\_\.]{1,50}$")
CONDITION_KINDS = ("StringEquals", "StringNotEquals", "StringLike", "StringNotLike")


def _has_conditions(body: dict[str, Any]) -> bool:
    conditions = body.get("Conditions") or {}
    return any(conditions.get(k) for k in CONDITION_KINDS)


def create_backup_selection(resp: Any) -> ActionResult:
    p = params(resp, "CreateBackupSelection")
    plan = live_plan(resp.backup_backend, p["BackupPlanId"])
    body = p["BackupSelection"]
    name = body.get("SelectionName", "")
    if not NAME.match(name):
        raise invalid(
            f"Invalid selection name '{name}': 1 to 50 characters from a-z, A-Z, 0-9, '-', '_' and '.'"
        )
    if not body.get("Resources") and not body.get("ListOfTags") and not _has_conditions(body):
        raise invalid(
            "Invalid backup selection. Either 'ListOfTags' or 'Resources' section must be non-empty."
        )
    require_assumable(resp.current_account, body.get("IamRoleArn", ""))
    token = p.get("CreatorRequestId")
    with LOCK:
        of_plan = ext(resp).selections.setdefault(plan.backup_plan_id, {})
        same = next((s for s in of_plan.values() if token and s.creator_request_id == token), None)
        if same is None:
            same = Selection(
                selection_id=str(mock_random.uuid4()),
                plan_id=plan.backup_plan_id,
                body=body,
                creation_date=config.now_dt(),
                creator_request_id=token,
            )
            of_plan[same.selection_id] = same
    return ActionResult(
        {"SelectionId": same.selection_id, "BackupPlanId": same.plan_id, "CreationDate": same.creation_date}
    )


def _selection(resp: Any, operation: str) -> tuple[dict[str, Any], Selection]:
    p = params(resp, operation)
    plan = live_plan(resp.backup_backend, p["BackupPlanId"])
    found = ext(resp).selections.get(plan.backup_plan_id, {}).get(p["SelectionId"])
    if found is None:
        raise not_found(f"Failed reading backup selection {p['SelectionId']} of plan {plan.backup_plan_id}")
    return p, found


def get_backup_selection(resp: Any) -> ActionResult:
    _, s = _selection(resp, "GetBackupSelection")
    body = s.body
    # AWS answers every list (empty when not given) and all four condition kinds.
    conditions = body.get("Conditions") or {}
    selection = {
        "SelectionName": body["SelectionName"],
        "IamRoleArn": body["IamRoleArn"],
        "Resources": body.get("Resources") or [],
        "ListOfTags": body.get("ListOfTags") or [],
        "NotResources": body.get("NotResources") or [],
        "Conditions": {k: conditions.get(k) or [] for k in CONDITION_KINDS},
    }
    return ActionResult(
        {
            "BackupSelection": selection,
            "SelectionId": s.selection_id,
            "BackupPlanId": s.plan_id,
            "CreationDate": s.creation_date,
            **({"CreatorRequestId": s.creator_request_id} if s.creator_request_id else {}),
        }
    )


def list_backup_selections(resp: Any) -> ActionResult:
    p = params(resp, "ListBackupSelections")
    plan = live_plan(resp.backup_backend, p["BackupPlanId"])
    selections = sorted(
        ext(resp).selections.get(plan.backup_plan_id, {}).values(),
        key=lambda s: (s.creation_date, s.selection_id),
    )
    chunk, token = page(selections, p.get("MaxResults"), p.get("NextToken"))
    members = [
        {
            "SelectionId": s.selection_id,
            "SelectionName": s.body["SelectionName"],
            "BackupPlanId": s.plan_id,
            "CreationDate": s.creation_date,
            "IamRoleArn": s.body["IamRoleArn"],
            **({"CreatorRequestId": s.creator_request_id} if s.creator_request_id else {}),
        }
        for s in chunk
    ]
    return ActionResult({"BackupSelectionsList": members, **({"NextToken": token} if token else {})})


def delete_backup_selection(resp: Any) -> EmptyResult:
    p, s = _selection(resp, "DeleteBackupSelection")
    with LOCK:
        ext(resp).selections.get(s.plan_id, {}).pop(s.selection_id, None)
    return EmptyResult()
