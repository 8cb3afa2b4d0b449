-- Consultations at the pop-up, as loaded (visited_at is local time in Europe/Berlin).
with source as (
    select * from raw_visits
),
final as (
    select
        visit_id, stop_id, visited_at, cast(visited_at as date) as visit_date, topic, outcome, service_id,
        age_band, resident_district, satisfaction, duration_min
    from source
)
select * from final
