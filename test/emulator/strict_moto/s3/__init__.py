"""S3: the checks S3 makes and moto skips, and configurations that read back as they were written.

- replication (``replication``), lifecycle (``lifecycle``): see those modules.
- inventory: moto always answers ``IncludedObjectVersions: All`` and has no
  DeleteBucketInventoryConfiguration (its DELETE ``?inventory`` falls through to DeleteBucket and
  deletes the bucket!). Configurations are kept as parsed from the request and returned as is;
  ``DELETE /{bucket}?inventory&id=…`` removes one and answers 204; an unknown id answers moto's
  ``NoSuchInventoryConfig`` ("DeleteBucketInventoryConfiguration",
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketInventoryConfiguration.html).
- bucket tags: keys longer than 128 and values longer than 256 characters -> ``InvalidTag`` "The
  TagKey you have provided is too long, max 128" / "The TagValue you have provided is too long, max
  256" (limits: "Tag naming limits", see strict_moto.tags); moto already refuses ``aws:`` keys.
- PutBucketVersioning records when versioning changed (for the replication propagation rule).
- conditional writes (``If-None-Match``/``If-Match`` on PutObject, ``If-Match`` on DeleteObject) are
  atomic: see ``conditional``.
"""

from __future__ import annotations

from typing import Any

from moto.core.responses import ActionResult
from moto.s3.exceptions import S3ClientError

from .. import config, tags
from ..wire import parse_shape
from . import conditional, lifecycle, replication

INVENTORY = "_strict_inventory"


def _body(resp: Any) -> bytes:
    body = resp.body
    return body.encode("utf-8") if isinstance(body, str) else (body or b"")


def _check_bucket_tags(resp: Any) -> None:
    tagging = parse_shape("s3", "PutBucketTagging", "Tagging", _body(resp))
    for key, value in tags.pairs(tagging.get("TagSet") or []):
        if len(key) > tags.MAX_KEY:
            raise S3ClientError("InvalidTag", f"The TagKey you have provided is too long, max {tags.MAX_KEY}")
        if len(value) > tags.MAX_VALUE:
            raise S3ClientError(
                "InvalidTag", f"The TagValue you have provided is too long, max {tags.MAX_VALUE}"
            )


def install(_service: str) -> None:
    from moto.s3.models import S3Backend
    from moto.s3.responses import S3Response

    put = S3Response._bucket_response_put
    delete = S3Response._bucket_response_delete
    get_replication = S3Response.get_bucket_replication
    get_lifecycle = S3Response.get_bucket_lifecycle
    get_inventory = S3Response.get_bucket_inventory_configuration
    list_inventory = S3Response.list_bucket_inventory_configurations
    delete_replication = S3Backend.delete_bucket_replication
    delete_lifecycle = S3Backend.delete_bucket_lifecycle

    def strict_put(self: Any, request: Any, bucket_name: str, querystring: dict[str, Any]) -> Any:
        if not querystring:
            return put(self, request, bucket_name, querystring)
        if "replication" in querystring:
            bucket = self.backend.get_bucket(bucket_name)
            cfg = replication.parse(_body(self))
            replication.check(self.backend, bucket, cfg)
            result = put(self, request, bucket_name, querystring)
            replication.store(bucket, cfg)
            return result
        if "lifecycle" in querystring:
            bucket = self.backend.get_bucket(bucket_name)
            cfg = lifecycle.parse(_body(self))
            lifecycle.check(cfg)
            result = put(self, request, bucket_name, querystring)
            lifecycle.store(bucket, cfg, request.headers.get("x-amz-transition-default-minimum-object-size"))
            return result
        if "inventory" in querystring:
            bucket = self.backend.get_bucket(bucket_name)
            cfg = dict(
                parse_shape("s3", "PutBucketInventoryConfiguration", "InventoryConfiguration", _body(self))
            )
            result = put(self, request, bucket_name, querystring)
            bucket.__dict__.setdefault(INVENTORY, {})[cfg["Id"]] = cfg
            return result
        if "tagging" in querystring:
            _check_bucket_tags(self)
            return put(self, request, bucket_name, querystring)
        if "versioning" in querystring:
            result = put(self, request, bucket_name, querystring)
            visible_at = config.now() + config.config().s3_versioning_propagation_seconds
            setattr(self.backend.get_bucket(bucket_name), replication.VERSIONING_VISIBLE_AT, visible_at)
            return result
        return put(self, request, bucket_name, querystring)

    def strict_delete(self: Any, bucket_name: str, querystring: dict[str, Any]) -> Any:
        if "inventory" not in querystring:
            return delete(self, bucket_name, querystring)
        self._set_action("BUCKET", "DELETE", querystring)
        self._authenticate_and_authorize_s3_action(bucket_name=bucket_name)
        self.data["Action"] = "DeleteBucketInventoryConfiguration"
        bucket = self.backend.get_bucket(bucket_name)
        config_id = querystring.get("id", [""])[0]
        if config_id not in bucket.inventory_configs:
            self.backend.get_bucket_inventory_configuration(bucket_name=bucket_name, id=config_id)  # raises
        del bucket.inventory_configs[config_id]
        bucket.__dict__.setdefault(INVENTORY, {}).pop(config_id, None)
        return 204, {}, ""

    def strict_get_replication(self: Any) -> Any:
        bucket = self.backend.get_bucket(self.bucket_name)
        stored = getattr(bucket, replication.STORED, None)
        if not stored or not getattr(bucket, "replication", None):
            return get_replication(self)
        self.data["Action"] = "GetBucketReplication"
        return self.serialized(ActionResult({"ReplicationConfiguration": stored}))

    def strict_get_lifecycle(self: Any) -> Any:
        bucket = self.backend.get_bucket(self.bucket_name)
        stored = getattr(bucket, lifecycle.STORED, None)
        if not stored or not bucket.rules:
            return get_lifecycle(self)
        self.data["Action"] = "GetBucketLifecycleConfiguration"
        return self.serialized(
            ActionResult(
                {
                    "Rules": stored.get("Rules") or [],
                    "TransitionDefaultMinimumObjectSize": getattr(
                        bucket, lifecycle.MIN_SIZE, lifecycle.DEFAULT_MIN_SIZE
                    ),
                }
            )
        )

    def strict_get_inventory(self: Any) -> Any:
        config_id = self.querystring["id"][0]
        self.backend.get_bucket_inventory_configuration(
            bucket_name=self.bucket_name, id=config_id
        )  # raises if absent
        stored = self.backend.get_bucket(self.bucket_name).__dict__.get(INVENTORY, {}).get(config_id)
        if stored is None:
            return get_inventory(self)
        self.data["Action"] = "GetBucketInventoryConfiguration"
        return self.serialized(ActionResult({"InventoryConfiguration": stored}))

    def strict_list_inventory(self: Any) -> Any:
        bucket = self.backend.get_bucket(self.bucket_name)
        stored = bucket.__dict__.get(INVENTORY, {})
        if set(stored) != set(bucket.inventory_configs):
            return list_inventory(self)
        self.data["Action"] = "ListBucketInventoryConfigurations"
        configs = [stored[k] for k in bucket.inventory_configs]
        return self.serialized(ActionResult({"InventoryConfigurationList": configs, "IsTruncated": False}))

    def strict_delete_replication(self: Any, bucket_name: str) -> None:
        delete_replication(self, bucket_name)
        self.get_bucket(bucket_name).__dict__.pop(replication.STORED, None)

    def strict_delete_lifecycle(self: Any, bucket_name: str) -> None:
        delete_lifecycle(self, bucket_name)
        self.get_bucket(bucket_name).__dict__.pop(lifecycle.STORED, None)

    conditional.install()
    S3Response._bucket_response_put = strict_put  # type: ignore[method-assign, assignment]
    S3Response._bucket_response_delete = strict_delete  # type: ignore[method-assign, assignment]
    S3Response.get_bucket_replication = strict_get_replication  # type: ignore[method-assign, assignment]
    S3Response.get_bucket_lifecycle = strict_get_lifecycle  # type: ignore[method-assign, assignment]
    S3Response.get_bucket_inventory_configuration = strict_get_inventory  # type: ignore[method-assign, assignment]
    S3Response.list_bucket_inventory_configurations = strict_list_inventory  # type: ignore[method-assign, assignment]
    S3Backend.delete_bucket_replication = strict_delete_replication  # type: ignore[method-assign, assignment]
    S3Backend.delete_bucket_lifecycle = strict_delete_lifecycle  # type: ignore[method-assign, assignment]
    _install_archive_restore_delay(S3Backend)


def _install_archive_restore_delay(backend_cls: Any) -> None:
    """RestoreObject of a GLACIER / DEEP_ARCHIVE object takes hours in AWS (Standard tier: 3-5 h for
    Glacier Flexible Retrieval, within 12 h for Deep Archive; S3 user guide, "Understanding archive
    retrieval options", https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects-retrieval-options.html);
    moto finishes at once. Here the restore is in progress (HeadObject ``x-amz-restore:
    ongoing-request="true"``, CopyObject refused with InvalidObjectState) for
    ``s3ArchiveRestoreSeconds`` of emulator time."""
    from moto.s3.models import FakeKey

    from .. import config

    restore = backend_cls.restore_object
    status = FakeKey.status

    def strict_restore(self: Any, bucket_name: str, key_name: str, days: Any, type_: Any) -> bool:
        had = restore(self, bucket_name, key_name, days, type_)
        key = self.get_object(bucket_name, key_name)
        if key is not None and getattr(key, "_strict_restore_ready_at", None) is None:
            key._strict_restore_ready_at = config.now() + config.config().s3_archive_restore_seconds
        return had

    def strict_status(self: Any) -> Any:
        ready = getattr(self, "_strict_restore_ready_at", None)
        if ready is not None and config.now() < ready:
            return "IN_PROGRESS"
        return status.fget(self)

    backend_cls.restore_object = strict_restore
    FakeKey.status = property(strict_status, status.fset)  # type: ignore[assignment]
