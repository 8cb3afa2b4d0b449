-- Every stop KPI (KPIS.md), one row per stop (the export keeps the registry's columns). Filters: stops that overlap [$date_from, $date_to], district,
-- stop (an empty list means no filter).
with kpis as (
    select * from mart_stop_kpis(follow_up_days := $follow_up_days)
),
final as (
    select *
    from kpis
    where end_date >= $date_from and start_date <= $date_to
      and (len($districts) = 0 or list_contains($districts, district))
      and (len($stops) = 0 or list_contains($stops, stop_id))
)
select * from final
order by start_date, stop_id
