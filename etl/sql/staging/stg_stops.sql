-- Stops of the pop-up, as loaded.
with source as (
    select * from raw_stops
),
final as (
    select stop_id, district, venue, start_date, end_date, opening_time, closing_time, cost_eur
    from source
)
select * from final
