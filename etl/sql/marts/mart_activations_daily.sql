-- materialized: table
-- Daily eID activations per district and channel.
with activations as (
    select * from stg_activations
),
final as (
    select date, district, channel, sum(activations) as activations
    from activations
    group by date, district, channel
)
select * from final
