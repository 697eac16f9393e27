"""Periodic work on articles, run by Celery beat. Thin and idempotent: the
services decide what is due and remember what they did, so a second run
sends nothing twice."""

from celery import shared_task

from . import services


@shared_task
def remind_overdue_reviews():
    """Daily: one digest of overdue reviews to each late board member and to the chief editors."""
    return services.review_remind_overdue()


@shared_task
def flag_articles_due_for_rereview():
    """Daily: flag live articles whose last review is older than the re-review interval."""
    return [article.pk for article in services.article_flag_due_for_rereview()]


# Beat messages queued before the apps were split name these by their old module.
@shared_task(name="articles.tasks.remind_overdue_reviews")
def remind_overdue_reviews_by_old_name():
    return remind_overdue_reviews()


@shared_task(name="articles.tasks.flag_articles_due_for_rereview")
def flag_articles_due_for_rereview_by_old_name():
    return flag_articles_due_for_rereview()
