-- The visits with a service_id in [$date_from, $date_to] (whole ISO weeks, ui.data.published), for the selected
-- districts' stops and the selected stops, one row per visit: what the cell-key method counts by service for
-- roles below analyst.
select visit_id, service_id
from mart_visits
where service_id is not null and visit_date between $date_from and $date_to
  and (len($districts) = 0 or list_contains($districts, district))
  and (len($stops) = 0 or list_contains($stops, stop_id))
