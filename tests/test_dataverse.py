"""fetch_dataverse against a loopback server imitating the Dataverse API."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import cisd

BODY = b"date,official,counterpart\n2024-01-01,Wang Xiaohong,Vietnam\n"


class Server:
    def __init__(self) -> None:
        self.body = BODY
        self.md5 = hashlib.md5(BODY).hexdigest()
        self.status = 200
        self.truncate = False
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                outer.requests.append(self.path)
                if "/versions/1.0/files" in self.path:
                    listing = {"status": "OK", "data": [{"dataFile": {
                        "id": 7, "filename": "cisd.tab", "originalFileName": "cisd.csv",
                        "checksum": {"type": "MD5", "value": outer.md5}}}]}
                    payload = json.dumps(listing).encode()
                    self.send_response(200)
                elif self.path.startswith("/api/access/datafile/7") and outer.status == 200:
                    payload = outer.body
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(payload) + (10 if outer.truncate else 0)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                else:
                    payload = b"not found"
                    self.send_response(outer.status if outer.status != 200 else 404)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CISD_CACHE_DIR", str(tmp_path / "cache"))
    s = Server()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()  # else the listening socket is left to gc, a ResourceWarning


def test_downloads_original_verifies_and_caches(server, tmp_path: Path) -> None:
    path = cisd.fetch_dataverse("cisd.csv", server=server.url)
    assert path == tmp_path / "cache" / "1.0" / "cisd.csv"
    assert path.read_bytes() == BODY
    assert any("format=original" in r for r in server.requests)
    count = len(server.requests)
    assert cisd.fetch_dataverse("cisd.tab", server=server.url) == path
    assert not any("/access/" in r for r in server.requests[count:])  # served from the cache
    assert cisd.load(path).interactions["counterpart"].to_pylist() == ["VNM"]


def test_wrong_checksum_leaves_nothing(server, tmp_path: Path) -> None:
    server.md5 = "0" * 32
    with pytest.raises(ValueError, match="checksum mismatch"):
        cisd.fetch_dataverse("cisd.csv", server=server.url)
    assert not any(p.is_file() for p in (tmp_path / "cache").rglob("*"))
    server.md5 = hashlib.md5(BODY).hexdigest()
    assert cisd.fetch_dataverse("cisd.csv", server=server.url).read_bytes() == BODY


def test_truncated_transfer_and_404_and_no_network(server, tmp_path: Path) -> None:
    server.truncate = True
    with pytest.raises(ConnectionError):
        cisd.fetch_dataverse("cisd.csv", server=server.url, timeout=5)
    assert not any(p.is_file() for p in (tmp_path / "cache").rglob("*"))
    server.truncate = False
    server.status = 404
    with pytest.raises(ConnectionError, match="HTTP 404"):
        cisd.fetch_dataverse("cisd.csv", server=server.url)
    with pytest.raises(FileNotFoundError, match="not in doi"):
        cisd.fetch_dataverse("other.xlsx", server=server.url)
    with pytest.raises(ConnectionError, match="cannot reach"):
        cisd.fetch_dataverse("cisd.csv", server="http://127.0.0.1:9", timeout=2)


def cached_files(tmp_path: Path) -> list[Path]:
    return [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]


@pytest.mark.parametrize("failure", ["truncated", "404", "unreachable", "blocked"])
def test_failed_download_leaves_nothing_and_the_next_call_works(server, tmp_path: Path, failure: str) -> None:
    url = server.url
    if failure == "truncated":
        server.truncate = True
    elif failure == "404":
        server.status = 404
    elif failure == "unreachable":
        url = "http://127.0.0.1:9"  # nothing listens on the discard port
    else:
        url = "http://192.0.2.1"  # TEST-NET-1; the conftest guard refuses it like a dead network
    with pytest.raises(ConnectionError):
        cisd.fetch_dataverse("cisd.csv", server=url, timeout=5)
    assert cached_files(tmp_path) == []
    server.truncate, server.status = False, 200
    assert cisd.fetch_dataverse("cisd.csv", server=server.url).read_bytes() == BODY
    assert [p.name for p in cached_files(tmp_path)] == ["cisd.csv"]


def test_a_corrupted_cache_entry_is_downloaded_again(server, tmp_path: Path) -> None:
    target = tmp_path / "cache" / "1.0" / "cisd.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(BODY[:10])  # e.g. left by a copy interrupted outside cisd
    assert cisd.fetch_dataverse("cisd.csv", server=server.url).read_bytes() == BODY
    assert any("/access/" in r for r in server.requests)
