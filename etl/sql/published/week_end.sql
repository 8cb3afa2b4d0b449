-- The end (a Sunday) of the last complete ISO week of the measured data — visits and activations; planned stops
-- and their future end dates do not count — up to which roles below analyst are given counts of people
-- (etl/publication.py, ui/data/published.py): a daily load moves it once a week.
create or replace table published.week_end as
with last_day as (
    select max(day) as day
    from (
        select max(visit_date) as day from main.stg_visits
        union all
        select max(date) from main.mart_activations_daily
    )
)
select cast(day - cast(isodow(day) % 7 as integer) as date) as until
from last_day
