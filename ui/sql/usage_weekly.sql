-- Online transactions started and completed per ISO week (its Monday) and sign-in method, in
-- [$date_from, $date_to], by residents of the selected districts, and per day of the week that lies in the period.
-- is_whole_week: all seven days of the week lie in the period and in the data (a partial week at either edge
-- would look like a drop).
with daily as (
    select date, auth_method, sum(started) as started, sum(completed) as completed
    from mart_service_usage_daily
    where date between $date_from and $date_to
      and (len($districts) = 0 or list_contains($districts, district))
    group by all
),
span as (
    select greatest(cast($date_from as date), min(date)) as first_day,
           least(cast($date_to as date), max(date)) as last_day
    from mart_service_usage_daily
),
days_in_week as (
    select cast(date_trunc('week', day) as date) as week, count(*) as days
    from span, generate_series(span.first_day, span.last_day, interval 1 day) as g(day)
    group by all
),
final as (
    select cast(date_trunc('week', daily.date) as date) as week, auth_method, sum(started) as started,
           sum(completed) as completed, ratio(sum(started), any_value(days_in_week.days)) as started_per_day,
           any_value(days_in_week.days) = 7 as is_whole_week
    from daily
    join days_in_week on days_in_week.week = cast(date_trunc('week', daily.date) as date)
    group by all
)
select * from final
order by week, auth_method
