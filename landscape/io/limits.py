"""Limits shared by every way data comes in (downloads, local files, snapshots)."""

from __future__ import annotations

MAX_BYTES = 200 * 1024 * 1024
"""Largest download, and largest local file of places: the same cap whatever the path in."""
DEADLINE = 600.0
"""Seconds a whole download may take, retries included (``--deadline``, setting ``deadline``)."""
MAX_HEADER_BYTES = 64 * 1024
"""Longest CSV header line (the standard's is under 1 KiB)."""
