"""make bench: the loader and KPIs (load_bench), the dashboard's pages (pages_bench), what a page switch costs
the reader's browser, also with the CPU slowed 4× (browser_bench), a few readers in real browsers (sessions_bench,
informative), many sessions over the WebSocket protocol (protocol_bench), the briefing PDF (briefing_bench);
writes BENCHMARKS.md."""

import sys

from bench import briefing_bench, browser_bench, load_bench, pages_bench, protocol_bench, sessions_bench

warehouse = load_bench.WORK / "etl.duckdb"
sections = [load_bench.report(load_bench.run())]
sections.append(pages_bench.report(pages_bench.run(warehouse)))
sections.append(browser_bench.report(browser_bench.run(warehouse)))
sections.append(sessions_bench.report(sessions_bench.run(warehouse)))
sections.append(protocol_bench.report(protocol_bench.run(warehouse)))
sections.append(briefing_bench.report(briefing_bench.run(warehouse)))
text = "\n".join(sections)
(load_bench.ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
print(text)
sys.exit(0)
