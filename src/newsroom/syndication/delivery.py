"""Calling an adapter: backoff on transient failures, a short wait for a near rate-limit reset.

A timeout does not say whether the post was created: before sending again after one, the
post is looked for on the network (`Adapter.find`), so a retry never makes a duplicate.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from ..networks.base import Adapter, Post, RateLimited, Sent, TransientError

log = logging.getLogger("newsroom.syndication")
T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try within one run (later runs try again anyway)."""

    attempts: int = 4
    first_wait: float = 2.0  # seconds before the second attempt; doubles each time
    max_wait: float = 30.0
    rate_limit_wait: float = 60.0  # wait for a 429 reset this close; queue when further

    @classmethod
    def from_env(cls) -> RetryPolicy:
        """Defaults, overridden by NEWSROOM_RETRY_ATTEMPTS / _RETRY_WAIT / _RATE_LIMIT_WAIT."""
        env = os.environ
        return cls(
            attempts=int(env.get("NEWSROOM_RETRY_ATTEMPTS", cls.attempts)),
            first_wait=float(env.get("NEWSROOM_RETRY_WAIT", cls.first_wait)),
            rate_limit_wait=float(env.get("NEWSROOM_RATE_LIMIT_WAIT", cls.rate_limit_wait)),
        )


def seconds_until(moment: datetime | None) -> float | None:
    """Seconds from the real clock to `moment` (a network's reset time), None if unknown."""
    if moment is None:
        return None
    return (moment - datetime.now(UTC)).total_seconds()


def _worth_retrying(error: BaseException, policy: RetryPolicy) -> bool:
    if isinstance(error, TransientError):
        return True
    if isinstance(error, RateLimited):
        wait = seconds_until(error.reset_at)
        return wait is not None and wait <= policy.rate_limit_wait
    return False


def _wait(state: RetryCallState, policy: RetryPolicy) -> float:
    error = state.outcome.exception() if state.outcome else None
    if isinstance(error, RateLimited):
        return max(seconds_until(error.reset_at) or 0.0, 0.0)
    return min(policy.first_wait * 2 ** (state.attempt_number - 1), policy.max_wait)


def _log_retry(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome else None
    log.info("attempt %d failed (%s); trying again", state.attempt_number, error)


def call(
    policy: RetryPolicy, action: Callable[[], T], sleep: Callable[[float], None] = time.sleep
) -> T:
    """Run `action`, retrying TransientError with backoff and waiting out a near 429 reset."""
    retrying = Retrying(
        retry=retry_if_exception(lambda error: _worth_retrying(error, policy)),
        stop=stop_after_attempt(max(policy.attempts, 1)),
        wait=lambda state: _wait(state, policy),
        before_sleep=_log_retry,
        sleep=sleep,
        reraise=True,
    )
    return retrying(action)


def send(policy: RetryPolicy, adapter: Adapter, post: Post) -> Sent:
    """Publish the post; after a transient failure, look for it before sending it again."""
    uncertain = False

    def attempt() -> Sent:
        nonlocal uncertain
        if uncertain:
            found = adapter.find(post)
            if found is not None:
                return found
        try:
            return adapter.publish(post)
        except TransientError:
            uncertain = True  # a timeout or a 5xx may hide a post that was created
            raise

    return call(policy, attempt)
