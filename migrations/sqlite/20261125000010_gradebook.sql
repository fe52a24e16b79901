-- Gradebook storage: the school's mark codes, assessments and marks.
-- Keep in step with migrations/postgres/20261125000010_gradebook.sql.
-- Points, maxima and coefficients are integer hundredths (13.5 → 1350); dates ISO TEXT.

-- The school's mark codes (ABS, DISP, Z, …): the service seeds the French defaults the first
-- time a school needs them. counts_as_zero 1: counted as 0; 0: left out of the average.
CREATE TABLE mark_codes (
    school_id       BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    code            TEXT NOT NULL,
    label           TEXT NOT NULL,
    counts_as_zero  BIGINT NOT NULL CHECK (counts_as_zero IN (0, 1)),
    position        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (school_id, code)
);

-- An assessment of one class in one subject and period. Marks are visible to students and
-- parents from published_on (NULL: not published).
CREATE TABLE assessments (
    school_id               BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    id                      INTEGER PRIMARY KEY,
    class_id                BIGINT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
    subject_id              BIGINT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
    period_id               BIGINT NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
    teacher_id              BIGINT NOT NULL REFERENCES users(id),
    title                   TEXT NOT NULL,
    date                    TEXT NOT NULL,
    kind                    TEXT NOT NULL CHECK (kind IN ('devoir', 'interrogation', 'composition', 'oral', 'other')),
    max_hundredths          BIGINT NOT NULL CHECK (max_hundredths > 0),
    coefficient_hundredths  BIGINT NOT NULL CHECK (coefficient_hundredths BETWEEN 0 AND 9900),
    rule                    TEXT NOT NULL CHECK (rule IN ('normal', 'bonus', 'raise_only')),
    published_on            TEXT,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL
);
CREATE INDEX assessments_gradebook ON assessments (school_id, class_id, subject_id, period_id);
CREATE INDEX assessments_teacher ON assessments (school_id, teacher_id);

-- One student's mark on an assessment: points or a code, exactly one.
CREATE TABLE marks (
    school_id           BIGINT NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    assessment_id       BIGINT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    student_id          BIGINT NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    points_hundredths   BIGINT,
    code                TEXT,
    updated_at          BIGINT NOT NULL,
    updated_by          BIGINT REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (school_id, assessment_id, student_id),
    CONSTRAINT marks_one_value CHECK ((points_hundredths IS NULL) <> (code IS NULL))
);
CREATE INDEX marks_student ON marks (school_id, student_id);
