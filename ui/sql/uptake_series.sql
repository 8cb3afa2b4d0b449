-- Estimated eID uptake per selected district and for the selection together ('Σ') over [$date_from, $date_to],
-- one point per day, or per week ($weekly: the last day of each week in the period) to keep charts small.
with daily as (
    select * from mart_uptake_daily
    where date between $date_from and $date_to and district <> 'Hamburg'
      and (len($districts) = 0 or list_contains($districts, district))
),
kept as (
    select * from daily
    where not $weekly or date = least(cast(date_trunc('week', date) as date) + 6, cast($date_to as date))
),
selection as (
    select date, '99' as district_id, 'Σ' as district,
           (sum(eid_share_at_start * population_16plus) + sum(activations_cumulative)) / sum(population_16plus)
               as uptake
    from kept
    group by date
),
final as (
    select date, district_id, district, uptake from kept
    union all
    select * from selection
)
select * from final
order by district_id, date
