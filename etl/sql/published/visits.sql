-- The visits roles below analyst are counted from (etl/publication.py, docs/DISCLOSURE.md): those up to the end of
-- the last complete ISO week (published.week_end). It shadows main.stg_visits on the published search path, so the
-- stop KPIs (the table macro mart_stop_kpis), the stops' visits and pop-up activations (published.mart_stops) and
-- the campaign's change once a week, by a whole week, never by one day's visits. A view (a filter on the exact
-- visits), not a copy: copying every visit at every build took most of a 10-million-visit load's model build.
create or replace view published.stg_visits as
select *
from main.stg_visits
where visit_date <= (select until from published.week_end)
