-- Posting search (docs/search.md): filter columns derived from the normalised record by
-- upsert_posting, the stemmed search_text, and a tsvector over it. search_text is already
-- stemmed and folded to ASCII in Rust, so the 'simple' configuration (no stemming, no
-- extension) only splits it into words.
-- Rows written before this migration have search_version 0: Repo::reindex_postings (or the next
-- upsert of the posting) derives their columns.
ALTER TABLE postings
    ADD COLUMN workplace TEXT,
    ADD COLUMN remote BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN seniority TEXT,
    ADD COLUMN salary_min_usd DOUBLE PRECISION,
    ADD COLUMN salary_max_usd DOUBLE PRECISION,
    ADD COLUMN language TEXT,
    ADD COLUMN eligible_anywhere BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN eligible_countries TEXT NOT NULL DEFAULT '',
    ADD COLUMN search_text TEXT NOT NULL DEFAULT '',
    ADD COLUMN search_version BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN search_tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;

CREATE INDEX postings_list_idx ON postings (posted_at DESC NULLS LAST, id DESC);
CREATE INDEX postings_source_list_idx ON postings (source, posted_at DESC NULLS LAST, id DESC);
CREATE INDEX postings_remote_list_idx ON postings (remote, posted_at DESC NULLS LAST, id DESC);
CREATE INDEX postings_seniority_idx ON postings (seniority);
CREATE INDEX postings_salary_idx ON postings (salary_max_usd);
CREATE INDEX postings_search_version_idx ON postings (search_version);
CREATE INDEX postings_search_idx ON postings USING GIN (search_tsv);
