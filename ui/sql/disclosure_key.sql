-- The warehouse's secret disclosure key (etl/disclosure.py: the order of the extra cells that are hidden).
select coalesce(max(value), '') as disclosure_key from warehouse_info where key = 'disclosure_key'
