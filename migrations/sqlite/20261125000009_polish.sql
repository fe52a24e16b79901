-- Polish: the enrolments of one school year (a year's deletion check, the year's enrolment
-- counts) filter enrolments by (school, year), which none of its indexes serve.
-- Keep in step with the other backend's file.
CREATE INDEX enrolments_year ON enrolments (school_id, year_id);
