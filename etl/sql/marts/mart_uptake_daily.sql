-- materialized: table
-- Estimated eID uptake per district on every day from the first to the last day with activation data
-- (KPIS.md): uptake(d, t) = s0(d) + A(d, t) / P(d), with A(d, t) the activations of all channels up to t.
-- Several districts together: pooled_uptake over these rows (etl/sql/macros.sql).
with activations as (
    select date, district, sum(activations) as activations
    from mart_activations_daily
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
final as (
    select date, district_id, district, population_16plus, eid_share_at_start, activations, activations_cumulative,
           uptake(eid_share_at_start, activations_cumulative, population_16plus) as uptake
    from cumulative
)
select * from final
