from django.shortcuts import render

from .exceptions import ActionConflict, InvalidAction


class ServiceErrorMiddleware:
    """Turns a service's conflict or invalid-input error into a page with its sentence.

    Views handle the errors they expect; this is the safety net that keeps an
    unexpected one from becoming a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ActionConflict):
            return render(request, "409.html", {"message": str(exception)}, status=409)
        if isinstance(exception, InvalidAction):
            return render(request, "400.html", {"message": str(exception)}, status=400)
        return None
