-- The tamper-evident audit trail: one hash chain per school (school_id 0 holds platform-level
-- events), its head in audit_heads. No foreign keys: rows outlive the users and schools they
-- name, and a cascade or SET NULL would rewrite hashed rows.
-- Keep in step with migrations/sqlite/20261125000002_audit.sql.
--
-- audit_log is range-partitioned by month on `at` (ms since the epoch, UTC month bounds), so
-- old months can be detached and archived. A partitioned table's keys must include the
-- partition column: the primary key is (id, at), and (school_id, seq) — unique by
-- construction, since the head row serialises writers — is a plain index here.
-- PostgreSQL 15 cannot use IDENTITY columns on partitioned tables: id is a BIGSERIAL.

CREATE TABLE audit_log (
    school_id       BIGINT NOT NULL,
    id              BIGSERIAL NOT NULL,
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
    hash            TEXT NOT NULL,
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE INDEX audit_log_chain ON audit_log (school_id, seq);
CREATE INDEX audit_log_school_at ON audit_log (school_id, at);
CREATE INDEX audit_log_school_user_at ON audit_log (school_id, user_id, at);
CREATE INDEX audit_log_school_action_at ON audit_log (school_id, action, at);

-- Creates the monthly partitions audit_log_YYYY_MM for `months` months from the month of
-- `first_month`, skipping those that exist. Returns how many it created. Called by this
-- migration and at every server start (12 months ahead; see src/audit/repo.rs).
CREATE FUNCTION audit_log_create_partitions(first_month DATE, months INTEGER)
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    m DATE;
    part TEXT;
    lo BIGINT;
    hi BIGINT;
    created BIGINT := 0;
BEGIN
    FOR i IN 0 .. months - 1 LOOP
        m := (date_trunc('month', first_month) + make_interval(months => i))::date;
        part := 'audit_log_' || to_char(m, 'YYYY_MM');
        IF to_regclass(part) IS NULL THEN
            lo := (extract(epoch FROM (m::timestamp AT TIME ZONE 'UTC')) * 1000)::bigint;
            hi := (extract(epoch FROM ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC')) * 1000)::bigint;
            EXECUTE format(
                'CREATE TABLE IF NOT EXISTS %I PARTITION OF audit_log FOR VALUES FROM (%s) TO (%s)',
                part, lo, hi);
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END;
$$;

SELECT audit_log_create_partitions(DATE '2026-01-01', 24);

CREATE TABLE audit_heads (
    school_id   BIGINT PRIMARY KEY,
    seq         BIGINT NOT NULL,
    hash        TEXT NOT NULL
);
