"""Queries per reader page, cold (every cache empty) and warm, on the database and cache the
environment names (DATABASE_URL, REDIS_URL). Run by reader_throughput.py once per configuration:

    python bench/reader_queries.py /articles/<slug>/ / /search/?q=knee
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(paths):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "editorial.settings.local")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reader.page_cache import clear_process_memory

    client = Client(SERVER_NAME="127.0.0.1")
    for path in paths:
        cache.clear()
        clear_process_memory()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                status = client.get(path).status_code
            counts.append(len(queries))
        print(f"{path}\t{status}\t{counts[0]}\t{counts[1]}")


if __name__ == "__main__":
    main(sys.argv[1:])
