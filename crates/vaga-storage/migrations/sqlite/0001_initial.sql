-- Vaga storage, SQLite. Append-only: never edit a migration once committed, add a new file.
-- Types: ids are 16-byte BLOB uuids, times RFC 3339 TEXT in UTC (written by sqlx from chrono, so
-- they compare correctly as text), JSON is TEXT, booleans INTEGER 0/1.

CREATE TABLE users (
    id            BLOB PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL,
    email_norm    TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('user', 'admin')),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CONSTRAINT users_email_norm_key UNIQUE (email_norm)
);

CREATE TABLE refresh_tokens (
    id          BLOB PRIMARY KEY NOT NULL,
    user_id     BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL,
    family_id   BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    revoked_at  TEXT,
    CONSTRAINT refresh_tokens_hash_key UNIQUE (token_hash)
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE profiles (
    user_id     BLOB PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resume      TEXT NOT NULL,
    preferences TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE resume_files (
    id             BLOB PRIMARY KEY NOT NULL,
    user_id        BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    filename       TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    content        BLOB NOT NULL,
    size_bytes     INTEGER NOT NULL,
    parse_warnings TEXT NOT NULL,
    task_id        BLOB,
    created_at     TEXT NOT NULL
);
CREATE INDEX resume_files_user_idx ON resume_files (user_id, created_at);

CREATE TABLE projects (
    id           BLOB PRIMARY KEY NOT NULL,
    user_id      BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    technologies TEXT NOT NULL,
    links        TEXT NOT NULL,
    achievements TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX projects_user_idx ON projects (user_id, created_at);

CREATE TABLE postings (
    id           BLOB PRIMARY KEY NOT NULL,
    source       TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    record       TEXT NOT NULL,
    raw          TEXT NOT NULL,
    title        TEXT NOT NULL,
    company      TEXT NOT NULL,
    url          TEXT,
    posted_at    TEXT,
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1,
    dedup_group  TEXT,
    content_hash TEXT NOT NULL,
    CONSTRAINT postings_source_external_key UNIQUE (source, external_id)
);
CREATE INDEX postings_posted_idx ON postings (posted_at);
CREATE INDEX postings_dedup_idx ON postings (dedup_group);

CREATE TABLE sources (
    id              BLOB PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    config          TEXT NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    owner_id        BLOB REFERENCES users (id) ON DELETE CASCADE,
    status          TEXT NOT NULL,
    last_error      TEXT,
    last_synced     TEXT,
    sync_count      INTEGER NOT NULL DEFAULT 0,
    error_count     INTEGER NOT NULL DEFAULT 0,
    fetched_total   INTEGER NOT NULL DEFAULT 0,
    inserted_total  INTEGER NOT NULL DEFAULT 0,
    updated_total   INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CONSTRAINT sources_name_key UNIQUE (name)
);

CREATE TABLE matches (
    user_id     BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    posting_id  BLOB NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    score       REAL NOT NULL,
    components  TEXT NOT NULL,
    explanation TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    PRIMARY KEY (user_id, posting_id)
);
CREATE INDEX matches_top_idx ON matches (user_id, score DESC);

CREATE TABLE skill_analyses (
    id         BLOB PRIMARY KEY NOT NULL,
    user_id    BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    report     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX skill_analyses_user_idx ON skill_analyses (user_id, created_at DESC);

CREATE TABLE applications (
    id         BLOB PRIMARY KEY NOT NULL,
    user_id    BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    posting_id BLOB NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    stage      TEXT NOT NULL,
    notes      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT applications_user_posting_key UNIQUE (user_id, posting_id)
);

CREATE TABLE application_events (
    id             BLOB PRIMARY KEY NOT NULL,
    application_id BLOB NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    user_id        BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    from_stage     TEXT,
    to_stage       TEXT NOT NULL,
    note           TEXT NOT NULL,
    at             TEXT NOT NULL
);
CREATE INDEX application_events_app_idx ON application_events (application_id, at);

CREATE TABLE audit_log (
    id         BLOB PRIMARY KEY NOT NULL,
    at         TEXT NOT NULL,
    user_id    BLOB,
    kind       TEXT NOT NULL,
    ip         TEXT,
    details    TEXT NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE tasks (
    id           BLOB PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    run_at       TEXT NOT NULL,
    locked_by    TEXT,
    lease_until  TEXT,
    progress     TEXT,
    last_error   TEXT,
    dedup_key    TEXT,
    user_id      BLOB REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX tasks_claim_idx ON tasks (status, run_at);
CREATE UNIQUE INDEX tasks_dedup_key ON tasks (dedup_key)
    WHERE status IN ('queued', 'running', 'failed');
CREATE INDEX tasks_user_idx ON tasks (user_id, created_at);
