"""AWS Backup restore testing plans and selections (issue 16), which moto 5.2.1 does not have.

Paths, members and errors from the AWS Backup API reference:
- CreateRestoreTestingPlan ``PUT /restore-testing/plans`` (201) -> CreationTime, RestoreTestingPlanArn,
  RestoreTestingPlanName (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingPlan.html)
- GetRestoreTestingPlan ``GET /restore-testing/plans/{RestoreTestingPlanName}`` -> RestoreTestingPlan
- ListRestoreTestingPlans ``GET /restore-testing/plans`` -> RestoreTestingPlans, NextToken
- UpdateRestoreTestingPlan ``PUT /restore-testing/plans/{RestoreTestingPlanName}`` -> ..., UpdateTime
- DeleteRestoreTestingPlan ``DELETE /restore-testing/plans/{RestoreTestingPlanName}`` (204): "Deletion
  can only successfully occur if all associated restore testing selections are deleted first."
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteRestoreTestingPlan.html)
- Create/Get/List/Update/DeleteRestoreTestingSelection under ``.../{RestoreTestingPlanName}/selections``
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateRestoreTestingSelection.html)

Rules enforced (RestoreTestingPlanForCreate, RestoreTestingRecoveryPointSelection and
RestoreTestingSelectionForCreate data types of the same reference):
- names: letters, digits and underscores only (plan: "must consist of only alphanumeric characters and
  underscores"), at most 50 characters; a second plan with the same name -> AlreadyExistsException;
- required members missing -> MissingParameterValueException;
- Algorithm LATEST_WITHIN_WINDOW | RANDOM_WITHIN_WINDOW; RecoveryPointTypes CONTINUOUS | SNAPSHOT;
  SelectionWindowDays 1..365; StartWindowHours 1..168 (default 24); ValidationWindowHours 0..168;
- ProtectedResourceArns are specific ARNs or ["*"], "but not both"; ProtectedResourceConditions only
  with the wildcard;
- ProtectedResourceType one of the supported types; one selection per type is not enforced;
- the selection's IAM role can be assumed by AWS Backup (``common.require_assumable``).
"""

from __future__ import annotations

import re
from typing import Any

from moto.core.responses import ActionResult, EmptyResult
from moto.moto_api._internal import mock_random

from .. import config, tags
from ..wire import AwsError
from .common import ext, invalid, invalid_request, not_found, page, params, require_assumable
from .state import LOCK, RestoreTestingPlan, RestoreTestingSelection

NAME = re.compile(r"^[A-Za-z0-9_]{1,50}$")
ALGORITHMS = ("LATEST_WITHIN_WINDOW", "RANDOM_WITHIN_WINDOW")
POINT_TYPES = ("CONTINUOUS", "SNAPSHOT")
RESOURCE_TYPES = ("Aurora", "DocumentDB", "DynamoDB", "EBS", "EC2", "EFS", "FSx", "Neptune", "RDS", "S3")


def _missing(name: str) -> AwsError:
    return AwsError("MissingParameterValueException", f"Missing required parameter: {name}")


def _require(body: dict[str, Any], *names: str, where: str) -> None:
    for name in names:
        if body.get(name) in (None, "", []):
            raise _missing(f"{where}.{name}")


def _check_name(kind: str, name: str) -> None:
    if not NAME.match(name):
        raise invalid(f"Invalid {kind} name '{name}': 1 to 50 letters, digits or underscores")


def _in_range(name: str, value: Any, low: int, high: int) -> None:
    if value is not None and not low <= int(value) <= high:
        raise invalid(f"{name} must be between {low} and {high}, not {value}")


def _check_point_selection(sel: dict[str, Any]) -> None:
    if sel.get("Algorithm") is not None and sel["Algorithm"] not in ALGORITHMS:
        raise invalid(f"Algorithm must be one of {', '.join(ALGORITHMS)}")
    bad = [t for t in sel.get("RecoveryPointTypes") or [] if t not in POINT_TYPES]
    if bad:
        raise invalid(f"RecoveryPointTypes must be among {', '.join(POINT_TYPES)}, not {', '.join(bad)}")
    _in_range("SelectionWindowDays", sel.get("SelectionWindowDays"), 1, 365)


def _check_protected(arns: list[str] | None, conditions: dict[str, Any] | None) -> None:
    arns = arns or []
    if "*" in arns and len(arns) > 1:
        raise invalid("ProtectedResourceArns takes specific ARNs or the wildcard ['*'], but not both")
    if conditions and any(conditions.get(k) for k in ("StringEquals", "StringNotEquals")) and arns != ["*"]:
        raise invalid("ProtectedResourceConditions can only be used with ProtectedResourceArns ['*']")


def _plan(resp: Any, name: str) -> RestoreTestingPlan:
    found = ext(resp).restore_testing_plans.get(name)
    if found is None:
        raise not_found(f"Restore testing plan {name} not found")
    return found


def create_restore_testing_plan(resp: Any) -> ActionResult:
    p = params(resp, "CreateRestoreTestingPlan")
    if not p.get("RestoreTestingPlan"):
        raise _missing("RestoreTestingPlan")
    body = p["RestoreTestingPlan"]
    _require(
        body,
        "RestoreTestingPlanName",
        "ScheduleExpression",
        "RecoveryPointSelection",
        where="RestoreTestingPlan",
    )
    name = body["RestoreTestingPlanName"]
    _check_name("restore testing plan", name)
    _check_point_selection(body["RecoveryPointSelection"])
    _in_range("StartWindowHours", body.get("StartWindowHours"), 1, 168)
    tags.check("backup", p.get("Tags"))
    st = ext(resp)
    with LOCK:
        if name in st.restore_testing_plans:
            raise AwsError("AlreadyExistsException", f"Restore testing plan {name} already exists")
        suffix = str(mock_random.uuid4()).split("-")[0]
        plan = RestoreTestingPlan(
            name=name,
            arn=f"arn:aws:backup:{resp.region}:{resp.current_account}:restore-testing-plan:{name}-{suffix}",
            schedule_expression=body["ScheduleExpression"],
            schedule_expression_timezone=body.get("ScheduleExpressionTimezone") or "Etc/UTC",
            start_window_hours=int(body.get("StartWindowHours") or 24),
            recovery_point_selection=body["RecoveryPointSelection"],
            creation_time=config.now_dt(),
            creator_request_id=p.get("CreatorRequestId"),
        )
        st.restore_testing_plans[name] = plan
    if p.get("Tags"):
        resp.backup_backend.tag_resource(plan.arn, p["Tags"])
    return ActionResult(
        {
            "CreationTime": plan.creation_time,
            "RestoreTestingPlanArn": plan.arn,
            "RestoreTestingPlanName": name,
        }
    )


def _plan_summary(plan: RestoreTestingPlan) -> dict[str, Any]:
    out: dict[str, Any] = {
        "CreationTime": plan.creation_time,
        "RestoreTestingPlanArn": plan.arn,
        "RestoreTestingPlanName": plan.name,
        "ScheduleExpression": plan.schedule_expression,
        "ScheduleExpressionTimezone": plan.schedule_expression_timezone,
        "StartWindowHours": plan.start_window_hours,
    }
    if plan.last_update_time:
        out["LastUpdateTime"] = plan.last_update_time
    return out


def get_restore_testing_plan(resp: Any) -> ActionResult:
    p = params(resp, "GetRestoreTestingPlan")
    plan = _plan(resp, p["RestoreTestingPlanName"])
    body = {**_plan_summary(plan), "RecoveryPointSelection": plan.recovery_point_selection}
    if plan.creator_request_id:
        body["CreatorRequestId"] = plan.creator_request_id
    return ActionResult({"RestoreTestingPlan": body})


def list_restore_testing_plans(resp: Any) -> ActionResult:
    p = params(resp, "ListRestoreTestingPlans")
    plans = sorted(ext(resp).restore_testing_plans.values(), key=lambda x: x.name)
    chunk, token = page(plans, p.get("MaxResults"), p.get("NextToken"))
    return ActionResult(
        {"RestoreTestingPlans": [_plan_summary(x) for x in chunk], **({"NextToken": token} if token else {})}
    )


def update_restore_testing_plan(resp: Any) -> ActionResult:
    p = params(resp, "UpdateRestoreTestingPlan")
    plan = _plan(resp, p["RestoreTestingPlanName"])
    body = p.get("RestoreTestingPlan") or {}
    if body.get("RecoveryPointSelection") is not None:
        _check_point_selection(body["RecoveryPointSelection"])
    _in_range("StartWindowHours", body.get("StartWindowHours"), 1, 168)
    with LOCK:
        if body.get("RecoveryPointSelection") is not None:
            plan.recovery_point_selection = body["RecoveryPointSelection"]
        if body.get("ScheduleExpression"):
            plan.schedule_expression = body["ScheduleExpression"]
        if body.get("ScheduleExpressionTimezone"):
            plan.schedule_expression_timezone = body["ScheduleExpressionTimezone"]
        if body.get("StartWindowHours") is not None:
            plan.start_window_hours = int(body["StartWindowHours"])
        plan.last_update_time = config.now_dt()
    return ActionResult(
        {
            "CreationTime": plan.creation_time,
            "RestoreTestingPlanArn": plan.arn,
            "RestoreTestingPlanName": plan.name,
            "UpdateTime": plan.last_update_time,
        }
    )


def delete_restore_testing_plan(resp: Any) -> EmptyResult:
    p = params(resp, "DeleteRestoreTestingPlan")
    plan = _plan(resp, p["RestoreTestingPlanName"])
    with LOCK:
        if plan.selections:
            raise invalid_request(
                f"Restore testing plan {plan.name} still has restore testing selections; delete them first"
            )
        del ext(resp).restore_testing_plans[plan.name]
    return EmptyResult()


def create_restore_testing_selection(resp: Any) -> ActionResult:
    p = params(resp, "CreateRestoreTestingSelection")
    plan = _plan(resp, p["RestoreTestingPlanName"])
    if not p.get("RestoreTestingSelection"):
        raise _missing("RestoreTestingSelection")
    body = p["RestoreTestingSelection"]
    _require(
        body,
        "RestoreTestingSelectionName",
        "ProtectedResourceType",
        "IamRoleArn",
        where="RestoreTestingSelection",
    )
    name = body["RestoreTestingSelectionName"]
    _check_name("restore testing selection", name)
    if body["ProtectedResourceType"] not in RESOURCE_TYPES:
        raise invalid(f"ProtectedResourceType must be one of {', '.join(RESOURCE_TYPES)}")
    _check_protected(body.get("ProtectedResourceArns"), body.get("ProtectedResourceConditions"))
    _in_range("ValidationWindowHours", body.get("ValidationWindowHours"), 0, 168)
    require_assumable(resp.current_account, body["IamRoleArn"])
    with LOCK:
        if name in plan.selections:
            raise AwsError(
                "AlreadyExistsException", f"Restore testing selection {name} already exists in {plan.name}"
            )
        sel = RestoreTestingSelection(
            name=name,
            plan_name=plan.name,
            protected_resource_type=body["ProtectedResourceType"],
            iam_role_arn=body["IamRoleArn"],
            protected_resource_arns=list(body.get("ProtectedResourceArns") or []),
            protected_resource_conditions=body.get("ProtectedResourceConditions"),
            restore_metadata_overrides=dict(body.get("RestoreMetadataOverrides") or {}),
            validation_window_hours=body.get("ValidationWindowHours"),
            creation_time=config.now_dt(),
            creator_request_id=p.get("CreatorRequestId"),
        )
        plan.selections[name] = sel
    return ActionResult(
        {
            "CreationTime": sel.creation_time,
            "RestoreTestingPlanArn": plan.arn,
            "RestoreTestingPlanName": plan.name,
            "RestoreTestingSelectionName": name,
        }
    )


def _selection(
    resp: Any, operation: str
) -> tuple[dict[str, Any], RestoreTestingPlan, RestoreTestingSelection]:
    p = params(resp, operation)
    plan = _plan(resp, p["RestoreTestingPlanName"])
    sel = plan.selections.get(p["RestoreTestingSelectionName"])
    if sel is None:
        raise not_found(
            f"Restore testing selection {p['RestoreTestingSelectionName']} not found in {plan.name}"
        )
    return p, plan, sel


def get_restore_testing_selection(resp: Any) -> ActionResult:
    _, _, sel = _selection(resp, "GetRestoreTestingSelection")
    body: dict[str, Any] = {
        "CreationTime": sel.creation_time,
        "IamRoleArn": sel.iam_role_arn,
        "ProtectedResourceType": sel.protected_resource_type,
        "RestoreTestingPlanName": sel.plan_name,
        "RestoreTestingSelectionName": sel.name,
        "ProtectedResourceArns": sel.protected_resource_arns,
        "RestoreMetadataOverrides": sel.restore_metadata_overrides,
    }
    optional = {
        "ProtectedResourceConditions": sel.protected_resource_conditions,
        "ValidationWindowHours": sel.validation_window_hours,
        "CreatorRequestId": sel.creator_request_id,
    }
    body.update({k: v for k, v in optional.items() if v is not None})
    return ActionResult({"RestoreTestingSelection": body})


def list_restore_testing_selections(resp: Any) -> ActionResult:
    p = params(resp, "ListRestoreTestingSelections")
    plan = _plan(resp, p["RestoreTestingPlanName"])
    sels = sorted(plan.selections.values(), key=lambda s: s.name)
    chunk, token = page(sels, p.get("MaxResults"), p.get("NextToken"))
    members = [
        {
            k: v
            for k, v in {
                "CreationTime": s.creation_time,
                "IamRoleArn": s.iam_role_arn,
                "ProtectedResourceType": s.protected_resource_type,
                "RestoreTestingPlanName": s.plan_name,
                "RestoreTestingSelectionName": s.name,
                "ValidationWindowHours": s.validation_window_hours,
            }.items()
            if v is not None
        }
        for s in chunk
    ]
    return ActionResult({"RestoreTestingSelections": members, **({"NextToken": token} if token else {})})


def update_restore_testing_selection(resp: Any) -> ActionResult:
    p, plan, sel = _selection(resp, "UpdateRestoreTestingSelection")
    body = p.get("RestoreTestingSelection") or {}
    arns = body.get("ProtectedResourceArns", sel.protected_resource_arns)
    conditions = body.get("ProtectedResourceConditions", sel.protected_resource_conditions)
    _check_protected(arns, conditions)
    _in_range("ValidationWindowHours", body.get("ValidationWindowHours"), 0, 168)
    if body.get("IamRoleArn"):
        require_assumable(resp.current_account, body["IamRoleArn"])
    with LOCK:
        if body.get("IamRoleArn"):
            sel.iam_role_arn = body["IamRoleArn"]
        sel.protected_resource_arns = list(arns or [])
        sel.protected_resource_conditions = conditions
        if body.get("RestoreMetadataOverrides") is not None:
            sel.restore_metadata_overrides = dict(body["RestoreMetadataOverrides"])
        if body.get("ValidationWindowHours") is not None:
            sel.validation_window_hours = int(body["ValidationWindowHours"])
        sel.update_time = config.now_dt()
    return ActionResult(
        {
            "CreationTime": sel.creation_time,
            "RestoreTestingPlanArn": plan.arn,
            "RestoreTestingPlanName": plan.name,
            "RestoreTestingSelectionName": sel.name,
            "UpdateTime": sel.update_time,
        }
    )


def delete_restore_testing_selection(resp: Any) -> EmptyResult:
    _, plan, sel = _selection(resp, "DeleteRestoreTestingSelection")
    with LOCK:
        plan.selections.pop(sel.name, None)
    return EmptyResult()
