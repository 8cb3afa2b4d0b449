-- The visits of one stop in [$date_from, $date_to] (whole ISO weeks, ui.data.published), one row per visit with
-- its topic and outcome: what the cell-key method counts for roles below analyst.
select visit_id, topic, outcome
from mart_visits
where stop_id = $stop_id and visit_date between $date_from and $date_to
