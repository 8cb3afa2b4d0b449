-- The stops, for the filter and the stop bands of time charts.
select stop_id, venue, district, start_date, end_date, opening_time, closing_time, cost_eur
from stg_stops
order by start_date, stop_id
