-- Daily eID activations per district (of residence), all channels together: what every role may download.
-- (Per channel, the pop-up's share by district of residence is a visitor attribute: etl/sql/exports/activations.sql
-- is for analysts.) Filters: date in [$date_from, $date_to], district; a stop filter keeps the days of the chosen
-- stops in their districts (an empty list means no filter).
with activations as (
    select date, district, sum(activations) as activations
    from mart_activations_daily
    group by date, district
),
chosen_stops as (
    select * from mart_stops where list_contains($stops, stop_id)
),
final as (
    select date, district, activations
    from activations
    where date between $date_from and $date_to
      and (len($districts) = 0 or list_contains($districts, district))
      and (len($stops) = 0 or exists (
          select 1 from chosen_stops s
          where s.district = activations.district and activations.date between s.start_date and s.end_date))
)
select * from final
order by date, district
