-- parameters: follow_up_days := 28
-- Every stop KPI of KPIS.md, one row per stop. For a stop in district d from day a to day e (L days):
-- A(d, t) are the activations of all channels with date <= t; F = follow_up_days.
with stops as (
    select * from stg_stops
),
districts as (
    select district, population_16plus, eid_share_at_start from stg_districts
),
activations as (
    select date, district, sum(activations) as activations
    from mart_activations_daily
    group by date, district
),
usage as (
    select date, district,
           sum(started) as started,
           sum(started) filter (where auth_method = 'eid') as eid_started,
           sum(completed) as completed
    from stg_service_usage
    group by date, district
),
data_end as (
    select max(date) as as_of from stg_activations
),
visits as (
    select stop_id,
           count(*) as visits,
           count(*) filter (where outcome = 'eid_activated') as popup_activations,
           avg(satisfaction) as avg_satisfaction
    from stg_visits
    group by stop_id
),
windows as (
    select stops.*, districts.population_16plus, districts.eid_share_at_start,
           cast(stops.end_date - stops.start_date + 1 as integer) as length_days,
           cast(follow_up_days as integer) as follow_up,
           least(stops.end_date + cast(follow_up_days as integer), data_end.as_of) as after_date
    from stops
    join districts on districts.district = stops.district
    cross join data_end
),
open_days as (
    select stop_id, count(*) filter (where is_open) as open_days
    from mart_stop_days
    group by stop_id
),
activation_windows as (
    select windows.stop_id,
           coalesce(sum(activations.activations) filter (
               where activations.date between windows.start_date and windows.end_date), 0) as activations_during,
           coalesce(sum(activations.activations) filter (
               where activations.date between windows.start_date - windows.length_days
                                          and windows.start_date - 1), 0) as activations_before,
           coalesce(sum(activations.activations) filter (
               where activations.date <= windows.start_date - 1), 0) as cumulative_before,
           coalesce(sum(activations.activations) filter (
               where activations.date <= windows.after_date), 0) as cumulative_after
    from windows
    left join activations on activations.district = windows.district
    group by windows.stop_id
),
usage_windows as (
    select windows.stop_id,
           sum(usage.started) filter (where usage.date between windows.start_date - 28 and windows.start_date - 1)
               as started_before,
           coalesce(sum(usage.eid_started) filter (
               where usage.date between windows.start_date - 28 and windows.start_date - 1), 0) as eid_before,
           sum(usage.started) filter (where usage.date between windows.start_date and windows.end_date)
               as started_during,
           coalesce(sum(usage.eid_started) filter (
               where usage.date between windows.start_date and windows.end_date), 0) as eid_during,
           sum(usage.completed) filter (where usage.date between windows.start_date and windows.end_date)
               as completed_during,
           sum(usage.started) filter (
               where usage.date between windows.end_date + 1 and windows.end_date + windows.follow_up) as started_after,
           coalesce(sum(usage.eid_started) filter (
               where usage.date between windows.end_date + 1 and windows.end_date + windows.follow_up), 0) as eid_after
    from windows
    left join usage on usage.district = windows.district
    group by windows.stop_id
),
joined as (
    select windows.*, open_days.open_days,
           coalesce(visits.visits, 0) as visits,
           coalesce(visits.popup_activations, 0) as popup_activations,
           visits.avg_satisfaction,
           activation_windows.* exclude (stop_id),
           usage_windows.* exclude (stop_id)
    from windows
    join open_days on open_days.stop_id = windows.stop_id
    join activation_windows on activation_windows.stop_id = windows.stop_id
    join usage_windows on usage_windows.stop_id = windows.stop_id
    left join visits on visits.stop_id = windows.stop_id
),
kpis as (
    select
        stop_id, district, venue, start_date, end_date, opening_time, closing_time, cost_eur, population_16plus,
        length_days,
        open_days,
        visits,
        visits_per_open_day(visits, open_days) as visits_per_open_day,
        popup_activations,
        conversion_rate(popup_activations, visits) as conversion_rate,
        per_1000(popup_activations, population_16plus) as popup_activations_per_1000,
        activations_during,
        activations_before,
        per_1000(activations_during, population_16plus) as activations_per_1000_during,
        per_1000(activations_before, population_16plus) as activations_per_1000_before,
        uptake(eid_share_at_start, cumulative_before, population_16plus) as uptake_before,
        uptake(eid_share_at_start, cumulative_after, population_16plus) as uptake_after,
        eid_share(eid_before, started_before) as eid_share_before,
        eid_share(eid_during, started_during) as eid_share_during,
        eid_share(eid_after, started_after) as eid_share_after,
        completion_rate(completed_during, started_during) as completion_rate_during,
        avg_satisfaction,
        cost_per_activation(cost_eur, popup_activations) as cost_per_activation,
        after_date as uptake_after_date
    from joined
),
final as (
    select *, uptake_lift_pp(uptake_after, uptake_before) as uptake_lift_pp
    from kpis
)
select * from final
order by start_date, stop_id
