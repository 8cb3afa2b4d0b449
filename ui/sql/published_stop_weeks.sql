-- Every stop's visits and pop-up activations (visits with outcome eid_activated) per ISO week (its Monday) up to
-- $until (the end of the last complete ISO week): the weeks ui.data.published groups so that a stop's tables grow
-- only by at least the threshold's number of people at a time (etl.publication.groups).
select stop_id,
       cast(date_trunc('week', visit_date) as date) as monday,
       count(*) as visits,
       count(*) filter (where outcome = 'eid_activated') as activations
from mart_visits
where visit_date <= $until
group by all
order by stop_id, monday
