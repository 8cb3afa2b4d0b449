-- Visits, pop-up activations and cost per activation in [$date_from, $date_to], for the selected districts and
-- stops. A stop's cost counts in proportion to its open days in the period; only stops with a cost and a loaded
-- visit log count towards cost per activation (a stop without visit data would divide its cost by the other
-- stops' activations).
with stops as (
    select * from mart_stops
    where (len($districts) = 0 or list_contains($districts, district))
      and (len($stops) = 0 or list_contains($stops, stop_id))
),
visits as (
    select visits.outcome, stops.cost_eur, stops.has_visits
    from mart_visits visits
    join stops on stops.stop_id = visits.stop_id
    where visits.visit_date between $date_from and $date_to
),
costed_stops as (
    select stops.stop_id, stops.cost_eur, stops.open_days,
           count(*) filter (where days.is_open and days.day between $date_from and $date_to) as open_days_in_period
    from stops
    join mart_stop_days days on days.stop_id = stops.stop_id
    where stops.cost_eur is not null and stops.has_visits
    group by all
),
totals as (
    select
        (select count(*) from visits) as visits,
        (select count(*) from visits where outcome = 'eid_activated') as popup_activations,
        (select sum(cost_share(cost_eur, open_days_in_period, open_days)) from costed_stops) as cost_eur,
        (select count(*) from visits where outcome = 'eid_activated' and cost_eur is not null) as costed_activations
),
final as (
    select *, conversion_rate(popup_activations, visits) as conversion_rate,
           cost_per_activation(cost_eur, costed_activations) as cost_per_activation
    from totals
)
select * from final
