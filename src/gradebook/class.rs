//! Class ranks and class statistics, over the students' exact averages.

use super::compute::{GradebookError, mean_of_present};
use super::ratio::Ratio;

/// Class ranks, index for index: a student's rank is the number of students with a strictly
/// higher average + 1, so ties share a rank and the next rank is skipped (1, 1, 3). Students
/// without an average get no rank. Ranks compare the exact averages, not the rounded display.
pub fn ranks(averages: &[Option<Ratio>]) -> Vec<Option<u32>> {
    let mut sorted: Vec<Ratio> = averages.iter().flatten().copied().collect();
    sorted.sort_by(|a, b| b.cmp(a));
    averages
        .iter()
        .map(|average| {
            average.map(|avg| {
                let above = sorted.partition_point(|other| *other > avg);
                u32::try_from(above).unwrap_or(u32::MAX).saturating_add(1)
            })
        })
        .collect()
}

/// A class's statistics for one subject (or the general average).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassStats {
    /// The mean of the students' averages (students without one are left out).
    pub average: Ratio,
    pub min: Ratio,
    pub max: Ratio,
    /// How many students have an average.
    pub count: usize,
}

/// The class average, lowest and highest of the students' averages; `None` when no student
/// has one.
pub fn class_stats(averages: &[Option<Ratio>]) -> Result<Option<ClassStats>, GradebookError> {
    let present: Vec<Ratio> = averages.iter().flatten().copied().collect();
    let (Some(min), Some(max)) = (present.iter().min(), present.iter().max()) else {
        return Ok(None);
    };
    let Some(average) = mean_of_present(averages)? else {
        return Ok(None);
    };
    Ok(Some(ClassStats {
        average,
        min: *min,
        max: *max,
        count: present.len(),
    }))
}
