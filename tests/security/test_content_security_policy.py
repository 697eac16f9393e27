"""Every page carries the site's Content-Security-Policy, built once from the settings
(editorial.csp), and django-csp's per-response features still work: a view's override, a nonce,
a report-only policy and a settings change."""

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from editorial.csp import CSPMiddleware

pytestmark = pytest.mark.django_db

SITE_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "data:"]}}


def through_middleware(view):
    request = RequestFactory().get("/somewhere/")
    middleware = CSPMiddleware(view)
    middleware.process_request(request)
    return middleware.process_response(request, view(request))


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/search/?q=knee", "/no-such-page/"])
def test_pages_carry_the_policy_django_csp_builds_from_the_settings(client, path):
    response = client.get(path)

    assert response[HEADER] == build_policy()
    assert "frame-ancestors 'none'" in response[HEADER]
    assert HEADER_REPORT_ONLY not in response


def test_staff_pages_carry_it_too(client, editor):
    client.force_login(editor)

    assert client.get("/workspace/")[HEADER] == build_policy()


@override_settings(CONTENT_SECURITY_POLICY=SITE_POLICY)
def test_a_settings_change_is_picked_up():
    response = through_middleware(lambda request: HttpResponse("page"))

    assert sorted(response[HEADER].split("; ")) == ["default-src 'self'", "img-src 'self' data:"]


@override_settings(CONTENT_SECURITY_POLICY=SITE_POLICY)
def test_a_views_own_update_is_honoured():
    def view(request):
        response = HttpResponse("page")
        response._csp_update = {"img-src": ["https://images.example"]}
        return response

    assert "img-src 'self' data: https://images.example" in through_middleware(view)[HEADER]


@override_settings(CONTENT_SECURITY_POLICY=SITE_POLICY)
def test_an_exempt_view_gets_no_header():
    def view(request):
        response = HttpResponse("page")
        response._csp_exempt = True
        return response

    assert HEADER not in through_middleware(view)


@override_settings(
    CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}}
)
def test_a_nonce_used_by_the_page_is_in_its_header():
    nonces = []

    def view(request):
        nonces.append(str(request.csp_nonce))
        return HttpResponse("page")

    first, second = through_middleware(view), through_middleware(view)

    assert f"'nonce-{nonces[0]}'" in first[HEADER]
    assert f"'nonce-{nonces[1]}'" in second[HEADER]
    assert nonces[0] != nonces[1]


@override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": {"default-src": ["'none'"]}})
def test_a_report_only_policy_is_sent_beside_the_enforced_one():
    response = through_middleware(lambda request: HttpResponse("page"))

    assert response[HEADER_REPORT_ONLY] == "default-src 'none'"
    assert response[HEADER] == build_policy()
