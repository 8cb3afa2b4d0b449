-- materialized: table
-- Daily online-service transactions per district, service and authentication method (the loaded rows are
-- unique by that key already), with the service's names from the catalogue (an unknown service keeps its id
-- as its name).
with usage as (
    select * from stg_service_usage
),
services as (
    select * from ref_services
),
final as (
    select
        usage.date, usage.district, usage.service_id,
        coalesce(services.name_de, usage.service_id) as service_name_de,
        coalesce(services.name_en, usage.service_id) as service_name_en,
        services.category_de, services.category_en,
        usage.auth_method, usage.started, usage.completed
    from usage
    left join services on services.service_id = usage.service_id
)
select * from final
