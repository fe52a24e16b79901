-- Sensitive student fields, encrypted by the application (src/crypto): `v1.<key id>.<nonce>.<ct>`.
-- The blind index allows exact lookup of a national ID without decrypting it.
ALTER TABLE students ADD COLUMN national_id_enc TEXT;
ALTER TABLE students ADD COLUMN national_id_bidx TEXT;
ALTER TABLE students ADD COLUMN medical_enc TEXT;
CREATE INDEX students_national_id_bidx ON students (school_id, national_id_bidx);
