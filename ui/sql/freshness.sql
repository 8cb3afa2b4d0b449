-- Per input kind: how many files were loaded, when last, and up to which day its data reaches.
with kinds as (
    select * from (values ('stops', 1), ('visits', 2), ('activations', 3), ('service_usage', 4), ('districts', 5))
        as k(kind, position)
),
loads as (
    select kind, count(*) as files, max(loaded_at) as last_loaded_at
    from load_log
    where status = 'loaded'
    group by kind
),
latest as (
    select 'stops' as kind, max(end_date) as latest_data from stg_stops
    union all select 'visits', max(visit_date) from stg_visits
    union all select 'activations', max(date) from stg_activations
    union all select 'service_usage', max(date) from stg_service_usage
    union all select 'districts', null
)
select kinds.kind, coalesce(loads.files, 0) as files, loads.last_loaded_at, latest.latest_data
from kinds
left join loads on loads.kind = kinds.kind
left join latest on latest.kind = kinds.kind
order by kinds.position
