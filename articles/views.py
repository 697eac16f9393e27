from django.shortcuts import render

from . import selectors


def home(request):
    articles = selectors.article_list_published()
    return render(request, "articles/home.html", {"articles": articles})


def article_detail(request, slug):
    article = selectors.article_get_published(slug=slug)
    return render(request, "articles/article_detail.html", {"article": article})
