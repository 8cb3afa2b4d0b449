-- Visits as analysts download them: one row per consultation, with its stop and the service's name.
-- Filters: visit date in [$date_from, $date_to], the stop's district, stop, service, topic, outcome
-- (an empty list means no filter).
with visits as (
    select * from mart_visits
),
final as (
    select visit_id, stop_id, venue, district, visited_at, topic, outcome, service_id, service_name_de,
           service_name_en, age_band, resident_district, satisfaction, duration_min
    from visits
    where visit_date between $date_from and $date_to
      and (len($districts) = 0 or list_contains($districts, district))
      and (len($stops) = 0 or list_contains($stops, stop_id))
      and (len($services) = 0 or list_contains($services, service_id))
      and (len($topics) = 0 or list_contains($topics, topic))
      and (len($outcomes) = 0 or list_contains($outcomes, outcome))
)
select * from final
order by visited_at, visit_id
