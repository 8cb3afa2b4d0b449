-- The schema of what roles below analyst are given (etl/publication.py, docs/DISCLOSURE.md): the perturbed daily
-- activations, and copies of the models that read them, made from the same SQL over the perturbed counts.
create schema if not exists published;
