"""Every word the dashboard shows, in German and English, from one place. `t(key, lang, **values)`.

KPI labels and definitions come from etl.registry; codes of the data (topics, outcomes, channels, …) are
translated by `code()`.
"""

from __future__ import annotations

from etl import vocabulary

LANGUAGES = {"de": "Deutsch", "en": "English"}

TEXT: dict[str, tuple[str, str]] = {
    # shell
    "app_title": ("Hamburg – digital für dich", "Hamburg – digital für dich"),
    "app_subtitle": (
        "Service Pop-Up: eID-Aktivierung und Onlinedienste",
        "Service Pop-Up: eID activation and online services",
    ),
    "filters": ("Auswahl", "Selection"),
    "period": ("Zeitraum", "Period"),
    "period_help": (
        "Mit der Tastatur: Pfeiltasten oder Ziffern ändern Tag, Monat und Jahr; Esc übernimmt das Datum.",
        "By keyboard: the arrow keys or digits change day, month and year; Escape keeps the date.",
    ),
    "districts": ("Bezirke", "Districts"),
    "all_districts": ("Alle Bezirke", "All districts"),
    "stops": ("Standorte", "Stops"),
    "all_stops": ("Alle Standorte", "All stops"),
    "filters_help": (
        "Die Auswahl gilt für alle Seiten und steht in der Adresse: ein kopierter Link öffnet dieselbe Ansicht.",
        "The selection applies to every page and is kept in the address: a copied link opens the same view.",
    ),
    "page_overview": ("Überblick", "Overview"),
    "page_compare": ("Standorte vergleichen", "Compare stops"),
    "page_uptake": ("eID-Nutzung", "eID uptake"),
    "page_services": ("Onlinedienste", "Online services"),
    "page_export": ("Daten & Export", "Data & export"),
    "page_quality": ("Datenqualität", "Data quality"),
    "page_accessibility": ("Barrierefreiheit", "Accessibility"),
    "page_impact": ("Wirkung", "Impact"),
    "demo_marker": (
        "**Demodaten** – eine synthetische Kampagne zur Vorführung, keine echten Zahlen.",
        "**Demo data** – a synthetic campaign for demonstration, not real figures.",
    ),
    "no_warehouse": (
        "Es sind noch keine Daten geladen. Laden Sie Daten mit `python -m etl load` oder die Demodaten mit "
        "`make demo`.",
        "No data has been loaded yet. Load data with `python -m etl load`, or the demo data with `make demo`.",
    ),
    "stale_models": (
        "Das Datenlager wurde mit einer anderen Version des Dashboards gebaut. Bitte einmal `python -m etl build` "
        "ausführen (`make run` tut es selbst); danach zeigt das Dashboard die Daten wieder.",
        "The warehouse was built by another version of the dashboard. Please run `python -m etl build` once "
        "(`make run` does it itself); the dashboard then shows the data again.",
    ),
    "empty": (
        "Für diese Auswahl gibt es keine Daten. Bitte Zeitraum, Bezirke oder Standorte erweitern.",
        "There is no data for this selection. Please widen the period, the districts or the stops.",
    ),
    "bad_period": ("Bitte Anfang und Ende des Zeitraums wählen.", "Please choose the start and the end of the period."),
    "as_of": ("Datenstand {date}", "Data as of {date}"),
    "last_load": ("zuletzt geladen {when}", "last loaded {when}"),
    "local_only": (
        "Ohne Anmeldung: nur auf diesem Rechner erreichbar (localhost).",
        "No sign-in: reachable from this computer only (localhost).",
    ),
    "local_only_refused": (
        "Ohne eingerichtete Anmeldung zeigt das Dashboard nur auf diesem Rechner Daten, der Server lauscht aber auf "
        "„{address}“. Starten Sie ihn mit `--server.address localhost` (wie `make run`) oder richten Sie die "
        "Anmeldung ein (README, „Sign-in, roles and statistical confidentiality“).",
        'Without sign-in the dashboard shows data on this computer only, but the server listens on "{address}". '
        "Start it with `--server.address localhost` (as `make run` does) or set up sign-in "
        '(README, "Sign-in, roles and statistical confidentiality").',
    ),
    "foreign_host_refused": (
        "Ohne eingerichtete Anmeldung zeigt das Dashboard Daten nur unter localhost, 127.0.0.1 oder [::1]; diese "
        "Seite wurde als „{host}“ aufgerufen. Öffnen Sie http://localhost:8501 oder richten Sie die Anmeldung ein.",
        "Without sign-in the dashboard shows data only as localhost, 127.0.0.1 or [::1]; this page was opened as "
        '"{host}". Open http://localhost:8501 or set up sign-in.',
    ),
    "sign_in_text": (
        "Bitte melden Sie sich mit Ihrem Konto der Stadt an.",
        "Please sign in with your city account.",
    ),
    "sign_in": ("Anmelden", "Sign in"),
    "sign_out": ("Abmelden", "Sign out"),
    "not_allowed": (
        "Sie sind als {email} angemeldet, haben aber keinen Zugang zu diesem Dashboard. Bitte wenden Sie sich an "
        "die Senatskanzlei.",
        "You are signed in as {email} but have no access to this dashboard. Please ask the Senate Chancellery.",
    ),
    "signed_in_as": ("Angemeldet: {email} · {role}", "Signed in: {email} · {role}"),
    "role_senate": ("Senatskanzlei", "Senate Chancellery"),
    "role_district": ("Bezirksamt", "District office"),
    "role_analyst": ("Analyse", "Analyst"),
    "analysts_only": (
        "Einzelne Zeilen (Beratungen, zurückgestellte Zeilen) und Aktivierungen je Kanal (Pop-Up-Aktivierungen nach "
        "Wohnbezirk und Tag) sind nur für die Rolle Analyse freigegeben.",
        "Single rows (visits, quarantined rows) and activations by channel (pop-up activations by district of "
        "residence and day) are open to the analyst role only.",
    ),
    "own_district_only": (
        "Wer kam und wann: für die Standorte Ihres Bezirks ({district}).",
        "Who came and when: for the stops of your district ({district}).",
    ),
    "new_data": ("Neue Daten geladen – die Seite zeigt sie jetzt.", "New data loaded – the page shows it now."),
    "finding_trend": (
        "{label}: {first} am {first_date}, {last} am {last_date}; am höchsten {top} am {top_date}.",
        "{label}: {first} on {first_date}, {last} on {last_date}; highest {top} on {top_date}.",
    ),
    "finding_range": (
        "{label}{at}: am höchsten {high} ({high_value}), am niedrigsten {low} ({low_value}).",
        "{label}{at}: highest {high} ({high_value}), lowest {low} ({low_value}).",
    ),
    "finding_one": ("{label}{at}: {name} {value}.", "{label}{at}: {name} {value}."),
    "finding_on": (" am {date}", " on {date}"),
    "finding_none": ("{label}: keine Werte in dieser Auswahl.", "{label}: no values in this selection."),
    "finding": ("In Kürze", "In short"),
    "a11y_scope": (
        "Die Stadt Hamburg ist bemüht, dieses Dashboard im Einklang mit der Barrierefreie-Informationstechnik-"
        "Verordnung (BITV 2.0) barrierefrei zugänglich zu machen. Diese Erklärung gilt für alle Seiten des "
        "Dashboards „Hamburg – digital für dich“, seine Downloads und das Briefing (PDF).",
        "The City of Hamburg strives to make this dashboard accessible in accordance with the German Barrier-Free "
        "Information Technology Ordinance (BITV 2.0). This statement applies to every page of the dashboard "
        "“Hamburg – digital für dich”, its downloads and the briefing (PDF).",
    ),
    "a11y_state": ("Stand der Vereinbarkeit", "Compliance status"),
    "a11y_state_text": (
        "Das Dashboard ist **teilweise** mit BITV 2.0 (WCAG 2.1, Stufe AA, nach EN 301 549) vereinbar. Die "
        "Ausnahmen stehen unten unter „Nicht barrierefreie Inhalte“.",
        "The dashboard is **partially** compliant with BITV 2.0 (WCAG 2.1 level AA, via EN 301 549). The exceptions "
        "are listed below under “Content that is not accessible”.",
    ),
    "a11y_tested": ("Wie das geprüft wird", "How this is checked"),
    "a11y_tested_text": (
        "Selbstbewertung durch automatische Tests, die bei jeder Änderung laufen:\n\n"
        "- axe-core (Regeln der WCAG 2.0 und 2.1, Stufen A und AA) auf jeder Seite, deutsch und englisch, mit "
        "geöffneten Zahlentabellen und „Über die Daten“: keine schwerwiegende und keine kritische Verletzung;\n"
        "- nur mit der Tastatur (Tab, Eingabe, Leertaste, Pfeiltasten): jede Seite, jeder Filter und jeder "
        "Download erreichbar und bedienbar, mit sichtbarem Fokus;\n"
        "- die Sprache jeder Seite ist angegeben (Deutsch oder Englisch);\n"
        "- Diagrammfarben mit mindestens 3:1 Kontrast, unterscheidbar auch bei Rot-Grün- und Blau-Gelb-Sehschwäche "
        "(simuliert); nichts wird nur durch Farbe gesagt; jedes Diagramm hat einen Satz mit seiner Hauptaussage "
        "und seine Zahlen als Tabelle;\n"
        "- das Briefing (PDF) ist getaggt (PDF/UA-1), mit Sprache, Titel, Lesereihenfolge und Textalternative "
        "der Grafik.\n\n"
        "Automatische Prüfungen decken nur einen Teil der Anforderungen ab.",
        "A self-assessment by automated tests that run on every change:\n\n"
        "- axe-core (WCAG 2.0 and 2.1 rules, levels A and AA) on every page, German and English, with the numbers "
        "tables and “About the data” open: no serious and no critical violation;\n"
        "- keyboard only (Tab, Enter, Space, arrow keys): every page, every filter and every download can be "
        "reached and used, with a visible focus;\n"
        "- every page declares its language (German or English);\n"
        "- chart colours with at least 3:1 contrast, distinguishable with red-green and blue-yellow colour-vision "
        "deficiencies (simulated); nothing is told by colour alone; every chart has one sentence with its main "
        "finding and its numbers as a table;\n"
        "- the briefing (PDF) is tagged (PDF/UA-1), with language, title, reading order and the chart's text "
        "alternative.\n\n"
        "Automated checks cover only part of the requirements.",
    ),
    "a11y_limits": ("Nicht barrierefreie Inhalte", "Content that is not accessible"),
    "a11y_limits_text": (
        "- **Diagramme** sind für Screenreader Bilder. Ihre Aussage steht im Satz „In Kürze“ darunter, ihre Zahlen "
        "in der Tabelle „Zahlen zum Diagramm“ (auch als CSV).\n"
        "- **Tabellen** zeichnet Streamlit auf einer Zeichenfläche; sie sind mit den Pfeiltasten bedienbar, mit "
        "Screenreadern aber noch nicht mit Nutzerinnen und Nutzern geprüft. Jede Tabelle lässt sich als CSV "
        "herunterladen.\n"
        "- Der **Datumswähler** zeigt beim allerersten Aufruf einer Seite die Monatsnamen unter Umständen auf "
        "Englisch; ab der nächsten Interaktion in der Sprache der Oberfläche.\n"
        "- Im Feld **Zeitraum** übernimmt Esc ein mit der Tastatur geändertes Datum; wer das Feld mit Tab "
        "verlässt, verliert die Änderung (Verhalten von Streamlit).\n"
        "- Eine Prüfung mit Screenreadern (NVDA, JAWS, VoiceOver) durch Betroffene steht noch aus.",
        "- **Charts** are images to screen readers. What they show is in the sentence “In short” below each, their "
        "numbers in the table “Numbers of the chart” (also as CSV).\n"
        "- **Tables** are drawn by Streamlit on a canvas; they work with the arrow keys but have not yet been "
        "tested with screen reader users. Every table can be downloaded as CSV.\n"
        "- The **date picker** may show English month names on the very first visit of a page; from the next "
        "interaction on, in the interface's language.\n"
        "- In the **period** field, Escape keeps a date changed by keyboard; leaving the field by Tab loses the "
        "change (Streamlit's behaviour).\n"
        "- A test with screen readers (NVDA, JAWS, VoiceOver) by people who use them is still to come.",
    ),
    "a11y_feedback": ("Feedback und Kontakt", "Feedback and contact"),
    "a11y_feedback_text": (
        "Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder brauchen Sie Inhalte in einer "
        "barrierefreien Form? Dann wenden Sie sich bitte an:",
        "Have you found barriers, or do you need content in an accessible form? Please contact:",
    ),
    "a11y_no_contact": (
        "_Noch nicht eingerichtet: der Betrieb trägt dies in `.streamlit/secrets.toml` ein, Abschnitt "
        "`[accessibility]` (docs/ACCESSIBILITY.md)._",
        "_Not configured yet: operations set it in `.streamlit/secrets.toml`, section `[accessibility]` "
        "(docs/ACCESSIBILITY.md)._",
    ),
    "a11y_enforcement": ("Durchsetzungsverfahren", "Enforcement procedure"),
    "a11y_enforcement_text": (
        "Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, "
        "können Sie sich an die Durchsetzungs- und Schlichtungsstelle wenden:",
        "If you do not receive a satisfactory answer to your feedback, you can turn to the "
        "enforcement and conciliation body:",
    ),
    "a11y_prepared": (
        "Diese Erklärung wurde am 22.11.2026 erstellt (Selbstbewertung auf Grundlage der automatischen Tests).",
        "This statement was prepared on 22 November 2026 (self-assessment based on the automated tests).",
    ),
    "finding_busiest": (
        "Die meisten Besuche: {weekday} um {hour} ({visits}).",
        "Most visits: {weekday} at {hour} ({visits}).",
    ),
    "table_of_chart": ("Zahlen zum Diagramm", "Numbers of the chart"),
    "download_table": ("Tabelle als CSV", "Table as CSV"),
    "about": ("Über die Daten", "About the data"),
    "definitions": ("Definitionen", "Definitions"),
    "sources": ("Quellen", "Sources"),
    "sources_text": (
        "Besuchsprotokoll und Standorte: Kampagnenteam. eID-Aktivierungen je Tag, Bezirk und Kanal sowie Nutzung "
        "der Onlinedienste: Hamburg Service. Einwohner: Statistikamt Nord, Hamburger Melderegister, 31.12.2024 "
        "(ab 16 Jahren geschätzt). Bundesweiter Vergleichswert: {baseline_source}. Feiertage: Hamburg.",
        "Visit log and stops: campaign team. eID activations per day, district and channel, and use of the online "
        "services: Hamburg Service. Residents: Statistikamt Nord, Hamburg population register, 31 Dec 2024 "
        "(aged 16 and over estimated). National baseline: {baseline_source}. Public holidays: Hamburg.",
    ),
    "filter_rules": (
        "Zeitraum: Beratungen nach Tag der Beratung, Aktivierungen und Onlinedienste nach Datum; Standorte, die in "
        "den Zeitraum fallen. Bezirke: Standorte in diesen Bezirken, Aktivierungen und Onlinedienste der Einwohner "
        "dieser Bezirke. Standorte: nur Beratungen dieser Standorte.",
        "Period: visits by day of the visit, activations and online services by date; stops that overlap the "
        "period. Districts: stops in these districts, activations and online services of these districts' "
        "residents. Stops: only visits of these stops.",
    ),
    "baseline": ("Bundesweit {value}", "National {value}"),
    # overview
    "overview_intro": (
        "Der Stand der Kampagne auf einen Blick: Zeitraum {start} bis {end}.",
        "The campaign at a glance: {start} to {end}.",
    ),
    "compared_with": (
        "Veränderung gegenüber den {days} Tagen davor ({start} bis {end}).",
        "Change against the {days} days before ({start} to {end}).",
    ),
    "compared_with_one_day": (
        "Veränderung gegenüber dem Tag davor ({start}).",
        "Change against the day before ({start}).",
    ),
    "no_previous": (
        "Keine Veränderung angezeigt: Der gleich lange Zeitraum davor liegt ganz oder teilweise vor dem Beginn der "
        "Daten am {start}. Für einen Vergleich einen kürzeren oder späteren Zeitraum wählen.",
        "No change shown: the period of equal length before lies wholly or partly before the data begin on {start}. "
        "Choose a shorter or later period for a comparison.",
    ),
    "tile_visits": ("Beratungen", "Visits"),
    "tile_activations": ("eID-Aktivierungen am Pop-Up", "Pop-up eID activations"),
    "tile_conversion": ("Aktivierungsquote", "Conversion rate"),
    "tile_uptake": ("Geschätzte eID-Nutzung {area}", "Estimated eID uptake {area}"),
    "tile_uptake_delta": ("{value} ggü. Bund", "{value} vs national"),
    "baseline_gap_above": (
        "{area} liegt {gap} über dem bundesweiten Vergleichswert von {baseline}.",
        "{area} is {gap} above the national baseline of {baseline}.",
    ),
    "baseline_gap_below": (
        "{area} liegt {gap} unter dem bundesweiten Vergleichswert von {baseline}.",
        "{area} is {gap} below the national baseline of {baseline}.",
    ),
    "tile_above": ("Bezirke über dem Vergleichswert", "Districts above the baseline"),
    "tile_cost": ("Kosten je Aktivierung", "Cost per activation"),
    "area_hamburg": ("Hamburg", "Hamburg"),
    "area_selection": ("Auswahl", "selection"),
    "of_districts": ("von {n}", "of {n}"),
    "cost_help": (
        "Kosten der Standorte, anteilig nach Öffnungstagen im Zeitraum, geteilt durch die eID-Aktivierungen am Pop-Up.",
        "Cost of the stops, in proportion to their open days in the period, divided by the pop-up activations.",
    ),
    "uptake_over_time": ("Geschätzte eID-Nutzung in Hamburg", "Estimated eID uptake in Hamburg"),
    "uptake_over_time_selection": (
        "Geschätzte eID-Nutzung der ausgewählten Bezirke",
        "Estimated eID uptake of the selected districts",
    ),
    "map_title": ("Bezirke", "Districts"),
    "map_metric": ("Färbung", "Colour by"),
    "map_uptake": ("eID-Nutzung am Ende des Zeitraums", "eID uptake at the end of the period"),
    "map_lift": ("Anstieg im Zeitraum", "Rise in the period"),
    "map_scale": ("Farbskala von {low} (hell) bis {high} (dunkel)", "Colour scale from {low} (light) to {high} (dark)"),
    "map_above_baseline": (
        "rot umrandet und schraffiert: mindestens bundesweiter Vergleichswert ({value})",
        "red outline and hatched: at least the national baseline ({value})",
    ),
    "map_attribution": (
        "Geodaten: © Freie und Hansestadt Hamburg, LGV (dl-de/by-2-0)",
        "Geodata: © Freie und Hansestadt Hamburg, LGV (dl-de/by-2-0)",
    ),
    "strongest": (
        "**Stärkster Standort:** {venue} ({district}, {start}–{end}) mit {value} eID-Aktivierungen am Pop-Up je "
        "1.000 Einwohner ab 16 (Quote {conversion}).",
        "**Strongest stop:** {venue} ({district}, {start}–{end}) with {value} pop-up eID activations per 1,000 "
        "residents 16+ (conversion {conversion}).",
    ),
    "weakest": (
        "**Schwächster Standort:** {venue} ({district}, {start}–{end}) mit {value} eID-Aktivierungen am Pop-Up je "
        "1.000 Einwohner ab 16 (Quote {conversion}).",
        "**Weakest stop:** {venue} ({district}, {start}–{end}) with {value} pop-up eID activations per 1,000 "
        "residents 16+ (conversion {conversion}).",
    ),
    "ranking_rule": (
        "Rangfolge nach eID-Aktivierungen am Pop-Up je 1.000 Einwohner ab 16 im Bezirk des Standorts: gerecht "
        "zwischen großen und kleinen Bezirken. Standorte ohne geladene Besuchsdaten werden nicht eingestuft.",
        "Ranked by pop-up eID activations per 1,000 residents 16+ of the stop's district: fair between large and "
        "small districts. Stops without a loaded visit log are not ranked.",
    ),
    "stops_without_visits": (
        "Keine Besuchsdaten geladen: {venues}. Diese Standorte zählen weder in Kosten je Aktivierung noch in der "
        "Rangfolge.",
        "No visit log loaded: {venues}. These stops count neither in cost per activation nor in the ranking.",
    ),
    "stops_title": ("Alle Standorte im Zeitraum", "All stops in the period"),
    "no_visit_data": ("keine Besuchsdaten geladen", "no visit log loaded"),
    "note": ("Hinweis", "Note"),
    # chart axes and columns
    "date": ("Datum", "Date"),
    "week": ("Woche", "Week"),
    "uptake": ("Geschätzte eID-Nutzung", "Estimated eID uptake"),
    "district": ("Bezirk", "District"),
    "stop": ("Standort", "Stop"),
    "share": ("Anteil", "Share"),
    "value": ("Wert", "Value"),
    "hour": ("Uhrzeit", "Hour"),
    "weekday": ("Wochentag", "Weekday"),
    # compare
    "compare_intro": (
        "Alle Kennzahlen je Standort; die Tabelle lässt sich per Klick auf eine Spalte sortieren.",
        "Every KPI per stop; click a column to sort the table.",
    ),
    "all_kpis": ("Kennzahlen je Standort", "KPIs per stop"),
    "normalised": ("Standorte im Vergleich", "Stops compared"),
    "normalisation": ("Bezogen auf", "Normalised"),
    "per_open_day": ("je Öffnungstag", "per open day"),
    "per_1000": ("je 1.000 Einwohner 16+", "per 1,000 residents 16+"),
    "per_hour": ("je Öffnungsstunde", "per opening hour"),
    "norm_visits": ("Beratungen", "Visits"),
    "norm_popup_activations": ("eID-Aktivierungen am Pop-Up", "Pop-up eID activations"),
    "before_after": ("eID-Nutzung vor und nach jedem Standort", "eID uptake before and after each stop"),
    "before_after_tab": ("Vorher und nachher", "Before and after"),
    "before": ("vorher", "before"),
    "after": ("nachher", "after"),
    "during": ("während", "during"),
    "chosen_stop": ("Standort im Detail", "Stop in detail"),
    "highlight": ("Hervorheben", "Highlight"),
    "highlight_none": ("keinen Bezirk", "no district"),
    "highlighted": ("Hervorgehoben", "Highlighted"),
    "highlighted_mark": ("● hervorgehoben", "● highlighted"),
    "profiles_title": ("Wer kam: die Standorte nebeneinander", "Who came: the stops side by side"),
    "hidden_part": ("geheim gehalten (·)", "withheld (·)"),
    "disclosure_note": (
        "Wer kam und wann: über den ganzen Einsatz des Standorts, nicht nur den gewählten Zeitraum. "
        "„·“ = geheim gehalten: Zahlen unter {minimum}, und so viele weitere, dass sich keine aus Summen "
        "zurückrechnen lässt (statistische Geheimhaltung; jede verborgene Zahl ist gleich markiert).",
        "Who came and when: over the stop's whole stay, not only the selected period. "
        "“·” = withheld: counts below {minimum}, and as many others as it takes that none can be worked out from "
        "totals (statistical disclosure control; every hidden count carries the same mark).",
    ),
    "published_tables_note": (
        "Für Ihre Rolle veröffentlicht: Wer kam, wann, und Anliegen × Ergebnis zählen nur vollständige "
        "Kalenderwochen (Montag bis Sonntag) und sind nach dem Cell-Key-Verfahren der statistischen Ämter leicht "
        "verändert (jede Zahl um höchstens 2, dieselben Besuche immer gleich). „·“ = unter {minimum} nach der "
        "Veränderung, nicht veröffentlicht. Die Pop-Up-Aktivierungen nach Wohnbezirk sind Summen der ebenso "
        "veränderten Tageszahlen. Genaue Zahlen sieht die Rolle Analyse.",
        "Published for your role: who came, when, and topic × outcome count complete calendar weeks only "
        "(Monday to Sunday) and are slightly changed by the cell-key method of the statistical offices (each "
        "count by at most 2, the same visits always alike). “·” = below {minimum} after the change, not "
        "published. Pop-up activations by district of residence are sums of daily counts changed the same way. "
        "The analyst role sees exact figures.",
    ),
    "published_tiles_note": (
        "Für Ihre Rolle veröffentlicht: Besuche, Pop-Up-Aktivierungen, Abschlussquote und Kosten je Aktivierung "
        "zählen nur die vollständigen Kalenderwochen des Zeitraums (Montag bis Sonntag) und sind nach dem "
        "Cell-Key-Verfahren leicht verändert (um höchstens 2; unter {minimum}: „–“); die Quote folgt aus den "
        "ebenso veränderten Tageszahlen der Aktivierungen. Genaue Zahlen sieht die Rolle Analyse.",
        "Published for your role: visits, pop-up activations, conversion and cost per activation count only the "
        "complete calendar weeks of the period (Monday to Sunday) and are slightly changed by the cell-key method "
        "(by at most 2; below {minimum}: “–”); uptake follows from daily activation counts changed the same way. "
        "The analyst role sees exact figures.",
    ),
    "published_asked_note": (
        "Für Ihre Rolle veröffentlicht: Die am Pop-Up gefragten Dienste zählen nur die vollständigen "
        "Kalenderwochen des Zeitraums und sind nach dem Cell-Key-Verfahren leicht verändert (um höchstens 2); "
        "Dienste unter {minimum} fehlen. Genaue Zahlen sieht die Rolle Analyse.",
        "Published for your role: the services asked at the pop-up count only the complete calendar weeks of the "
        "period and are slightly changed by the cell-key method (by at most 2); services below {minimum} are left "
        "out. The analyst role sees exact figures.",
    ),
    "published_activations_note": (
        "Für Ihre Rolle veröffentlicht: Die Aktivierungen aller Kanäle je Tag, Bezirk und Kanal (und alles, was "
        "aus ihnen folgt: Quote, Export aller Aktivierungen, Kennzahlen der Standorte) sind nach dem "
        "Cell-Key-Verfahren leicht verändert, jede Tageszahl um höchstens 2; so lässt sich aus der beobachteten "
        "Reihe und dem Export keine Pop-Up-Zahl nach Wohnbezirk zurückrechnen. Genaue Zahlen sieht die Rolle "
        "Analyse.",
        "Published for your role: the activations of all channels per day, district and channel (and "
        "everything made from them: uptake, the export of all activations, the stop KPIs) are slightly changed by "
        "the cell-key method, each daily count by at most 2, so that no pop-up count by district of residence can "
        "be worked out from the observed series and the export. The analyst role sees exact figures.",
    ),
    "tab_when": ("Wann", "When"),
    "tab_what": ("Worüber", "About what"),
    "tab_who": ("Wer kam", "Who came"),
    "by_hour_weekday": ("Beratungen nach Uhrzeit und Wochentag", "Visits by hour and weekday"),
    "topics_outcomes": ("Anliegen und Ergebnisse", "Topics and outcomes"),
    "age_bands": ("Altersgruppen", "Age bands"),
    "residence": ("Wohnbezirke der Besucher", "Visitors' districts of residence"),
    "popup_residence": (
        "eID-Aktivierungen am Pop-Up nach Wohnbezirk (Tage des Standorts)",
        "Pop-up eID activations by district of residence (the stop's days)",
    ),
    "unknown": ("unbekannt", "unknown"),
    "topic": ("Anliegen", "Topic"),
    "outcome": ("Ergebnis", "Outcome"),
    "age_band": ("Altersgruppe", "Age band"),
    "visits": ("Beratungen", "Visits"),
    # uptake page
    "uptake_intro": (
        "Geschätzte eID-Nutzung je Bezirk über die Zeit, mit den Standortzeiträumen und dem bundesweiten "
        "Vergleichswert.",
        "Estimated eID uptake per district over time, with the stop periods and the national baseline.",
    ),
    "uptake_by_district": ("Geschätzte eID-Nutzung je Bezirk", "Estimated eID uptake per district"),
    "eid_share_phases": (
        "eID-Anteil der Online-Vorgänge vor, während und nach jedem Standort (im Bezirk des Standorts)",
        "eID share of online transactions before, during and after each stop (in the stop's district)",
    ),
    # services page
    "services_intro": (
        "Nutzung der Onlinedienste durch Einwohner der ausgewählten Bezirke: begonnene Vorgänge nach Anmeldeart, "
        "meistgenutzte Dienste, Abschlussquoten, und wobei am Pop-Up geholfen wurde.",
        "Use of the online services by residents of the selected districts: transactions started by sign-in method, "
        "top services, completion rates, and what people were helped with at the pop-up.",
    ),
    "usage_over_time": (
        "Begonnene Online-Vorgänge je Tag (Wochenmittel) nach Anmeldeart",
        "Online transactions started per day (weekly mean) by sign-in method",
    ),
    "per_day": ("je Tag", "per day"),
    "whole_week": ("ganze Woche", "whole week"),
    "partial_weeks_left_out": (
        "Angebrochene Wochen (Wochen ab {weeks}) liegen nur teilweise im Zeitraum oder in den Daten und sind nicht "
        "eingezeichnet, damit sie nicht wie ein Einbruch aussehen; die Tabelle zeigt sie.",
        "Partial weeks (weeks of {weeks}) lie only partly in the period or the data and are not drawn, so that "
        "they do not look like a drop; the table shows them.",
    ),
    "top_services": ("Meistgenutzte Dienste", "Top services"),
    "completion_by_auth": ("Abschlussquote nach Anmeldeart", "Completion rate by sign-in method"),
    "asked_services": ("Dienste, bei denen am Pop-Up geholfen wurde", "Services people were helped with at the pop-up"),
    "asked_services_tab": ("Am Pop-Up gefragt", "Asked at the pop-up"),
    "service": ("Dienst", "Service"),
    "auth_method": ("Anmeldeart", "Sign-in method"),
    "started": ("begonnen", "started"),
    "completed": ("abgeschlossen", "completed"),
    "completion_rate": ("Abschlussquote", "Completion rate"),
    "eid_share": ("eID-Anteil", "eID share"),
    "top_n": ("Anzahl Dienste", "Number of services"),
    # export page
    "export_intro": (
        "Genau die gefilterten Zeilen herunterladen: als Excel-Arbeitsmappe, als CSV für deutsches Excel (Semikolon, "
        "Dezimalkomma, UTF-8 mit BOM), als CSV oder als Parquet. Zeitraum, Bezirke und Standorte kommen aus der "
        "Auswahl links.",
        "Download exactly the filtered rows: as an Excel workbook, as CSV for German Excel (semicolon, decimal comma, "
        "UTF-8 with BOM), as CSV or as Parquet. Period, districts and stops come from the selection on the left.",
    ),
    "table": ("Tabelle", "Table"),
    "table_visits": ("Beratungen", "Visits"),
    "table_activations": ("eID-Aktivierungen je Kanal", "eID activations by channel"),
    "table_activations_total": ("eID-Aktivierungen", "eID activations"),
    "table_service_usage": ("Onlinedienste", "Online services"),
    "table_stop_kpis": ("Kennzahlen je Standort", "KPIs per stop"),
    "services_filter": ("Dienste", "Services"),
    "channels_filter": ("Kanäle", "Channels"),
    "sign_in_filter": ("Anmeldearten", "Sign-in methods"),
    "topics_filter": ("Anliegen", "Topics"),
    "outcomes_filter": ("Ergebnisse", "Outcomes"),
    "all": ("alle", "all"),
    "rows": ("{n} Zeilen", "{n} rows"),
    "preview": ("Vorschau (erste {n} Zeilen)", "Preview (first {n} rows)"),
    "download_csv": ("CSV", "CSV"),
    "download_csv_excel_de": ("CSV für Excel (deutsch)", "CSV for German Excel"),
    "download_xlsx": ("Excel-Arbeitsmappe (.xlsx)", "Excel workbook (.xlsx)"),
    "download_parquet": ("Parquet", "Parquet"),
    "cli_hint": ("Dasselbe auf der Kommandozeile:", "The same on the command line:"),
    "formula_note": (
        "Textzellen, die mit =, +, -, @, Tabulator oder Wagenrücklauf beginnen, erhalten in CSV ein führendes ', "
        "damit Tabellenprogramme sie nicht als Formel ausführen.",
        "Text cells that begin with =, +, -, @, tab or carriage return get a leading ' in CSV, so that spreadsheets "
        "never run them as formulas.",
    ),
    # quality page
    "quality_intro": (
        "Was geladen wurde, was nicht, und ob die Quellen zueinander passen.",
        "What was loaded, what was not, and whether the sources agree.",
    ),
    "load_history": ("Ladeprotokoll", "Load history"),
    "quarantine": ("Zurückgehaltene Zeilen", "Quarantined rows"),
    "quarantine_filter_file": ("Datei", "File"),
    "quarantine_search": ("Grund enthält", "Reason contains"),
    "download_quarantine": ("Zurückgehaltene Zeilen als CSV", "Quarantined rows as CSV"),
    "reconciliation": ("Abgleich je Standort", "Reconciliation per stop"),
    "reconciliation_help": (
        "eID-Aktivierungen laut Besuchsprotokoll gegen den Kanal „Pop-Up“ der Aktivierungszahlen (alle Bezirke, "
        "Tage des Standorts).",
        "eID activations in the visit log against the “pop-up” channel of the activation counts (all districts, "
        "days of the stop).",
    ),
    "in_visit_log": ("laut Besuchsprotokoll", "in the visit log"),
    "in_counts": ("Kanal Pop-Up", "pop-up channel"),
    "difference": ("Differenz", "Difference"),
    "freshness": ("Aktualität der Quellen", "Freshness of the inputs"),
    "kind": ("Art", "Kind"),
    "files": ("Dateien", "Files"),
    "latest_data": ("Daten bis", "Data up to"),
    "loaded_at": ("geladen am", "loaded at"),
    "status": ("Status", "Status"),
    "rows_read": ("gelesen", "read"),
    "rows_loaded": ("neu", "new"),
    "rows_replaced": ("ersetzt", "replaced"),
    "rows_unchanged": ("unverändert", "unchanged"),
    "rows_quarantined": ("zurückgehalten", "quarantined"),
    "message": ("Meldung", "Message"),
    "file": ("Datei", "File"),
    "line": ("Zeile", "Line"),
    "reasons": ("Gründe", "Reasons"),
    "raw_values": ("Rohwerte", "Raw values"),
    "nothing_quarantined": ("Keine zurückgehaltenen Zeilen.", "No quarantined rows."),
    "no_loads": ("Noch keine Ladevorgänge.", "No loads yet."),
}

TEXT.update(
    {
        "impact_intro": (
            "Was jeder Standort bewirkt hat. Die eID-Aktivierungen am Pop-Up sind gezählt; was sich in den anderen "
            "Kanälen (Kundenzentren, selbst) des besuchten Bezirks verändert hat, ist geschätzt: gegenüber den "
            "Bezirken, die noch nicht besucht waren (Differenz-von-Differenzen nach Callaway & Sant’Anna). Die Werte "
            "gelten für die ganze Kampagne; die Auswahl links gilt hier nicht.",
            "What each stop changed. The pop-up's eID activations are counted; what changed in the other channels "
            "(citizen offices, self-service) of the visited district is estimated, against the districts not yet "
            "visited (difference in differences after Callaway & Sant’Anna). The figures cover the whole campaign; "
            "the selection on the left does not apply here.",
        ),
        "impact_outcome": ("Zielgröße", "Outcome"),
        "outcome_activations": ("eID-Aktivierungen", "eID activations"),
        "outcome_eid_transactions": ("Online-Vorgänge mit eID", "eID-authenticated online transactions"),
        "impact_settings": ("Einstellungen der Schätzung", "Settings of the estimate"),
        "impact_base": ("Bezugszeitraum", "Base"),
        "base_mean": ("Mittel der 4 Wochen davor (empfohlen)", "Mean of the 4 weeks before (recommended)"),
        "base_universal": ("die Woche davor", "the week before"),
        "impact_anticipation": (
            "Wochen vor dem Start, die schon beeinflusst sein können (Plakate)",
            "Weeks before the start that may already be affected (posters)",
        ),
        "campaign_direct": (
            "**Kampagne:** Im Kanal Pop-Up zählte Hamburg Service **{direct}** eID-Aktivierungen.",
            "**Campaign:** Hamburg Service counted **{direct}** eID activations in the pop-up channel.",
        ),
        "campaign_indirect": (
            "In den anderen Kanälen der besuchten Bezirke kamen in den Wochen der Standorte geschätzt **{indirect}** "
            "hinzu ({low} bis {high}, {level}-Intervall; schätzbar für {estimated} von {stops} Standorten). "
            "Zusammen: **{total}** ({total_low} bis {total_high}).",
            "In the other channels of the visited districts, an estimated **{indirect}** came on top in the stops' "
            "weeks ({low} to {high}, {level} interval; estimable for {estimated} of {stops} stops). Together: "
            "**{total}** ({total_low} to {total_high}).",
        ),
        "campaign_indirect_no_interval": (
            "In den anderen Kanälen der besuchten Bezirke kamen in den Wochen der Standorte geschätzt **{indirect}** "
            "hinzu (noch ohne Intervall; schätzbar für {estimated} von {stops} Standorten). Zusammen: **{total}**.",
            "In the other channels of the visited districts, an estimated **{indirect}** came on top in the stops' "
            "weeks (no interval yet; estimable for {estimated} of {stops} stops). Together: **{total}**.",
        ),
        "campaign_indirect_not_estimable": (
            "Was sich in den anderen Kanälen der besuchten Bezirke verändert hat, ist noch für keinen der {stops} "
            "Standorte schätzbar.",
            "What changed in the other channels of the visited districts cannot be estimated yet for any of the "
            "{stops} stops.",
        ),
        "campaign_total_transactions": (
            "**Kampagne:** In den Wochen der Standorte geschätzt **{indirect}** zusätzliche {unit} ({low} bis {high}, "
            "{level}-Intervall; schätzbar für {estimated} von {stops} Standorten).",
            "**Campaign:** an estimated **{indirect}** additional {unit} in the stops' weeks ({low} to {high}, "
            "{level} interval; estimable for {estimated} of {stops} stops).",
        ),
        "campaign_total_transactions_no_interval": (
            "**Kampagne:** In den Wochen der Standorte geschätzt **{indirect}** zusätzliche {unit} (noch ohne "
            "Intervall; schätzbar für {estimated} von {stops} Standorten).",
            "**Campaign:** an estimated **{indirect}** additional {unit} in the stops' weeks (no interval yet; "
            "estimable for {estimated} of {stops} stops).",
        ),
        "impact_per_week": (
            "Je Woche und 10.000 Einwohner ab 16: im Mittel der Standorte **{att}** ({low} bis {high}), nach "
            "Einwohnern gewichtet **{weighted}** ({w_low} bis {w_high}).",
            "Per week and 10,000 residents 16+: the mean over stops **{att}** ({low} to {high}), weighted by "
            "residents **{weighted}** ({w_low} to {w_high}).",
        ),
        "impact_per_week_no_interval": (
            "Je Woche und 10.000 Einwohner ab 16: im Mittel der Standorte **{att}**, nach Einwohnern gewichtet "
            "**{weighted}** (noch ohne Intervall).",
            "Per week and 10,000 residents 16+: the mean over stops **{att}**, weighted by residents **{weighted}** "
            "(no interval yet).",
        ),
        "impact_summary_limits": (
            "Was die Schätzung nicht sagt: ob die Wirkung über die Wochen der Standorte hinaus anhält, und wie viel "
            "davon Plakate beitragen.",
            "What the estimate cannot say: whether the effect lasts beyond the stops' weeks, and how much of it comes "
            "from posters.",
        ),
        "unit_activations": ("eID-Aktivierungen", "eID activations"),
        "unit_eid_transactions": ("Online-Vorgänge mit eID", "eID-authenticated online transactions"),
        "parts_title": ("Je Standort: gezählt, geschätzt, zusammen", "Per stop: counted, estimated, together"),
        "part_direct": ("am Pop-Up (gezählt)", "at the pop-up (counted)"),
        "part_indirect": ("andere Kanäle (geschätzt)", "other channels (estimated)"),
        "part_total": ("zusammen", "together"),
        "stop_sentence": (
            "**{label}:** {direct} am Pop-Up gezählt (davon {own} von Einwohnern des Bezirks); in den anderen "
            "Kanälen des Bezirks geschätzt {indirect} ({low} bis {high}) in {weeks} Wochen; zusammen {total}.",
            "**{label}:** {direct} counted at the pop-up ({own} of them the district's residents); in the "
            "district's other channels an estimated {indirect} ({low} to {high}) in {weeks} weeks; together {total}.",
        ),
        "stop_sentence_displacement": (
            " Weniger als am Pop-Up gezählt: Ein Teil hätte sich sonst im Kundenzentrum oder selbst aktivieren "
            "lassen (Verlagerung).",
            " Fewer than counted at the pop-up: some would otherwise have activated at a citizen office or by "
            "themselves (displacement).",
        ),
        "stop_mde": (
            " Dieser Standort hätte nur Wirkungen von mehr als {mde} je Woche und 10.000 Einwohner ab 16 (in "
            "beide Richtungen, {extra} in seinen Wochen) mit 80 % Wahrscheinlichkeit zeigen können.",
            " This stop could only have shown effects larger than {mde} per week and 10,000 residents 16+ (either "
            "way, {extra} over its weeks) with 80 % probability.",
        ),
        "stop_spillover": (
            " In den {districts} Bezirken, aus denen Besucher kamen, geschätzt {value} durch Übertragung ({low} bis "
            "{high}); im „zusammen“ enthalten.",
            " In the {districts} districts that sent visitors, an estimated {value} by spill-over ({low} to {high}); "
            "included in “together”.",
        ),
        "stop_not_distinguishable": (
            " Das Intervall enthält 0: Die Wirkung ist von null nicht zu unterscheiden – das heißt nicht, dass es "
            "keine gab.",
            " The interval contains 0: the effect cannot be told apart from zero – which does not mean there was none.",
        ),
        "campaign_spillover": (
            " „Zusammen“ enthält die Übertragung auf die {districts} Bezirke, aus denen Besucher kamen: geschätzt "
            "{value} ({low} bis {high}); erkennbar wären erst mehr als {mde}.",
            " “Together” includes the spill-over onto the {districts} districts that sent visitors: an estimated "
            "{value} ({low} to {high}); only more than {mde} would have been detectable.",
        ),
        "campaign_cost_per_extra": (
            " Kosten je zusätzlicher Aktivierung (Kosten geteilt durch alle zusätzlichen: am Pop-Up, in den anderen "
            "Kanälen und durch Übertragung): {value} ({low} bis {high}); je am Pop-Up gezählter Aktivierung: "
            "{per_popup}.",
            " Cost per extra activation (cost divided by every extra one: at the pop-up, in the other channels and by "
            "spill-over): {value} ({low} to {high}); per activation counted at the pop-up: {per_popup}.",
        ),
        "campaign_mde": (
            " Erkennbar (mit 80 % Wahrscheinlichkeit) wären insgesamt erst mehr als {mde} zusätzliche.",
            " Only more than {mde} extra in all would have been detectable (with 80 % probability).",
        ),
        "per_week_mde": (
            " Im Mittel der Standorte erkennbar (mit 80 % Wahrscheinlichkeit) wären Wirkungen von mehr als {mde} "
            "je Woche.",
            " Over the stops, effects larger than {mde} per week would have been detectable (with 80 % probability).",
        ),
        "stop_sentence_unsplit": (
            "**{label}:** {direct} am Pop-Up gezählt; in den anderen Kanälen des Bezirks geschätzt {indirect} "
            "({low} bis {high}) in {weeks} Wochen; zusammen {total}.",
            "**{label}:** {direct} counted at the pop-up; in the district's other channels an estimated {indirect} "
            "({low} to {high}) in {weeks} weeks; together {total}.",
        ),
        "stop_sentence_none": (
            "**{label}:** {direct} am Pop-Up gezählt; die Veränderung in den anderen Kanälen ist nicht schätzbar "
            "(keine Vergleichsbezirke mehr).",
            "**{label}:** {direct} counted at the pop-up; the change in the other channels cannot be estimated "
            "(no comparison district left).",
        ),
        "stop_sentence_partial_week": (
            "**{label}:** {direct} am Pop-Up gezählt; zu kurz für eine Schätzung der anderen Kanäle: Der Standort "
            "begann in der letzten, angebrochenen Woche der Daten, von ihm gibt es noch keine ganze Woche zum "
            "Vergleich.",
            "**{label}:** {direct} counted at the pop-up; too short to estimate the other channels: the stop began "
            "in the last, partial week of the data, so no whole week of it can be compared yet.",
        ),
        "stop_sentence_before_panel": (
            "**{label}:** {direct} am Pop-Up gezählt; die anderen Kanäle sind nicht schätzbar: Der Standort begann "
            "vor der ersten ganzen Woche der Daten, es gibt keine Woche davor zum Vergleich.",
            "**{label}:** {direct} counted at the pop-up; the other channels cannot be estimated: the stop began "
            "before the first whole week of the data, so there is no week before it to compare with.",
        ),
        "stop_sentence_repeat": (
            "**{label}:** {direct} am Pop-Up gezählt; keine eigene Schätzung der anderen Kanäle: Der Bezirk war "
            "schon vorher besucht und gilt ab seinem ersten Standort als besucht.",
            "**{label}:** {direct} counted at the pop-up; no estimate of its own for the other channels: the "
            "district was visited before and counts as visited from its first stop on.",
        ),
        "stop_sentence_transactions": (
            "**{label}:** geschätzt {indirect} zusätzliche Online-Vorgänge mit eID ({low} bis {high}) in {weeks} "
            "Wochen.",
            "**{label}:** an estimated {indirect} additional eID-authenticated transactions ({low} to {high}) in "
            "{weeks} weeks.",
        ),
        "forest_title": ("Wirkung je Standort und Woche", "Effect per stop and week"),
        "event_title": ("Wirkung nach Wochen seit Beginn des Standorts", "Effect by weeks since the stop began"),
        "event_week": ("Woche relativ zum Beginn", "Week relative to the start"),
        "per_week_10000": ("je Woche und 10.000 Einw. 16+", "per week and 10,000 residents 16+"),
        "counterfactual_title": ("Beobachtet und geschätzt ohne Standort", "Observed and estimated without the stop"),
        "event_tab": ("Wirkung nach Wochen", "Effect by week"),
        "counterfactual_tab": ("Beobachtet und ohne Standort", "Observed and without the stop"),
        "observed": ("beobachtet", "observed"),
        "counterfactual": ("geschätzt ohne Standort", "estimated without the stop"),
        "extra": ("zusätzlich", "extra"),
        "weeks": ("Wochen", "Weeks"),
        "effect": ("Wirkung", "Effect"),
        "ci_low": ("Intervall von", "Interval from"),
        "ci_high": ("Intervall bis", "Interval to"),
        "breakdown": ("Trend, ab dem das Intervall 0 enthält", "Trend at which the interval reaches 0"),
        "controls": ("Vergleichsbezirke", "Comparison districts"),
        "controls_title": ("Worauf die Schätzung beruht", "What each estimate rests on"),
        "controls_help": (
            "Je Standort die Vergleichsbezirke und die Schätzung, wenn einer von ihnen weggelassen wird. Liegt sie "
            "dann außerhalb des Intervalls, hängt die Schätzung an diesem einen Bezirk.",
            "Per stop the comparison districts, and the estimate with each of them left out. If it then leaves the "
            "interval, the estimate rests on that one district.",
        ),
        "left_out": ("weggelassen", "left out"),
        "yes": ("ja", "yes"),
        "no": ("nein", "no"),
        "outside": ("außerhalb des Intervalls", "outside the interval"),
        "pretrend_result": (
            "Vortrends: Vor den Standorten entwickelten sich die besuchten Bezirke gegenüber den Vergleichsbezirken "
            "mit {slope} je Woche (p = {p}). Der Test erkennt einen Trend ab {detectable} je Woche mit 80 % "
            "Wahrscheinlichkeit; kleinere Trends kann er übersehen.",
            "Pre-trends: before the stops, the visited districts moved against their comparison districts by {slope} "
            "per week (p = {p}). The test detects a trend of {detectable} per week or more with 80 % probability; "
            "it can miss smaller ones.",
        ),
        "sensitivity": (
            "Empfindlichkeit: Die Spalte „{column}“ sagt, wie stark ein Bezirk schon ohne Standort gegenüber den "
            "Vergleichsbezirken hätte wachsen müssen (je Woche), damit das Intervall die 0 erreicht – zum Vergleich "
            "mit dem, was der Vortrend-Test erkennt ({detectable}).",
            "Sensitivity: the column “{column}” says how fast a district would have had to grow against its "
            "comparison districts without the stop (per week) for the interval to reach 0 – to compare with what "
            "the pre-trend test detects ({detectable}).",
        ),
        "caveats": ("Was bei diesen Zahlen zu bedenken ist", "What to keep in mind with these figures"),
        "caveat_pretrend": (
            "Vortrends: Die besuchten Bezirke entwickelten sich schon vor den Standorten anders als ihre "
            "Vergleichsbezirke (p = {p}); die Annahme paralleler Entwicklungen ist fraglich.",
            "Pre-trends: the visited districts already moved apart from their comparison districts before the "
            "stops (p = {p}); the parallel-trends assumption is in doubt.",
        ),
        "caveat_pretrend_joint": (
            "Vortrends: Mindestens eine Woche vor einem Standort lag ein besuchter Bezirk schon deutlich neben seinen "
            "Vergleichsbezirken (gemeinsamer Test über {cells} Wochen, p = {p}); die Annahme paralleler "
            "Entwicklungen ist fraglich.",
            "Pre-trends: in at least one week before a stop a visited district already lay clearly apart from its "
            "comparison districts (joint test over {cells} weeks, p = {p}); the parallel-trends assumption is in "
            "doubt.",
        ),
        "caveat_always_treated": (
            "{units}: schon zu Beginn der Daten behandelt (immer behandelt): Ihre Wirkung ist nicht schätzbar, und "
            "sie dienen nie als Vergleich.",
            "{units}: treated at or before the data's first period (always treated): their effect cannot be "
            "estimated, and they never serve as comparison.",
        ),
        "caveat_unit_inference": (
            "Die Intervalle der zusammengefassten Werte beruhen auf den {units} Einheiten selbst (Einflussfunktionen, "
            "je Einheit gebündelt); eine einzelne behandelte Einheit hat nur ein Intervall, wo ihre eigene "
            "Vorgeschichte Schein-Schätzungen erlaubt.",
            "The intervals of the aggregates rest on the {units} units themselves (influence functions, clustered by "
            "unit); a single treated unit has an interval only where its own history allows placebo estimates.",
        ),
        "caveat_not_enough_history": (
            "Noch zu wenig Vorgeschichte für 95-%-Intervalle ({draws} Schein-Schätzungen, {needed} nötig); die "
            "Intervalle sind {level}-Intervalle.",
            "Not enough history yet for 95 % intervals ({draws} placebo estimates, {needed} needed); the intervals "
            "are {level} intervals.",
        ),
        "caveat_no_intervals_yet": (
            "Noch zu wenig Vorgeschichte für Intervalle ({draws} Schein-Schätzungen, {needed} nötig für 95 %): Die "
            "Schätzungen stehen noch ohne Intervall.",
            "Not enough history yet for intervals ({draws} placebo estimates, {needed} needed for 95 %): the "
            "estimates are given without an interval for now.",
        ),
        "caveat_no_interval": (
            "{stops}: zu wenig Vorgeschichte vor dem Standort für ein eigenes Intervall.",
            "{stops}: too little history before the stop for an interval of its own.",
        ),
        "caveat_not_estimable": (
            "{stops}: nicht schätzbar (keine Vergleichsbezirke mehr in den Wochen des Standorts).",
            "{stops}: not estimable (no comparison district left in the stop's weeks).",
        ),
        "caveat_counted_only_partial_week": (
            "{stops}: zu kurz für eine Schätzung – begann in der letzten, angebrochenen Woche der Daten; die "
            "Aktivierungen am Pop-Up zählen in der Liste und in der Summe, die Wirkung in den anderen Kanälen ist "
            "nicht geschätzt.",
            "{stops}: too short to estimate – began in the last, partial week of the data; its pop-up activations "
            "count in the list and in the total, its effect in the other channels is not estimated.",
        ),
        "caveat_counted_only_before_panel": (
            "{stops}: nicht schätzbar – begann vor der ersten ganzen Woche der Daten; die Aktivierungen am Pop-Up "
            "zählen in der Liste und in der Summe.",
            "{stops}: not estimable – began before the first whole week of the data; its pop-up activations count "
            "in the list and in the total.",
        ),
        "caveat_counted_only_repeat": (
            "{stops}: keine eigene Schätzung – der Bezirk war schon vorher besucht; die Aktivierungen am Pop-Up "
            "zählen in der Liste und in der Summe.",
            "{stops}: no estimate of its own – the district was visited before; its pop-up activations count in "
            "the list and in the total.",
        ),
        "caveat_no_never_treated": (
            "Kein Bezirk bleibt unbesucht: Für den zuletzt besuchten Bezirk gibt es keine Vergleichsbezirke mehr; "
            "späte Standorte beruhen auf wenigen Vergleichsbezirken.",
            "No district stays unvisited: the last visited district has no comparison district left; late stops rest "
            "on few comparison districts.",
        ),
        "caveat_few_units": (
            "Nur {units} Bezirke: Die Intervalle beruhen auf Schein-Schätzungen aus der Zeit vor den Standorten, nicht "
            "auf vielen unabhängigen Einheiten.",
            "Only {units} districts: the intervals rest on placebo estimates from before the stops, not on many "
            "independent units.",
        ),
        "caveat_leave_one_out": (
            "{stops}: Ohne {districts} läge die Schätzung außerhalb ihres Intervalls; sie hängt an diesem Bezirk.",
            "{stops}: without {districts} the estimate would leave its interval; it rests on that district.",
        ),
        "caveat_displacement": (
            "{stops}: In den anderen Kanälen gab es weniger Aktivierungen als erwartet – Verlagerung: Wer sich am "
            "Pop-Up aktivieren ließ, wäre zum Teil sonst ins Kundenzentrum gegangen.",
            "{stops}: the other channels saw fewer activations than expected – displacement: some who activated at "
            "the pop-up would otherwise have gone to a citizen office.",
        ),
        "caveat_partial_weeks": (
            "Angebrochene Wochen am Rand der Daten bleiben außen vor: {weeks}.",
            "Partial weeks at the edges of the data are left out: {weeks}.",
        ),
        "caveat_missing_weeks": (
            "{count} Bezirks-Wochen ohne Daten zählen als fehlend, nicht als 0.",
            "{count} district-weeks without data count as missing, not as 0.",
        ),
        "caveat_spillover": (
            "Übertragung: Die Wirkung auf die Bezirke, aus denen Besucher kamen, ist aus ihrer Besucherzahl je "
            "10.000 Einwohner geschätzt ({beta} Aktivierungen je Besucher aus einem anderen Bezirk); die besuchten "
            "Bezirke werden mit Bezirken ohne Besucher verglichen. Angenommen ist, dass die Übertragung mit der Zahl "
            "der Besucher wächst und überall gleich ist; erreicht Mundpropaganda auch Bezirke ohne Besucher, bleibt "
            "die Wirkung in den besuchten Bezirken eher unterschätzt.",
            "Spill-over: the effect on the districts that sent visitors is estimated from their visitors per 10,000 "
            "residents ({beta} activations per visitor from another district); the visited districts are compared "
            "with districts without visitors. It is assumed that the spill-over grows with the number of visitors "
            "and is alike everywhere; if word of mouth reaches districts that sent nobody, the effect in the visited "
            "districts remains underestimated.",
        ),
        "caveat_residence_missing": (
            "Das Besuchsprotokoll nennt keine Wohnbezirke: Die Übertragung auf andere Bezirke ist nicht geschätzt, "
            "die Vergleichsbezirke gelten als unberührt. Kamen Besucher aus ihnen, ist die Wirkung bei Mundpropaganda "
            "unter-, bei Verlagerung überschätzt.",
            "The visit log names no residences: the spill-over onto other districts is not estimated and the "
            "comparison districts count as untouched. If visitors came from them, the effect is underestimated under "
            "word of mouth and overestimated under displacement.",
        ),
        "caveat_residence_partial": (
            "{stops}: Bei {share} der Besuche oder mehr fehlt der Wohnbezirk; die Übertragung je Besucher ist "
            "dort eher zu groß geschätzt, ihre Summe nicht.",
            "{stops}: {share} of the visits or more lack a residence; the spill-over per visitor is then "
            "overstated in size there, its total is not.",
        ),
        "caveat_anticipation": (
            "Vorwegnahme: Haben Plakate schon vor einem Standort gewirkt, unter „Einstellungen“ Wochen der "
            "Vorwegnahme wählen.",
            "Anticipation: if posters acted before a stop, choose weeks of anticipation under “Settings”.",
        ),
        "method_note": (
            "Methode: Gruppen-Zeit-Effekte nach Callaway & Sant’Anna (2021), "
            "[„Difference-in-Differences with multiple time periods“, Journal of Econometrics 225(2)]"
            "(https://doi.org/10.1016/j.jeconom.2020.12.001), ohne Kovariaten; Bezug: {base}; Vergleich mit noch "
            "nicht besuchten Bezirken. Intervalle aus Schein-Schätzungen desselben Schätzers vor den Standorten, je "
            "Standort mit seiner eigenen Streuung; in Simulationen wie Hamburgs Kampagne enthalten die "
            "95-%-Intervalle den wahren Wert in 93–97 % der Fälle. Ausführlich: docs/IMPACT_METHOD.md und "
            "docs/IMPACT_VALIDATION.md.",
            "Method: group-time effects after Callaway & Sant’Anna (2021), "
            "[“Difference-in-Differences with multiple time periods”, Journal of Econometrics 225(2)]"
            "(https://doi.org/10.1016/j.jeconom.2020.12.001), no covariates; base: {base}; compared with districts "
            "not yet visited. Intervals from placebo estimates of the same estimator before the stops, each stop "
            "with its own spread; in simulations like Hamburg's campaign the 95 % intervals contain the true value "
            "in 93–97 % of cases. In full: docs/IMPACT_METHOD.md and docs/IMPACT_VALIDATION.md.",
        ),
        "chosen_district": ("Bezirk", "District"),
        "plan_title": ("Nächsten Standort planen", "Plan the next stop"),
        "plan_intro": (
            "Wie groß muss die Wirkung eines Standorts sein, damit diese Auswertung sie sicher erkennt? Aus der "
            "Vorgeschichte des Bezirks: die kleinste Wirkung, die mit 80 % Wahrscheinlichkeit ein 95-%-Intervall "
            "ohne 0 ergibt.",
            "How large must a stop's effect be for this analysis to detect it reliably? From the district's history: "
            "the smallest effect that gives a 95 % interval without 0 with 80 % probability.",
        ),
        "plan_weeks": ("Wochen am Standort", "Weeks at the stop"),
        "plan_result": (
            "Ein Standort von {weeks} Wochen in {district} müsste die anderen Kanäle um mindestens **{mde}** je Woche "
            "und 10.000 Einwohner ab 16 verändern – rund **{extra}** Aktivierungen über den Standort –, damit die "
            "Auswertung es mit 80 % Wahrscheinlichkeit erkennt.",
            "A stop of {weeks} weeks in {district} would have to change the other channels by at least **{mde}** per "
            "week and 10,000 residents 16+ – about **{extra}** activations over the stop – for the analysis to detect "
            "it with 80 % probability.",
        ),
        "plan_longer": (
            "In {district} ließe ein Standort von {best} Wochen eine kleinere Wirkung erkennen: Die Wochenwerte "
            "schwanken dort über die Zeit, so dass fernere Wochen mehr Rauschen bringen, als das Mitteln wegnimmt.",
            "In {district} a stop of {best} weeks would detect a smaller effect: weekly figures there drift over "
            "time, so weeks further away add more noise than averaging removes.",
        ),
        "plan_visited": (
            "{district} wurde schon besucht: Ein weiterer Standort dort ist keine neue Maßnahme, seine Wirkung lässt "
            "sich nicht schätzen.",
            "{district} has been visited already: another stop there is no new treatment, its effect cannot be "
            "estimated.",
        ),
        "plan_scheduled": (
            "Für {district} steht schon ein Standort im Kalender: Planen Sie diesen, nicht einen weiteren.",
            "{district} already has a stop in the calendar: plan that one, not another.",
        ),
        "plan_no_comparison": (
            "Für einen Standort in {district} bliebe kein Vergleichsbezirk: Alle anderen sind besucht oder im "
            "Kalender, seine Wirkung ließe sich nicht schätzen.",
            "A stop in {district} would leave no comparison district: every other one is visited or in the "
            "calendar, so its effect could not be estimated.",
        ),
        "plan_none": (
            "Für {district} gibt es noch zu wenig Vorgeschichte.",
            "There is not enough history for {district} yet.",
        ),
        "power": ("Trefferwahrscheinlichkeit", "Power"),
        "power_curve": ("Trefferwahrscheinlichkeit nach Größe der Wirkung", "Power by size of the effect"),
        "mde_by_weeks": ("Kleinste erkennbare Wirkung nach Dauer", "Minimum detectable effect by length"),
        "mde": ("kleinste erkennbare Wirkung", "minimum detectable effect"),
    }
)

# briefing (ui/briefing)
TEXT.update(
    {
        "briefing_button": ("Briefing (PDF)", "Briefing (PDF)"),
        "briefing_help": (
            "Ein barrierefreies PDF (höchstens zwei Seiten) mit der aktuellen Auswahl und dem Datenstand, zum "
            "Weitergeben. Dieselbe Datei auf der Kommandozeile (etwa wöchentlich): `{command}`",
            "An accessible PDF (at most two pages) of the current selection with its data date, to hand on. The "
            "same file from the command line (e.g. weekly): `{command}`",
        ),
        "briefing_title": ("Briefing", "Briefing"),
        "briefing_author": ("Freie und Hansestadt Hamburg", "Free and Hanseatic City of Hamburg"),
        "briefing_page": ("Seite", "Page"),
        "briefing_period": ("Zeitraum {start} bis {end}", "Period {start} to {end}"),
        "briefing_selection": ("Auswahl: {what}", "Selection: {what}"),
        "briefing_everything": ("ganz Hamburg, alle Standorte", "all of Hamburg, every stop"),
        "briefing_tiles": ("Kennzahlen im Zeitraum", "Key figures for the period"),
        "briefing_no_change": ("kein Vergleich", "no comparison"),
        "briefing_chart_alt": (
            "Liniendiagramm der geschätzten eID-Nutzung ({area}): {start_value} am {start}, {end_value} am {end}; "
            "bundesweiter Vergleichswert {baseline} als gestrichelte Linie; die Zeiträume der Standorte sind "
            "hinterlegt.",
            "Line chart of the estimated eID uptake ({area}): {start_value} on {start}, {end_value} on {end}; the "
            "national baseline of {baseline} as a dashed line; the stops' periods are shaded.",
        ),
        "briefing_chart_caption": (
            "Geschätzte eID-Nutzung ({area}) von {start_value} am {start} auf {end_value} am {end} (Linie); "
            "bundesweit {baseline} (gestrichelt); Standorte hinterlegt.",
            "Estimated eID uptake ({area}) from {start_value} on {start} to {end_value} on {end} (line); national "
            "{baseline} (dashed); stops shaded.",
        ),
        "briefing_impact": ("Wirkung", "Impact"),
        "briefing_impact_scope": (
            "Wirkung: ganze Kampagne, {start}–{end}",
            "Impact: the whole campaign, {start}–{end}",
        ),
        "briefing_impact_scope_note": (
            "Die Wirkung ist für alle {stops} Standorte der Kampagne geschätzt, nicht nur für die Auswahl dieses "
            "Briefings (Zeitraum, Bezirke, Standorte).",
            "The impact is estimated over all {stops} stops of the campaign, not only this briefing's selection "
            "(period, districts, stops).",
        ),
        "briefing_stop_title": ("Briefing zum Standort {venue}", "Briefing on the stop {venue}"),
        "briefing_stop_facts": (
            "Standort in {district} vom {start} bis {end} ({days} Öffnungstage)",
            "Stop in {district} from {start} to {end} ({days} open days)",
        ),
        "briefing_compared": ("Im Vergleich mit den anderen Standorten", "Compared with the other stops"),
        "briefing_kpi": ("Kennzahl", "Figure"),
        "briefing_this_stop": ("dieser Standort", "this stop"),
        "briefing_others_median": ("Median der {n} anderen", "median of the {n} others"),
        "briefing_rank_heading": ("Rang", "Rank"),
        "briefing_rank": ("{rank}", "{rank}"),
        "briefing_who": ("Wer kam (über den ganzen Einsatz)", "Who came (over the whole stay)"),
        "briefing_no_impact": (
            "Für diesen Standort lässt sich noch keine Wirkung schätzen (zu wenige ganze Wochen im Datenbestand).",
            "No effect can be estimated for this stop yet (too few whole weeks in the data).",
        ),
    }
)

# the inbox on the data-quality page
TEXT.update(
    {
        "inbox": ("Eingangsordner", "Inbox"),
        "inbox_last_run": (
            "Der Eingangsordner `{folder}` wurde zuletzt am {when} geprüft.",
            "The inbox `{folder}` was last checked on {when}.",
        ),
        "inbox_error": (
            "Die letzte Runde brach ab, die Dateien blieben im Eingang: {error}",
            "The last round stopped, the files stayed in the inbox: {error}",
        ),
        "inbox_refused": (
            "Abgelehnte Dateien im Ordner „refused“ (mit ihrem Bericht daneben): {files}",
            "Refused files in the folder “refused” (with their report beside them): {files}",
        ),
        "inbox_busy": ("Wird noch geschrieben (nächste Runde): {files}", "Still being written (next round): {files}"),
        "inbox_passed_over": (
            "Keine gewöhnliche Datei (etwa eine Verknüpfung), daher nicht gelesen und im Eingang belassen: {files}",
            "Not a regular file (a link, say), so not read and left in the inbox: {files}",
        ),
    }
)

# The data's codes in words: those of the data (topics, outcomes, channels, sign-in) from etl.vocabulary, which the
# exports for people use too, and the dashboard's own.
CODES: dict[str, tuple[str, str]] = {
    **vocabulary.CODES,
    "loaded": ("geladen", "loaded"),
    "refused": ("abgelehnt", "refused"),
    "skipped": ("übersprungen (schon geladen)", "skipped (loaded before)"),
    "rolled_back": ("zurückgesetzt auf eine frühere Version", "rolled back to an earlier version"),
    "stops": ("Standorte", "stops"),
    "visits": ("Beratungen", "visits"),
    "activations": ("Aktivierungen", "activations"),
    "service_usage": ("Onlinedienste", "online services"),
    "districts": ("Bezirke", "districts"),
    "before": ("vorher", "before"),
    "during": ("während", "during"),
    "after": ("danach", "after"),
}
WEEKDAYS = {
    "de": ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def t(key: str, lang: str, **values) -> str:
    german, english = TEXT[key]
    text = german if lang == "de" else english
    return text.format(**values) if values else text


def code(value, lang: str) -> str:
    """A code of the data (topic, outcome, channel, …) in words; unknown codes stay as they are."""
    if value is None:
        return t("unknown", lang)
    pair = CODES.get(value)
    return value if pair is None else pair[0 if lang == "de" else 1]


def coded(column: str, lang: str):
    """A polars expression: the column's codes in words (as `code`), unknown codes as they are."""
    import polars as pl

    words = {key: pair[0 if lang == "de" else 1] for key, pair in CODES.items()}
    return pl.col(column).replace_strict(words, default=pl.col(column)).fill_null(t("unknown", lang)).alias(column)
