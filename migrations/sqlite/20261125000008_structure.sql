-- School structure: one subject's coefficients per level (`/api/v2/subjects/{id}`, the
-- subject's coefficient lookups) filter level_subjects by subject, which its primary key
-- (school, level, subject) does not serve. Keep in step with the other backend's file.
CREATE INDEX level_subjects_subject ON level_subjects (school_id, subject_id);
