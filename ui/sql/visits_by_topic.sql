-- Visits of one stop by topic and outcome, in [$date_from, $date_to].
select topic, outcome, count(*) as visits
from mart_visits
where stop_id = $stop_id and visit_date between $date_from and $date_to
group by all
order by topic, outcome
