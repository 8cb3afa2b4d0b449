-- The visits of one stop up to $until (the end of the last complete ISO week), one row per visit with the
-- attributes of the stop's tables: what the cell-key method counts for roles below analyst (ui.data.published).
select visit_id, age_band, resident_district, weekday, hour
from mart_visits
where stop_id = $stop_id and visit_date <= $until
