-- The visits in [$date_from, $date_to] (whole ISO weeks, ui.data.published) with their stop and day: which of them
-- lie in a group of weeks their stop has published (etl.publication.groups) is worked out from these.
select visit_id, stop_id, visit_date
from mart_visits
where visit_date between $date_from and $date_to
