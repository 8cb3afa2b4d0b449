-- The panel of the impact estimate: district x ISO week (named by its Monday), the outcome per 10,000 residents
-- 16+. $outcome: 'activations' (eID activations of the channels citizen office and self-service: the pop-up's
-- own activations are counted directly, not estimated) or 'eid_transactions' (online transactions started with
-- the eID). Only whole ISO weeks inside the data span $first_day..$last_day (etl/sql/impact/span.sql: every row
-- of the outcome's source, whatever its channel or sign-in: citizen offices close on Sundays, and a week is not
-- partial because nobody used one channel on its last day); a district-week without any row is missing (NULL),
-- never 0.
with activations as (
    select date, district, activations as value
    from mart_activations_daily
    where channel in ('citizen_office', 'self_service')
),
transactions as (
    select date, district, started as value
    from mart_service_usage_daily
    where auth_method = 'eid'
),
outcome as (
    select * from activations where $outcome = 'activations'
    union all
    select * from transactions where $outcome = 'eid_transactions'
),
span as (
    select cast($first_day as date) as first_day, cast($last_day as date) as last_day
),
whole_weeks as (
    -- the first Monday on or after the first day, to the last Sunday on or before the last day
    select cast(first_day + cast((8 - isodow(first_day)) % 7 as integer) as date) as first_monday,
           cast(last_day - cast(isodow(last_day) % 7 as integer) as date) as last_sunday,
           first_day, last_day
    from span
),
weeks as (
    select cast(unnest(generate_series(first_monday, last_sunday - 6, interval 7 day)) as date) as week
    from whole_weeks
    where last_sunday - 6 >= first_monday
),
weekly as (
    select cast(date_trunc('week', date) as date) as week, district, sum(value) as value
    from outcome
    group by all
),
districts as (
    select district_id, district, population_16plus from stg_districts
),
final as (
    select districts.district_id, districts.district, districts.population_16plus, weeks.week,
           per_10000(weekly.value, districts.population_16plus) as outcome_per_10000
    from districts
    cross join weeks
    left join weekly on weekly.district = districts.district and weekly.week = weeks.week
)
select * from final
order by district_id, week
