-- eID activations per day, district of residence and channel, as loaded.
with source as (
    select * from raw_activations
),
final as (
    select date, district, channel, activations
    from source
)
select * from final
