-- The background worker (crates/vaga-worker): one heartbeat row per worker process (for
-- /health), stored reports (market trends), and the last fire time of each schedule, so that a
-- schedule fires once per period however many workers tick. Same tables as migrations/sqlite.

CREATE TABLE workers (
    id         TEXT PRIMARY KEY,
    version    TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    last_beat  TIMESTAMPTZ NOT NULL
);
CREATE INDEX workers_beat_idx ON workers (last_beat);

CREATE TABLE reports (
    id         UUID PRIMARY KEY,
    kind       TEXT NOT NULL,
    body       JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX reports_kind_idx ON reports (kind, created_at);

CREATE TABLE schedule_fires (
    name      TEXT PRIMARY KEY,
    last_fire TIMESTAMPTZ NOT NULL
);

-- Active postings in keyset order, for building the match index.
CREATE INDEX postings_active_idx ON postings (active, id);
