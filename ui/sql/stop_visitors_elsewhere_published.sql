-- The visits of one stop in the given ISO weeks (their Mondays, $weeks) by visitors who live in another district:
-- the visitors a stop's spill-over is counted in (etl/sql/impact/exposure.sql counts them per district of
-- residence; a visit without a resident_district is no district's). What the cell-key method counts for the
-- impact page's spill-over for roles below analyst (ui.data.published.visitors_from_elsewhere).
select visit_id
from mart_visits
where stop_id = $stop_id
  and resident_district is not null
  and resident_district <> district
  and list_contains($weeks, cast(date_trunc('week', visit_date) as date))
