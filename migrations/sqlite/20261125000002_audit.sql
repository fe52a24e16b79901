-- The tamper-evident audit trail: one hash chain per school (school_id 0 holds platform-level
-- events), its head in audit_heads. No foreign keys: rows outlive the users and schools they
-- name, and a cascade or SET NULL would rewrite hashed rows.
-- Keep in step with migrations/postgres/20261125000002_audit.sql (partitioned there).

CREATE TABLE audit_log (
    school_id       BIGINT NOT NULL,
    id              INTEGER PRIMARY KEY,
    seq             BIGINT NOT NULL,
    at              BIGINT NOT NULL,
    user_id         BIGINT,
    action          TEXT NOT NULL,
    resource_type   TEXT NOT NULL,
    resource_id     TEXT,
    details         TEXT NOT NULL DEFAULT '{}',
    ip              TEXT,
    user_agent      TEXT,
    request_id      TEXT,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_log_chain ON audit_log (school_id, seq);
CREATE INDEX audit_log_school_at ON audit_log (school_id, at);
CREATE INDEX audit_log_school_user_at ON audit_log (school_id, user_id, at);
CREATE INDEX audit_log_school_action_at ON audit_log (school_id, action, at);

-- The head of each chain: the last seq and hash. Writers lock this row first
-- (UPDATE … RETURNING), which serialises the writers of one school.
CREATE TABLE audit_heads (
    school_id   BIGINT PRIMARY KEY,
    seq         BIGINT NOT NULL,
    hash        TEXT NOT NULL
);
