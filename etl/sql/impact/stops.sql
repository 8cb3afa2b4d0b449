-- The stops of the impact estimate: every stop with its district and dates, and the pop-up's own eID activations
-- over the stop's days (the channel popup, whatever the district of residence) and of the stop's district's
-- residents among them.
with stops as (
    select * from stg_stops
),
popup as (
    select date, district, activations from mart_activations_daily where channel = 'popup'
),
final as (
    select stops.stop_id, stops.district, stops.start_date, stops.end_date,
           sum(popup.activations) as direct_activations,
           coalesce(sum(popup.activations) filter (where popup.district = stops.district), 0)
               as direct_own_district,
           count(popup.date) > 0 as has_popup_counts
    from stops
    left join popup on popup.date between stops.start_date and stops.end_date
    group by all
)
select * from final
order by start_date, stop_id
