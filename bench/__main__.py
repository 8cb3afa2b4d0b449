"""make bench: the loader and KPIs (load_bench), the dashboard's pages (pages_bench), 20 sessions at once
(sessions_bench), the briefing PDF (briefing_bench); writes BENCHMARKS.md."""

import sys

from bench import briefing_bench, load_bench, pages_bench, sessions_bench

loading = load_bench.report(load_bench.run())
pages = pages_bench.report(pages_bench.run(load_bench.WORK / "etl.duckdb"))
sessions = sessions_bench.report(sessions_bench.run(load_bench.WORK / "etl.duckdb"))
briefings = briefing_bench.report(briefing_bench.run(load_bench.WORK / "etl.duckdb"))
text = loading + "\n" + pages + "\n" + sessions + "\n" + briefings
(load_bench.ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
print(text)
sys.exit(0)
