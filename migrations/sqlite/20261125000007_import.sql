-- Uploaded student files kept between the upload page's preview and its confirmation (then
-- deleted; unconfirmed ones are deleted after a day). Keep in step with
-- migrations/postgres/20261125000007_import.sql.
CREATE TABLE import_uploads (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    created_by  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    file_name   TEXT NOT NULL,
    bytes       BLOB NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX import_uploads_school ON import_uploads (school_id, created_at);
