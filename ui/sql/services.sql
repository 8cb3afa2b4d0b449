-- The services of the catalogue and any other service_id in the data, for the export filter.
select service_id, name_de, name_en from mart_services
