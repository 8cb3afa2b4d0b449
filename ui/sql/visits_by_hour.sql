-- Visits of one stop by ISO weekday (1 = Monday) and hour of the day, in [$date_from, $date_to].
select isodow(visited_at) as weekday, hour(visited_at) as hour, count(*) as visits
from stg_visits
where stop_id = $stop_id and visit_date between $date_from and $date_to
group by all
order by weekday, hour
