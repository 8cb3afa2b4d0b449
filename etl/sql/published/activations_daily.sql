-- The perturbed daily activation counts (etl/publication.py), handed in as four lists of the same length: one cell
-- per day, district of residence and channel, in the order of activation_cells.sql.
create or replace table published.mart_activations_daily as
select unnest($days::date[]) as date,
       unnest($districts::varchar[]) as district,
       unnest($channels::varchar[]) as channel,
       unnest($activations::bigint[]) as activations
