-- A session below the analyst role reads the published schema first (etl/publication.py, docs/DISCLOSURE.md):
-- the perturbed daily activations and the models made from them shadow the exact ones of the same name.
set search_path = 'warehouse.published,warehouse.main'
