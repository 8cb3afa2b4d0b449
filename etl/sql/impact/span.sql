-- The outcome's data span and the whole ISO weeks in it (etl/sql/impact/panel.sql), for the warnings about
-- the partial first and last weeks that are left out.
with outcome as (
    select date from mart_activations_daily where $outcome = 'activations'
    union all
    select date from mart_service_usage_daily where $outcome = 'eid_transactions'
)
select min(date) as first_day, max(date) as last_day from outcome
