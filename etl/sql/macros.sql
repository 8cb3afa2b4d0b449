-- Every KPI formula of KPIS.md, once, as a DuckDB macro named after its KPI. Marts, page queries and exports
-- call these; no other SQL file divides (tests/test_docs.py checks it). Created in the warehouse by
-- etl.warehouse.build_models, so that readers (the dashboard, the command line) have them too.

-- A ratio whose denominator is 0 or absent is NULL, never 0 and never an error (KPIS.md, "Rules").
create or replace macro ratio(numerator, denominator) as cast(numerator as double) / nullif(denominator, 0);

create or replace macro conversion_rate(popup_activations, visits) as ratio(popup_activations, visits);
create or replace macro visits_per_open_day(visits, open_days) as ratio(visits, open_days);
create or replace macro cost_per_activation(cost_eur, popup_activations) as ratio(cost_eur, popup_activations);
-- No eID row among started transactions is an eID share of 0, not unknown (a `sum(...) filter` over no rows is NULL).
create or replace macro eid_share(eid_started, started) as ratio(coalesce(eid_started, 0), started);
create or replace macro completion_rate(completed, started) as ratio(completed, started);

-- Counts per residents aged 16 and over.
create or replace macro per_1000(count, population_16plus) as ratio(1000 * count, population_16plus);
create or replace macro per_10000(count, population_16plus) as ratio(10000 * count, population_16plus);

-- uptake(d, t) = s0(d) + A(d, t) / P(d)
create or replace macro uptake(share_at_start, activations_cumulative, population_16plus) as
    share_at_start + ratio(activations_cumulative, population_16plus);

-- Several districts together (Hamburg, or a selection): sum_d (s0(d) * P(d) + A(d, t)) / sum_d P(d). An
-- aggregate: use it with `group by` over one row per district.
create or replace macro pooled_uptake(share_at_start, activations_cumulative, population_16plus) as
    ratio(sum(share_at_start * population_16plus) + sum(activations_cumulative), sum(population_16plus));

create or replace macro uptake_lift_pp(uptake_after, uptake_before) as 100 * (uptake_after - uptake_before);

-- A day the pop-up is open: Monday to Saturday, not a public holiday in Hamburg.
create or replace macro is_open_day(day, is_holiday) as isodow(day) <= 6 and not is_holiday;

-- A stop's cost for the part of its open days that falls into a period.
create or replace macro cost_share(cost_eur, open_days_in_period, open_days) as
    cost_eur * ratio(open_days_in_period, open_days);

-- Opening hours of a day, from the opening and the closing time.
create or replace macro opening_hours(opening_time, closing_time) as
    date_diff('minute', opening_time, closing_time) / 60.0;
