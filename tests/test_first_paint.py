"""The page's language in the server's first answer (issue 28 item 13), without a server: ui.first_paint's
middleware around a stand-in for Streamlit's static files (the browser test and tests/test_deploy.py check the
real server, directly and behind nginx)."""

from __future__ import annotations

import asyncio

import pytest

from ui.first_paint import PageLanguage, page_language

PAGE = b'<!doctype html><html lang="en"><head></head><body></body></html>'


def shipped(seen: list):
    """A stand-in for Streamlit's answer: the shipped page for a page path, a script file for /static/."""

    async def app(scope, receive, send):
        seen.append(dict(scope["headers"]))
        script = scope["path"].startswith("/static/")
        body = b'var lang="en";<html lang="en">' if script else PAGE
        kind = b"text/javascript" if script else b"text/html; charset=utf-8"
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"etag", b'"abc"')]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body if scope["method"] == "GET" else b""})

    return app


def ask(path: str, query: bytes = b"", method: str = "GET"):
    seen: list = []
    sent: list = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query,
        "headers": [(b"accept-encoding", b"gzip"), (b"if-none-match", b'"abc"')],
    }
    asyncio.run(PageLanguage(shipped(seen))(scope, receive, send))
    return seen[0], dict(sent[0]["headers"]), sent[1]["body"]


@pytest.mark.parametrize(
    ("query", "lang"),
    [("", "de"), ("lang=en", "en"), ("lang=English", "en"), ("lang=%20EN%20", "en"), ("lang=fr", "de"), ("x=1", "de")],
)
def test_the_language_a_url_asks_for(query, lang):
    assert page_language(query) == lang


def test_a_page_goes_out_in_its_language_whole_and_uncompressed():
    asked, headers, body = ask("/compare", b"lang=en&chosen_stop=S1")
    assert body == PAGE  # already English
    asked, headers, body = ask("/compare")
    assert body == b'<!doctype html><html lang="de"><head></head><body></body></html>'
    # 15 (<!doctype html>) + 16 (<html lang="de">) + 13 (<head></head>) + 13 (<body></body>) + 7 (</html>) = 64
    assert headers[b"content-length"] == b"64" and len(body) == 64
    assert headers[b"etag"] == b'"abc-de"'  # one version per language
    assert b"accept-encoding" not in asked and b"if-none-match" not in asked  # asked whole, so it can be rewritten


def test_a_head_keeps_its_length_and_other_files_pass_untouched():
    _, headers, body = ask("/", method="HEAD")
    assert headers[b"content-length"] == b"64" and body == b""
    asked, headers, body = ask("/static/js/main.js")
    assert body == b'var lang="en";<html lang="en">' and asked[b"accept-encoding"] == b"gzip"
