-- The end (a Sunday) of the last complete ISO week of the measured data, up to which roles below analyst are
-- given counts of people (worked out once per model build: etl/sql/published/week_end.sql).
select until from published.week_end
