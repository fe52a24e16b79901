-- Foundation: schools (tenants), accounts, sessions, and the school structure the demo needs.
-- Flags are BIGINT 0/1 on both backends (sqlx Any maps no SQLite BOOLEAN).
-- Timestamps are milliseconds since the Unix epoch (BIGINT); dates are ISO-8601 TEXT.
-- Keep in step with migrations/postgres/20261125000001_foundation.sql.

CREATE TABLE schools (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    locale          TEXT NOT NULL DEFAULT 'fr',
    timezone        TEXT NOT NULL DEFAULT 'Europe/Paris',
    currency        TEXT NOT NULL DEFAULT 'EUR',
    color           TEXT NOT NULL DEFAULT '#1d4ed8',
    period_kind     TEXT NOT NULL DEFAULT 'trimester' CHECK (period_kind IN ('trimester', 'semester')),
    average_mode    TEXT NOT NULL DEFAULT 'normalized' CHECK (average_mode IN ('normalized', 'weighted_by_max')),
    grade_decimals  BIGINT NOT NULL DEFAULT 2 CHECK (grade_decimals BETWEEN 0 AND 4),
    created_at      BIGINT NOT NULL,
    CONSTRAINT schools_code_key UNIQUE (code)
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL,
    display_name        TEXT NOT NULL,
    email               TEXT,
    password_hash       TEXT NOT NULL,
    locale              TEXT,
    theme               TEXT NOT NULL DEFAULT 'system' CHECK (theme IN ('system', 'light', 'dark')),
    is_platform_admin   BIGINT NOT NULL DEFAULT 0 CHECK (is_platform_admin IN (0, 1)),
    disabled            BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_logins       BIGINT NOT NULL DEFAULT 0,
    last_failed_login_at BIGINT,
    created_at          BIGINT NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username)
);

CREATE TABLE memberships (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('school_admin', 'teacher', 'vie_scolaire', 'bursar', 'parent', 'student')),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (school_id, user_id, role)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- Web sessions. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    school_id    BIGINT REFERENCES schools(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE academic_years (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    is_current  BIGINT NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
    CONSTRAINT academic_years_name_key UNIQUE (school_id, name)
);

CREATE TABLE levels (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    position    BIGINT NOT NULL,
    CONSTRAINT levels_name_key UNIQUE (school_id, name)
);

CREATE TABLE classes (
    school_id       BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    year_id         BIGINT NOT NULL REFERENCES academic_years(id),
    level_id        BIGINT NOT NULL REFERENCES levels(id),
    name            TEXT NOT NULL,
    main_teacher_id BIGINT REFERENCES users(id),
    room            TEXT,
    CONSTRAINT classes_name_key UNIQUE (school_id, year_id, name)
);
CREATE INDEX classes_level ON classes (school_id, level_id);

CREATE TABLE subjects (
    school_id   BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    color       TEXT NOT NULL,
    CONSTRAINT subjects_code_key UNIQUE (school_id, code)
);

-- Coefficients are stored in hundredths (coefficient 2.5 = 250).
CREATE TABLE level_subjects (
    school_id           BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    level_id            BIGINT NOT NULL REFERENCES levels(id) ON DELETE CASCADE,
    subject_id          BIGINT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    coefficient_cents   BIGINT NOT NULL CHECK (coefficient_cents >= 0),
    PRIMARY KEY (school_id, level_id, subject_id)
);

CREATE TABLE students (
    school_id       BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    matricule       TEXT NOT NULL,
    first_name      TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    birth_date      TEXT,
    sex             TEXT CHECK (sex IN ('F', 'M')),
    class_id        BIGINT REFERENCES classes(id),
    user_id         BIGINT REFERENCES users(id) ON DELETE SET NULL,
    status          TEXT NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'left', 'graduated')),
    created_at      BIGINT NOT NULL,
    CONSTRAINT students_matricule_key UNIQUE (school_id, matricule)
);
CREATE INDEX students_class ON students (school_id, class_id);
CREATE INDEX students_name ON students (school_id, last_name, first_name);
CREATE INDEX students_user ON students (user_id);

CREATE TABLE guardians (
    school_id       BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id              INTEGER PRIMARY KEY,
    first_name      TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    phone           TEXT,
    email           TEXT,
    user_id         BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX guardians_user ON guardians (user_id);
CREATE INDEX guardians_email ON guardians (school_id, email);

CREATE TABLE student_guardians (
    school_id       BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    student_id      BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    guardian_id     BIGINT NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    relationship    TEXT NOT NULL CHECK (relationship IN ('mother', 'father', 'guardian', 'other')),
    legal_guardian  BIGINT NOT NULL DEFAULT 1 CHECK (legal_guardian IN (0, 1)),
    PRIMARY KEY (school_id, student_id, guardian_id)
);
CREATE INDEX student_guardians_guardian ON student_guardians (school_id, guardian_id);
CREATE INDEX classes_main_teacher ON classes (school_id, main_teacher_id);
