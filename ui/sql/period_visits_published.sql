-- The visits of the selected districts and stops in [$date_from, $date_to] (whole ISO weeks, ui.data.published),
-- one row per visit: whether it ended in an activation, and whether its stop's cost counts towards cost per
-- activation (as in period_totals.sql: a stop with a cost and a loaded visit log).
select visits.visit_id,
       visits.outcome = 'eid_activated' as activated,
       visits.outcome = 'eid_activated' and stops.cost_eur is not null and stops.has_visits as costed
from mart_visits visits
join mart_stops stops on stops.stop_id = visits.stop_id
where visits.visit_date between $date_from and $date_to
  and (len($districts) = 0 or list_contains($districts, stops.district))
  and (len($stops) = 0 or list_contains($stops, stops.stop_id))
