"""`watch --once` says what it waits for and tells a cron job by its exit status (issue 28, item 12): 0 the round
is done, 3 a file is still being written (named, with the seconds until the next round may take it), 1 the inbox
or warehouse could not be worked, 2 the inbox is not a folder. No file is loaded here, so no warehouse is built."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from etl import inbox


@pytest.fixture(autouse=True)
def keep_sigterm():
    """watch() stops on SIGTERM by a handler of its own: the test worker's handler is put back after."""
    handler = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, handler)


def test_a_file_still_being_written_is_named_with_its_wait_and_exit_3(tmp_path, capsys):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "visits_may.csv").write_text("visit_id\n")
    soon = time.time() + 5  # written "now" (a little ahead, so the seconds left are exactly the settle time)
    os.utime(folder / "visits_may.csv", (soon, soon))
    db = tmp_path / "warehouse.duckdb"
    assert inbox.watch(folder, db, interval=60, settle=120, once=True) == 3
    # unchanged for 0 s of the 120 s it must be: 120 s left
    assert capsys.readouterr().out == (
        "WAITING  visits_may.csv: still being written; it is taken once unchanged for 120 s, in 120 s at the earliest\n"
    )
    status = json.loads(inbox.status_path(db).read_text())
    assert status["still_being_written"] == ["visits_may.csv"] and status["settles_in_s"] == {"visits_may.csv": 120}
    assert not db.exists()  # nothing was loaded


def test_an_inbox_with_nothing_to_do_exits_0_and_one_it_cannot_work_exits_1_or_2(tmp_path, capsys):
    folder = tmp_path / "inbox"
    folder.mkdir()
    db = tmp_path / "warehouse.duckdb"
    assert inbox.watch(folder, db, interval=60, settle=30, once=True) == 0
    assert capsys.readouterr().out == ""  # a quiet round writes nothing (cron mails every output)
    (tmp_path / "elsewhere").mkdir()
    (folder / "refused").symlink_to(tmp_path / "elsewhere")  # a link in place of refused/: the round stops
    assert inbox.watch(folder, db, interval=60, settle=30, once=True) == 1
    assert "error:" in capsys.readouterr().err
    assert inbox.watch(tmp_path / "missing", db, interval=60, settle=30, once=True) == 2
