-- A platform administrator can disable a school: its members can no longer sign in or use
-- their sessions and API tokens there; its data is kept.
ALTER TABLE schools ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
