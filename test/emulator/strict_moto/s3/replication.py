"""PutBucketReplication as S3 checks it, and GetBucketReplication that returns what was put.

Rules (each answers the S3 error shown, as the JS SDK sees it):

- V2 rules need DeleteMarkerReplication: "If you specify a Filter element in a replication rule, you
  must also include the DeleteMarkerReplication element" (S3 user guide, "Replication configuration
  file elements", backward compatibility,
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html) -> ``InvalidRequest``
  "DeleteMarkerReplication must be specified for this version of Cross Region Replication
  configuration schema. Please refer to S3 Developer Guide for more information." (AWS's wording).
- Metrics and RTC go together the documented way: ``Metrics.EventThreshold`` is the threshold of the
  S3 RTC ``OperationMissedThreshold`` event, so it is only valid with ``ReplicationTime`` enabled;
  without RTC, metrics are ``<Metrics><Status>Enabled</Status></Metrics>`` alone ("Using S3 Replication
  metrics", https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html; "Enabling S3
  Replication Time Control", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html).
  ``ReplicationTime`` "Must be specified together with a Metrics block"
  (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationTime.html) and both thresholds take
  only 15 minutes (ReplicationTimeValue "Valid value: 15",
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationTimeValue.html). All -> ``InvalidArgument``
  (wording: the emulator's).
- The destination bucket must exist and have versioning enabled, as must the source ("Requirements and
  considerations for replication": "Both source and destination buckets must have versioning enabled",
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html) -> ``InvalidRequest``
  "Destination bucket must exist." / "Destination bucket must have versioning enabled." /
  "Versioning must be 'Enabled' on the bucket to apply a replication configuration" (AWS's wordings;
  terraform-provider-aws retries the last one right after enabling versioning,
  internal/service/s3/bucket_replication_configuration.go). A versioning change counts only
  ``s3_versioning_propagation_seconds`` (as set when the change was made) after PutBucketVersioning
  (eventual consistency).
- The replication role: S3 does not check at PUT time that it can assume the role (replication of
  each object fails later instead), so the emulator does not either.

Fidelity: moto answers every rule with ``DeleteMarkerReplication: Disabled`` and ``Filter: {Prefix: ""}``
and drops SourceSelectionCriteria, ExistingObjectReplication and Destination's
EncryptionConfiguration, AccessControlTranslation and Account. The configuration is kept as parsed
from the request (botocore's ReplicationConfiguration shape) and returned as is.
"""

from __future__ import annotations

from typing import Any

from moto.s3.exceptions import S3ClientError

from .. import config
from ..wire import parse_shape

#: Attributes on moto's FakeBucket.
STORED = "_strict_replication"
#: Emulator time from which the last PutBucketVersioning is visible (change time + the delay then set).
VERSIONING_VISIBLE_AT = "_strict_versioning_visible_at"


def _invalid_request(message: str) -> S3ClientError:
    return S3ClientError("InvalidRequest", message)


def _invalid_argument(message: str) -> S3ClientError:
    return S3ClientError("InvalidArgument", message)


def versioning_visible(bucket: Any) -> bool:
    """Versioning is Enabled and the change has propagated."""
    if bucket.versioning_status != "Enabled":
        return False
    return config.now() >= getattr(bucket, VERSIONING_VISIBLE_AT, 0.0)


def parse(body: bytes | str) -> dict[str, Any]:
    return dict(parse_shape("s3", "PutBucketReplication", "ReplicationConfiguration", body))


def _enabled(block: dict[str, Any] | None) -> bool:
    return block is not None and block.get("Status") == "Enabled"


def check(backend: Any, source_bucket: Any, cfg: dict[str, Any]) -> None:
    """Raises the S3 error AWS gives for this configuration on this source bucket, if any."""
    if not versioning_visible(source_bucket):
        raise _invalid_request(
            "Versioning must be 'Enabled' on the bucket to apply a replication configuration"
        )
    for rule in cfg.get("Rules") or []:
        rule_id = rule.get("ID", "")
        if "Filter" in rule and "DeleteMarkerReplication" not in rule:
            raise _invalid_request(
                "DeleteMarkerReplication must be specified for this version of Cross Region Replication "
                "configuration schema. Please refer to S3 Developer Guide for more information."
            )
        destination = rule.get("Destination") or {}
        metrics = destination.get("Metrics")
        rtc = destination.get("ReplicationTime")
        if metrics and "EventThreshold" in metrics and not _enabled(rtc):
            raise _invalid_argument(
                f"Rule {rule_id}: Metrics.EventThreshold is only valid when ReplicationTime (S3 RTC) is enabled"
            )
        if _enabled(rtc) and not _enabled(metrics):
            raise _invalid_argument(f"Rule {rule_id}: ReplicationTime requires Metrics with Status Enabled")
        for name, block in (
            ("ReplicationTime.Time", (rtc or {}).get("Time")),
            ("Metrics.EventThreshold", (metrics or {}).get("EventThreshold")),
        ):
            if block is not None and block.get("Minutes") != 15:
                raise _invalid_argument(f"Rule {rule_id}: {name}.Minutes must be 15")
        target_name = str(destination.get("Bucket", "")).split(":::", 1)[-1]
        target = backend.buckets.get(target_name)
        if target is None:
            raise _invalid_request("Destination bucket must exist.")
        if not versioning_visible(target):
            raise _invalid_request("Destination bucket must have versioning enabled.")


def store(bucket: Any, cfg: dict[str, Any]) -> None:
    """Keeps the configuration as sent, with the rule IDs moto generated where the request had none."""
    generated = (getattr(bucket, "replication", None) or {}).get("Rule") or []
    for i, rule in enumerate(cfg.get("Rules") or []):
        if not rule.get("ID") and i < len(generated):
            rule["ID"] = generated[i].get("ID")
    setattr(bucket, STORED, cfg)
