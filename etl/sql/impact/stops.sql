-- The stops of the impact estimate: every stop with its district and dates, and the pop-up's own eID activations
-- at the stop with the KPI's one definition (KPIS.md `popup_activations`: the stop's visits with outcome
-- `eid_activated`, from mart_stop_kpis, whatever the visitor's district of residence), and of the stop's
-- district's residents among them (the visit log's resident_district; a visit without one is not counted as the
-- district's). A stop without any visit in the log has no pop-up count (NULL), not 0. And the stop's cost
-- (the stops file's cost_eur; NULL where unknown) for the cost per extra activation.
with stops as (
    select stop_id, district, start_date, end_date, popup_activations, visits, cost_eur
    from mart_stop_kpis(follow_up_days := $follow_up_days)  -- the pop-up count does not depend on it
),
own as (
    select visits.stop_id, count(*) as direct_own_district
    from stg_visits as visits
    join stg_stops on stg_stops.stop_id = visits.stop_id
    where visits.outcome = 'eid_activated' and visits.resident_district = stg_stops.district
    group by visits.stop_id
),
final as (
    select stops.stop_id, stops.district, stops.start_date, stops.end_date,
           stops.popup_activations as direct_activations,
           coalesce(own.direct_own_district, 0) as direct_own_district,
           stops.visits > 0 as has_popup_counts,
           stops.cost_eur
    from stops
    left join own on own.stop_id = stops.stop_id
)
select * from final
order by start_date, stop_id
