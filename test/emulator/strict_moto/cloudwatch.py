"""CloudWatch PutMetricAlarm: the cross-field checks AWS makes and moto skips; tag rules.

From the PutMetricAlarm API reference
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html) and the
MetricDataQuery data type (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataQuery.html):

- a metric-math alarm (``Metrics``) cannot also give MetricName, Namespace, Dimensions, Period,
  Statistic or ExtendedStatistic ("If you specify Metrics, you cannot specify ...") ->
  ``InvalidParameterCombination`` (wording: the emulator's);
- "specify true for the one expression result to use as the alarm. For all other metrics and
  expressions in the same PutMetricAlarm operation, specify ReturnData as False"; ReturnData defaults
  to true -> ``ValidationError`` "Exactly one element of the metrics list should return data." (AWS's
  wording);
- an anomaly detection alarm (``ThresholdMetricId``, "Using CloudWatch anomaly detection",
  https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Anomaly_Detection.html)
  returns the metric and its ANOMALY_DETECTION_BAND: "Exactly two elements of the metrics list should
  return data." (AWS's wording); ThresholdMetricId must be the Id of an ANOMALY_DETECTION_BAND
  expression in Metrics -> ``ValidationError`` (wording: the emulator's).
- tags: see strict_moto.tags (PutMetricAlarm ``Tags`` and TagResource).
"""

from __future__ import annotations

from typing import Any

from . import tags
from .wire import AwsError


def _returns(q: Any) -> bool:
    value = q.return_data
    if value is None:
        return True
    if isinstance(value, str):
        return value.lower() == "true"
    return bool(value)


def check_alarm(kwargs: dict[str, Any]) -> None:
    queries = kwargs.get("metric_data_queries") or []
    if not queries:
        return
    single = [
        k for k in ("metric_name", "namespace", "period", "statistic", "extended_statistic") if kwargs.get(k)
    ]
    if kwargs.get("dimensions"):
        single.append("dimensions")
    if single:
        raise AwsError(
            "InvalidParameterCombination",
            "Metrics cannot be combined with " + ", ".join(sorted(single)) + " in one alarm",
        )
    returning = [q for q in queries if _returns(q)]
    threshold_id = kwargs.get("threshold_metric_id")
    if threshold_id:
        band = next((q for q in queries if q.id == threshold_id), None)
        if band is None or "ANOMALY_DETECTION_BAND" not in (band.expression or ""):
            raise AwsError(
                "ValidationError",
                f"ThresholdMetricId {threshold_id} must be the Id of an ANOMALY_DETECTION_BAND expression in Metrics",
            )
        if len(returning) != 2:
            raise AwsError("ValidationError", "Exactly two elements of the metrics list should return data.")
    elif len(returning) != 1:
        raise AwsError("ValidationError", "Exactly one element of the metrics list should return data.")


def install(_service: str) -> None:
    from moto.cloudwatch.models import CloudWatchBackend

    put_metric_alarm = CloudWatchBackend.put_metric_alarm
    tag_resource = CloudWatchBackend.tag_resource

    def strict_put_metric_alarm(self: Any, *args: Any, **kwargs: Any) -> Any:
        tags.check("cloudwatch", kwargs.get("tags"))
        check_alarm(kwargs)
        return put_metric_alarm(self, *args, **kwargs)

    def strict_tag_resource(self: Any, arn: str, resource_tags: Any) -> None:
        tags.check("cloudwatch", resource_tags)
        tag_resource(self, arn, resource_tags)

    CloudWatchBackend.put_metric_alarm = strict_put_metric_alarm  # type: ignore[method-assign, assignment]
    CloudWatchBackend.tag_resource = strict_tag_resource  # type: ignore[method-assign, assignment]
