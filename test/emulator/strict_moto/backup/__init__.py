"""AWS Backup: the calls moto 5.2.1 lacks, and the rules it skips.

Each handler becomes a method of moto's ``BackupResponse`` named after its operation (moto finds the
operation from the request's method and path with the botocore model, then calls that method), and
the paths moto's Flask app does not route yet are added to ``moto.backup.urls.url_paths`` before the
app is built. Handlers live in: ``plans`` (UpdateBackupPlan, ListTags), ``selections``, ``jobs``
(backup jobs, recovery points), ``restore`` (restore jobs), ``restore_testing``; test-only seeding in
``seeding``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.core.utils import camelcase_to_underscores

from . import jobs, plans, restore, restore_testing, selections

HANDLERS: dict[str, Callable[[Any], Any]] = {
    "UpdateBackupPlan": plans.update_backup_plan,
    "ListTags": plans.list_tags,
    "CreateBackupSelection": selections.create_backup_selection,
    "GetBackupSelection": selections.get_backup_selection,
    "ListBackupSelections": selections.list_backup_selections,
    "DeleteBackupSelection": selections.delete_backup_selection,
    "StartBackupJob": jobs.start_backup_job,
    "DescribeBackupJob": jobs.describe_backup_job,
    "ListBackupJobs": jobs.list_backup_jobs,
    "ListRecoveryPointsByBackupVault": jobs.list_recovery_points_by_backup_vault,
    "ListRecoveryPointsByResource": jobs.list_recovery_points_by_resource,
    "DescribeRecoveryPoint": jobs.describe_recovery_point,
    "StartRestoreJob": restore.start_restore_job,
    "DescribeRestoreJob": restore.describe_restore_job,
    "ListRestoreJobs": restore.list_restore_jobs,
    "CreateRestoreTestingPlan": restore_testing.create_restore_testing_plan,
    "GetRestoreTestingPlan": restore_testing.get_restore_testing_plan,
    "ListRestoreTestingPlans": restore_testing.list_restore_testing_plans,
    "UpdateRestoreTestingPlan": restore_testing.update_restore_testing_plan,
    "DeleteRestoreTestingPlan": restore_testing.delete_restore_testing_plan,
    "CreateRestoreTestingSelection": restore_testing.create_restore_testing_selection,
    "GetRestoreTestingSelection": restore_testing.get_restore_testing_selection,
    "ListRestoreTestingSelections": restore_testing.list_restore_testing_selections,
    "UpdateRestoreTestingSelection": restore_testing.update_restore_testing_selection,
    "DeleteRestoreTestingSelection": restore_testing.delete_restore_testing_selection,
}

#: Paths (moto's url_paths syntax) that moto 5.2.1 does not route to BackupResponse.
PATHS = (
    "{0}/backup-jobs/?$",
    "{0}/backup-jobs/(?P<job_id>[^/]+)$",
    "{0}/backup-vaults/(?P<name>[^/]+)/recovery-points/?$",
    "{0}/backup-vaults/(?P<name>[^/]+)/recovery-points/(?P<point>.+)$",
    "{0}/resources/(?P<resource>.+)/recovery-points/?$",
    "{0}/restore-jobs/?$",
    "{0}/restore-jobs/(?P<job_id>[^/]+)$",
    "{0}/restore-testing/plans/?$",
    "{0}/restore-testing/plans/(?P<plan>.+)$",
)


def install(_service: str) -> None:
    from moto.backup import urls
    from moto.backup.responses import BackupResponse

    for path in PATHS:
        urls.url_paths.setdefault(path, BackupResponse.dispatch)
    for operation, handler in HANDLERS.items():
        setattr(BackupResponse, camelcase_to_underscores(operation), handler)
    plans.patch_backend()
