-- Every load attempt, newest first.
select loaded_at, file, kind, status, rows_read, rows_loaded, rows_replaced, rows_unchanged, rows_quarantined,
       message
from load_log
order by load_id desc
