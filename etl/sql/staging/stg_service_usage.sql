-- Online-service transactions per day, district, service and authentication method, as loaded.
with source as (
    select * from raw_service_usage
),
final as (
    select date, district, service_id, auth_method, started, completed
    from source
)
select * from final
