-- Which marks use a code: the mark codes page shows it and refuses to remove a code in use.
-- Partial: only the few marks that are codes are indexed.
CREATE INDEX marks_code ON marks (school_id, code) WHERE code IS NOT NULL;
