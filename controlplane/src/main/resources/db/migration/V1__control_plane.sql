-- The control plane's metadata. It holds no record values and no secret values: connector
-- configurations hold secret references, tokens are stored as SHA-256 hashes, and connection
-- state is opaque bytes encrypted by the data plane.

create table organizations (
  id uuid primary key,
  name text not null unique,
  created_at timestamptz not null default now()
);

insert into organizations (id, name) values (gen_random_uuid(), 'default');

create table regions (
  id uuid primary key,
  organization_id uuid not null references organizations (id),
  name text not null,
  created_at timestamptz not null default now(),
  unique (organization_id, name)
);

create table workspaces (
  id uuid primary key,
  organization_id uuid not null references organizations (id),
  region_id uuid not null references regions (id),
  name text not null,
  created_at timestamptz not null default now(),
  unique (organization_id, name)
);

create table data_planes (
  id uuid primary key,
  region_id uuid not null references regions (id),
  name text not null,
  status text not null check (status in ('PENDING', 'ACTIVE', 'REVOKED')),
  hostname text,
  certificate_not_after timestamptz,
  last_seen_at timestamptz,
  created_at timestamptz not null default now(),
  unique (region_id, name)
);

create table enrollment_tokens (
  id uuid primary key,
  data_plane_id uuid not null references data_planes (id) on delete cascade,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

create table sources (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  name text not null,
  type text not null,
  config jsonb not null,
  created_at timestamptz not null default now(),
  unique (workspace_id, name)
);

create table destinations (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  name text not null,
  type text not null,
  config jsonb not null,
  created_at timestamptz not null default now(),
  unique (workspace_id, name)
);

create table connections (
  id uuid primary key,
  workspace_id uuid not null references workspaces (id),
  name text not null,
  source_id uuid not null references sources (id),
  destination_id uuid not null references destinations (id),
  streams jsonb not null,
  mappers jsonb not null,
  schedule text,
  next_run_at timestamptz,
  status text not null check (status in ('ACTIVE', 'PAUSED')),
  -- Opaque, encrypted by the data plane; the control plane never reads it.
  state bytea,
  created_at timestamptz not null default now(),
  unique (workspace_id, name)
);

create index connections_due_idx on connections (next_run_at) where schedule is not null;

create table jobs (
  id uuid primary key,
  connection_id uuid not null references connections (id) on delete cascade,
  workspace_id uuid not null references workspaces (id),
  kind text not null,
  trigger text not null check (trigger in ('MANUAL', 'SCHEDULE')),
  status text not null
    check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  attempt_count int not null default 0,
  generation bigint not null default 0,
  data_plane_id uuid references data_planes (id),
  lease_expires_at timestamptz,
  cancel_requested boolean not null default false,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  ended_at timestamptz
);

create index jobs_queued_idx on jobs (created_at) where status = 'QUEUED';
create index jobs_running_idx on jobs (lease_expires_at) where status = 'RUNNING';
create index jobs_connection_idx on jobs (connection_id, created_at);

create table job_attempts (
  job_id uuid not null references jobs (id) on delete cascade,
  number int not null,
  data_plane_id uuid not null references data_planes (id),
  status text not null check (status in ('RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  error_kind text,
  error_message text,
  error_retriable boolean,
  primary key (job_id, number)
);

create table job_streams (
  job_id uuid not null references jobs (id) on delete cascade,
  stream text not null,
  records bigint not null,
  bytes bigint not null,
  elapsed_millis bigint not null,
  updated_at timestamptz not null default now(),
  primary key (job_id, stream)
);

create table admin_tokens (
  id uuid primary key,
  token_hash text not null unique,
  created_at timestamptz not null default now()
);

-- db-scheduler's table (com.github.kagkarlsson:db-scheduler), shared by every replica.
create table scheduled_tasks (
  task_name text not null,
  task_instance text not null,
  task_data bytea,
  execution_time timestamptz not null,
  picked boolean not null,
  picked_by text,
  last_success timestamptz,
  last_failure timestamptz,
  consecutive_failures int,
  last_heartbeat timestamptz,
  version bigint not null,
  priority smallint,
  primary key (task_name, task_instance)
);

create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_idx on scheduled_tasks (priority desc, execution_time asc);
