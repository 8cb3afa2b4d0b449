-- The schema of what roles below analyst are given (etl/publication.py, docs/DISCLOSURE.md): the perturbed daily
-- activations, and copies of the models that read them, made from the same SQL over the perturbed counts. Made
-- afresh at every build (everything in it is rebuilt there), so that an object that changed its kind — the
-- published visits, a table copy until 2026-12-06 and a view since — never meets its old self.
drop schema if exists published cascade;
create schema published;
