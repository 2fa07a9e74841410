from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from opencity.core.registry import registry


def home(request: HttpRequest) -> HttpResponse:
    figures = [
        {"label": figure.label, "count": figure.count(), "url_name": figure.url_name}
        for figure in registry.home_figures
    ]
    return render(request, "core/home.html", {"figures": figures})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers; says nothing about the data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})
