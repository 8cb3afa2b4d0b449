-- Daily eID activations per district (of residence) and channel.
-- Filters: date in [$date_from, $date_to], district, channel; a stop filter keeps the days of the chosen
-- stops in their districts (an empty list means no filter).
with activations as (
    select * from mart_activations_daily
),
chosen_stops as (
    select * from mart_stops where list_contains($stops, stop_id)
),
final as (
    select date, district, channel, activations
    from activations
    where date between $date_from and $date_to
      and (len($districts) = 0 or list_contains($districts, district))
      and (len($channels) = 0 or list_contains($channels, channel))
      and (len($stops) = 0 or exists (
          select 1 from chosen_stops s
          where s.district = activations.district and activations.date between s.start_date and s.end_date))
)
select * from final
order by date, district, channel
