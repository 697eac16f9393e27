"""Uploaded files (article figures): where they are kept and how large they may be.

Imported by base.py. Figures are written through Django's storage API
(`STORAGES["default"]`), so production can keep them in object storage by pointing that
backend at django-storages (README, "Figures") without any code change.
"""

from pathlib import Path

from .env import env_int, env_str

_BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The file-system storage's folder (git-ignored); unused when the default storage is remote.
MEDIA_ROOT = env_str("DJANGO_MEDIA_ROOT", str(_BASE_DIR / "media"))
MEDIA_URL = "/media/"  # never served as such: figures go through their own view (reader.figures)
# An upload larger than this is refused before it is decoded (bytes).
FIGURE_MAX_BYTES = env_int("FIGURE_MAX_BYTES", 10 * 1024 * 1024)
# Width × height past which an image is refused: a small file can decode to gigabytes.
FIGURE_MAX_PIXELS = env_int("FIGURE_MAX_PIXELS", 40_000_000)
