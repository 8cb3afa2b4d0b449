-- The services people were helped with at the pop-up (visits with a service_id), in [$date_from, $date_to],
-- for the selected districts' stops and the selected stops.
select service_id, service_name_de, service_name_en, count(*) as visits
from mart_visits
where service_id is not null and visit_date between $date_from and $date_to
  and (len($districts) = 0 or list_contains($districts, district))
  and (len($stops) = 0 or list_contains($stops, stop_id))
group by all
order by visits desc, service_id
