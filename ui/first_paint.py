"""The page's language from the first byte (issue 28, item 13).

Streamlit serves one index.html, `<html lang="en">`, to every page; the script sets the right language only once
it has run (ui.components), so a screen reader started reading in English. `PageLanguage` is an ASGI middleware
of the dashboard's server (dashboard.py hands it to `streamlit.starlette.App`): a page's HTML goes out with the
language its URL asks for (German by default, English with ?lang=en, as ui.state reads it). Behind nginx the
same answer passes through unchanged (deploy/nginx)."""

from __future__ import annotations

from urllib.parse import parse_qs

from ui.text import LANGUAGES

DEFAULT = "de"
NOT_PAGES = ("/_stcore/", "/static/", "/media/", "/component/", "/app/static/")
SHIPPED = b'<html lang="en">'
ASKED_AWAY = (b"accept-encoding", b"if-none-match", b"if-modified-since", b"range", b"if-range")


def language_in_url(given: str | None) -> str | None:
    """The language a ?lang= value names (a code or the switch's word, any case), None for none or another."""
    value = (given or "").strip().lower()
    if value in LANGUAGES:
        return value
    return {name.lower(): code for code, name in LANGUAGES.items()}.get(value)


def page_language(query_string: str) -> str:
    """The language of a page requested with this query string."""
    return language_in_url(parse_qs(query_string).get("lang", [""])[0]) or DEFAULT


class PageLanguage:
    """Rewrites `<html lang="en">` of every HTML answer to the page's language (other answers pass untouched)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or path.startswith(NOT_PAGES):
            await self.app(scope, receive, send)
            return
        lang = page_language(scope.get("query_string", b"").decode("latin-1"))
        # asked for whole and uncompressed, so the HTML can be rewritten (a page is 8 KB; bundles stay compressed)
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() not in ASKED_AWAY]}
        held: dict = {}
        body = bytearray()

        async def rewrite(message) -> None:
            if message["type"] == "http.response.start":
                given = dict(message.get("headers", []))
                if not given.get(b"content-type", b"").startswith(b"text/html"):
                    held["pass"] = True
                    await send(message)
                    return
                held["start"] = message
                return
            if held.get("pass") or message["type"] != "http.response.body":
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            html = bytes(body).replace(SHIPPED, f'<html lang="{lang}">'.encode(), 1)
            start = held["start"]
            headers: list[tuple[bytes, bytes]] = []
            for name, value in start.get("headers", []):
                if name.lower() == b"content-length" and scope["method"] != "HEAD":
                    value = str(len(html)).encode()
                elif name.lower() == b"etag":  # one version per language
                    value = value.rstrip(b'"') + f'-{lang}"'.encode()
                headers.append((name, value))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": html})

        await self.app(scope, receive, rewrite)
