-- materialized: table
-- Estimated eID uptake per district and for Hamburg on every day with activation data (KPIS.md):
-- uptake(d, t) = s0(d) + A(d, t) / P(d);  Hamburg: sum_d (s0(d) * P(d) + A(d, t)) / sum_d P(d).
with activations as (
    select date, district, sum(activations) as activations
    from stg_activations
    group by date, district
),
districts as (
    select * from stg_districts
),
calendar as (
    select cast(unnest(generate_series(min(date), max(date), interval 1 day)) as date) as date
    from activations
),
daily as (
    select calendar.date, districts.district, districts.district_id, districts.population_16plus,
           districts.eid_share_at_start, coalesce(activations.activations, 0) as activations
    from calendar
    cross join districts
    left join activations on activations.date = calendar.date and activations.district = districts.district
),
cumulative as (
    select *,
           sum(activations) over (partition by district order by date rows unbounded preceding)
               as activations_cumulative
    from daily
),
by_district as (
    select date, district_id, district, population_16plus, eid_share_at_start, activations, activations_cumulative,
           eid_share_at_start + cast(activations_cumulative as double) / population_16plus as uptake
    from cumulative
),
hamburg as (
    select date, '00' as district_id, 'Hamburg' as district,
           sum(population_16plus) as population_16plus,
           sum(eid_share_at_start * population_16plus) / sum(population_16plus) as eid_share_at_start,
           sum(activations) as activations,
           sum(activations_cumulative) as activations_cumulative,
           (sum(eid_share_at_start * population_16plus) + sum(activations_cumulative))
               / sum(population_16plus) as uptake
    from cumulative
    group by date
),
final as (
    select * from by_district
    union all by name
    select * from hamburg
)
select * from final
