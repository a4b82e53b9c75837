"""S3 conditional writes as one atomic step.

moto 5.2.1 honours ``If-None-Match: *`` and ``If-Match: <ETag>`` on PutObject and ``If-Match`` on
DeleteObject (412 PreconditionFailed), but checks and writes in two steps while moto server serves
requests on several threads (``threaded=True``): two concurrent ``If-None-Match: *`` writes of one key
can both succeed. S3 lets exactly one win ("If multiple conditional writes occur for the same object
name, the first write operation to finish succeeds": S3 User Guide, "How to prevent object
overwrites with conditional writes",
https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html; conditional deletes:
https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html). The apply lock
(``--lock s3://BUCKET/KEY``) relies on it, so every object PUT and DELETE runs under one lock here:
the precondition check and the write it guards are one step.
"""

from __future__ import annotations

import threading
from typing import Any

_objects = threading.Lock()


def install() -> None:
    from moto.s3.responses import S3Response

    put_object = S3Response.put_object
    delete_object = S3Response.delete_object

    def atomic_put_object(self: Any) -> Any:
        with _objects:
            return put_object(self)

    def atomic_delete_object(self: Any) -> Any:
        with _objects:
            return delete_object(self)

    S3Response.put_object = atomic_put_object  # type: ignore[method-assign]
    S3Response.delete_object = atomic_delete_object  # type: ignore[method-assign]
