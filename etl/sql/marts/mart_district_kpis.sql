-- Per district: residents 16+, uptake on the day before the first stop starts, and at the last date with
-- activation data (as_of). A(d, t) for a day before all data is 0.
with districts as (
    select * from stg_districts
),
activations as (
    select date, district, sum(activations) as activations
    from mart_activations_daily
    group by date, district
),
moments as (
    select (select min(start_date) - 1 from stg_stops) as start_day,
           (select max(date) from stg_activations) as as_of
),
cumulative as (
    select districts.district,
           coalesce(sum(activations.activations) filter (where activations.date <= moments.start_day), 0)
               as activations_until_start,
           coalesce(sum(activations.activations) filter (where activations.date <= moments.as_of), 0)
               as activations_until_latest
    from districts
    cross join moments
    left join activations on activations.district = districts.district
    group by districts.district
),
final as (
    select
        districts.district_id, districts.district, districts.population_16plus, districts.eid_share_at_start,
        case when moments.start_day is not null then
            uptake(districts.eid_share_at_start, cumulative.activations_until_start, districts.population_16plus)
        end as uptake_start,
        uptake(districts.eid_share_at_start, cumulative.activations_until_latest, districts.population_16plus)
            as uptake_latest,
        cumulative.activations_until_start,
        cumulative.activations_until_latest
    from districts
    join cumulative on cumulative.district = districts.district
    cross join moments
)
select * from final
order by district_id
