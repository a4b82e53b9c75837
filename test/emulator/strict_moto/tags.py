"""Tag rules AWS applies on every tagging call and moto mostly skips.

"Maximum key length – 128 Unicode characters in UTF-8. Maximum value length – 256 Unicode characters
in UTF-8. Prefix restriction – Do not use the aws: prefix in your tag names or values because it's
reserved for AWS use." (Tagging AWS Resources user guide, "Tag naming limits and requirements",
https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions; the same limits
are the TagKey/TagValue length constraints of the CloudWatch, SNS and EventBridge API models.)

Each service answers with its own error code (from its API reference's error list); the wording is
the emulator's where no AWS wording was found:

==========  =============================  ======================================
service     too long                       ``aws:`` prefix
==========  =============================  ======================================
cloudwatch  ValidationError                InvalidParameterValue
sns         InvalidParameter               InvalidParameter
events      ValidationException            ValidationException
backup      InvalidParameterValueException InvalidParameterValueException
s3          InvalidTag (strict_moto.s3)    InvalidTag (moto already)
iam         ValidationError (moto already) InvalidInput (strict_moto.iam)
==========  =============================  ======================================

This module patches SNS (CreateTopic, TagResource) and EventBridge (PutRule, TagResource);
CloudWatch, AWS Backup and S3 call ``check`` from their own modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .wire import AwsError

MAX_KEY = 128
MAX_VALUE = 256

#: service -> (code when too long, code when the key starts with aws:)
CODES: dict[str, tuple[str, str]] = {
    "cloudwatch": ("ValidationError", "InvalidParameterValue"),
    "sns": ("InvalidParameter", "InvalidParameter"),
    "events": ("ValidationException", "ValidationException"),
    "backup": ("InvalidParameterValueException", "InvalidParameterValueException"),
    "s3": ("InvalidTag", "InvalidTag"),
}


def pairs(tags: Any) -> list[tuple[str, str]]:
    """Tags as (key, value) from any moto form: dict, [{Key, Value}] or [{key, value}]."""
    if not tags:
        return []
    if isinstance(tags, dict):
        return [(str(k), str(v)) for k, v in tags.items()]
    out = []
    for t in tags:
        key = t.get("Key", t.get("key", ""))
        value = t.get("Value", t.get("value", ""))
        out.append((str(key), "" if value is None else str(value)))
    return out


def problem(tags: Iterable[tuple[str, str]]) -> tuple[int, str] | None:
    """(0 = too long | 1 = reserved prefix, message) for the first bad tag, or None."""
    for i, (key, value) in enumerate(tags, 1):
        if len(key) > MAX_KEY:
            return 0, (
                f"1 validation error detected: Value '{key}' at 'tags.{i}.member.key' failed to satisfy "
                f"constraint: Member must have length less than or equal to {MAX_KEY}"
            )
        if len(value) > MAX_VALUE:
            return 0, (
                f"1 validation error detected: Value '{value}' at 'tags.{i}.member.value' failed to "
                f"satisfy constraint: Member must have length less than or equal to {MAX_VALUE}"
            )
        if key.lower().startswith("aws:"):
            return 1, f"Invalid tag key '{key}': the aws: prefix is reserved for AWS use"
    return None


def check(service: str, tags: Any) -> None:
    """Raises the service's error for the first tag AWS would refuse."""
    found = problem(pairs(tags))
    if found is not None:
        kind, message = found
        raise AwsError(CODES[service][kind], message)


def install(service: str) -> None:
    if service == "sns":
        from moto.sns.models import SNSBackend

        create_topic = SNSBackend.create_topic
        tag_resource = SNSBackend.tag_resource

        def strict_create_topic(self: Any, name: str, attributes: Any = None, tags: Any = None) -> Any:
            check("sns", tags)
            return create_topic(self, name, attributes, tags)

        def strict_tag_resource(self: Any, resource_arn: str, tags: Any) -> None:
            check("sns", tags)
            tag_resource(self, resource_arn, tags)

        SNSBackend.create_topic = strict_create_topic  # type: ignore[method-assign, assignment]
        SNSBackend.tag_resource = strict_tag_resource  # type: ignore[method-assign, assignment]
    elif service == "events":
        from moto.events.models import EventsBackend

        put_rule = EventsBackend.put_rule
        events_tag_resource = EventsBackend.tag_resource

        def strict_put_rule(self: Any, *args: Any, **kwargs: Any) -> Any:
            check("events", kwargs.get("tags"))
            return put_rule(self, *args, **kwargs)

        def strict_events_tag_resource(self: Any, arn: str, tags: Any) -> None:
            check("events", tags)
            events_tag_resource(self, arn, tags)

        EventsBackend.put_rule = strict_put_rule  # type: ignore[method-assign, assignment]
        EventsBackend.tag_resource = strict_events_tag_resource  # type: ignore[method-assign, assignment]
