-- The secret key that orders the extra cells disclosure control hides (etl/disclosure.py) and makes the record and
-- cell keys of the published counts (etl/publication.py): made once (64 hex digits from Python's `secrets`, a
-- source meant for secrets, which DuckDB's random UUIDs are not documented to be), kept by every later version of
-- the warehouse, so that a table's pattern of hidden cells and its perturbations never change between requests.
insert into warehouse_info
select 'disclosure_key', $key
where not exists (select 1 from warehouse_info where key = 'disclosure_key')
