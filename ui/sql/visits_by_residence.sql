-- Visits of one stop by the visitor's district of residence (NULL: not recorded), over the whole stop (a fixed unit:
-- disclosure control, etl/disclosure.py).
select visits.resident_district, districts.district_id, count(*) as visits
from stg_visits visits
left join stg_districts districts on districts.district = visits.resident_district
where visits.stop_id = $stop_id
group by all
order by district_id nulls last
