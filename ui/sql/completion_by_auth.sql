-- Completion rate per sign-in method in [$date_from, $date_to] (selected districts).
select auth_method, sum(started) as started, sum(completed) as completed,
       completion_rate(sum(completed), sum(started)) as completion_rate
from mart_service_usage_daily
where date between $date_from and $date_to
  and (len($districts) = 0 or list_contains($districts, district))
group by auth_method
order by auth_method
