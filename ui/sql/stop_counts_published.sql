-- Every stop's visits and pop-up activations as published for roles below analyst (ui.data.published.stop_counts:
-- over the stop's groups of complete ISO weeks, cell-key perturbed, null below the threshold), given as three
-- lists in one order, and the stop KPIs and normalisations made from them by the KPI macros, as mart_stop_kpis
-- and mart_stops make them from the exact counts.
with counts as (
    select unnest($stop_ids) as stop_id,
           unnest($visits) as visits,
           unnest($popup_activations) as popup_activations
)
select counts.stop_id,
       counts.visits,
       counts.popup_activations,
       visits_per_open_day(counts.visits, stops.open_days) as visits_per_open_day,
       conversion_rate(counts.popup_activations, counts.visits) as conversion_rate,
       per_1000(counts.popup_activations, stops.population_16plus) as popup_activations_per_1000,
       cost_per_activation(stops.cost_eur, counts.popup_activations) as cost_per_activation,
       visits_per_open_day(counts.popup_activations, stops.open_days) as popup_activations_per_open_day,
       per_1000(counts.visits, stops.population_16plus) as visits_per_1000,
       ratio(counts.visits, stops.open_days * stops.hours_per_day) as visits_per_hour,
       ratio(counts.popup_activations, stops.open_days * stops.hours_per_day) as popup_activations_per_hour
from counts
join mart_stops as stops on stops.stop_id = counts.stop_id
