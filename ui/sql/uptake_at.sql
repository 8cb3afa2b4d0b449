-- Estimated eID uptake (KPIS.md) on day $day for each selected district, and for the selection together
-- (district 'Σ'): sum of (s0 * P + A) over sum of P.
with districts as (
    select * from stg_districts
    where len($districts) = 0 or list_contains($districts, district)
),
cumulative as (
    select district, sum(activations) as activations
    from stg_activations
    where date <= $day
    group by district
),
by_district as (
    select districts.district_id, districts.district, districts.population_16plus, districts.eid_share_at_start,
           coalesce(cumulative.activations, 0) as activations_cumulative
    from districts
    left join cumulative on cumulative.district = districts.district
),
final as (
    select district_id, district, population_16plus,
           eid_share_at_start + cast(activations_cumulative as double) / population_16plus as uptake
    from by_district
    union all
    select '99', 'Σ', sum(population_16plus),
           (sum(eid_share_at_start * population_16plus) + sum(activations_cumulative)) / sum(population_16plus)
    from by_district
)
select * from final
order by district_id
