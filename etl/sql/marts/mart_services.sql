-- The services of the catalogue and every other service_id in the data (shown under its id).
with named as (
    select service_id, name_de, name_en from ref_services
),
seen as (
    select distinct service_id from stg_service_usage
    union
    select distinct service_id from stg_visits where service_id is not null
),
final as (
    select coalesce(named.service_id, seen.service_id) as service_id,
           coalesce(named.name_de, seen.service_id) as name_de,
           coalesce(named.name_en, seen.service_id) as name_en
    from named
    full join seen on seen.service_id = named.service_id
)
select * from final
order by name_de, service_id
