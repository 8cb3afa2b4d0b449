-- Estimated eID uptake per selected district over [$date_from, $date_to] (every day, or weekly: see the mart).
select date, district_id, district, uptake
from mart_uptake_series($date_from, $date_to, $weekly)
where len($districts) = 0 or list_contains($districts, district)
order by district_id, date
