//! The French averaging rules as pure functions. See the module documentation for units.

use super::ratio::Ratio;

/// The largest coefficient, in hundredths (99).
pub const MAX_COEFFICIENT: i64 = 9_900;

/// How a subject's marks are combined (a school setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AverageMode {
    /// Each mark is brought to /20, then weighted by its coefficient:
    /// `Σ(coef × mark × 20 / max) / Σ coef`. A /5 weighs as much as a /20 of the same
    /// coefficient. 18/20, 2/10, 1/5 with coefficient 1 → 8.67.
    Normalized,
    /// Marks are weighted by coefficient × maximum: `Σ(mark × coef) / Σ(max × coef) × 20`.
    /// A /40 weighs twice a /20 of the same coefficient. 18/20, 2/10, 1/5 → 12.00.
    WeightedByMax,
}

impl AverageMode {
    /// The school setting's stored value: `"normalized"` or `"weighted_by_max"`.
    pub fn as_setting(self) -> &'static str {
        match self {
            Self::Normalized => "normalized",
            Self::WeightedByMax => "weighted_by_max",
        }
    }

    /// Parses the school setting's stored value; `None` for anything else.
    pub fn from_setting(value: &str) -> Option<Self> {
        [Self::Normalized, Self::WeightedByMax]
            .into_iter()
            .find(|mode| mode.as_setting() == value)
    }
}

/// How the annual average is obtained from the periods (a school setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnualMode {
    /// The plain mean of the period averages that exist (a period without an average is left
    /// out, it does not count as 0).
    MeanOfPeriods,
    /// One average over all the marks of the year, as if the year were one period.
    AllMarks,
}

impl AnnualMode {
    /// The school setting's stored value: `"mean_of_periods"` or `"all_marks"`.
    pub fn as_setting(self) -> &'static str {
        match self {
            Self::MeanOfPeriods => "mean_of_periods",
            Self::AllMarks => "all_marks",
        }
    }

    /// Parses the school setting's stored value; `None` for anything else.
    pub fn from_setting(value: &str) -> Option<Self> {
        [Self::MeanOfPeriods, Self::AllMarks]
            .into_iter()
            .find(|mode| mode.as_setting() == value)
    }
}

/// The optional rule an assessment carries (at most one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssessmentRule {
    /// An ordinary mark.
    Normal,
    /// "Bonus": only the points above half the maximum count. They are brought to /20 and
    /// multiplied by the mark's weight like an ordinary mark, then added to the sum of points
    /// **without** adding the weight to the sum of weights. A mark at or below half adds
    /// nothing. Bonus marks need an average to add to: with no other counted mark they are left
    /// out ([`LeftOutReason::NoBaseAverage`]). Because bonus points can lift an average above
    /// 20, the subject average is capped at 20 ([`SubjectResult::capped`]).
    Bonus,
    /// "Counts only if it raises the average": see [`subject_average`] for the exact procedure.
    RaiseOnly,
}

/// What an assessment contributes to the computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    /// The assessment's id, echoed in the explanation.
    pub id: i64,
    /// The maximum, in hundredths, strictly positive (20 → `2000`).
    pub max: i64,
    /// The coefficient, in hundredths, from 0 to 9900 (2.5 → `250`). A coefficient of 0 leaves
    /// the mark out ([`LeftOutReason::ZeroCoefficient`]).
    pub coefficient: i64,
    pub rule: AssessmentRule,
}

/// A student's mark on an assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkValue {
    /// Points in hundredths, from 0 to the assessment's maximum.
    Points(i64),
    /// A code of the school's [`CodeTable`] (ABS, DISP, Z, …).
    Code(String),
}

/// One mark with its assessment: the input of [`subject_average`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkEntry {
    pub assessment: Assessment,
    pub value: MarkValue,
}

/// What a mark code does to the average.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeEffect {
    /// Counted as a mark of 0 (unjustified absence Z, not handed in W).
    CountsAsZero,
    /// Left out of the average as if the assessment did not exist for this student (excused
    /// absence, exempt, not graded, not submitted).
    LeftOut,
}

/// One configured mark code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkCode {
    pub code: String,
    pub effect: CodeEffect,
}

/// The school's mark codes (configurable per school; [`CodeTable::french_default`] is the
/// default set). Codes are matched exactly.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CodeTable {
    codes: Vec<MarkCode>,
}

impl CodeTable {
    pub fn new(codes: Vec<MarkCode>) -> Self {
        Self { codes }
    }

    /// ABS (absent, excused), DISP (exempt), NN (not graded), NR (not submitted) are left out;
    /// Z (unjustified absence) and W (not handed in) count as 0.
    pub fn french_default() -> Self {
        let code = |code: &str, effect| MarkCode {
            code: code.to_owned(),
            effect,
        };
        Self::new(vec![
            code("ABS", CodeEffect::LeftOut),
            code("DISP", CodeEffect::LeftOut),
            code("NN", CodeEffect::LeftOut),
            code("NR", CodeEffect::LeftOut),
            code("Z", CodeEffect::CountsAsZero),
            code("W", CodeEffect::CountsAsZero),
        ])
    }

    pub fn effect(&self, code: &str) -> Option<CodeEffect> {
        self.codes.iter().find(|c| c.code == code).map(|c| c.effect)
    }

    pub fn codes(&self) -> &[MarkCode] {
        &self.codes
    }
}

/// Why a mark did not count (the student page translates it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeftOutReason {
    /// A code whose effect is [`CodeEffect::LeftOut`] (the code is given).
    Code(String),
    /// The assessment's coefficient is 0.
    ZeroCoefficient,
    /// A [`AssessmentRule::RaiseOnly`] mark that would not have raised the average.
    WouldNotRaise,
    /// A [`AssessmentRule::Bonus`] mark with no other counted mark to add to.
    NoBaseAverage,
}

/// How one mark entered the subject average.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkStatus {
    /// Counted. `weight` is the mark's effective weight in coefficient units (its coefficient
    /// in [`AverageMode::Normalized`], coefficient × max / 20 in
    /// [`AverageMode::WeightedByMax`]); `share` is weight / Σ weights (0..=1), the part of the
    /// average this mark makes up.
    Counted { weight: Ratio, share: Ratio },
    /// A bonus mark: `added` is what its points above half added to the average (on 20,
    /// before the cap at 20).
    Bonus { added: Ratio },
    /// Not counted, and why.
    LeftOut(LeftOutReason),
}

/// The explanation of one mark, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkExplanation {
    pub assessment_id: i64,
    pub value: MarkValue,
    /// The mark brought to /20 (a code counting as 0 gives 0), `None` for a code left out.
    pub on_20: Option<Ratio>,
    pub status: MarkStatus,
}

/// A subject's average with its explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectResult {
    /// On 20, exact; `None` when no mark counted (the subject is then left out of the general
    /// average).
    pub average: Option<Ratio>,
    /// True when bonus points lifted the average above 20 and it was capped to 20.
    pub capped: bool,
    /// One explanation per input mark, in input order.
    pub marks: Vec<MarkExplanation>,
}

/// Refused input, or a computation beyond `i128` (only possible with absurd maxima: the
/// denominators grow with the least common multiple of the distinct maxima of one subject).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradebookError {
    #[error("assessment {assessment_id}: the maximum must be positive")]
    InvalidMaximum { assessment_id: i64 },
    #[error("coefficient {coefficient} out of 0..=9900 (hundredths)")]
    InvalidCoefficient { coefficient: i64 },
    #[error("assessment {assessment_id}: mark out of 0..=max")]
    MarkOutOfRange { assessment_id: i64 },
    #[error("assessment {assessment_id}: unknown mark code {code:?}")]
    UnknownCode { assessment_id: i64, code: String },
    #[error("gradebook arithmetic overflow")]
    Overflow,
}

type Result<T> = std::result::Result<T, GradebookError>;

fn checked<T>(value: Option<T>) -> Result<T> {
    value.ok_or(GradebookError::Overflow)
}

fn check_coefficient(coefficient: i64) -> Result<()> {
    if (0..=MAX_COEFFICIENT).contains(&coefficient) {
        Ok(())
    } else {
        Err(GradebookError::InvalidCoefficient { coefficient })
    }
}

/// A mark after validation and code resolution.
struct Resolved {
    /// Points in hundredths, `None` when left out (with the reason in `left_out`).
    points: Option<i64>,
    left_out: Option<LeftOutReason>,
}

fn resolve(entry: &MarkEntry, codes: &CodeTable) -> Result<Resolved> {
    let a = &entry.assessment;
    if a.max <= 0 {
        return Err(GradebookError::InvalidMaximum {
            assessment_id: a.id,
        });
    }
    check_coefficient(a.coefficient)?;
    let points = match &entry.value {
        MarkValue::Points(p) if (0..=a.max).contains(p) => Some(*p),
        MarkValue::Points(_) => {
            return Err(GradebookError::MarkOutOfRange {
                assessment_id: a.id,
            });
        }
        MarkValue::Code(code) => match codes.effect(code) {
            Some(CodeEffect::CountsAsZero) => Some(0),
            Some(CodeEffect::LeftOut) => {
                return Ok(Resolved {
                    points: None,
                    left_out: Some(LeftOutReason::Code(code.clone())),
                });
            }
            None => {
                return Err(GradebookError::UnknownCode {
                    assessment_id: a.id,
                    code: code.clone(),
                });
            }
        },
    };
    let left_out = (a.coefficient == 0).then_some(LeftOutReason::ZeroCoefficient);
    Ok(Resolved { points, left_out })
}

/// `points × 20 / max`, exact.
fn on_20(points: i64, max: i64) -> Result<Ratio> {
    checked(Ratio::new(i128::from(points) * 20, i128::from(max)))
}

/// The effective weight of a mark (see [`MarkStatus::Counted`]).
fn weight(a: &Assessment, mode: AverageMode) -> Result<Ratio> {
    let coefficient = Ratio::from_hundredths(a.coefficient);
    match mode {
        AverageMode::Normalized => Ok(coefficient),
        AverageMode::WeightedByMax => {
            checked(Ratio::new(i128::from(a.max), 2_000).and_then(|m| coefficient.checked_mul(m)))
        }
    }
}

/// The running sums: `points` = Σ weight × on_20 (+ bonus), `weights` = Σ weight.
#[derive(Clone, Copy)]
struct Sums {
    points: Ratio,
    weights: Ratio,
}

impl Sums {
    fn average(self) -> Option<Ratio> {
        self.points.checked_div(self.weights)
    }

    fn with(self, weight: Ratio, value: Ratio) -> Result<Self> {
        Ok(Self {
            points: checked(self.points.checked_add(checked(weight.checked_mul(value))?))?,
            weights: checked(self.weights.checked_add(weight))?,
        })
    }
}

/// A subject's average over a set of marks (a period's, or a year's), on 20, with the
/// explanation of every mark.
///
/// The procedure, in order:
/// 1. Every mark is validated (positive maximum, coefficient 0..=9900, points 0..=max, known
///    code). Codes left out and coefficients of 0 leave the mark out; codes counting as zero
///    become 0 points.
/// 2. Ordinary marks are summed: points += weight × mark/20-scaled, weights += weight, with the
///    weight of the school's [`AverageMode`].
/// 3. Bonus marks add weight × (points above max/2, brought to /20) to the points only.
/// 4. "Raise-only" marks are then considered from the highest mark on 20 to the lowest. Marks
///    of equal value on 20 are decided together. A group is included when there is no average
///    yet (no weight so far) or when its value on 20 is strictly above the current average
///    (which includes the bonus points); including it updates the average, and the next
///    (lower) group is compared with the new average. Since a mark raises a weighted mean
///    exactly when it is above it, this includes precisely the raise-only marks that raise the
///    average, gives the highest attainable average, and does not depend on the order of the
///    input.
/// 5. With no weight at all the subject has no average (bonus marks are then left out with
///    [`LeftOutReason::NoBaseAverage`]); otherwise average = points / weights, capped at 20.
pub fn subject_average(
    marks: &[MarkEntry],
    codes: &CodeTable,
    mode: AverageMode,
) -> Result<SubjectResult> {
    let resolved = marks
        .iter()
        .map(|m| resolve(m, codes))
        .collect::<Result<Vec<_>>>()?;
    let mut on_20s = Vec::with_capacity(marks.len());
    let mut weights = Vec::with_capacity(marks.len());
    for (entry, r) in marks.iter().zip(&resolved) {
        on_20s.push(match r.points {
            Some(p) => Some(on_20(p, entry.assessment.max)?),
            None => None,
        });
        weights.push(weight(&entry.assessment, mode)?);
    }
    let mut included = vec![false; marks.len()];
    let mut sums = Sums {
        points: Ratio::ZERO,
        weights: Ratio::ZERO,
    };
    let (resolved_ref, on_20s_ref) = (&resolved, &on_20s);
    let candidates = |rule: AssessmentRule| {
        (0..marks.len()).filter_map(move |i| {
            let countable = resolved_ref.get(i)?.left_out.is_none();
            let value = (*on_20s_ref.get(i)?)?;
            (countable && marks.get(i)?.assessment.rule == rule).then_some((i, value))
        })
    };
    // 2. Ordinary marks.
    for (i, value) in candidates(AssessmentRule::Normal) {
        sums = sums.with(weights[i], value)?;
        included[i] = true;
    }
    // 3. Bonus marks: points above half, no weight.
    let mut bonus_added = vec![Ratio::ZERO; marks.len()];
    for (i, value) in candidates(AssessmentRule::Bonus) {
        let above_half = checked(value.checked_sub(Ratio::from_integer(10)))?.max(Ratio::ZERO);
        let added = checked(weights[i].checked_mul(above_half))?;
        sums.points = checked(sums.points.checked_add(added))?;
        bonus_added[i] = added;
    }
    // 4. Raise-only marks, highest value first, equal values together.
    let mut raise_only: Vec<(usize, Ratio)> = candidates(AssessmentRule::RaiseOnly).collect();
    raise_only.sort_by_key(|&(_, value)| std::cmp::Reverse(value));
    for group in raise_only.chunk_by(|a, b| a.1 == b.1) {
        let Some(&(_, value)) = group.first() else {
            continue;
        };
        let raises = sums.weights.is_zero() || sums.average().is_none_or(|avg| value > avg);
        if !raises {
            break;
        }
        for &(i, value) in group {
            sums = sums.with(weights[i], value)?;
            included[i] = true;
        }
    }
    // 5. The average and the explanation.
    let has_average = !sums.weights.is_zero();
    let raw = if has_average { sums.average() } else { None };
    let twenty = Ratio::from_integer(20);
    let capped = raw.is_some_and(|avg| avg > twenty);
    let average = raw.map(|avg| avg.min(twenty));
    let mut explanations = Vec::with_capacity(marks.len());
    for (i, (entry, r)) in marks.iter().zip(resolved).enumerate() {
        let status = if let Some(reason) = r.left_out {
            MarkStatus::LeftOut(reason)
        } else {
            match entry.assessment.rule {
                AssessmentRule::Bonus if has_average => MarkStatus::Bonus {
                    added: checked(bonus_added[i].checked_div(sums.weights))?,
                },
                AssessmentRule::Bonus => MarkStatus::LeftOut(LeftOutReason::NoBaseAverage),
                _ if included[i] => MarkStatus::Counted {
                    weight: weights[i],
                    share: checked(weights[i].checked_div(sums.weights))?,
                },
                _ => MarkStatus::LeftOut(LeftOutReason::WouldNotRaise),
            }
        };
        explanations.push(MarkExplanation {
            assessment_id: entry.assessment.id,
            value: entry.value.clone(),
            on_20: on_20s[i],
            status,
        });
    }
    Ok(SubjectResult {
        average,
        capped,
        marks: explanations,
    })
}

/// A subject's (or group's) average with its coefficient (hundredths, 0..=9900): the input of
/// [`general_average`] and [`group_average`].
pub type WeightedAverage = (Option<Ratio>, i64);

/// The general average: Σ(subject average × subject coefficient) / Σ(coefficients of the
/// subjects that have an average). A subject without an average is left out (it does not
/// count as 0); `None` when no subject with a non-zero coefficient has an average.
///
/// 12×3 + 17×2 + 15×0.5 + 9×1 over 6.5 = 13.31.
pub fn general_average(subjects: &[WeightedAverage]) -> Result<Option<Ratio>> {
    let mut points = Ratio::ZERO;
    let mut weights = Ratio::ZERO;
    for &(average, coefficient) in subjects {
        check_coefficient(coefficient)?;
        let Some(average) = average else { continue };
        let weight = Ratio::from_hundredths(coefficient);
        points = checked(points.checked_add(checked(average.checked_mul(weight))?))?;
        weights = checked(weights.checked_add(weight))?;
    }
    if weights.is_zero() {
        return Ok(None);
    }
    checked(points.checked_div(weights)).map(Some)
}

/// A subject group's average: the same rule as [`general_average`], over the group's subjects.
pub fn group_average(subjects: &[WeightedAverage]) -> Result<Option<Ratio>> {
    general_average(subjects)
}

/// The plain mean of the averages that exist; `None` when none does.
pub(super) fn mean_of_present(values: &[Option<Ratio>]) -> Result<Option<Ratio>> {
    let mut sum = Ratio::ZERO;
    let mut count: i128 = 0;
    for value in values.iter().flatten() {
        sum = checked(sum.checked_add(*value))?;
        count += 1;
    }
    if count == 0 {
        return Ok(None);
    }
    checked(sum.checked_div(Ratio::from_integer(count))).map(Some)
}

/// A subject's annual average from its marks, given period by period, in the school's
/// [`AnnualMode`]: the mean of the period averages that exist, or one [`subject_average`] over
/// all the year's marks (raise-only marks are then judged against the year's average).
pub fn annual_subject_average(
    periods: &[Vec<MarkEntry>],
    codes: &CodeTable,
    mode: AverageMode,
    annual: AnnualMode,
) -> Result<Option<Ratio>> {
    match annual {
        AnnualMode::MeanOfPeriods => {
            let averages = periods
                .iter()
                .map(|marks| subject_average(marks, codes, mode).map(|r| r.average))
                .collect::<Result<Vec<_>>>()?;
            mean_of_present(&averages)
        }
        AnnualMode::AllMarks => {
            let all: Vec<MarkEntry> = periods.iter().flatten().cloned().collect();
            Ok(subject_average(&all, codes, mode)?.average)
        }
    }
}
