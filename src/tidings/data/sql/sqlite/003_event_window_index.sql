-- version 3: a covering index for the clustering's candidate lookup (same type and modality,
-- dates overlapping), so it never reads the wide event rows it rejects
CREATE INDEX events_window ON events(type, modality, date_lo, date_hi, id);
