-- materialized: table
-- Daily eID activations per district and channel (the loaded rows are unique by that key already).
-- The activation counts per day, district of residence and channel. Every model that reads activations reads
-- them through this mart, so that its copy in the published schema (etl/publication.py) reads the perturbed ones.
with activations as (
    select * from stg_activations
),
final as (
    select date, district, channel, activations
    from activations
)
select * from final
