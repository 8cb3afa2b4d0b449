-- Per input kind: how many files were loaded, when last, and up to which day its data reaches.
with kinds as (
    select * from unnest(['stops', 'visits', 'activations', 'service_usage', 'districts']) with ordinality
        as k(kind, position)
),
loads as (
    select kind, count(*) as files, max(loaded_at) as last_loaded_at
    from load_log
    where status = 'loaded'
    group by kind
)
select kinds.kind, coalesce(loads.files, 0) as files, loads.last_loaded_at, freshness.latest_data
from kinds
left join loads on loads.kind = kinds.kind
left join mart_freshness freshness on freshness.kind = kinds.kind
order by kinds.position
