-- Visits as analysts download them: one row per consultation, with its stop and the service's name.
-- Filters: visit date in [$date_from, $date_to], the stop's district, stop, service, topic, outcome
-- (an empty list means no filter).
with visits as (
    select * from stg_visits
),
stops as (
    select * from stg_stops
),
services as (
    select * from ref_services
),
final as (
    select
        visits.visit_id, visits.stop_id, stops.venue, stops.district, visits.visited_at, visits.topic,
        visits.outcome, visits.service_id, coalesce(services.name_de, visits.service_id) as service_name_de,
        coalesce(services.name_en, visits.service_id) as service_name_en, visits.age_band,
        visits.resident_district, visits.satisfaction, visits.duration_min
    from visits
    join stops on stops.stop_id = visits.stop_id
    left join services on services.service_id = visits.service_id
    where visits.visit_date between $date_from and $date_to
      and (len($districts) = 0 or list_contains($districts, stops.district))
      and (len($stops) = 0 or list_contains($stops, visits.stop_id))
      and (len($services) = 0 or list_contains($services, visits.service_id))
      and (len($topics) = 0 or list_contains($topics, visits.topic))
      and (len($outcomes) = 0 or list_contains($outcomes, visits.outcome))
)
select * from final
order by visited_at, visit_id
