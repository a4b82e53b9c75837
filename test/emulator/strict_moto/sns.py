"""SNS subscriptions that wait for confirmation, as AWS's do; and the tag rules (strict_moto.tags).

moto 5.2.1 confirms every subscription at once. In AWS, an ``http``/``https`` subscription (and an
``email``/``email-json`` one) is ``PendingConfirmation`` until the endpoint confirms it: SNS POSTs a
``SubscriptionConfirmation`` message holding a ``SubscribeURL`` and a token, and the endpoint must
visit the URL or call ConfirmSubscription (SNS developer guide, "Confirm your Amazon SNS
subscription", https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.confirm.html). Until then:

- ListSubscriptionsByTopic / ListSubscriptions list it with ``SubscriptionArn: PendingConfirmation``
  (Subscribe answers the real ARN only with ``ReturnSubscriptionArn``; API_Subscribe);
- GetSubscriptionAttributes says ``PendingConfirmation: true``;
- SNS deletes it when it is still unconfirmed 48 hours after it was made ("Amazon SNS now supports
  automatic deletion of unconfirmed subscriptions once they have been in a pending confirmation
  state for 48 hours", AWS What's New, 2023-05-10,
  https://aws.amazon.com/about-aws/whats-new/2023/05/amazon-sns-automatic-deletion-unconfirmed-subscriptions/).

The emulator reaches no endpoint, so nothing confirms by itself (a chat webhook never would either):
``POST /moto-api/ext/sns/confirm {"topicArn", "endpoint"?}`` confirms as the endpoint's owner would.

Setting ``snsUnconfirmedDeletionSeconds`` (``EMULATOR_SNS_UNCONFIRMED_DELETION_SECONDS``): 0 (the
default for now) keeps moto's confirm-at-once, because the tool's tests remove and re-create
subscriptions, which AWS refuses for pending ones; > 0 turns the rule on, with pending subscriptions
deleted that many seconds (emulator clock) after Subscribe; AWS's value is 172800 (48 hours).
"""

from __future__ import annotations

from typing import Any

from . import config, tags

#: Protocols whose subscriptions wait for the endpoint's confirmation (API_Subscribe, "Endpoint").
CONFIRMED_BY_ENDPOINT = ("http", "https", "email", "email-json")

#: Attribute on moto's Subscription: emulator time of Subscribe while it is pending; absent once confirmed.
PENDING_SINCE = "_strict_pending_since"


def is_pending(sub: Any) -> bool:
    return getattr(sub, PENDING_SINCE, None) is not None


def _expire(backend: Any) -> None:
    """Deletes the subscriptions still pending past the deletion delay (emulator clock)."""
    limit = config.config().sns_unconfirmed_deletion_seconds
    if limit <= 0:
        return
    now = config.now()
    for arn, sub in list(backend.subscriptions.items()):
        since = getattr(sub, PENDING_SINCE, None)
        if since is not None and now - since >= limit:
            del backend.subscriptions[arn]


def confirm(body: dict[str, Any]) -> dict[str, Any]:
    """Test-only: confirms the pending subscriptions of a topic (optionally only those to `endpoint`)."""
    from moto.sns.models import sns_backends

    topic_arn = body.get("topicArn")
    if not isinstance(topic_arn, str) or topic_arn.count(":") < 5:
        raise ValueError("topicArn (an SNS topic ARN) is required")
    endpoint = body.get("endpoint")
    _, _, _, region, account, _ = topic_arn.split(":", 5)
    backend = sns_backends[account][region]
    _expire(backend)
    confirmed = []
    for sub in backend.subscriptions.values():
        if sub.topic.arn != topic_arn or not is_pending(sub):
            continue
        if endpoint is not None and sub.endpoint != endpoint:
            continue
        setattr(sub, PENDING_SINCE, None)
        sub.attributes["PendingConfirmation"] = "false"
        sub.confirmed = True
        confirmed.append(sub.arn)
    return {"confirmed": confirmed}


def install(service: str) -> None:
    tags.install(service)
    from moto.sns.models import SNSBackend, Subscription

    subscribe = SNSBackend.subscribe
    list_by_topic = SNSBackend.list_subscriptions_by_topic
    list_all = SNSBackend.list_subscriptions
    get_attributes = SNSBackend.get_subscription_attributes

    def strict_subscribe(self: Any, topic_arn: str, endpoint: str, protocol: str) -> Any:
        _expire(self)
        existing = self._find_subscription(topic_arn, endpoint, protocol)
        sub = subscribe(self, topic_arn, endpoint, protocol)
        if (
            existing is None
            and protocol in CONFIRMED_BY_ENDPOINT
            and config.config().sns_unconfirmed_deletion_seconds > 0
        ):
            setattr(sub, PENDING_SINCE, config.now())
            sub.attributes["PendingConfirmation"] = "true"
        return sub

    def strict_list_by_topic(self: Any, *args: Any, **kwargs: Any) -> Any:
        _expire(self)
        return list_by_topic(self, *args, **kwargs)

    def strict_list_all(self: Any, *args: Any, **kwargs: Any) -> Any:
        _expire(self)
        return list_all(self, *args, **kwargs)

    def strict_get_attributes(self: Any, arn: str) -> Any:
        _expire(self)
        return get_attributes(self, arn)

    SNSBackend.subscribe = strict_subscribe  # type: ignore[method-assign]
    SNSBackend.list_subscriptions_by_topic = strict_list_by_topic  # type: ignore[method-assign]
    SNSBackend.list_subscriptions = strict_list_all  # type: ignore[method-assign]
    SNSBackend.get_subscription_attributes = strict_get_attributes  # type: ignore[method-assign]
    # What the listings serialise as SubscriptionArn (the serialiser tries `subscription_arn` before
    # moto's `arn`): the placeholder AWS lists while the subscription waits for its endpoint.
    Subscription.subscription_arn = property(  # type: ignore[attr-defined]
        lambda sub: "PendingConfirmation" if is_pending(sub) else sub.arn
    )
