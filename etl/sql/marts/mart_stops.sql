-- The stops with what pages need beside them: the district's residents 16+, opening hours per day, open days,
-- whether a visit log was loaded for the stop (a stop without one is left out of cost per activation and of
-- rankings), and its visits and pop-up activations per open day, per 1,000 residents 16+ of its district and
-- per opening hour (the comparison's normalisations).
with stops as (
    select * from stg_stops
),
districts as (
    select district, district_id, population_16plus from stg_districts
),
open_days as (
    select stop_id, count(*) filter (where is_open) as open_days
    from mart_stop_days
    group by stop_id
),
visits as (
    select stop_id, count(*) as visits, count(*) filter (where outcome = 'eid_activated') as popup_activations,
           count(satisfaction) as satisfaction_ratings
    from stg_visits
    group by stop_id
),
joined as (
    select stops.stop_id, stops.district, districts.district_id, stops.venue, stops.start_date, stops.end_date,
           stops.opening_time, stops.closing_time, stops.cost_eur, districts.population_16plus,
           opening_hours(stops.opening_time, stops.closing_time) as hours_per_day,
           coalesce(open_days.open_days, 0) as open_days,
           visits.stop_id is not null as has_visits,
           coalesce(visits.satisfaction_ratings, 0) as satisfaction_ratings,
           case when visits.stop_id is not null then visits.visits end as visits,
           case when visits.stop_id is not null then visits.popup_activations end as popup_activations
    from stops
    join districts on districts.district = stops.district
    left join open_days on open_days.stop_id = stops.stop_id
    left join visits on visits.stop_id = stops.stop_id
),
final as (
    select *,
           visits_per_open_day(visits, open_days) as visits_per_open_day,
           visits_per_open_day(popup_activations, open_days) as popup_activations_per_open_day,
           per_1000(visits, population_16plus) as visits_per_1000,
           per_1000(popup_activations, population_16plus) as popup_activations_per_1000,
           ratio(visits, open_days * hours_per_day) as visits_per_hour,
           ratio(popup_activations, open_days * hours_per_day) as popup_activations_per_hour
    from joined
)
select * from final
order by start_date, stop_id
