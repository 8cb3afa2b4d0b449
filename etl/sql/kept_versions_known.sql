-- Whether the attached database $database has the table kept_versions (a warehouse of an older release has not).
select count(*) > 0
from duckdb_tables()
where database_name = $database and schema_name = 'main' and table_name = 'kept_versions'
