-- API refresh tokens. Only the SHA-256 of a token is stored. Tokens descended from one login
-- share a family: reusing a rotated token revokes the whole family.
CREATE TABLE refresh_tokens (
    token_hash          TEXT PRIMARY KEY,
    family_id           TEXT NOT NULL,
    user_id             BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    school_id           BIGINT REFERENCES schools(id) ON DELETE CASCADE,
    issued_at           BIGINT NOT NULL,
    expires_at          BIGINT NOT NULL,
    family_expires_at   BIGINT NOT NULL,
    rotated_at          BIGINT,
    revoked_at          BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
