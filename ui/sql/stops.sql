-- The stops, for the filter, the stop bands of time charts and normalisations.
select * from mart_stops
