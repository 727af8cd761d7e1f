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

ALTER TABLE postings ADD COLUMN search_key INTEGER;

-- The FTS5 rowid of a posting. Not postings' own rowid: VACUUM may renumber the rowids of a
-- table without an INTEGER PRIMARY KEY (postings has a UUID key); a plain column keeps its value.
UPDATE postings SET search_key = rowid;
CREATE UNIQUE INDEX postings_search_key_idx ON postings (search_key);

-- List order and cursor: posted_at DESC (NULLs sort last in SQLite's DESC), id DESC, covering
-- every filter column, so that a search walks this index in order and reads only the rows of
-- the page (a row's filter columns sit after the record's overflow pages: reading them from the
-- table costs the whole row). No other index on the filter columns: SQLite would pick one and
-- then sort whole rows.
CREATE INDEX postings_list_idx ON postings (
    posted_at DESC, id DESC, active, source, remote, seniority, salary_max_usd, salary_min_usd,
    eligible_anywhere, eligible_countries, search_key
);
CREATE INDEX postings_search_version_idx ON postings (search_version);

-- detail=none: the index keeps only which postings hold a word, not where (queries never use
-- phrases or NEAR: every form is one word). Common words' lists are then a fraction of the size.
CREATE VIRTUAL TABLE postings_fts USING fts5 (
    search_text,
    tokenize = 'unicode61 remove_diacritics 2',
    detail = none
);
INSERT INTO postings_fts (rowid, search_text) SELECT search_key, search_text FROM postings;

CREATE TRIGGER postings_search_insert AFTER INSERT ON postings BEGIN
    UPDATE postings SET search_key = (SELECT COALESCE(MAX(search_key), 0) + 1 FROM postings)
        WHERE id = new.id;
    INSERT INTO postings_fts (rowid, search_text)
        VALUES ((SELECT search_key FROM postings WHERE id = new.id), new.search_text);
END;
CREATE TRIGGER postings_search_update AFTER UPDATE OF search_text ON postings BEGIN
    DELETE FROM postings_fts WHERE rowid = old.search_key;
    INSERT INTO postings_fts (rowid, search_text) VALUES (new.search_key, new.search_text);
END;
CREATE TRIGGER postings_search_delete AFTER DELETE ON postings BEGIN
    DELETE FROM postings_fts WHERE rowid = old.search_key;
END;
