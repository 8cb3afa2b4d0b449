-- What every page needs to know about the warehouse: the span of its data, the latest activation day,
-- whether it holds demo data, the last load and the national baseline.
with spans as (
    select min(date) as first_day, max(date) as last_day from stg_activations
    union all select min(date), max(date) from stg_service_usage
    union all select min(visit_date), max(visit_date) from stg_visits
    union all select min(start_date), max(end_date) from stg_stops
),
final as (
    select
        (select min(first_day) from spans) as data_start,
        (select max(last_day) from spans) as data_end,
        (select max(date) from stg_activations) as as_of,
        (select count(*) > 0 from warehouse_info where key = 'demo') as is_demo,
        (select max(loaded_at) from load_log where status = 'loaded') as last_loaded_at,
        (select share from ref_baseline) as baseline,
        (select source from ref_baseline) as baseline_source
)
select * from final
