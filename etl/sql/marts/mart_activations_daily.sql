-- materialized: table
-- Daily eID activations per district and channel (the loaded rows are unique by that key already).
with activations as (
    select * from stg_activations
),
final as (
    select date, district, channel, activations
    from activations
)
select * from final
