-- Estimated eID uptake of each selected district on day $day.
select district_id, district, population_16plus, uptake
from mart_uptake_at($day)
where len($districts) = 0 or list_contains($districts, district)
