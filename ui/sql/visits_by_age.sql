-- Visits of one stop by age band (NULL: not recorded), over the whole stop (a fixed unit:
-- disclosure control, etl/disclosure.py).
select age_band, count(*) as visits
from mart_visits
where stop_id = $stop_id
group by all
order by age_band nulls last
