-- The seven districts with their residents 16+ and eID share at the start.
select district_id, district, population_16plus, eid_share_at_start
from mart_district_kpis
order by district_id
