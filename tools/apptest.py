"""Streamlit's AppTest as a running server sees the dashboard (for the page tests and the page benchmark)."""

from __future__ import annotations

import contextlib
from unittest import mock

from streamlit.runtime.pages_manager import PagesManager


@contextlib.contextmanager
def like_a_running_server():
    """A server treats the top-level pages/ folder as an old-style page folder only until its first
    st.navigation call; AppTest looks at the folder again before every run. Inside this block AppTest stays in
    the server's steady state, in which every run executes dashboard.py. AppTest sends no request headers; the
    block answers for a browser on this computer (Host: localhost:8501)."""
    original_init = PagesManager.__init__

    def steady_state_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    from streamlit import config

    address = config.get_option("server.address")
    config.set_option("server.address", "localhost")  # as `make run` serves it (ui.access)
    try:
        with (
            mock.patch.object(PagesManager, "__init__", steady_state_init),
            mock.patch("ui.access.request_host", return_value="localhost:8501"),  # AppTest sends no headers
        ):
            yield
    finally:
        config.set_option("server.address", address)


def dashboard(lang: str = "de", timeout: float = 60, **query):
    """The dashboard in AppTest as a browser opens it: in `lang` (`?lang=English` for "en"), with `query` in the URL,
    run once. Use it inside like_a_running_server()."""
    from streamlit.testing.v1 import AppTest

    from etl.config import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    if lang == "en":
        at.query_params["lang"] = "English"
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at
