"""A small hand-made campaign whose edges fall where slips hide (issue 33): tests/test_boundaries_by_hand.py works
out every KPI and export of it by hand.

The districts are those of tests/campaign.py (100,000 residents 16+ in all; Wandsbek and Altona 20,000 at the
national 0.25 and 0.25; Harburg 20,000 at 0.30; sum of s0 x P = 25,500). Three stops in 2024, a leap year:

- B1 Wandsbek, Sun 25.02. - Sat 02.03.2024: starts on a Sunday and on the first day of the data, runs over the
  leap day 29.02. and the end of February. L = 7 days, open Mon 26.02. - Sat 02.03. = 6 days. Cost 600 EUR.
- B2 Altona, Fri 29.03. - Mon 01.04.2024: starts on Good Friday and ends on Easter Monday (holidays in Hamburg),
  open only on Sat 30.03. (Sunday 31.03. closed): L = 4, 1 open day. Cost 100 EUR.
- B3 Harburg, Mon 15.04. - Sun 21.04.2024: ends on a Sunday and on the last day of the data. L = 7, open Mon -
  Sat = 6 days. Cost 700 EUR.

Every activation lies on a stop's first or last day or on the day just outside it; the e-service use of Harburg
lies on both edges of B3's 28-day window before (18.03. - 14.04.) and one day outside it (17.03.).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from campaign import COLUMNS, DISTRICT_FIGURES, write_csv

D = dt.date
T = dt.datetime

STOPS = [
    ("B1", "Wandsbek", "Quarree", D(2024, 2, 25), D(2024, 3, 2), "10:00", "19:00", 600.0),
    ("B2", "Altona", "Mercado", D(2024, 3, 29), D(2024, 4, 1), None, None, 100.0),
    ("B3", "Harburg", "Phoenix-Center", D(2024, 4, 15), D(2024, 4, 21), None, None, 700.0),
]

VISITS = [
    ("W1", "B1", T(2024, 2, 26, 10, 0), "eid_activation", "eid_activated", None, "65+", "Wandsbek", 5, 10.0),
    ("W2", "B1", T(2024, 2, 29, 12, 0), "eid_activation", "eid_activated", None, "30-49", "Wandsbek", 4, 20.0),
    ("W3", "B1", T(2024, 3, 2, 18, 0), "pin_reset", "resolved", None, "50-64", "Bergedorf", 3, 5.0),
    ("A1", "B2", T(2024, 3, 30, 11, 0), "eid_activation", "eid_activated", None, "16-29", "Altona", 5, 15.0),
    ("H1", "B3", T(2024, 4, 15, 10, 0), "eid_activation", "eid_activated", None, "65+", "Harburg", 4, 30.0),
    ("H2", "B3", T(2024, 4, 20, 17, 0), "general_info", "resolved", None, "50-64", "Harburg", 2, 8.0),
]

ACTIVATIONS = [
    (D(2024, 2, 25), "Wandsbek", "self_service", 2),  # B1's first day, a Sunday, the first day of the data
    (D(2024, 2, 29), "Wandsbek", "popup", 3),  # the leap day
    (D(2024, 3, 2), "Wandsbek", "popup", 4),  # B1's last day
    (D(2024, 3, 3), "Wandsbek", "citizen_office", 5),  # the day after B1
    (D(2024, 3, 28), "Altona", "citizen_office", 6),  # the day before B2
    (D(2024, 3, 29), "Altona", "self_service", 7),  # B2's first day, Good Friday
    (D(2024, 3, 30), "Altona", "popup", 1),  # B2's one open day
    (D(2024, 4, 1), "Altona", "self_service", 8),  # B2's last day, Easter Monday
    (D(2024, 4, 2), "Altona", "citizen_office", 9),  # the day after B2
    (D(2024, 4, 14), "Harburg", "citizen_office", 10),  # the day before B3
    (D(2024, 4, 15), "Harburg", "popup", 11),  # B3's first day
    (D(2024, 4, 21), "Harburg", "self_service", 12),  # B3's last day, a Sunday, the last day of the data
]

SERVICE_USAGE = [
    (D(2024, 3, 17), "Harburg", "resident_parking", "eid", 100, 100),  # a day before B3's window before
    (D(2024, 3, 18), "Harburg", "resident_parking", "eid", 1, 1),  # the window's first day (a - 28)
    (D(2024, 4, 14), "Harburg", "good_conduct", "username_password", 3, 3),  # its last day (a - 1)
    (D(2024, 4, 15), "Harburg", "resident_parking", "eid", 2, 2),  # B3's first day
    (D(2024, 4, 21), "Harburg", "good_conduct", "username_password", 2, 1),  # B3's last day
]

ROWS = {
    "districts": DISTRICT_FIGURES,
    "stops": STOPS,
    "visits": VISITS,
    "activations": ACTIVATIONS,
    "service_usage": SERVICE_USAGE,
}


def write_boundaries(folder: Path) -> Path:
    """The campaign as plain contract CSV files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind, rows in ROWS.items():
        write_csv(folder / f"{kind}.csv", COLUMNS[kind], rows)
    return folder
