"""Articles from URLs, served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.errors import ArticleError
from kg.model import Article
from kg.readers import read_sources

PAGES: dict[str, tuple[int, str, bytes]] = {
    "/news/talks.html": (
        200,
        "text/html; charset=utf-8",
        (
            b"<html><head><title>Site</title>"
            b'<meta property="og:title" content="Iran and Oman hold talks">'
            b'<meta property="og:site_name" content="Gulf Daily">'
            b'<meta property="article:published_time" content="2023-03-01T08:00:00Z">'
            b"</head><body><article><p>Iran and Oman held talks in Muscat on Tuesday.</p>"
            b"</article></body></html>"
        ),
    ),
    "/news/brief.md": (
        200,
        "text/markdown",
        (b"---\ntitle: A brief\npublisher: Gulf Daily\ndate: 2023-03-02\n---\nOman hosted the meeting.\n"),
    ),
    "/feed.jsonl": (
        200,
        "application/x-ndjson",
        (
            b'{"title": "One", "publisher": "P", "date": "2023-01-01", "text": "x"}\n'
            b'{"title": "Two", "publisher": "P", "date": "2023-01-02", "text": "y"}\n'
        ),
    ),
    "/image.png": (200, "image/png", b"\x89PNG\r\n"),
    "/gone": (404, "text/html", b"not here"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, media_type, body = PAGES.get(self.path, (404, "text/plain", b"no such page"))
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_html_page_by_url(site: str) -> None:
    items = list(read_sources([f"{site}/news/talks.html"]))
    assert len(items) == 1 and isinstance(items[0], Article)
    a = items[0]
    assert (a.title, a.publisher, str(a.date)) == ("Iran and Oman hold talks", "Gulf Daily", "2023-03-01")
    assert a.url == f"{site}/news/talks.html"  # the page names none: the URL it came from
    assert a.text == "Iran and Oman held talks in Muscat on Tuesday."


def test_markdown_and_jsonl_by_url(site: str) -> None:
    md, *records = list(read_sources([f"{site}/news/brief.md", f"{site}/feed.jsonl"]))
    assert isinstance(md, Article) and md.title == "A brief" and md.url == f"{site}/news/brief.md"
    assert [r.title for r in records if isinstance(r, Article)] == ["One", "Two"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/gone", "HTTP 404"),
        ("/image.png", "cannot read a page of type image/png"),
    ],
)
def test_url_errors_are_article_errors(site: str, path: str, message: str) -> None:
    items = list(read_sources([f"{site}{path}"]))
    assert len(items) == 1 and isinstance(items[0], ArticleError)
    assert message in str(items[0]) and items[0].source == f"{site}{path}"


def test_unreachable_host_is_an_article_error() -> None:
    items = list(read_sources(["http://127.0.0.1:9/nothing"]))  # port 9 (discard): nothing listens
    assert isinstance(items[0], ArticleError) and "cannot fetch" in str(items[0])
