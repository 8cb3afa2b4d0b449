-- Per stop: eID activations in the visit log against the 'popup' channel of the activation counts over the
-- stop's days (all districts, since the counts are by district of residence). The exact counts for every role
-- (main., not the published schema: docs/DISCLOSURE.md): a stop's pop-up total is the impact page's counted
-- figure anyway, and perturbed counts would show differences that are not in the data.
with stops as (
    select * from mart_stops
    where (len($districts) = 0 or list_contains($districts, district))
      and (len($stops) = 0 or list_contains($stops, stop_id))
),
logged as (
    select stop_id, count(*) filter (where outcome = 'eid_activated') as in_visit_log
    from mart_visits
    group by stop_id
),
counted as (
    select stops.stop_id, coalesce(sum(activations.activations), 0) as in_counts
    from stops
    left join main.mart_activations_daily activations
        on activations.channel = 'popup' and activations.date between stops.start_date and stops.end_date
    group by stops.stop_id
),
final as (
    select stops.stop_id, stops.venue, stops.district, stops.start_date, stops.end_date,
           coalesce(logged.in_visit_log, 0) as in_visit_log, counted.in_counts,
           counted.in_counts - coalesce(logged.in_visit_log, 0) as difference
    from stops
    join counted on counted.stop_id = stops.stop_id
    left join logged on logged.stop_id = stops.stop_id
)
select * from final
order by start_date, stop_id
