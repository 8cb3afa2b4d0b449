-- Visits of one stop by ISO weekday (1 = Monday) and hour of the day, over the whole stop (a fixed unit:
-- disclosure control, etl/disclosure.py).
select weekday, hour, count(*) as visits
from mart_visits
where stop_id = $stop_id
group by all
order by weekday, hour
