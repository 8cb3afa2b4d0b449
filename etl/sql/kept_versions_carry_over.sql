-- A rollback's (or a fresh) state takes over the versions that the state it replaces knew (attached as
-- `replaced`), so that every kept version stays recorded, the ones kept after the version rolled back to too.
insert into kept_versions (name, sha256, size, kept_at)
select name, sha256, size, kept_at
from replaced.main.kept_versions
where name not in (select name from kept_versions)
