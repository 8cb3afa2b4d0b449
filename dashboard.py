"""The dashboard's entry point: page config, language, navigation and shared filters (ui.shell).

Run with `make run` (or `streamlit run dashboard.py`). Pages hold layout and words only; the data comes
from ui.data, the charts from ui.charts, the words from ui.text.

`streamlit run dashboard.py` finds `app` below and serves it: Streamlit's own server with one middleware that
sends each page's HTML in the page's language from the first byte (ui.first_paint). Each session then runs
this file as its script (as "__main__"), which draws the dashboard.
"""

if __name__ == "__main__":
    from ui import shell

    shell.run_app()
else:
    from starlette.middleware import Middleware
    from streamlit.starlette import App

    from ui.first_paint import PageLanguage

    app = App("dashboard.py", middleware=[Middleware(PageLanguage)])
