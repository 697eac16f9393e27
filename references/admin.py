"""The reference library in the admin: entries, imports, exports and retractions.

Every change goes through references.services, like every other path.
"""

import io

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from editorial.exceptions import ActionConflict, ActionNotAllowed, InvalidAction
from roles import policy
from roles.admin import PolicyAdminMixin
from roles.policy import Action

from . import importers, selectors, services
from .formatting import export_ris, export_text, format_vancouver
from .forms import (
    ClearRetractionForm,
    ImportForm,
    MarkRetractedForm,
    ReferenceForm,
    RetractionWatchForm,
)
from .identifiers import normalise_doi, normalise_pmid
from .models import Reference
from .resolver import ResolverError, get_resolver
from .retraction_watch import import_retraction_watch

SERVICE_ERRORS = (ActionNotAllowed, ActionConflict, InvalidAction)


class ChangedSincePinFilter(admin.SimpleListFilter):
    title = "changed since a live article pinned it"
    parameter_name = "changed_since_pin"

    def lookups(self, request, model_admin):
        return [("yes", "Yes")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            changed = selectors.reference_list_changed_since_live_pin()
            return queryset.filter(pk__in=[ref.pk for ref in changed])
        return queryset


@admin.register(Reference)
class ReferenceAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    form = ReferenceForm
    list_display = (
        "title", "citation_key", "reference_type", "source", "year", "doi", "pmid", "is_retracted",
    )  # fmt: skip
    list_filter = ("reference_type", "year", "is_retracted", ChangedSincePinFilter)
    search_fields = ("title", "citation_key", "doi", "pmid", "pmcid", "authors", "source")
    readonly_fields = (
        "vancouver", "is_retracted", "retracted_on", "retraction_notice", "correction_notice",
        "created_at", "updated_at",
    )  # fmt: skip
    fieldsets = [
        (None, {"fields": ("citation_key", "reference_type", "title", "authors")}),
        ("Where it was published", {"fields": ("source", "year", "volume", "issue", "pages")}),
        ("Identifiers", {"fields": ("doi", "pmid", "pmcid", "url")}),
        ("Evidence", {"fields": ("evidence_level",)}),
        (
            "Retraction and corrections",
            {
                "fields": ("is_retracted", "retracted_on", "retraction_notice", "correction_notice"),
                "description": "Marked through the buttons above, never by editing.",
            },
        ),
        ("As readers see it", {"fields": ("vancouver", "created_at", "updated_at")}),
    ]
    actions = ["export_vancouver_text", "export_ris_file", "mark_retracted"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        # A DOI or PMID pasted in any of its usual forms finds the entry stored in canonical form.
        for normalise, field in ((normalise_doi, "doi"), (normalise_pmid, "pmid")):
            try:
                value = normalise(search_term)
            except ValidationError:
                continue
            if value:
                matches = queryset.filter(**{field: value})
                if matches.exists():
                    return matches, False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="Vancouver style")
    def vancouver(self, obj):
        return format_vancouver(obj.snapshot()) if obj.pk else ""

    # ------------------------------------------------------------------
    # Saving goes through the services
    # ------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
        fields.update({name: getattr(obj, name) for name in ("doi", "pmid", "pmcid", "url")})
        if change:
            saved = services.reference_update(reference=obj, actor=request.user, **fields)
        else:
            saved = services.reference_create(actor=request.user, **fields)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            reference = self.get_object(request, object_id)
            if reference is not None:
                where_cited = selectors.reference_where_cited(reference=reference)
                # Open revisions include drafts, which only their authors and chief editors see.
                where_cited.in_progress = [
                    revision
                    for revision in where_cited.in_progress
                    if policy.allows(request.user, Action.VIEW_REVISION, revision)
                ]
                extra_context["where_cited"] = where_cited
                extra_context["open_alerts"] = reference.retraction_alerts.filter(
                    status="open"  # articles.RetractionAlert.Status.OPEN
                ).select_related("article")
                extra_context["can_mark_retracted"] = self.has_change_permission(request, reference)
                extra_context["can_clear_retraction"] = policy.is_chief_editor(request.user)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SERVICE_ERRORS as exc:
            # A race the form could not foresee (e.g. the same DOI saved a moment ago).
            messages.error(request, str(exc))
            return HttpResponseRedirect(request.get_full_path())

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @admin.action(description="Export selected as a Vancouver reference list (.txt)")
    def export_vancouver_text(self, request, queryset):
        response = HttpResponse(
            export_text(queryset.order_by("title")), content_type="text/plain; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="references-vancouver.txt"'
        return response

    @admin.action(description="Export selected as RIS (.ris)")
    def export_ris_file(self, request, queryset):
        response = HttpResponse(
            export_ris(queryset.order_by("title")), content_type="application/x-research-info-systems"
        )
        response["Content-Disposition"] = 'attachment; filename="references.ris"'
        return response

    @admin.action(description="Mark selected as retracted…", permissions=["change"])
    def mark_retracted(self, request, queryset):
        form = MarkRetractedForm(request.POST if "notice" in request.POST else None)
        if form.is_bound and form.is_valid():
            flagged = 0
            for reference in queryset:
                try:
                    alerts = services.reference_mark_retracted(
                        reference=reference,
                        actor=request.user,
                        notice=form.cleaned_data["notice"],
                        retracted_on=form.cleaned_data["retracted_on"],
                    )
                except SERVICE_ERRORS as exc:
                    messages.error(request, f"{reference.citation_key}: {exc}")
                    continue
                flagged += len(alerts)
            messages.success(
                request,
                f"Marked retracted. {flagged} live article(s) flagged for the chief editors; "
                "revisions citing these sources cannot be approved.",
            )
            return None
        return TemplateResponse(
            request,
            "admin/references/reference/mark_retracted.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Mark as retracted",
                "references": queryset,
                "form": form,
                "action_post": True,
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            },
        )

    # ------------------------------------------------------------------
    # Extra pages
    # ------------------------------------------------------------------
    def get_urls(self):
        def view(route, func, name):
            return path(route, self.admin_site.admin_view(func), name=f"references_reference_{name}")

        urls = [
            view("import/", self.import_view, "import"),
            view("import/confirm/", self.import_confirm_view, "import_confirm"),
            view("retraction-watch/", self.retraction_watch_view, "retraction_watch"),
            view("<int:pk>/mark-retracted/", self.mark_retracted_view, "mark_retracted"),
            view("<int:pk>/clear-retraction/", self.clear_retraction_view, "clear_retraction"),
        ]
        return urls + super().get_urls()

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def import_view(self, request):
        """Upload a file or list identifiers; see what would be created before anything is saved."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        rows, token, source_name = None, "", ""
        if request.method == "POST" and form.is_valid():
            try:
                if form.cleaned_data["file"] is not None:
                    source_name = form.cleaned_data["file"].name
                    candidates = importers.read_upload(form.cleaned_data["file"])
                else:
                    source_name = "Crossref / PubMed lookup"
                    candidates = _lookup_candidates(form.cleaned_data["identifiers"])
            except InvalidAction as exc:
                form.add_error(None, str(exc))
            else:
                rows = importers.classify(candidates)
                token = importers.make_token(rows, source_name=source_name)
        counts = {}
        for row in rows or []:
            counts[row.status] = counts.get(row.status, 0) + 1
        return TemplateResponse(
            request,
            "admin/references/reference/import.html",
            self._context(
                request,
                title="Import references",
                form=form,
                rows=rows,
                counts=counts,
                token=token,
                source_name=source_name,
            ),
        )

    def import_confirm_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            candidates, source_name = importers.read_token(request.POST.get("token", ""))
            created, skipped = services.reference_import_commit(
                candidates=candidates, actor=request.user, source_name=source_name
            )
        except SERVICE_ERRORS as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("admin:references_reference_import"))
        messages.success(request, f"Imported {len(created)} reference(s).")
        for row in skipped:
            messages.warning(request, f"Not imported (line {row.line}): {row.reason}")
        return HttpResponseRedirect(reverse("admin:references_reference_changelist"))

    def retraction_watch_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = RetractionWatchForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                stream = io.TextIOWrapper(upload.file, encoding="utf-8-sig", errors="replace", newline="")
                summary = import_retraction_watch(stream=stream, actor=request.user)
            except SERVICE_ERRORS as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(
                    request,
                    "{rows} rows read, {matched} about entries of the library: {retracted} newly marked "
                    "retracted, {corrected} corrections recorded.".format(**summary),
                )
                return HttpResponseRedirect(reverse("admin:references_reference_changelist"))
        return TemplateResponse(
            request,
            "admin/references/reference/retraction_watch.html",
            self._context(request, title="Check the library against Retraction Watch", form=form),
        )

    def mark_retracted_view(self, request, pk):
        reference = get_object_or_404(Reference, pk=pk)
        if not self.has_change_permission(request, reference):
            raise PermissionDenied
        form = MarkRetractedForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                alerts = services.reference_mark_retracted(
                    reference=reference,
                    actor=request.user,
                    notice=form.cleaned_data["notice"],
                    retracted_on=form.cleaned_data["retracted_on"],
                )
            except SERVICE_ERRORS as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"Marked retracted. {len(alerts)} live article(s) flagged for the chief editors; "
                    "revisions citing this source cannot be approved.",
                )
                return HttpResponseRedirect(reverse("admin:references_reference_change", args=[pk]))
        return TemplateResponse(
            request,
            "admin/references/reference/mark_retracted.html",
            self._context(
                request, title="Mark as retracted", references=[reference], form=form, original=reference
            ),
        )

    def clear_retraction_view(self, request, pk):
        reference = get_object_or_404(Reference, pk=pk)
        form = ClearRetractionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reference_clear_retraction(
                    reference=reference, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except SERVICE_ERRORS as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "The retraction mark is cleared; the history keeps both steps.")
            return HttpResponseRedirect(reverse("admin:references_reference_change", args=[pk]))
        if not policy.is_chief_editor(request.user):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "admin/references/reference/clear_retraction.html",
            self._context(request, title="Clear the retraction mark", form=form, original=reference),
        )


def _lookup_candidates(identifiers):
    """Candidates from the resolver for DOIs and PMIDs; a failed lookup becomes an invalid row."""
    resolver = get_resolver()
    candidates = []
    for number, identifier in enumerate(identifiers, start=1):
        try:
            if identifier.replace("PMID:", "").replace("pmid:", "").strip().isdigit():
                metadata = resolver.lookup_pmid(identifier)
            else:
                metadata = resolver.lookup_doi(identifier)
        except ResolverError as exc:
            candidates.append({"_error": f"{identifier[:100]}: {exc}", "_line": number})
            continue
        candidates.append({**metadata.as_candidate(), "citation_key": "", "_line": number})
    return candidates
