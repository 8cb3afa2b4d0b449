-- The versions this warehouse recorded when they were kept (etl.swap), newest first.
select name, sha256 from kept_versions order by name desc
