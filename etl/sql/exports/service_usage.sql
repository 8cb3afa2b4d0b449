-- Daily online-service transactions per district, service and authentication method.
-- Filters: date in [$date_from, $date_to], district, service, authentication method (the channel filter); a
-- stop filter keeps the days of the chosen stops in their districts (an empty list means no filter).
with usage as (
    select * from mart_service_usage_daily
),
chosen_stops as (
    select * from mart_stops where list_contains($stops, stop_id)
),
final as (
    select date, district, service_id, service_name_de, service_name_en, category_de, category_en,
           auth_method, started, completed
    from usage
    where date between $date_from and $date_to
      and (len($districts) = 0 or list_contains($districts, district))
      and (len($services) = 0 or list_contains($services, service_id))
      and (len($channels) = 0 or list_contains($channels, auth_method))
      and (len($stops) = 0 or exists (
          select 1 from chosen_stops s
          where s.district = usage.district and usage.date between s.start_date and s.end_date))
)
select * from final
order by date, district, service_id, auth_method
