from django.db import migrations, models


def copy_questions(apps, schema_editor):
    """Every existing revision was reviewed under its article's question."""
    Revision = apps.get_model("articles", "Revision")
    HistoricalRevision = apps.get_model("articles", "HistoricalRevision")
    Article = apps.get_model("articles", "Article")
    for article_id, question in Article.objects.values_list("id", "question"):
        # Bulk updates here skip the model's freeze guard on purpose: this fills a new column.
        Revision.objects.filter(article_id=article_id).update(question=question)
        HistoricalRevision.objects.filter(article_id=article_id).update(question=question)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_search_and_home_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalrevision",
            name="question",
            field=models.CharField(
                default="",
                help_text="The question as readers will see it as the page title; reviewed with the text.",
                max_length=300,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="revision",
            name="question",
            field=models.CharField(
                default="",
                help_text="The question as readers will see it as the page title; reviewed with the text.",
                max_length=300,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_questions, migrations.RunPython.noop),
    ]
