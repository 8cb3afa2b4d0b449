-- Parsers for the value formats of the data contract (DATA_CONTRACT.md, "Formats every loader accepts").
-- Each macro takes the raw text of one cell (already trimmed; NULL when empty) and returns the typed value,
-- or NULL when the text does not have an accepted shape. The loader turns a NULL from a non-empty cell into
-- a quarantine reason; it never guesses.

-- 1234, or 1.234 (German thousands separator, exactly that shape); a leading minus is parsed so that the
-- range rule, not the format rule, names the problem.
create or replace temp macro parse_integer(x) as
    case
        when regexp_full_match(x, '-?[0-9]+') then try_cast(x as bigint)
        when regexp_full_match(x, '-?[0-9]{1,3}(\.[0-9]{3})+') then try_cast(replace(x, '.', '') as bigint)
    end;

-- 12.5 or 12,5; also 1.234,5 (German thousands separator with a decimal comma, which cannot be misread).
create or replace temp macro parse_decimal(x) as
    case
        when regexp_full_match(x, '-?[0-9]+([.,][0-9]+)?') then try_cast(replace(x, ',', '.') as double)
        when regexp_full_match(x, '-?[0-9]{1,3}(\.[0-9]{3})+,[0-9]+')
            then try_cast(replace(replace(x, '.', ''), ',', '.') as double)
    end;

-- A share: 0.245, 0,245, or a percentage 24,5 % / 24.5%.
create or replace temp macro parse_share(x) as
    case
        when regexp_full_match(x, '-?[0-9]+([.,][0-9]+)?\s*%')
            then try_cast(replace(rtrim(rtrim(x, '%')), ',', '.') as double) / 100
        else parse_decimal(x)
    end;

-- 2025-05-21 or 21.05.2025.
create or replace temp macro parse_date(x) as
    case
        when regexp_full_match(x, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') then try_cast(x as date)
        when regexp_full_match(x, '[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}') then cast(try_strptime(x, '%d.%m.%Y') as date)
    end;

-- 2025-05-21T10:15:00, 2025-05-21 10:15, 21.05.2025 10:15 (seconds and fractions optional). Local time in
-- Europe/Berlin; a timestamp that carries its zone (Z, +02:00) is converted to local time.
create or replace temp macro parse_timestamp(x) as
    case
        when regexp_full_match(x, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?')
            then try_cast(x as timestamp)
        when regexp_full_match(x, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?\s*(Z|[+-][0-9]{2}:?[0-9]{2})')
            then timezone('Europe/Berlin', try_cast(x as timestamptz))
        when regexp_full_match(x, '[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4},? [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?')
            then try_strptime(replace(x, ',', ''), ['%d.%m.%Y %H:%M', '%d.%m.%Y %H:%M:%S'])
    end;

-- A date, or a timestamp whose date is used.
create or replace temp macro parse_date_or_timestamp(x) as coalesce(parse_date(x), cast(parse_timestamp(x) as date));

-- 10:00, 9:30, 10:00:00 or 10.00.
create or replace temp macro parse_time(x) as
    case
        when regexp_full_match(x, '[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?') then try_cast(x as time)
        when regexp_full_match(x, '[0-9]{1,2}\.[0-9]{2}') then cast(try_strptime(x, '%H.%M') as time)
    end;

-- The official district name from any spelling the contract lists: the official name, without hyphen, with a
-- "Bezirk " prefix, Mitte/Nord alone, Eimsbuettel, any case, or the official number 1-7 / 01-07.
create or replace temp macro district_key(x) as
    regexp_replace(replace(regexp_replace(lower(trim(x)), '^bezirk(samt)?\s+', ''), 'ü', 'ue'), '[\s_-]+', '', 'g');

create or replace temp macro parse_district(x) as
    case district_key(x)
        when 'hamburgmitte' then 'Hamburg-Mitte' when 'mitte' then 'Hamburg-Mitte'
        when '1' then 'Hamburg-Mitte' when '01' then 'Hamburg-Mitte'
        when 'altona' then 'Altona' when '2' then 'Altona' when '02' then 'Altona'
        when 'eimsbuettel' then 'Eimsbüttel' when '3' then 'Eimsbüttel' when '03' then 'Eimsbüttel'
        when 'hamburgnord' then 'Hamburg-Nord' when 'nord' then 'Hamburg-Nord'
        when '4' then 'Hamburg-Nord' when '04' then 'Hamburg-Nord'
        when 'wandsbek' then 'Wandsbek' when '5' then 'Wandsbek' when '05' then 'Wandsbek'
        when 'bergedorf' then 'Bergedorf' when '6' then 'Bergedorf' when '06' then 'Bergedorf'
        when 'harburg' then 'Harburg' when '7' then 'Harburg' when '07' then 'Harburg'
    end;

-- A code from a closed list: any case, and spaces or hyphens for the underscores of the codes.
create or replace temp macro code_key(x) as regexp_replace(lower(trim(x)), '[\s-]+', '_', 'g');

-- An age band: 16-29, 30-49, 50-64, 65+ (an en dash or spaces are fine).
create or replace temp macro age_band_key(x) as regexp_replace(replace(trim(x), '–', '-'), '\s+', '', 'g');
