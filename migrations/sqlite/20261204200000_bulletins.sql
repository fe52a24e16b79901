-- Appréciations, class councils and bulletins (docs/BULLETINS.md).
-- Keep in step with migrations/postgres/20261204200000_bulletins.sql.

-- The longest appréciation a teacher may write, in characters (schools choose 100 to 2000).
ALTER TABLE schools ADD COLUMN appreciation_max_chars BIGINT NOT NULL DEFAULT 300
    CHECK (appreciation_max_chars BETWEEN 100 AND 2000);

-- A teacher's appréciation of a student in a subject for a period.
CREATE TABLE appreciations (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    student_id  BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    subject_id  BIGINT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    period_id   BIGINT NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    author_id   BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (school_id, period_id, student_id, subject_id)
);

-- A teacher's own comments, to insert into appréciations.
CREATE TABLE comment_bank (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    owner_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX comment_bank_owner ON comment_bank (school_id, owner_id);

-- What the class council decided for a student and period: the general appréciation (the main
-- teacher's) and the distinction, if any.
CREATE TABLE council_decisions (
    school_id               BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    student_id              BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    period_id               BIGINT NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    general_appreciation    TEXT NOT NULL DEFAULT '',
    distinction             TEXT CHECK (distinction IN ('felicitations', 'compliments',
                                'encouragements', 'avertissement_travail', 'avertissement_conduite')),
    updated_by              BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at              BIGINT NOT NULL,
    PRIMARY KEY (school_id, period_id, student_id)
);

-- A school's own bulletin template (typst) and logo; absent: the default template, no logo.
CREATE TABLE bulletin_settings (
    school_id   BIGINT PRIMARY KEY REFERENCES schools(id) ON DELETE CASCADE,
    template    TEXT,
    logo        BLOB,
    logo_type   TEXT CHECK (logo_type IN ('image/png', 'image/jpeg', 'image/svg+xml')),
    updated_by  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at  BIGINT NOT NULL
);

-- Issuing bulletins in the background: a student, a class or the whole school for a period.
CREATE TABLE bulletin_jobs (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    period_id   BIGINT NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    scope       TEXT NOT NULL CHECK (scope IN ('school', 'class', 'student')),
    scope_id    BIGINT,
    status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    total       BIGINT NOT NULL DEFAULT 0,
    done        BIGINT NOT NULL DEFAULT 0,
    error       TEXT,
    created_by  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX bulletin_jobs_school ON bulletin_jobs (school_id, created_at);

-- An issued bulletin: the PDF as issued, its SHA-256 (hex) and the data it was typeset from.
-- Never updated nor deleted by the application: a correction is a new version.
CREATE TABLE bulletins (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    student_id  BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    period_id   BIGINT NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    class_id    BIGINT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    version     BIGINT NOT NULL CHECK (version >= 1),
    pdf         BLOB NOT NULL,
    sha256      TEXT NOT NULL,
    pages       BIGINT NOT NULL,
    data        TEXT NOT NULL,
    reason      TEXT,
    job_id      BIGINT REFERENCES bulletin_jobs(id) ON DELETE SET NULL,
    issued_by   BIGINT REFERENCES users(id) ON DELETE SET NULL,
    issued_at   BIGINT NOT NULL,
    CONSTRAINT bulletins_version_key UNIQUE (school_id, student_id, period_id, version)
);
CREATE INDEX bulletins_class ON bulletins (school_id, class_id, period_id);
CREATE TRIGGER bulletins_immutable BEFORE UPDATE ON bulletins
BEGIN
    SELECT RAISE(ABORT, 'an issued bulletin is immutable; issue a new version');
END;
