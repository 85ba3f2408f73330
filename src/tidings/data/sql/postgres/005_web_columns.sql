-- version 5 (PostgreSQL).  Web desk at 100k events: the PLOVER mode and Goldstein score as
-- columns of events (back-filled from the stored JSON), so the mode filter, the network, the dyad
-- series and the map no longer parse every record; an index on event_mentions(outlet, event_id)
-- for the outlet filter and facet; the sort key of order 'mentions'; and mode as a filter column.
-- Actor-code prefixes are matched as a range on source_code/target_code (existing indexes).
ALTER TABLE events ADD COLUMN mode TEXT;
ALTER TABLE events ADD COLUMN goldstein DOUBLE PRECISION;
UPDATE events SET mode = NULLIF(record::json ->> 'mode', ''),
    goldstein = CASE WHEN json_typeof(record::json -> 'goldstein') = 'number'
                     THEN (record::json ->> 'goldstein')::float END
    WHERE record <> '{}';
CREATE INDEX events_mode ON events(mode);
CREATE INDEX events_order_mentions ON events(num_mentions DESC, date_lo, id);
CREATE INDEX event_mentions_outlet ON event_mentions(outlet, event_id);
-- every filter and aggregate column of events in one narrow covering index: an unfiltered facet
-- or network scan reads it instead of the wide rows with their JSON records (about 1.5x faster)
CREATE INDEX events_covering ON events(id, type, modality, mode, source_country, source_code, target_country, target_code, location_country, date_lo, date_hi, confidence, num_mentions, goldstein);
-- the outlet facet counts the outlets of the filtered events' mentions from the index alone
CREATE INDEX event_mentions_event_outlet ON event_mentions(event_id, outlet);
