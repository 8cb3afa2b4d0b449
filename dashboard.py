"""The dashboard's entry point: page config, language, navigation and shared filters (ui.shell).

Run with `make run` (or `streamlit run dashboard.py`). Pages hold layout and words only; the data comes
from ui.data, the charts from ui.charts, the words from ui.text.
"""

from ui import shell

shell.run_app()
