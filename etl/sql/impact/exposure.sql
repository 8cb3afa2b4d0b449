-- The exposure of every district to every stop, per ISO week (named by its Monday): the stop's visitors and
-- pop-up activations that live in the district, per 10,000 of its residents 16+. Sources, by column:
--   visitors, activations: the visit log (stg_visits: one row per consultation; resident_district = where the
--     visitor lives, optional; activations = visits with outcome 'eid_activated', the KPI popup_activations of
--     KPIS.md); the stop and its district from the stops (stg_stops);
--   population_16plus: the districts' reference data (stg_districts, as every per-10,000 figure);
--   visits_without_residence: the stop's visits of that week whose resident_district is empty (counted on the
--     stop's row of its own district; the estimate warns and falls back where they are many).
-- Only district-weeks with at least one visit are rows; every other district-week has exposure 0.
with visits as (
    select stop_id, cast(date_trunc('week', visit_date) as date) as week, resident_district, outcome
    from stg_visits
),
stops as (
    select stop_id, district as stop_district from stg_stops
),
districts as (
    select district, population_16plus from stg_districts
),
by_residence as (
    select visits.stop_id, stops.stop_district, visits.week, visits.resident_district as district,
           count(*) as visitors,
           count(*) filter (where visits.outcome = 'eid_activated') as activations
    from visits
    join stops on stops.stop_id = visits.stop_id
    where visits.resident_district is not null
    group by all
),
without_residence as (
    select visits.stop_id, stops.stop_district, visits.week, stops.stop_district as district,
           count(*) as visits_without_residence
    from visits
    join stops on stops.stop_id = visits.stop_id
    where visits.resident_district is null
    group by all
),
joined as (
    select coalesce(r.stop_id, w.stop_id) as stop_id, coalesce(r.stop_district, w.stop_district) as stop_district,
           coalesce(r.week, w.week) as week, coalesce(r.district, w.district) as district,
           coalesce(r.visitors, 0) as visitors, coalesce(r.activations, 0) as activations,
           coalesce(w.visits_without_residence, 0) as visits_without_residence
    from by_residence as r
    full join without_residence as w
        on w.stop_id = r.stop_id and w.week = r.week and w.district = r.district
),
final as (
    select joined.stop_id, joined.stop_district, joined.week, joined.district, districts.population_16plus,
           joined.visitors, joined.activations, joined.visits_without_residence,
           per_10000(joined.visitors, districts.population_16plus) as visitors_per_10000,
           per_10000(joined.activations, districts.population_16plus) as activations_per_10000
    from joined
    join districts on districts.district = joined.district
)
select * from final
order by stop_id, week, district
