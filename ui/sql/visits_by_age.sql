-- Visits of one stop by age band (NULL: not recorded), in [$date_from, $date_to].
select age_band, count(*) as visits
from stg_visits
where stop_id = $stop_id and visit_date between $date_from and $date_to
group by all
order by age_band nulls last
