-- The services people were helped with at the pop-up (visits with a service_id), in [$date_from, $date_to],
-- for the selected districts' stops and the selected stops.
select visits.service_id, coalesce(services.name_de, visits.service_id) as service_name_de,
       coalesce(services.name_en, visits.service_id) as service_name_en, count(*) as visits
from stg_visits visits
join stg_stops stops on stops.stop_id = visits.stop_id
left join ref_services services on services.service_id = visits.service_id
where visits.service_id is not null and visits.visit_date between $date_from and $date_to
  and (len($districts) = 0 or list_contains($districts, stops.district))
  and (len($stops) = 0 or list_contains($stops, visits.stop_id))
group by all
order by visits desc, service_id
