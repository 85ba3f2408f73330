-- version 2: keep the location's feature beside each event mention, so clustering reads every
-- merge key from columns instead of parsing each mention's JSON (PostgreSQL)
ALTER TABLE event_mentions ADD COLUMN location_feature TEXT;
UPDATE event_mentions SET location_feature = (record::json -> 'location') ->> 'feature';
CREATE INDEX event_mentions_key ON event_mentions(event_id, type, modality);
