-- materialized: table
-- Every day of every stop, and whether the pop-up was open that day (KPIS.md, open_days).
with stops as (
    select * from stg_stops
),
holidays as (
    select date from ref_holidays
),
days as (
    select stops.stop_id, stops.district, cast(series.day as date) as day
    from stops, generate_series(stops.start_date, stops.end_date, interval 1 day) as series(day)
),
final as (
    select days.stop_id, days.district, days.day, is_open_day(days.day, holidays.date is not null) as is_open
    from days
    left join holidays on holidays.date = days.day
)
select * from final
