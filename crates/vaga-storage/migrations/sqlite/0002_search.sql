-- Posting search (docs/search.md): filter columns derived from the normalised record by
-- upsert_posting, the stemmed search_text, and an FTS5 index over it.
-- Rows written before this migration have search_version 0: Repo::reindex_postings (or the next
-- upsert of the posting) derives their columns.
ALTER TABLE postings ADD COLUMN workplace TEXT;
ALTER TABLE postings ADD COLUMN remote INTEGER NOT NULL DEFAULT 0;
ALTER TABLE postings ADD COLUMN seniority TEXT;
ALTER TABLE postings ADD COLUMN salary_min_usd REAL;
ALTER TABLE postings ADD COLUMN salary_max_usd REAL;
ALTER TABLE postings ADD COLUMN language TEXT;
ALTER TABLE postings ADD COLUMN eligible_anywhere INTEGER NOT NULL DEFAULT 0;
ALTER TABLE postings ADD COLUMN eligible_countries TEXT NOT NULL DEFAULT '';
ALTER TABLE postings ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE postings ADD COLUMN search_version INTEGER NOT NULL DEFAULT 0;

-- List order and cursor: posted_at DESC (NULLs sort last in SQLite's DESC), id DESC.
CREATE INDEX postings_list_idx ON postings (posted_at DESC, id DESC);
CREATE INDEX postings_source_list_idx ON postings (source, posted_at DESC, id DESC);
CREATE INDEX postings_remote_list_idx ON postings (remote, posted_at DESC, id DESC);
CREATE INDEX postings_seniority_idx ON postings (seniority);
CREATE INDEX postings_salary_idx ON postings (salary_max_usd);
CREATE INDEX postings_search_version_idx ON postings (search_version);

-- FTS5 rowids must survive VACUUM, which renumbers the rowids of a table without an INTEGER
-- PRIMARY KEY such as postings: a key table gives each posting a stable integer.
CREATE TABLE posting_search_keys (
    k          INTEGER PRIMARY KEY,
    posting_id BLOB NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE postings_fts USING fts5 (
    search_text,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO posting_search_keys (posting_id) SELECT id FROM postings;

CREATE TRIGGER postings_search_insert AFTER INSERT ON postings BEGIN
    INSERT INTO posting_search_keys (posting_id) VALUES (new.id);
    INSERT INTO postings_fts (rowid, search_text)
        VALUES ((SELECT k FROM posting_search_keys WHERE posting_id = new.id), new.search_text);
END;
CREATE TRIGGER postings_search_update AFTER UPDATE OF search_text ON postings BEGIN
    DELETE FROM postings_fts
        WHERE rowid = (SELECT k FROM posting_search_keys WHERE posting_id = old.id);
    INSERT INTO postings_fts (rowid, search_text)
        VALUES ((SELECT k FROM posting_search_keys WHERE posting_id = new.id), new.search_text);
END;
CREATE TRIGGER postings_search_delete AFTER DELETE ON postings BEGIN
    DELETE FROM postings_fts
        WHERE rowid = (SELECT k FROM posting_search_keys WHERE posting_id = old.id);
    DELETE FROM posting_search_keys WHERE posting_id = old.id;
END;
