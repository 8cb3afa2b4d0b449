-- parameters: date_from, date_to, weekly
-- The uptake mart's rows in [date_from, date_to]: every day, or with `weekly` the last day of each week in the
-- period only (charts of long periods stay small).
with daily as (
    select * from mart_uptake_daily
    where date between date_from and date_to
),
final as (
    select * from daily
    where not weekly or date = least(cast(date_trunc('week', date) as date) + 6, cast(date_to as date))
)
select * from final
