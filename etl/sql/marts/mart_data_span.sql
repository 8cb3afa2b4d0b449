-- The span of the loaded data (first and last day over every input) and the last day with activation data.
with spans as (
    select min(date) as first_day, max(date) as last_day from stg_activations
    union all select min(date), max(date) from stg_service_usage
    union all select min(visit_date), max(visit_date) from stg_visits
    union all select min(start_date), max(end_date) from stg_stops
),
final as (
    select min(first_day) as data_start, max(last_day) as data_end,
           (select max(date) from stg_activations) as as_of
    from spans
)
select * from final
