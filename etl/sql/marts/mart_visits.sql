-- One row per consultation, with its stop's venue and district, the service's names, and the local day, ISO
-- weekday (1 = Monday) and hour of the visit.
with visits as (
    select * from stg_visits
),
stops as (
    select stop_id, venue, district from stg_stops
),
services as (
    select * from ref_services
),
final as (
    select
        visits.visit_id, visits.stop_id, stops.venue, stops.district, visits.visited_at, visits.visit_date,
        isodow(visits.visited_at) as weekday, hour(visits.visited_at) as hour, visits.topic, visits.outcome,
        visits.service_id, coalesce(services.name_de, visits.service_id) as service_name_de,
        coalesce(services.name_en, visits.service_id) as service_name_en, visits.age_band,
        visits.resident_district, visits.satisfaction, visits.duration_min
    from visits
    join stops on stops.stop_id = visits.stop_id
    left join services on services.service_id = visits.service_id
)
select * from final
