-- School structure and people: periods, subject groups and coefficients, teaching assignments,
-- enrolment history, fuller student and guardian records, guardian invitations, import jobs.
-- Keep in step with migrations/postgres/20261125000006_structure_people.sql.
-- Expression indexes use COALESCE(x, 0) so that "no period" takes part in uniqueness
-- (NULLs are distinct in a plain UNIQUE constraint on both backends).

-- Periods (trimesters or semesters, as the school chose) of an academic year. From
-- `closes_on`, or from `closed_at` when an administrator closed it early, the period's marks
-- and attendance are read-only.
CREATE TABLE periods (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    year_id     BIGINT NOT NULL REFERENCES academic_years(id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    name        TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    closes_on   TEXT NOT NULL,
    closed_at   BIGINT,
    CONSTRAINT periods_name_key UNIQUE (school_id, year_id, name),
    CONSTRAINT periods_dates CHECK (starts_on <= ends_on AND ends_on <= closes_on)
);
CREATE INDEX periods_year ON periods (school_id, year_id, position);

-- Optional groups of subjects shown together on the bulletin ("Sciences").
CREATE TABLE subject_groups (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    position    BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT subject_groups_name_key UNIQUE (school_id, name)
);
ALTER TABLE subjects ADD COLUMN group_id BIGINT REFERENCES subject_groups(id) ON DELETE SET NULL;
ALTER TABLE subjects ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
CREATE INDEX subjects_group ON subjects (school_id, group_id);

-- A subject's coefficient is set per level (level_subjects) and may be overridden for one
-- class, for one period, or both. Lookup, most specific first: class + period, class,
-- level + period, level. Exactly one of level_id / class_id is set.
CREATE TABLE coefficient_overrides (
    school_id           BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id                  INTEGER PRIMARY KEY,
    subject_id          BIGINT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    level_id            BIGINT REFERENCES levels(id) ON DELETE CASCADE,
    class_id            BIGINT REFERENCES classes(id) ON DELETE CASCADE,
    period_id           BIGINT REFERENCES periods(id) ON DELETE CASCADE,
    coefficient_cents   BIGINT NOT NULL CHECK (coefficient_cents >= 0),
    CONSTRAINT coefficient_overrides_target CHECK ((level_id IS NULL) <> (class_id IS NULL)),
    CONSTRAINT coefficient_overrides_specific CHECK (class_id IS NOT NULL OR period_id IS NOT NULL)
);
CREATE UNIQUE INDEX coefficient_overrides_key ON coefficient_overrides
    (school_id, subject_id, COALESCE(level_id, 0), COALESCE(class_id, 0), COALESCE(period_id, 0));
CREATE INDEX coefficient_overrides_class ON coefficient_overrides (school_id, class_id);

-- Who teaches what to whom: teacher × class × subject, for the whole year (period_id NULL) or
-- one period when it changes mid-year. Drives what a teacher sees and may do.
CREATE TABLE teaching_assignments (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    teacher_id  BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    class_id    BIGINT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    subject_id  BIGINT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    period_id   BIGINT REFERENCES periods(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX teaching_assignments_key ON teaching_assignments
    (school_id, class_id, subject_id, teacher_id, COALESCE(period_id, 0));
CREATE INDEX teaching_assignments_teacher ON teaching_assignments (school_id, teacher_id);
CREATE INDEX teaching_assignments_subject ON teaching_assignments (school_id, subject_id);

-- Enrolment history: one open row (ends_on NULL) per student and year; a change of class
-- mid-year closes the row and opens another. students.class_id mirrors the open enrolment of
-- the current year (kept by the service in the same transaction) for the many reads that only
-- need "the class now".
CREATE TABLE enrolments (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    student_id  BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    year_id     BIGINT NOT NULL REFERENCES academic_years(id) ON DELETE CASCADE,
    class_id    BIGINT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT,
    created_at  BIGINT NOT NULL,
    CONSTRAINT enrolments_dates CHECK (ends_on IS NULL OR starts_on <= ends_on)
);
CREATE UNIQUE INDEX enrolments_open ON enrolments (school_id, student_id, year_id) WHERE ends_on IS NULL;
CREATE INDEX enrolments_student ON enrolments (school_id, student_id, starts_on);
CREATE INDEX enrolments_class ON enrolments (school_id, class_id);
INSERT INTO enrolments (school_id, student_id, year_id, class_id, starts_on, created_at)
    SELECT s.school_id, s.id, c.year_id, c.id, y.starts_on, s.created_at
    FROM students s
    JOIN classes c ON c.id = s.class_id AND c.school_id = s.school_id
    JOIN academic_years y ON y.id = c.year_id AND y.school_id = s.school_id;

ALTER TABLE students ADD COLUMN birth_place TEXT;
ALTER TABLE students ADD COLUMN updated_at BIGINT;
CREATE INDEX students_status ON students (school_id, status);

-- One photo per student, kept small by the upload (JPEG, PNG or WebP).
CREATE TABLE student_photos (
    school_id       BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    student_id      BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    content_type    TEXT NOT NULL,
    bytes           BLOB NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (school_id, student_id)
);

ALTER TABLE guardians ADD COLUMN phone_alt TEXT;
ALTER TABLE guardians ADD COLUMN address TEXT;
ALTER TABLE guardians ADD COLUMN updated_at BIGINT;
-- E-mails are stored lower-cased; the import matches an existing guardian on it.
DROP INDEX guardians_email;
CREATE UNIQUE INDEX guardians_email ON guardians (school_id, email) WHERE email IS NOT NULL;
CREATE INDEX guardians_name ON guardians (school_id, last_name, first_name);
ALTER TABLE student_guardians ADD COLUMN receives_notices BIGINT NOT NULL DEFAULT 1 CHECK (receives_notices IN (0, 1));

-- Single-use invitations for a guardian to create their parent account. Only the SHA-256 of
-- the token is stored; `used_at` is set when the account is created.
CREATE TABLE guardian_invitations (
    token_hash  TEXT PRIMARY KEY,
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    guardian_id BIGINT NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    created_by  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX guardian_invitations_guardian ON guardian_invitations (school_id, guardian_id);

-- Imports started from the upload page run in the background; the page polls this row for
-- progress. `report` holds the JSON outcome (counts, or the line-by-line problems).
CREATE TABLE import_jobs (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    dry_run     BIGINT NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
    total       BIGINT NOT NULL DEFAULT 0,
    done        BIGINT NOT NULL DEFAULT 0,
    report      TEXT,
    created_by  BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX import_jobs_school ON import_jobs (school_id, created_at);
