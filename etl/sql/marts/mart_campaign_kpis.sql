-- The campaign in one row (KPIS.md, campaign level).
with stops as (
    select * from stg_stops
),
visits as (
    select count(*) as visits, count(*) filter (where outcome = 'eid_activated') as popup_activations
    from stg_visits
    where stop_id in (select stop_id from stops)
),
districts as (
    select * from mart_district_kpis
),
baseline as (
    select share from ref_baseline
),
final as (
    select
        (select count(*) from stops) as stops,
        (select count(distinct district) from stops) as districts_visited,
        visits.visits,
        visits.popup_activations,
        cast(visits.popup_activations as double) / nullif(visits.visits, 0) as conversion_rate,
        baseline.share as national_baseline,
        (select max(date) from stg_activations) as as_of,
        (select min(start_date) from stops) as first_stop_start,
        (select (sum(eid_share_at_start * population_16plus) + sum(activations_until_start))
                / sum(population_16plus) from districts) as hamburg_uptake_start_all,
        (select (sum(eid_share_at_start * population_16plus) + sum(activations_until_latest))
                / sum(population_16plus) from districts) as hamburg_uptake_latest,
        (select count(*) from districts where uptake_latest >= baseline.share) as districts_above_baseline
    from visits
    cross join baseline
)
select * exclude (hamburg_uptake_start_all),
       case when first_stop_start is not null then hamburg_uptake_start_all end as hamburg_uptake_start
from final
