"""Form posts whose bytes are not UTF-8 are refused, naming the field, instead of being stored
with U+FFFD replacement characters (Django decodes form data with errors="replace").

For URL-encoded forms each value's bytes are checked exactly. Multipart forms are checked
after Django decoded them: a value holding U+FFFD that the raw body never contained (as
UTF-8) came from bytes that were not text.
"""

from urllib.parse import unquote_to_bytes

from django.shortcuts import render

REPLACEMENT_UTF8 = "\ufffd".encode()


def _field_label(name):
    return name.replace("_", " ") if name else "a field"


def invalid_utf8_field(request):
    """The name of the first posted field whose bytes are not UTF-8, or None."""
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        for pair in request.body.split(b"&"):
            raw_name, _, raw_value = pair.partition(b"=")
            try:
                name = unquote_to_bytes(raw_name.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return ""
            try:
                unquote_to_bytes(raw_value.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return name
        return None
    if content_type == "multipart/form-data":
        raw = request.body  # read first: Django then parses the form from this copy
        suspicious = [name for name, values in request.POST.lists() if any("\ufffd" in v for v in values)]
        if suspicious and REPLACEMENT_UTF8 not in raw:
            return suspicious[0]
    return None


class RefuseInvalidUtf8Middleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            try:
                field = invalid_utf8_field(request)
            except Exception:  # noqa: BLE001 - an unreadable body is Django's to refuse
                field = None
            if field is not None:
                message = (
                    f"The field “{_field_label(field)}” contains bytes that are not UTF-8 text, so it "
                    "cannot be saved as sent and nothing was changed. Please type or paste it again."
                )
                return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
