-- version 4 (SQLite).  Paging: indexes on the sort keys of Store.events (order 'date' and
-- '-date', the undated last) so a page, by offset or by keyset cursor, reads the index in order
-- instead of sorting the whole table; and on location_country, a filter column.
-- Clustering: events.date_span (date_hi - date_lo in days) lets the candidate lookup bound
-- date_lo on both sides for short events (a day, a week, a month), so it reads only the events
-- near the new mention instead of every earlier event of the same type.
ALTER TABLE events ADD COLUMN date_span INTEGER;
UPDATE events SET date_span = CAST(julianday(date_hi) - julianday(date_lo) AS INTEGER)
    WHERE date_lo IS NOT NULL AND date_hi IS NOT NULL;
DROP INDEX events_window;
CREATE INDEX events_window ON events(type, modality, date_lo, date_hi, date_span, id);
CREATE INDEX events_long ON events(type, modality, date_span);
CREATE INDEX events_order_date ON events((date_lo IS NULL), date_lo, id);
CREATE INDEX events_order_date_desc ON events((date_lo IS NULL), date_lo DESC, id);
CREATE INDEX events_location ON events(location_country);
CREATE INDEX event_mentions_order_date ON event_mentions((date_lo IS NULL), date_lo, article_id, seq);
-- an empty actor slot is NULL (the candidate lookup's actor filter relies on it)
UPDATE events SET source_code = NULL WHERE source_code = '';
UPDATE events SET source_country = NULL WHERE source_country = '';
UPDATE events SET target_code = NULL WHERE target_code = '';
UPDATE events SET target_country = NULL WHERE target_country = '';
