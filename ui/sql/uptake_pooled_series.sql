-- Estimated eID uptake of the selected districts together (all of them: Hamburg) over [$date_from, $date_to].
select date, pooled_uptake(eid_share_at_start, activations_cumulative, population_16plus) as uptake
from mart_uptake_series($date_from, $date_to, $weekly)
where len($districts) = 0 or list_contains($districts, district)
group by date
order by date
