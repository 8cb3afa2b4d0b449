-- The pop-up activations of one stop up to $until (the end of the last complete ISO week), one row per visit with
-- outcome eid_activated: whether the visitor lives in the stop's district (the visit log's resident_district; a
-- visit without one is not the district's, as in etl/sql/impact/stops.sql). What the cell-key method counts for
-- the impact sentence's "of them the district's residents" for roles below analyst (ui.data.published).
select visit_id, case when resident_district = district then 'own' else 'other' end as residence
from mart_visits
where stop_id = $stop_id and outcome = 'eid_activated' and visit_date <= $until
