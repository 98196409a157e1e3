"""Fetching a file of the authors' dataset from Harvard Dataverse (only when asked)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Optional

DOI = "doi:10.7910/DVN/DBZIUW"
VERSION = "1.0"
SERVER = "https://dataverse.harvard.edu"


def cache_dir() -> Path:
    """``$CISD_CACHE_DIR``, else ``$XDG_CACHE_HOME/cisd``, else ``~/.cache/cisd``."""
    if os.environ.get("CISD_CACHE_DIR"):
        return Path(os.environ["CISD_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cisd"


def _get(url: str, timeout: float) -> bytes:
    # Imported here: the HTTP stack costs more to import than the rest of cisd.
    import http.client
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as e:
        raise ConnectionError(f"{url}: HTTP {e.code} {e.reason}") from e
    except (urllib.error.URLError, http.client.HTTPException, OSError) as e:
        raise ConnectionError(f"{url}: cannot reach the server ({e})") from e


def _checksum(entry: dict) -> tuple[str, str]:
    data_file = entry.get("dataFile", {})
    checksum = data_file.get("checksum") or {}
    if checksum.get("type") and checksum.get("value"):
        return checksum["type"].lower().replace("-", ""), checksum["value"].lower()
    if data_file.get("md5"):
        return "md5", data_file["md5"].lower()
    raise ValueError(f"Dataverse lists no checksum for {data_file.get('filename')!r}")


def fetch_dataverse(
    filename: str,
    *,
    version: str = VERSION,
    server: str = SERVER,
    timeout: float = 60.0,
    refresh: bool = False,
) -> Path:
    """Download one file of doi:10.7910/DVN/DBZIUW (pinned ``version``) in its original format,
    verify its checksum and cache it; returns the cached path. Never runs at import.

    The download goes to a temporary file that replaces the cache entry only after the checksum
    matches, so a failed or corrupted transfer leaves nothing behind.

    >>> import cisd
    >>> cisd.fetch_dataverse.__name__
    'fetch_dataverse'
    """
    from urllib.parse import urlencode

    query = urlencode({"persistentId": DOI})
    listing_url = f"{server}/api/datasets/:persistentId/versions/{version}/files?{query}"
    listing = json.loads(_get(listing_url, timeout))
    entries = listing.get("data", [])
    names = [e.get("dataFile", {}).get("filename") for e in entries]
    entry: Optional[dict] = None
    for e in entries:
        data_file = e.get("dataFile", {})
        original = data_file.get("originalFileName")
        if filename in (data_file.get("filename"), original):
            entry = e
            break
    if entry is None:
        raise FileNotFoundError(f"{filename!r} is not in {DOI} version {version}; files: {names}")
    data_file = entry["dataFile"]
    # Ingested tabular files are served as .tab by default; the checksum is the original's.
    target_name = data_file.get("originalFileName") or data_file["filename"]
    target = cache_dir() / version / target_name
    algorithm, expected = _checksum(entry)
    if target.exists() and not refresh:
        if hashlib.new(algorithm, target.read_bytes()).hexdigest() == expected:
            return target
    file_url = f"{server}/api/access/datafile/{data_file['id']}?format=original"
    body = _get(file_url, timeout)
    actual = hashlib.new(algorithm, body).hexdigest()
    if actual != expected:
        raise ValueError(
            f"{target_name}: {algorithm} checksum mismatch (expected {expected}, got {actual}); "
            "the download was discarded"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(body)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
