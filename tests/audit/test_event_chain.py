"""The event log is a hash chain an auditor can recompute; problems() names what was tampered with."""

import datetime
import json

import pytest

from audit.canonical import GENESIS_HASH, canonical_json, sha256_hex
from audit.integrity import Problem, chain_head, problems
from audit.log import log_action
from audit.models import Event, EventLogIsAppendOnly
from tests.audit.conftest import raw_sql, triggers_lifted

pytestmark = pytest.mark.django_db


def test_every_event_links_to_the_one_before_it(demo_like):
    events = list(Event.objects.order_by("sequence"))
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert events[0].previous_hash == GENESIS_HASH
    for before, after in zip(events, events[1:], strict=False):
        assert after.previous_hash == before.chain_hash
        assert after.occurred_at >= before.occurred_at


def test_an_auditor_recomputes_the_hashes_from_the_documented_canonical_form(demo_like):
    event = Event.objects.filter(object_type__isnull=False, actor__isnull=False).exclude(data={}).last()
    content = {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "verb": event.verb,
        "object_type": f"{event.object_type.app_label}.{event.object_type.model}"
        if event.object_type
        else None,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "article_id": event.article_id,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "comment": event.comment,
        "data": event.data,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical == canonical_json(event.content())
    assert sha256_hex(canonical) == event.content_hash
    assert sha256_hex(event.previous_hash + event.content_hash) == event.chain_hash


def test_the_untouched_log_has_no_problems(demo_like):
    assert Event.objects.count() > 20
    assert list(problems()) == []


def test_an_edited_event_is_named_by_its_sequence_number(demo_like):
    target = Event.objects.order_by("sequence")[5]
    with triggers_lifted():
        raw_sql("UPDATE audit_event SET comment = %s WHERE id = %s", ["Quietly reworded", target.pk])
    found = list(problems())
    assert (
        Problem(
            f"event {target.sequence}",
            f"was changed after it was written: its content no longer matches its hash ({target.verb}).",
            target.article_id,
        )
        in found
    )
    assert {p.subject for p in found} == {f"event {target.sequence}"}


def test_an_edited_event_with_recomputed_hashes_breaks_the_link_of_the_next_one(demo_like):
    target = Event.objects.order_by("sequence")[5]
    target.comment = "Rewritten with care"
    forged_content = target.computed_content_hash()
    forged_chain = sha256_hex(target.previous_hash + forged_content)
    with triggers_lifted():
        raw_sql(
            "UPDATE audit_event SET comment = %s, content_hash = %s, chain_hash = %s WHERE id = %s",
            [target.comment, forged_content, forged_chain, target.pk],
        )
    subjects = [p.subject for p in problems()]
    assert subjects == [f"event {target.sequence + 1}"]


def test_a_deleted_event_is_named_as_missing(demo_like):
    target = Event.objects.order_by("sequence")[7]
    with triggers_lifted():
        raw_sql("DELETE FROM audit_event WHERE id = %s", [target.pk])
    found = [str(p) for p in problems()]
    gap = f"follows a gap: event {target.sequence} is missing (deleted from the log)."
    assert f"event {target.sequence + 1}: {gap}" in found


def test_events_swapped_out_of_order_are_named(demo_like):
    a, b = Event.objects.order_by("sequence")[3:5]
    with triggers_lifted():
        raw_sql("UPDATE audit_event SET sequence = 999999999 WHERE id = %s", [a.pk])
        raw_sql("UPDATE audit_event SET sequence = %s WHERE id = %s", [a.sequence, b.pk])
        raw_sql("UPDATE audit_event SET sequence = %s WHERE id = %s", [b.sequence, a.pk])
    subjects = {p.subject for p in problems()}
    assert {f"event {a.sequence}", f"event {b.sequence}"} <= subjects


def test_an_event_inserted_at_the_end_with_an_earlier_date_is_named(demo_like, editor):
    last = Event.objects.order_by("sequence").last()
    forged = Event(
        sequence=last.sequence + 1,
        occurred_at=last.occurred_at - datetime.timedelta(days=3),
        actor=editor,
        actor_label="Someone",
        verb="revision.approve",
        comment="Backdated approval",
        data={},
        previous_hash=last.chain_hash,
    )
    forged.content_hash = forged.computed_content_hash()
    forged.chain_hash = forged.computed_chain_hash()
    forged.save()
    assert [str(p) for p in problems()] == [
        f"event {forged.sequence}: is dated before event {last.sequence}: it was inserted out of order."
    ]


def test_the_orm_refuses_to_change_or_delete_events(demo_like):
    event = Event.objects.first()
    event.comment = "changed"
    with pytest.raises(EventLogIsAppendOnly):
        event.save()
    with pytest.raises(EventLogIsAppendOnly):
        event.delete()
    with pytest.raises(EventLogIsAppendOnly):
        Event.objects.update(comment="changed")
    with pytest.raises(EventLogIsAppendOnly):
        Event.objects.all().delete()
    assert list(problems()) == []


def test_log_action_refuses_an_unregistered_verb(editor):
    count = Event.objects.count()
    with pytest.raises(ValueError, match="not a registered event verb"):
        log_action(actor=editor, verb="revision.aprove", obj=None)
    assert Event.objects.count() == count


def test_the_chain_head_names_the_newest_event(demo_like):
    newest = Event.objects.order_by("sequence").last()
    assert chain_head() == (newest.sequence, newest.chain_hash)
