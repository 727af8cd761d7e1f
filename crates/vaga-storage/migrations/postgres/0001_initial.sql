-- Vaga storage, PostgreSQL. Append-only: never edit a migration once committed, add a new file.
-- Same tables and columns as migrations/sqlite, with native types: UUID, TIMESTAMPTZ, JSONB, BYTEA.

CREATE TABLE users (
    id            UUID PRIMARY KEY,
    email         TEXT NOT NULL,
    email_norm    TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('user', 'admin')),
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    CONSTRAINT users_email_norm_key UNIQUE (email_norm)
);

CREATE TABLE refresh_tokens (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL,
    family_id   UUID NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ,
    CONSTRAINT refresh_tokens_hash_key UNIQUE (token_hash)
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE profiles (
    user_id     UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    resume      JSONB NOT NULL,
    preferences JSONB NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE resume_files (
    id             UUID PRIMARY KEY,
    user_id        UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    content        BYTEA NOT NULL,
    size_bytes     BIGINT NOT NULL,
    parse_warnings JSONB NOT NULL,
    task_id        UUID,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX resume_files_user_idx ON resume_files (user_id, created_at);

CREATE TABLE projects (
    id           UUID PRIMARY KEY,
    user_id      UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    technologies JSONB NOT NULL,
    links        JSONB NOT NULL,
    achievements JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX projects_user_idx ON projects (user_id, created_at);

CREATE TABLE postings (
    id           UUID PRIMARY KEY,
    source       TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    record       JSONB NOT NULL,
    raw          JSONB NOT NULL,
    title        TEXT NOT NULL,
    company      TEXT NOT NULL,
    url          TEXT,
    posted_at    TIMESTAMPTZ,
    first_seen   TIMESTAMPTZ NOT NULL,
    last_seen    TIMESTAMPTZ NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    dedup_group  TEXT,
    content_hash TEXT NOT NULL,
    CONSTRAINT postings_source_external_key UNIQUE (source, external_id)
);
CREATE INDEX postings_posted_idx ON postings (posted_at);
CREATE INDEX postings_dedup_idx ON postings (dedup_group);

CREATE TABLE sources (
    id              UUID PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    config          JSONB NOT NULL,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    owner_id        UUID REFERENCES users (id) ON DELETE CASCADE,
    status          TEXT NOT NULL,
    last_error      TEXT,
    last_synced     TIMESTAMPTZ,
    sync_count      BIGINT NOT NULL DEFAULT 0,
    error_count     BIGINT NOT NULL DEFAULT 0,
    fetched_total   BIGINT NOT NULL DEFAULT 0,
    inserted_total  BIGINT NOT NULL DEFAULT 0,
    updated_total   BIGINT NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT sources_name_key UNIQUE (name)
);

CREATE TABLE matches (
    user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    posting_id  UUID NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    score       DOUBLE PRECISION NOT NULL,
    components  JSONB NOT NULL,
    explanation JSONB NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, posting_id)
);
CREATE INDEX matches_top_idx ON matches (user_id, score DESC);

CREATE TABLE skill_analyses (
    id         UUID PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    report     JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX skill_analyses_user_idx ON skill_analyses (user_id, created_at DESC);

CREATE TABLE applications (
    id         UUID PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    posting_id UUID NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    stage      TEXT NOT NULL,
    notes      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT applications_user_posting_key UNIQUE (user_id, posting_id)
);

CREATE TABLE application_events (
    id             UUID PRIMARY KEY,
    application_id UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    user_id        UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    from_stage     TEXT,
    to_stage       TEXT NOT NULL,
    note           TEXT NOT NULL,
    at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX application_events_app_idx ON application_events (application_id, at);

CREATE TABLE audit_log (
    id         UUID PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    user_id    UUID,
    kind       TEXT NOT NULL,
    ip         TEXT,
    details    JSONB NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE tasks (
    id           UUID PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      JSONB NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       TIMESTAMPTZ NOT NULL,
    locked_by    TEXT,
    lease_until  TIMESTAMPTZ,
    progress     JSONB,
    last_error   TEXT,
    dedup_key    TEXT,
    user_id      UUID REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX tasks_claim_idx ON tasks (status, run_at);
CREATE UNIQUE INDEX tasks_dedup_key ON tasks (dedup_key)
    WHERE status IN ('queued', 'running', 'failed');
CREATE INDEX tasks_user_idx ON tasks (user_id, created_at);
