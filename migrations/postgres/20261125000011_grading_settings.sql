-- Grading settings read by the gradebook: whether students and parents see class ranks, and how
-- the annual average is obtained from the periods (see src/gradebook/compute.rs, AnnualMode).
ALTER TABLE schools ADD COLUMN show_ranks BIGINT NOT NULL DEFAULT 1 CHECK (show_ranks IN (0, 1));
ALTER TABLE schools ADD COLUMN annual_mode TEXT NOT NULL DEFAULT 'mean_of_periods'
    CHECK (annual_mode IN ('mean_of_periods', 'all_marks'));
