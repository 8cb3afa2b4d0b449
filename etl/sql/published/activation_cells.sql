-- The daily activation counts the published schema perturbs (etl/publication.py): one cell per day, district of
-- residence and channel, with the warehouse's disclosure key that makes their record keys.
select activations.date, activations.district, activations.channel, activations.activations,
       (select coalesce(max(value), '') from warehouse_info where key = 'disclosure_key') as disclosure_key
from mart_activations_daily activations
order by activations.date, activations.district, activations.channel
