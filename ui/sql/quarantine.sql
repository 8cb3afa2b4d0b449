-- Quarantined rows with their reasons; optionally of one file ($file, '' for all) and with a reason that
-- contains $search (case-insensitive, '' for all).
select quarantine.file, quarantine.kind, quarantine.line, array_to_string(quarantine.reasons, '; ') as reasons,
       cast(quarantine.raw as varchar) as raw_values, load_log.loaded_at
from quarantine
join load_log on load_log.load_id = quarantine.load_id
where ($file = '' or quarantine.file = $file)
  and ($search = '' or contains(lower(array_to_string(quarantine.reasons, ' ')), lower($search)))
order by quarantine.load_id desc, quarantine.line
