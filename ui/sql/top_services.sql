-- The services with the most started transactions in [$date_from, $date_to] (selected districts), with their
-- completion rate and eID share.
select service_id, any_value(service_name_de) as service_name_de, any_value(service_name_en) as service_name_en,
       sum(started) as started, sum(completed) as completed,
       completion_rate(sum(completed), sum(started)) as completion_rate,
       eid_share(sum(started) filter (where auth_method = 'eid'), sum(started)) as eid_share
from mart_service_usage_daily
where date between $date_from and $date_to
  and (len($districts) = 0 or list_contains($districts, district))
group by service_id
order by started desc, service_id
limit $limit
