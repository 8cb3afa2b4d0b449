"""ETL of the campaign dashboard: load contract files into DuckDB, build the warehouse, compute KPIs.

Runs without Streamlit: `python -m etl load|kpis|demo|build`.
"""
