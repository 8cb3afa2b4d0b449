-- What every page needs to know about the warehouse: the span of its data, the latest activation day,
-- whether it holds demo data, the last load and the national baseline.
select
    span.data_start, span.data_end, span.as_of,
    (select count(*) > 0 from warehouse_info where key = 'demo') as is_demo,
    (select max(loaded_at) from load_log where status = 'loaded') as last_loaded_at,
    campaign.national_baseline as baseline,
    (select source from ref_baseline) as baseline_source,
    (select value from warehouse_info where key = 'models_fingerprint') as models_fingerprint
from mart_data_span span
cross join mart_campaign_kpis campaign
