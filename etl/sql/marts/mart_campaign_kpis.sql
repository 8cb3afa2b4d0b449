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
pooled as (
    select pooled_uptake(eid_share_at_start, activations_until_start, population_16plus) as uptake_start,
           pooled_uptake(eid_share_at_start, activations_until_latest, population_16plus) as uptake_latest
    from districts
),
final as (
    select
        (select count(*) from stops) as stops,
        (select count(distinct district) from stops) as districts_visited,
        visits.visits,
        visits.popup_activations,
        conversion_rate(visits.popup_activations, visits.visits) as conversion_rate,
        baseline.share as national_baseline,
        (select max(date) from stg_activations) as as_of,
        case when (select count(*) from stops) > 0 then pooled.uptake_start end as hamburg_uptake_start,
        pooled.uptake_latest as hamburg_uptake_latest,
        (select count(*) from districts where uptake_latest >= baseline.share) as districts_above_baseline
    from visits
    cross join baseline
    cross join pooled
)
select * from final
