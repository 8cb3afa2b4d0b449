-- Visits of one stop by the visitor's district of residence (NULL: not recorded), over the whole stop (a fixed
-- unit: disclosure control, etl/disclosure.py).
select resident_district, count(*) as visits
from mart_visits
where stop_id = $stop_id
group by all
