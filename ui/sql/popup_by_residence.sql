-- Pop-up eID activations over one stop's days, by district of residence (the whole stop: a fixed unit of
-- disclosure control, etl/disclosure.py).
select activations.district, sum(activations.activations) as activations
from mart_stops stops
join mart_activations_daily activations
    on activations.channel = 'popup' and activations.date between stops.start_date and stops.end_date
where stops.stop_id = $stop_id
group by all
