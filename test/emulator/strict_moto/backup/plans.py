"""AWS Backup plans: UpdateBackupPlan (moto has none), ListTags by ARN, and the plan rules moto skips.

- UpdateBackupPlan, ``POST /backup/plans/{backupPlanId}``: "Updates the specified backup plan. The new
  version is uniquely identified by its ID." Answers BackupPlanId, BackupPlanArn, CreationDate,
  VersionId, AdvancedBackupSettings
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateBackupPlan.html).
- ListTags, ``GET /tags/{resourceArn}/``: moto 5.2.1 takes the ARN from the wrong path segment when
  the JS SDK calls it (no trailing slash), so it always answered ``{}``; here the label is parsed
  from the botocore URI (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListTags.html).
- DeleteBackupPlan: "A backup plan can only be deleted after all associated selections of resources
  have been deleted." (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupPlan.html)
  -> ``InvalidRequestException``.
- CreateBackupPlan: a deleted plan's name can be used again (moto keeps it reserved).
- Rule lifecycles: "Backups transitioned to cold storage must be stored in cold storage for a minimum
  of 90 days. Therefore, the 'retention' setting must be 90 days greater than the 'transition to cold
  after days' setting." (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_Lifecycle.html);
  continuous backups (EnableContinuousBackup) are kept 1 to 35 days ("Continuous backups and
  point-in-time recovery (PITR)", https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html).
  Both -> ``InvalidParameterValueException`` (wording: the emulator's).
"""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult
from moto.moto_api._internal import mock_random

from .. import config
from ..tags import check as check_tags
from .common import invalid, invalid_request, live_plan, params
from .state import LOCK, state_of

#: What AWS (and moto's CreateBackupPlan) fills in when a rule omits it.
RULE_DEFAULTS = {
    "ScheduleExpression": "cron(0 5 ? * * *)",
    "StartWindowMinutes": 480,
    "CompletionWindowMinutes": 10080,
    "ScheduleExpressionTimezone": "Etc/UTC",
}


def _check_lifecycle(where: str, lifecycle: dict[str, Any] | None) -> None:
    if not lifecycle:
        return
    cold = lifecycle.get("MoveToColdStorageAfterDays")
    delete = lifecycle.get("DeleteAfterDays")
    if cold is not None and delete is not None and int(delete) < int(cold) + 90:
        raise invalid(
            f"{where}: DeleteAfterDays ({delete}) must be at least 90 days more than "
            f"MoveToColdStorageAfterDays ({cold})"
        )


def check_rules(backup_plan: dict[str, Any]) -> None:
    """The cross-field rules AWS checks on CreateBackupPlan / UpdateBackupPlan."""
    for rule in backup_plan.get("Rules") or []:
        name = rule.get("RuleName", "?")
        _check_lifecycle(f"Rule {name}", rule.get("Lifecycle"))
        for copy in rule.get("CopyActions") or []:
            _check_lifecycle(f"Rule {name} copy action", copy.get("Lifecycle"))
        if rule.get("EnableContinuousBackup"):
            days = (rule.get("Lifecycle") or {}).get("DeleteAfterDays")
            if days is not None and not 1 <= int(days) <= 35:
                raise invalid(f"Rule {name}: continuous backups can be retained 1 to 35 days, not {days}")


def _with_defaults(backup_plan: dict[str, Any]) -> dict[str, Any]:
    rules = []
    for rule in backup_plan.get("Rules") or []:
        filled = {**RULE_DEFAULTS, **rule}
        filled["RuleId"] = str(mock_random.uuid4())
        rules.append(filled)
    return {**backup_plan, "Rules": rules}


def update_backup_plan(resp: Any) -> ActionResult:
    p = params(resp, "UpdateBackupPlan")
    backend = resp.backup_backend
    plan = live_plan(backend, p["BackupPlanId"])
    body = p["BackupPlan"]
    check_rules(body)
    with LOCK:
        plan.backup_plan = _with_defaults(body)
        plan.advanced_backup_settings = body.get("AdvancedBackupSettings") or []
        plan.version_id = mock_random.get_random_string(length=48)
    return ActionResult(
        {
            "BackupPlanId": plan.backup_plan_id,
            "BackupPlanArn": plan.backup_plan_arn,
            "CreationDate": config.now_dt(),
            "VersionId": plan.version_id,
            **(
                {"AdvancedBackupSettings": plan.advanced_backup_settings}
                if plan.advanced_backup_settings
                else {}
            ),
        }
    )


def list_tags(resp: Any) -> ActionResult:
    p = params(resp, "ListTags")
    found = resp.backup_backend.list_tags(p["ResourceArn"])
    return ActionResult({"Tags": found})


def patch_backend() -> None:
    from moto.backup.exceptions import AlreadyExistsException
    from moto.backup.models import BackupBackend, Plan

    delete_backup_plan = BackupBackend.delete_backup_plan
    create_backup_vault = BackupBackend.create_backup_vault
    tag_resource = BackupBackend.tag_resource

    def strict_create_backup_plan(
        self: Any, backup_plan: dict[str, Any], backup_plan_tags: Any, creator_request_id: Any
    ) -> Any:
        check_rules(backup_plan)
        check_tags("backup", backup_plan_tags)
        name = backup_plan["BackupPlanName"]
        # moto also refuses the names of DELETED plans; AWS does not (only live plans count).
        if any(
            p.backup_plan["BackupPlanName"] == name and p.deletion_date is None for p in self.plans.values()
        ):
            raise AlreadyExistsException(msg="Backup plan with the same plan document already exists")
        plan = Plan(backup_plan=backup_plan, creator_request_id=creator_request_id, backend=self)
        if backup_plan_tags:
            self.tag_resource(plan.backup_plan_arn, backup_plan_tags)
        self.plans[plan.backup_plan_id] = plan
        return plan

    def strict_delete_backup_plan(self: Any, backup_plan_id: str) -> Any:
        if state_of(self).selections.get(backup_plan_id):
            raise invalid_request(
                "Related backup plan selections must be deleted prior to backup plan deletion"
            )
        return delete_backup_plan(self, backup_plan_id)

    def strict_create_backup_vault(self: Any, **kwargs: Any) -> Any:
        check_tags("backup", kwargs.get("backup_vault_tags"))
        return create_backup_vault(self, **kwargs)

    def strict_tag_resource(self: Any, resource_arn: str, tags: Any) -> None:  # noqa: F811 - moto's keyword
        check_tags("backup", tags)
        tag_resource(self, resource_arn, tags)

    BackupBackend.create_backup_plan = strict_create_backup_plan  # type: ignore[method-assign, assignment]
    BackupBackend.delete_backup_plan = strict_delete_backup_plan  # type: ignore[method-assign, assignment]
    BackupBackend.create_backup_vault = strict_create_backup_vault  # type: ignore[method-assign, assignment]
    BackupBackend.tag_resource = strict_tag_resource  # type: ignore[method-assign, assignment]
