-- Visits of one stop by the visitor's district of residence (NULL: not recorded), in [$date_from, $date_to].
select visits.resident_district, districts.district_id, count(*) as visits
from stg_visits visits
left join stg_districts districts on districts.district = visits.resident_district
where visits.stop_id = $stop_id and visits.visit_date between $date_from and $date_to
group by all
order by district_id nulls last
