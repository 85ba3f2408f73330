-- tidings event database, version 1 (SQLite)
CREATE TABLE tidings_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    outlet TEXT, url TEXT, title TEXT, published TEXT,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    minhash TEXT,
    n_events INTEGER NOT NULL DEFAULT 0,
    record TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE article_duplicates (
    id TEXT PRIMARY KEY,
    duplicate_of TEXT NOT NULL REFERENCES articles(id),
    outlet TEXT, url TEXT, title TEXT, published TEXT,
    similarity REAL NOT NULL,
    method TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX article_duplicates_of ON article_duplicates(duplicate_of);

CREATE TABLE article_lsh (
    band INTEGER NOT NULL,
    hash TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (band, hash, article_id)
);

CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    start_char INTEGER, end_char INTEGER, text TEXT,
    code TEXT, country TEXT, name TEXT,
    actor TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX mentions_code ON mentions(code);
CREATE INDEX mentions_country ON mentions(country);

CREATE TABLE quotes (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    start_char INTEGER, end_char INTEGER, text TEXT, kind TEXT,
    speaker_code TEXT, speaker_country TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX quotes_speaker ON quotes(speaker_code);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL, modality TEXT NOT NULL,
    source_code TEXT, source_country TEXT, target_code TEXT, target_country TEXT,
    date TEXT, date_granularity TEXT, date_lo TEXT, date_hi TEXT,
    location_country TEXT,
    confidence REAL,
    num_mentions INTEGER NOT NULL, num_articles INTEGER NOT NULL, num_sources INTEGER NOT NULL,
    first_seen TEXT, last_seen TEXT,
    best_mention TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX events_date ON events(date_lo, date_hi);
CREATE INDEX events_type ON events(type, modality);
CREATE INDEX events_source ON events(source_country, source_code);
CREATE INDEX events_target ON events(target_country, target_code);
CREATE INDEX events_source_code ON events(source_code);
CREATE INDEX events_target_code ON events(target_code);
CREATE INDEX events_modality ON events(modality);

CREATE TABLE event_mentions (
    id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL, modality TEXT NOT NULL,
    source_code TEXT, source_country TEXT, target_code TEXT, target_country TEXT,
    date TEXT, date_granularity TEXT, date_lo TEXT, date_hi TEXT,
    location_country TEXT, location_name TEXT, lat REAL, lon REAL,
    confidence REAL,
    outlet TEXT, published TEXT,
    evidence_text TEXT,
    event_id TEXT REFERENCES events(id),
    merge_reason TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (article_id, id)
);
CREATE INDEX event_mentions_event ON event_mentions(event_id);
CREATE INDEX event_mentions_date ON event_mentions(date_lo, date_hi);
CREATE INDEX event_mentions_type ON event_mentions(type, modality);
CREATE INDEX event_mentions_source ON event_mentions(source_country, source_code);
CREATE INDEX event_mentions_target ON event_mentions(target_country, target_code);
CREATE INDEX event_mentions_source_code ON event_mentions(source_code);
CREATE INDEX event_mentions_target_code ON event_mentions(target_code);
CREATE INDEX event_mentions_modality ON event_mentions(modality);
