-- Online transactions started and completed per ISO week (its Monday) and sign-in method, in
-- [$date_from, $date_to], by residents of the selected districts; also per day of the week that lies in the
-- period, so that a period that starts or ends mid-week shows no dip.
with daily as (
    select date, auth_method, sum(started) as started, sum(completed) as completed
    from mart_service_usage_daily
    where date between $date_from and $date_to
      and (len($districts) = 0 or list_contains($districts, district))
    group by all
),
days_in_week as (
    select cast(date_trunc('week', day) as date) as week, count(*) as days
    from generate_series(cast($date_from as date), cast($date_to as date), interval 1 day) as g(day)
    group by all
),
final as (
    select cast(date_trunc('week', daily.date) as date) as week, auth_method, sum(started) as started,
           sum(completed) as completed, ratio(sum(started), any_value(days_in_week.days)) as started_per_day
    from daily
    join days_in_week on days_in_week.week = cast(date_trunc('week', daily.date) as date)
    group by all
)
select * from final
order by week, auth_method
