-- Discovered catalogs and schema change detection (issue #3). Metadata only: stream and column
-- names, types, nullability and keys, never a record value.

-- A DISCOVER job reads a source and belongs to no connection.
alter table jobs alter column connection_id drop not null;
alter table jobs add column source_id uuid references sources (id) on delete cascade;
alter table jobs add constraint jobs_kind_check check (kind in ('SYNC', 'CHECK', 'DISCOVER'));
alter table jobs add constraint jobs_subject_check
  check (connection_id is not null or source_id is not null);
-- The schema changes a SYNC job found, as names and types.
alter table jobs add column schema_changes jsonb;

create index jobs_source_idx on jobs (source_id, created_at) where source_id is not null;

-- What a sync does when its source's schema changed since the stored catalog.
alter table connections add column schema_changes text not null default 'PROPAGATE'
  check (schema_changes in ('PROPAGATE', 'PAUSE', 'FAIL'));

-- The last catalog a discovery or a sync reported for a source, one entry per stream.
create table source_catalogs (
  source_id uuid primary key references sources (id) on delete cascade,
  streams jsonb not null,
  job_id uuid references jobs (id) on delete set null,
  updated_at timestamptz not null default now()
);
