-- Issuing bulletins (docs/BULLETINS.md): the verification page finds a bulletin by the SHA-256
-- of an uploaded PDF; the family and list pages read the versions of a student.
CREATE INDEX bulletins_sha256 ON bulletins (school_id, sha256);
CREATE INDEX bulletins_student ON bulletins (school_id, student_id, period_id, version);
-- What a finished job did: bulletins issued, and students left as they were (already issued,
-- or unchanged when issuing corrected versions).
ALTER TABLE bulletin_jobs ADD COLUMN issued BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bulletin_jobs ADD COLUMN skipped BIGINT NOT NULL DEFAULT 0;
-- One issuing job at a time per school.
CREATE UNIQUE INDEX bulletin_jobs_active ON bulletin_jobs (school_id)
    WHERE status IN ('queued', 'running');
