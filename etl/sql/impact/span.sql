-- The data span of the outcome's source: the first and last day of any row of the activations (every channel)
-- or of the online services (every sign-in). The panel takes the whole ISO weeks inside it
-- (etl/sql/impact/panel.sql); the partial first and last weeks are left out, with a warning.
with outcome as (
    select date from mart_activations_daily where $outcome = 'activations'
    union all
    select date from mart_service_usage_daily where $outcome = 'eid_transactions'
)
select min(date) as first_day, max(date) as last_day from outcome
