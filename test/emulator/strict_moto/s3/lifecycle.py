"""PutBucketLifecycleConfiguration as S3 checks it, and a GET that returns what was put.

Rules (S3 user guide, "Setting lifecycle configuration": transitions and expiration of a rule
must be in order; "Lifecycle configuration elements",
https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html):
- an Expiration's Days must be greater than every Transition's Days (and a Date later than every
  Transition Date) -> ``InvalidArgument`` "'Days' in the Expiration action for filter '(prefix=…)' must
  be greater than 'Days' in the Transition action" (AWS's wording);
- a NoncurrentVersionExpiration's NoncurrentDays must be greater than every
  NoncurrentVersionTransition's -> ``InvalidArgument`` "'NoncurrentDays' in the
  NoncurrentVersionExpiration action for filter '(prefix=…)' must be greater than 'NoncurrentDays' in
  the NoncurrentVersionTransition action" (AWS's wording).
- a transition to STANDARD_IA or ONEZONE_IA happens after at least 30 days ("Before you transition
  objects to S3 Standard-IA or S3 One Zone-IA, you must store them for at least 30 days", S3 user guide,
  "Transitioning objects using Amazon S3 Lifecycle",
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html),
  for current and noncurrent versions -> ``InvalidArgument`` "'Days' in Transition action must be
  greater than or equal to 30 for storageClass 'STANDARD_IA'" (AWS's wording; 'NoncurrentDays' in
  NoncurrentVersionTransition action likewise).
The filter text is AWS's ``(prefix=…)`` for prefix filters; for tag/size/And filters the emulator
writes ``(prefix=…, tags=…, size>…, size<…)``.

Fidelity: moto drops ``NoncurrentVersionExpiration.NewerNoncurrentVersions`` and the
ObjectSizeGreaterThan/ObjectSizeLessThan filters, and always answers
``TransitionDefaultMinimumObjectSize: all_storage_classes_128K``. The configuration is kept as parsed
from the request and returned as is, with the ``x-amz-transition-default-minimum-object-size`` the
request set (default ``all_storage_classes_128K``, PutBucketLifecycleConfiguration reference,
https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html).
"""

from __future__ import annotations

from typing import Any

from moto.s3.exceptions import S3ClientError

from ..wire import parse_shape

#: Attributes on moto's FakeBucket.
STORED = "_strict_lifecycle"
MIN_SIZE = "_strict_transition_default_minimum_object_size"
DEFAULT_MIN_SIZE = "all_storage_classes_128K"


def parse(body: bytes | str) -> dict[str, Any]:
    return dict(parse_shape("s3", "PutBucketLifecycleConfiguration", "LifecycleConfiguration", body))


def _filter_text(rule: dict[str, Any]) -> str:
    f = rule.get("Filter")
    if f is None:
        return f"(prefix={rule.get('Prefix') or ''})"
    parts = f.get("And") or f
    out = [f"prefix={parts.get('Prefix') or ''}"]
    tags = parts.get("Tags") or ([f["Tag"]] if f.get("Tag") else [])
    if tags:
        out.append("tags=" + ",".join(f"{t.get('Key')}={t.get('Value', '')}" for t in tags))
    if parts.get("ObjectSizeGreaterThan") is not None:
        out.append(f"size>{parts['ObjectSizeGreaterThan']}")
    if parts.get("ObjectSizeLessThan") is not None:
        out.append(f"size<{parts['ObjectSizeLessThan']}")
    return "(" + ", ".join(out) + ")"


#: Storage classes objects must spend 30 days in STANDARD before moving to.
MIN_30_DAYS = ("STANDARD_IA", "ONEZONE_IA")


def _check_ia(rule: dict[str, Any]) -> None:
    for t in rule.get("Transitions") or []:
        if t.get("StorageClass") in MIN_30_DAYS and t.get("Days") is not None and t["Days"] < 30:
            raise S3ClientError(
                "InvalidArgument",
                f"'Days' in Transition action must be greater than or equal to 30 for storageClass '{t['StorageClass']}'",
            )
    for t in rule.get("NoncurrentVersionTransitions") or []:
        if (
            t.get("StorageClass") in MIN_30_DAYS
            and t.get("NoncurrentDays") is not None
            and t["NoncurrentDays"] < 30
        ):
            raise S3ClientError(
                "InvalidArgument",
                "'NoncurrentDays' in NoncurrentVersionTransition action must be greater than or equal to 30 "
                f"for storageClass '{t['StorageClass']}'",
            )


def check(cfg: dict[str, Any]) -> None:
    for rule in cfg.get("Rules") or []:
        _check_ia(rule)
        where = _filter_text(rule)
        expiration = rule.get("Expiration") or {}
        transitions = rule.get("Transitions") or []
        days = [t["Days"] for t in transitions if t.get("Days") is not None]
        if expiration.get("Days") is not None and days and expiration["Days"] <= max(days):
            raise S3ClientError(
                "InvalidArgument",
                f"'Days' in the Expiration action for filter '{where}' must be greater than 'Days' in the "
                "Transition action",
            )
        dates = [t["Date"] for t in transitions if t.get("Date") is not None]
        if expiration.get("Date") is not None and dates and expiration["Date"] <= max(dates):
            raise S3ClientError(
                "InvalidArgument",
                f"'Date' in the Expiration action for filter '{where}' must be greater than 'Date' in the "
                "Transition action",
            )
        nve = rule.get("NoncurrentVersionExpiration") or {}
        nv_days = [
            t["NoncurrentDays"]
            for t in rule.get("NoncurrentVersionTransitions") or []
            if t.get("NoncurrentDays") is not None
        ]
        if nve.get("NoncurrentDays") is not None and nv_days and nve["NoncurrentDays"] <= max(nv_days):
            raise S3ClientError(
                "InvalidArgument",
                f"'NoncurrentDays' in the NoncurrentVersionExpiration action for filter '{where}' must be "
                "greater than 'NoncurrentDays' in the NoncurrentVersionTransition action",
            )


def store(bucket: Any, cfg: dict[str, Any], min_size: str | None) -> None:
    setattr(bucket, STORED, cfg)
    setattr(bucket, MIN_SIZE, min_size or DEFAULT_MIN_SIZE)
