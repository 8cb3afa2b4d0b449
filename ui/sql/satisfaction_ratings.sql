-- How many visits of each stop have a satisfaction rating (disclosure control: a mean of fewer than the
-- threshold is not shown, etl/disclosure.py).
select stop_id, count(satisfaction) as ratings
from stg_visits
group by stop_id
