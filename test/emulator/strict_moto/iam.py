"""IAM: when a role becomes assumable by a service, and reserved tag keys.

Eventual consistency: "Because IAM is eventually consistent ... changes that you make to IAM
resources are not always immediately visible" (IAM user guide, "Troubleshoot IAM", section "Changes
that I make are not always immediately visible",
https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
A service that must assume a role right after CreateRole or UpdateAssumeRolePolicy therefore fails
for a while: AWS Backup's CreateBackupSelection answers ``InvalidParameterValueException: IAM Role
arn:... cannot be assumed by AWS Backup``, which terraform-provider-aws retries for that reason
(hashicorp/terraform-provider-aws issue #9297, internal/service/backup/selection.go "Retry for IAM
eventual consistency"). The emulator records when each role's trust policy last changed and, for
``iam_propagation_seconds`` (as set at that moment) after that, ``assumable_by`` says no.

Tags: "You can't create tag keys or values that begin with the text aws:. AWS reserves this
prefix" (IAM user guide, "Tagging IAM resources", rules for tagging,
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating). moto checks
length and characters only; TagRole/CreateRole with such a key now answer ``InvalidInput`` (the
IAM error for "an invalid or out-of-range value was supplied for an input parameter").
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from . import config
from .wire import AwsError

#: Attribute on moto's Role: emulator time from which its trust policy (CreateRole or the last
#: UpdateAssumeRolePolicy) is visible to services: change time + the delay set at that moment.
TRUST_VISIBLE_AT = "_strict_trust_visible_at"

RESERVED_PREFIX = "aws:"


def _check_reserved(tags: list[dict[str, str]] | None) -> None:
    for tag in tags or []:
        key = tag.get("Key", "")
        if key.lower().startswith(RESERVED_PREFIX):
            raise AwsError("InvalidInput", f"Tag keys cannot start with the reserved prefix 'aws:': {key}")


def _visible_at() -> float:
    return config.now() + config.config().iam_propagation_seconds


def install(_service: str) -> None:
    from moto.iam.models import IAMBackend

    create_role = IAMBackend.create_role
    update_assume_role_policy = IAMBackend.update_assume_role_policy
    tag_role = IAMBackend.tag_role

    def strict_create_role(self: Any, *args: Any, **kwargs: Any) -> Any:
        _check_reserved(kwargs.get("tags") if "tags" in kwargs else (args[5] if len(args) > 5 else None))
        role = create_role(self, *args, **kwargs)
        setattr(role, TRUST_VISIBLE_AT, _visible_at())
        return role

    def strict_update_assume_role_policy(self: Any, role_name: str, policy_document: str) -> None:
        update_assume_role_policy(self, role_name, policy_document)
        setattr(self.get_role(role_name), TRUST_VISIBLE_AT, _visible_at())

    def strict_tag_role(self: Any, role_name: str, tags: list[dict[str, str]]) -> None:
        _check_reserved(tags)
        tag_role(self, role_name, tags)

    IAMBackend.create_role = strict_create_role  # type: ignore[method-assign, assignment]
    IAMBackend.update_assume_role_policy = strict_update_assume_role_policy  # type: ignore[method-assign, assignment]
    IAMBackend.tag_role = strict_tag_role  # type: ignore[method-assign, assignment]


def _trust_allows(document: str, service_principal: str) -> bool:
    """Does the trust policy let ``service_principal`` call sts:AssumeRole? (Allow statements only.)"""
    try:
        policy = json.loads(document)
    except ValueError:
        policy = json.loads(unquote(document))
    statements = policy.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    for st in statements:
        if st.get("Effect") != "Allow":
            continue
        actions = st.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        if not any(a in ("sts:AssumeRole", "sts:*", "*") for a in actions):
            continue
        principal = st.get("Principal", {})
        if principal == "*":
            return True
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        services = [services] if isinstance(services, str) else services
        if service_principal in services:
            return True
    return False


def assumable_by(account_id: str, role_arn: str, service_principal: str) -> bool:
    """True when the role exists, trusts ``service_principal`` and its trust policy has propagated."""
    from moto.iam.models import iam_backends

    backend = iam_backends[account_id]["global"]
    role = next((r for r in backend.get_roles() if r.arn == role_arn), None)
    if role is None:
        return False
    if not _trust_allows(role.assume_role_policy_document, service_principal):
        return False
    return config.now() >= getattr(role, TRUST_VISIBLE_AT, 0.0)
