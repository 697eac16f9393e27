"""What a partner's receiver checks: the signature over timestamp and body, and the replay window."""

import time

from syndication.webhooks import REPLAY_WINDOW_SECONDS, sign, verify

SECRET = "whsec_test"
BODY = b'{"id":"evt_1","type":"article.published"}'


def test_a_fresh_signed_event_verifies():
    now = int(time.time())
    assert verify(SECRET, str(now), BODY, sign(SECRET, str(now), BODY), now=now)


def test_a_tampered_body_another_secret_or_a_moved_timestamp_fail():
    now = int(time.time())
    signature = sign(SECRET, str(now), BODY)
    assert not verify(SECRET, str(now), BODY.replace(b"published", b"unpublished"), signature, now=now)
    assert not verify("whsec_other", str(now), BODY, signature, now=now)
    assert not verify(SECRET, str(now + 1), BODY, signature, now=now)


def test_a_replayed_event_outside_the_window_fails_even_with_a_valid_signature():
    then = int(time.time()) - REPLAY_WINDOW_SECONDS - 1
    assert not verify(SECRET, str(then), BODY, sign(SECRET, str(then), BODY))
    assert not verify(SECRET, "not-a-number", BODY, sign(SECRET, "not-a-number", BODY))
