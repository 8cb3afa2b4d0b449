"""Compile the message catalogs: each locale/<lang>/LC_MESSAGES/dashboard.po to its .mo (Babel, as `pybabel
compile` does). `make install` runs it for the catalogs whose .po is newer than their .mo.

    python tools/compile_catalogs.py [PO …]      (no PO: every catalog)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.messages import DOMAIN, LOCALE_DIR, compile_po  # noqa: E402


def main(files: list[Path]) -> None:
    for po in files or sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        partial = mo.with_suffix(".mo.tmp")
        partial.write_bytes(compile_po(po))
        partial.replace(mo)  # a running dashboard never reads half a file


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]])
