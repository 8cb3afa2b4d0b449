-- The seven districts with the figures the KPIs use: shipped reference data, replaced per district by a
-- loaded `districts` file; s0 = eid_share_at_start, else the national baseline.
with reference as (
    select * from ref_districts
),
loaded as (
    select * from raw_districts
),
baseline as (
    select share from ref_baseline
),
final as (
    select
        reference.district_id,
        reference.district,
        coalesce(loaded.population_16plus, reference.population_16plus) as population_16plus,
        coalesce(
            case when loaded.district is not null then loaded.eid_share_at_start
                 else reference.eid_share_at_start end,
            baseline.share
        ) as eid_share_at_start
    from reference
    left join loaded on loaded.district = reference.district
    cross join baseline
)
select * from final
