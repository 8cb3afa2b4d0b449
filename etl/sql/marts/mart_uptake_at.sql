-- parameters: on_day
-- Estimated eID uptake of every district on one day (KPIS.md): the uptake mart's row of that day, or of its last
-- day when the day lies after it; before the first day with activation data A = 0, so uptake = s0.
with districts as (
    select * from mart_district_kpis
),
that_day as (
    select district, activations_cumulative
    from mart_uptake_daily
    where date = (select max(date) from mart_uptake_daily where date <= on_day)
),
final as (
    select districts.district_id, districts.district, districts.population_16plus, districts.eid_share_at_start,
           coalesce(that_day.activations_cumulative, 0) as activations_cumulative,
           uptake(districts.eid_share_at_start, coalesce(that_day.activations_cumulative, 0),
                  districts.population_16plus) as uptake
    from districts
    left join that_day on that_day.district = districts.district
)
select * from final
order by district_id
