-- The panel of the impact estimate: district x ISO week (its Monday), one outcome per 10,000 residents 16+.
-- $outcome: 'activations' (eID activations of all channels) or 'eid_transactions' (online transactions
-- started with the eID). Every week from the first to the last week with data of that outcome, for every
-- district (0 where a district has no rows that week). cohort_week: the week of the district's first stop.
with activations as (
    select cast(date_trunc('week', date) as date) as week, district, sum(activations) as value
    from mart_activations_daily
    group by all
),
transactions as (
    select cast(date_trunc('week', date) as date) as week, district, sum(started) as value
    from mart_service_usage_daily
    where auth_method = 'eid'
    group by all
),
outcome as (
    select * from activations where $outcome = 'activations'
    union all
    select * from transactions where $outcome = 'eid_transactions'
),
weeks as (
    select cast(unnest(generate_series(min(week), max(week), interval 7 day)) as date) as week from outcome
),
districts as (
    select district_id, district, population_16plus from stg_districts
),
cohorts as (
    select district, cast(date_trunc('week', min(start_date)) as date) as cohort_week
    from stg_stops
    group by district
),
final as (
    select districts.district_id, districts.district, districts.population_16plus, weeks.week,
           cohorts.cohort_week,
           per_10000(coalesce(outcome.value, 0), districts.population_16plus) as outcome_per_10000
    from districts
    cross join weeks
    left join outcome on outcome.district = districts.district and outcome.week = weeks.week
    left join cohorts on cohorts.district = districts.district
)
select * from final
order by district_id, week
