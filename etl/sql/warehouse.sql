-- The warehouse's own tables: the loaded rows of each input kind (replace semantics by key), the load
-- history with each file's content hash (the manifest), and the quarantine. Created once; idempotent.

create sequence if not exists load_id_seq start 1;

create table if not exists load_log (
    load_id           bigint primary key,
    file              varchar not null,   -- the file's name
    path              varchar not null,   -- the path as given to the loader
    sha256            varchar,
    kind              varchar,
    status            varchar not null,   -- loaded, refused, skipped
    rows_read         bigint not null,
    rows_loaded       bigint not null,
    rows_replaced     bigint not null,
    rows_unchanged    bigint not null,
    rows_quarantined  bigint not null,
    message           varchar,
    extra_columns     varchar[],
    format            varchar,
    encoding          varchar,
    delimiter         varchar,
    loaded_at         timestamptz not null default current_timestamp
);

create table if not exists quarantine (
    load_id  bigint not null,
    file     varchar not null,
    kind     varchar not null,
    line     bigint,
    raw      json,          -- the text of the row's contract columns, or {"line": ...} for a malformed line
    reasons  varchar[] not null
);

create table if not exists raw_districts (
    district            varchar not null,
    population_16plus   bigint not null,
    eid_share_at_start  double,
    load_id             bigint not null
);

create table if not exists raw_stops (
    stop_id       varchar not null,
    district      varchar not null,
    venue         varchar not null,
    start_date    date not null,
    end_date      date not null,
    opening_time  time not null,
    closing_time  time not null,
    cost_eur      double,
    load_id       bigint not null
);

create table if not exists raw_visits (
    visit_id           varchar not null,
    stop_id            varchar not null,
    visited_at         timestamp not null,  -- local time, Europe/Berlin
    topic              varchar not null,
    outcome            varchar not null,
    service_id         varchar,
    age_band           varchar,
    resident_district  varchar,
    satisfaction       bigint,
    duration_min       double,
    load_id            bigint not null
);

create table if not exists raw_activations (
    date         date not null,
    district     varchar not null,
    channel      varchar not null,
    activations  bigint not null,
    load_id      bigint not null
);

create table if not exists raw_service_usage (
    date         date not null,
    district     varchar not null,
    service_id   varchar not null,
    auth_method  varchar not null,
    started      bigint not null,
    completed    bigint not null,
    load_id      bigint not null
);

-- The versions of the warehouse file that swaps kept in versions/ (etl.swap), each with the SHA-256 of its content
-- when it was kept: a rollback swaps back in only a file named here whose content still has that hash.
create table if not exists kept_versions (
    name     varchar primary key,   -- the file's name in versions/
    sha256   varchar not null,
    size     bigint not null,
    kept_at  timestamptz not null default current_timestamp
);

create table if not exists warehouse_info (
    key    varchar primary key,   -- e.g. demo = 'true' when the warehouse holds the synthetic demo campaign
    value  varchar
);

-- Repair: loads before 2026-11 stored "[<hash>, <size>]" as the content hash; keep the hex digest only, so that
-- the same file is recognised as loaded before.
update load_log set sha256 = regexp_extract(sha256, '^\[([0-9a-f]{64}), [0-9]+\]$', 1)
where sha256 like '[%';
