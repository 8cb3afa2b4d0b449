-- Visits, pop-up activations and the stops' cost in [$date_from, $date_to], for the selected districts and
-- stops. A stop's cost counts in proportion to its open days (Monday to Saturday without holidays) in the period.
with stops as (
    select * from stg_stops
    where (len($districts) = 0 or list_contains($districts, district))
      and (len($stops) = 0 or list_contains($stops, stop_id))
),
visits as (
    select visits.*, stops.cost_eur
    from stg_visits visits
    join stops on stops.stop_id = visits.stop_id
    where visits.visit_date between $date_from and $date_to
),
days as (
    select stops.stop_id, stops.cost_eur, cast(days.day as date) as day,
           isodow(days.day) <= 6 and holidays.date is null as is_open
    from stops, generate_series(stops.start_date, stops.end_date, interval 1 day) as days(day)
    left join ref_holidays holidays on holidays.date = cast(days.day as date)
),
cost as (
    select stop_id, any_value(cost_eur) as cost_eur,
           count(*) filter (where is_open) as open_days,
           count(*) filter (where is_open and day between $date_from and $date_to) as open_days_in_period
    from days
    group by stop_id
),
final as (
    select
        (select count(*) from visits) as visits,
        (select count(*) from visits where outcome = 'eid_activated') as popup_activations,
        (select sum(cost_eur * open_days_in_period / open_days) from cost
         where cost_eur is not null and open_days > 0) as cost_eur,
        (select count(*) from visits where outcome = 'eid_activated' and cost_eur is not null) as costed_activations
)
select * from final
