"""Full review cycles per second, through the services every interface calls.

    python bench/review_cycle.py [--cycles 200]

One cycle: an editor creates an article with its draft (citing two references),
submits it, a board member starts the review and approves it, which publishes
it. Each step is its own transaction with row locks, history rows and outbox
notifications, exactly as through the web; sending the e-mails is the worker's
job and is not part of the cycle. Runs on the bench database as it stands
(after bench/scale.py it holds the large library, so history tables are big).
"""

import argparse

from common import Stopwatch, machine_description, say, setup_django


def run(cycles):
    from django.contrib.auth import get_user_model

    from articles import services
    from notifications.models import Notification
    from reviews import decisions as review_decisions
    from reviews.models import ChecklistItem

    User = get_user_model()
    editor = User.objects.get(username="editor")
    reviewer = User.objects.get(username="okafor")
    keys = ["praxis-hip-knee-2025", "hip-strengthening-2020"]
    notifications_before = Notification.objects.count()
    prefix = f"cycle-{Notification.objects.count()}-"

    def one(n):
        revision = services.article_create(
            actor=editor,
            slug=f"{prefix}{n}",
            question=f"Review cycle benchmark question {prefix}{n}?",
            specialty="Orthopaedics",
            body_patient=f"Walking helps knee pain [@{keys[0]}].",
            body_professional=f"Exercise therapy is first line [@{keys[0]}; @{keys[1]}].",
            change_summary="First version",
        )
        services.revision_submit(revision=revision, actor=editor)
        review_decisions.revision_start_review(revision=revision, actor=reviewer)
        review_decisions.revision_approve(
            checklist_confirmed=ChecklistItem.keys_in_use(),
            revision=revision,
            actor=reviewer,
            comment="Checked.",
        )

    for n in range(5):  # warm-up
        one(f"warm-{n}")
    with Stopwatch() as watch:
        for n in range(cycles):
            one(n)
    written = Notification.objects.count() - notifications_before
    return cycles / watch.seconds, watch.seconds, written


def main():
    parser = argparse.ArgumentParser(description="Review cycles per second through the services.")
    parser.add_argument("--cycles", type=int, default=200)
    args = parser.parse_args()
    say("== Review cycle: draft to approved through the services (one process) ==")
    say(f"machine: {machine_description()}")
    setup_django()
    from articles.models import Article

    say(f"  library: {Article.objects.count():,} articles")
    rate, seconds, notifications = run(args.cycles)
    say(
        f"  {args.cycles} cycles in {seconds:.1f} s: {rate:.1f} full review cycles per second "
        f"({1000 / rate:.0f} ms each; {notifications} notifications written to the outbox)"
    )
    # The delivery tasks were queued on the bench's own Redis database; nobody consumes them.
    from django.core.cache import cache

    cache.clear()


if __name__ == "__main__":
    main()
