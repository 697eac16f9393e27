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
# A worker is replaced after this many requests, a guard against slow memory growth. Each
# replacement costs a second of CPU (a new worker imports Django and starts with cold
# in-process caches), so the number is high: a cached reader page takes well under a
# millisecond, and at 2,000 a busy worker was replaced every two seconds, which cost more than
# serving the pages (bench/reader_throughput.py). 0 turns replacement off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
control_socket_disable = True
