-- Estimated eID uptake of the selected districts together (all of them: Hamburg) on day $day.
select pooled_uptake(eid_share_at_start, activations_cumulative, population_16plus) as uptake
from mart_uptake_at($day)
where len($districts) = 0 or list_contains($districts, district)
