"""gunicorn settings for the Procfile's web process (`gunicorn -c gunicorn.conf.py`).

Timeouts line up with the rest of the stack: a database wait ends after
DATABASE_QUERY_DEADLINE_SECONDS (4 s by default) with a 503, Redis calls after
REDIS_SOCKET_TIMEOUT, the word diff and Markdown have their own budgets, so no request
comes near the worker timeout; the worker timeout is only the last resort for a bug.
On SIGTERM the listener is closed, workers finish what they hold and serve what is still
queued in the kernel (editorial.gunicorn_worker), within graceful_timeout.
"""

import os

bind = f"{os.environ.get('BIND', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "editorial.gunicorn_worker.DrainingSyncWorker"
# Last resort only: every dependency is bounded well below this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# A SIGTERM gives workers this long to finish and drain before they are killed. Keep it
# below the process manager's own kill timeout (e.g. a container's stop grace period).
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
# Room in the kernel's queue for a burst while workers are busy or restarting.
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
control_socket_disable = True
