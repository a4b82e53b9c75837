"""What a recovery point holds and what a restore creates, for the resource types moto can hold.

- S3: the bucket's current objects (latest version of each key, delete markers skipped) are copied
  into the recovery point when it is created; a restore writes them into ``DestinationBucketName``,
  creating the bucket (versioning on) when ``NewBucket`` is ``true``. Metadata keys from the AWS Backup
  developer guide, "Restore S3 data" (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html).
- RDS: the instance's settings (engine, version, class, storage, user, port) are recorded; a restore
  creates ``DBInstanceIdentifier`` from them (plus the ``DBInstanceClass`` / ``Port`` /
  ``PubliclyAccessible`` / ``MultiAZ`` overrides the metadata gives). Metadata keys from "Restore an
  Amazon RDS database" (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-rds.html).
- Anything else: the recovery point is bookkeeping only; its restore completes and creates nothing.
"""

from __future__ import annotations

from typing import Any

from ..wire import AwsError

#: ARN service -> the ResourceType AWS Backup reports (ListProtectedResources / recovery points).
TYPES = {
    "s3": "S3",
    "rds": "RDS",
    "dynamodb": "DynamoDB",
    "elasticfilesystem": "EFS",
    "fsx": "FSx",
    "storagegateway": "Storage Gateway",
    "redshift": "Redshift",
}


def resource_type_of(arn: str) -> str:
    parts = arn.split(":")
    if len(parts) < 6:
        raise AwsError("InvalidParameterValueException", f"Invalid resource ARN: {arn}")
    service, rest = parts[2], parts[5]
    if service == "ec2":
        return "EBS" if rest.startswith("volume/") else "EC2"
    if service == "rds" and rest.startswith("cluster"):
        return "Aurora"
    return TYPES.get(service, service)


def _s3_backend(account_id: str) -> Any:
    from moto.s3.models import s3_backends

    return s3_backends[account_id]["global"]


def _rds_backend(account_id: str, region: str) -> Any:
    from moto.rds.models import rds_backends

    return rds_backends[account_id][region]


def capture(account_id: str, region: str, resource_arn: str) -> dict[str, Any]:
    """What a restore of this resource needs, read now; {} when the resource is not in moto."""
    kind = resource_type_of(resource_arn)
    if kind == "S3":
        from moto.s3.models import FakeDeleteMarker

        bucket = _s3_backend(account_id).buckets.get(resource_arn.split(":::", 1)[-1])
        if bucket is None:
            return {}
        objects = {
            key: {"body": bytes(obj.value), "metadata": dict(obj.metadata)}
            for key, obj in bucket.keys.items()
            if not isinstance(obj, FakeDeleteMarker)
        }
        return {"objects": objects, "sizeInBytes": sum(len(o["body"]) for o in objects.values())}
    if kind == "RDS":
        # The instance lives in its ARN's region: a point copied to another region's vault (a DR
        # copy) still holds the source instance ("Creating backup copies across AWS Regions",
        # https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html).
        arn_region = resource_arn.split(":")[3] or region
        db = _rds_backend(account_id, arn_region).databases.get(resource_arn.rsplit(":", 1)[-1])
        if db is None:
            return {}
        return {
            "instance": {
                "engine": db.engine,
                "engine_version": db.engine_version,
                "db_instance_class": db.db_instance_class,
                "allocated_storage": db.allocated_storage,
                "master_username": db.master_username,
                "port": db.port,
            },
            "sizeInBytes": int(db.allocated_storage or 0) * 1024**3,
        }
    return {}


#: Metadata AWS Backup requires per resource type before it starts a restore.
REQUIRED_METADATA = {"S3": ("DestinationBucketName",), "RDS": ("DBInstanceIdentifier",)}


def check_metadata(resource_type: str, metadata: dict[str, str]) -> None:
    missing = [k for k in REQUIRED_METADATA.get(resource_type, ()) if not metadata.get(k)]
    if missing:
        raise AwsError(
            "InvalidParameterValueException",
            f"Restore metadata for {resource_type} must contain {', '.join(missing)}",
        )


def restore(
    account_id: str, region: str, resource_type: str, payload: dict[str, Any], metadata: dict[str, str]
) -> str | None:
    """Creates the restored resource; returns its ARN (CreatedResourceArn), or None if nothing is created.

    Raises ``RestoreFailed`` with the job's StatusMessage when the restore cannot be done.
    """
    if resource_type == "S3":
        return _restore_s3(account_id, region, payload, metadata)
    if resource_type == "RDS":
        return _restore_rds(account_id, region, payload, metadata)
    return None


class RestoreFailed(Exception):
    """The job ends FAILED with this message as its StatusMessage."""


def _restore_s3(account_id: str, region: str, payload: dict[str, Any], metadata: dict[str, str]) -> str:
    s3 = _s3_backend(account_id)
    name = metadata["DestinationBucketName"]
    new_bucket = metadata.get("NewBucket", "false").lower() == "true"
    bucket = s3.buckets.get(name)
    if new_bucket:
        if bucket is not None:
            raise RestoreFailed(f"Destination bucket {name} already exists")
        s3.create_bucket(name, region)
        s3.put_bucket_versioning(name, "Enabled")
    elif bucket is None:
        raise RestoreFailed(f"Destination bucket {name} does not exist")
    for key, obj in (payload.get("objects") or {}).items():
        created = s3.put_object(name, key, obj["body"])
        created.set_metadata(obj.get("metadata") or {})
    return f"arn:aws:s3:::{name}"


def _restore_rds(account_id: str, region: str, payload: dict[str, Any], metadata: dict[str, str]) -> str:
    rds = _rds_backend(account_id, region)
    instance = payload.get("instance")
    if not instance:
        raise RestoreFailed("The recovery point holds no RDS instance settings to restore from")
    identifier = metadata["DBInstanceIdentifier"]
    if identifier in rds.databases:
        raise RestoreFailed(f"DB instance {identifier} already exists")
    kwargs: dict[str, Any] = {**instance, "db_instance_identifier": identifier}
    if metadata.get("DBInstanceClass"):
        kwargs["db_instance_class"] = metadata["DBInstanceClass"]
    if metadata.get("Port"):
        kwargs["port"] = int(metadata["Port"])
    if metadata.get("MultiAZ"):
        kwargs["multi_az"] = metadata["MultiAZ"].lower() == "true"
    if metadata.get("PubliclyAccessible"):
        kwargs["publicly_accessible"] = metadata["PubliclyAccessible"].lower() == "true"
    db = rds.create_db_instance(kwargs)
    return str(db.db_instance_arn)
