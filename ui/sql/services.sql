-- The services of the catalogue and any other service_id in the data, for the export filter.
select service_id, coalesce(any_value(name_de), service_id) as name_de, coalesce(any_value(name_en), service_id) as name_en
from (
    select service_id, name_de, name_en from ref_services
    union all select distinct service_id, null, null from stg_service_usage
    union all select distinct service_id, null, null from stg_visits where service_id is not null
)
group by service_id
order by name_de
