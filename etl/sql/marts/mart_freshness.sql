-- Per input kind: up to which day its data reaches.
with latest as (
    select 'stops' as kind, max(end_date) as latest_data from stg_stops
    union all select 'visits', max(visit_date) from stg_visits
    union all select 'activations', max(date) from stg_activations
    union all select 'service_usage', max(date) from stg_service_usage
    union all select 'districts', cast(null as date)
),
final as (
    select * from latest
)
select * from final
