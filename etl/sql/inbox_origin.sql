-- The inbox loads private copies of its files (etl.inbox); the load history names each by its place in the inbox.
update load_log set path = $origin where path = $copy
