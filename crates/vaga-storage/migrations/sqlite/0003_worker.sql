-- The background worker (crates/vaga-worker): one heartbeat row per worker process (for
-- /health), stored reports (market trends), and the last fire time of each schedule, so that a
-- schedule fires once per period however many workers tick.

CREATE TABLE workers (
    id         TEXT PRIMARY KEY NOT NULL,
    version    TEXT NOT NULL,
    started_at TEXT NOT NULL,
    last_beat  TEXT NOT NULL
);
CREATE INDEX workers_beat_idx ON workers (last_beat);

CREATE TABLE reports (
    id         BLOB PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX reports_kind_idx ON reports (kind, created_at);

CREATE TABLE schedule_fires (
    name      TEXT PRIMARY KEY NOT NULL,
    last_fire TEXT NOT NULL
);

-- Active postings in keyset order, for building the match index.
CREATE INDEX postings_active_idx ON postings (active, id);
