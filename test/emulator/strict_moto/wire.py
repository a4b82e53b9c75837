"""Request parsing and error helpers shared by the patches, built on moto's own botocore-model machinery.

``parse_rest_request`` turns a REST request that moto routed to a ``BaseResponse`` into the operation's
input as botocore shapes describe it (types converted, timestamps parsed, URI labels and query
parameters placed), so the handlers read exactly the members the AWS API reference names.
Results go back as ``moto.core.responses.ActionResult``, which moto serialises against the
operation's output shape; errors are ``ServiceException`` (serialised against the error shape, with
the status code the model gives).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from moto.core.exceptions import ServiceException
from moto.core.parse import PROTOCOL_PARSERS
from moto.core.utils import get_service_model
from werkzeug.datastructures import MultiDict


def parse_rest_request(response: Any, operation: str, protocol: str) -> dict[str, Any]:
    """The parsed input of ``operation`` for the request ``response`` is handling."""
    service_model = get_service_model(response.boto3_service_name)
    operation_model = service_model.operation_model(operation)
    parser = PROTOCOL_PARSERS[protocol](operation_model)
    values = MultiDict(parse_qsl(response.parsed_url.query, keep_blank_values=True))
    body = response.raw_body if response.raw_body is not None else b""
    return dict(
        parser.parse(
            {
                "method": response.method,
                "values": values,
                "headers": response.headers,
                "body": body,
                "url_path": response.path,
                "url_params": response.uri_match.groupdict() if response.uri_match else {},
            }
        )
    )


def parse_shape(service: str, operation: str, member: str, xml: bytes | str) -> Any:
    """Parses one rest-xml payload member (e.g. S3 ``ReplicationConfiguration``) to a botocore-shaped dict."""
    operation_model = get_service_model(service).operation_model(operation)
    parser: Any = PROTOCOL_PARSERS["rest-xml"](operation_model)
    shape = operation_model.input_shape.members[member]
    root = parser._parse_xml_string_to_dom(xml)  # noqa: SLF001 - moto's parser, used as moto uses it
    return parser._parse_shape(shape, root)  # noqa: SLF001


class AwsError(ServiceException):
    """An error as AWS sends it: ``code`` is the error shape name of the service's API model."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
