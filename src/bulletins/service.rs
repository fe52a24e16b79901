//! Issuing bulletins: the rules (a closed period, a reason for corrections), and issuing the
//! bulletins of one class from its council, each in its own transaction with its audit row.
//! Downloads check a bulletin's PDF against its SHA-256 before serving it.

use std::collections::HashMap;

use serde_json::json;
use sha2::{Digest, Sha256};

use super::{
    document::{self, BulletinData, Identity, Issue},
    render::{self, Logo},
    repo::{self, NewBulletin},
};
use crate::{
    AppState,
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    council,
    error::AppError,
    schools::{SchoolScope, model::School},
    structure::{self, repo as structure_repo},
};

/// The most characters a correction's reason may have.
pub const REASON_MAX: usize = 500;

/// Whose bulletins a job issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Student(i64),
    Class(i64),
    School,
}

impl Target {
    pub fn kind(self) -> &'static str {
        match self {
            Target::Student(_) => "student",
            Target::Class(_) => "class",
            Target::School => "school",
        }
    }

    pub fn id(self) -> Option<i64> {
        match self {
            Target::Student(id) | Target::Class(id) => Some(id),
            Target::School => None,
        }
    }
}

/// What an administrator asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRequest {
    pub period_id: i64,
    pub target: Target,
    /// Issue a new version for every student whose bulletin would now say something else.
    pub corrections: bool,
    pub reason: Option<String>,
}

/// Everything a job needs, checked by [`check`].
#[derive(Debug, Clone)]
pub struct Plan {
    pub scope: SchoolScope,
    pub school: School,
    pub period_id: i64,
    pub period_position: i64,
    pub year_name: String,
    pub target: Target,
    /// The classes to go through, in order.
    pub classes: Vec<i64>,
    pub corrections: bool,
    pub reason: Option<String>,
}

/// Checks a request: the period exists and is closed, the class or student exists, a
/// correction has a reason. Refusals are field errors (422).
pub async fn check(
    state: &AppState,
    scope: SchoolScope,
    school: &School,
    req: IssueRequest,
) -> Result<Plan, AppError> {
    let pool = &state.db.pool;
    let period = structure_repo::period(pool, scope, req.period_id)
        .await?
        .ok_or(AppError::Validation(vec![("period_id", "error-choice")]))?;
    let reason = req
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    let mut errors = Vec::new();
    let today = structure::school_today(school, state.clock.as_ref());
    if !structure::model::is_closed(&period.closes_on, period.closed_at, today) {
        errors.push(("period_id", "bulletins-error-period-open"));
    }
    if req.corrections {
        match &reason {
            None => errors.push(("reason", "bulletins-error-reason-required")),
            Some(r) if r.chars().count() > REASON_MAX => {
                errors.push(("reason", "bulletins-error-reason-too-long"));
            }
            Some(_) => {}
        }
    }
    let year_classes = repo::year_classes(pool, scope, req.period_id).await?;
    let classes = match req.target {
        Target::School => year_classes,
        Target::Class(id) => {
            if !year_classes.contains(&id) {
                errors.push(("class_id", "bulletins-error-class"));
            }
            vec![id]
        }
        Target::Student(id) => {
            let class: Option<Option<i64>> = sqlx::query_scalar(
                "SELECT class_id FROM students WHERE school_id = $1 AND id = $2",
            )
            .bind(scope.school_id())
            .bind(id)
            .fetch_optional(pool)
            .await?;
            match class.flatten() {
                Some(c) if year_classes.contains(&c) => vec![c],
                _ => {
                    errors.push(("student_id", "bulletins-error-student"));
                    vec![]
                }
            }
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let year_name = repo::year_name(pool, scope, req.period_id)
        .await?
        .unwrap_or_default();
    Ok(Plan {
        scope,
        school: school.clone(),
        period_id: req.period_id,
        period_position: period.position,
        year_name,
        target: req.target,
        classes,
        corrections: req.corrections,
        reason: if req.corrections { reason } else { None },
    })
}

/// How many students a plan goes through.
pub async fn total(state: &AppState, plan: &Plan) -> Result<i64, AppError> {
    let (students, issued) = repo::scope_counts(
        &state.db.pool,
        plan.scope,
        plan.period_id,
        &plan.classes,
        match plan.target {
            Target::Student(id) => Some(id),
            _ => None,
        },
    )
    .await?;
    Ok(if plan.corrections {
        students
    } else {
        students - issued
    })
}

/// Who issues, and how the job reports progress.
pub struct Issuer<'a> {
    pub state: &'a AppState,
    pub plan: &'a Plan,
    pub actor: &'a AuditCtx,
    pub user_id: Option<i64>,
    pub job_id: Option<i64>,
    pub template: &'a str,
    pub logo: Option<&'a Logo>,
}

/// What happened to one student.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Issued,
    Skipped,
}

/// Students gone through by a job, written to its row after each.
#[derive(Debug, Default)]
pub struct Progress {
    pub job_id: Option<i64>,
    pub done: i64,
    pub issued: i64,
    pub skipped: i64,
}

impl Progress {
    async fn record(&mut self, state: &AppState, outcome: Outcome) -> Result<(), AppError> {
        self.done += 1;
        match outcome {
            Outcome::Issued => self.issued += 1,
            Outcome::Skipped => self.skipped += 1,
        }
        if let Some(id) = self.job_id {
            repo::job_progress(&state.db.pool, id, self.done, self.issued, self.skipped).await?;
        }
        Ok(())
    }
}

/// A student's bulletin could not be issued: who, and why (already translated).
#[derive(Debug)]
pub enum ClassError {
    Student { name: String, message: String },
    App(AppError),
}

impl From<AppError> for ClassError {
    fn from(e: AppError) -> Self {
        ClassError::App(e)
    }
}

impl From<sqlx::Error> for ClassError {
    fn from(e: sqlx::Error) -> Self {
        ClassError::App(e.into())
    }
}

/// The enrolled students of a class with their matricule and birth date (one query).
async fn identities(
    state: &AppState,
    scope: SchoolScope,
    class_id: i64,
) -> Result<HashMap<i64, Identity>, sqlx::Error> {
    let rows: Vec<Identity> = sqlx::query_as(
        "SELECT id, matricule, birth_date FROM students WHERE school_id = $1 AND class_id = $2 \
         AND status = 'enrolled'",
    )
    .bind(scope.school_id())
    .bind(class_id)
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r)).collect())
}

impl Issuer<'_> {
    /// Issues the bulletins of a class (the council is loaded once), counting every student
    /// gone through in `progress`.
    pub async fn class(&self, class_id: i64, progress: &mut Progress) -> Result<(), ClassError> {
        let plan = self.plan;
        let scope = plan.scope;
        let Some(council) = council::load(self.state, scope, class_id, plan.period_id).await?
        else {
            return Ok(());
        };
        let identities = identities(self.state, scope, class_id).await?;
        let latest: HashMap<i64, (i64, String)> =
            repo::latest_snapshots(&self.state.db.pool, scope, class_id, plan.period_id)
                .await?
                .into_iter()
                .map(|(s, v, d)| (s, (v, d)))
                .collect();
        let today = structure::school_today(&plan.school, self.state.clock.as_ref()).to_string();
        for line in &council.results.students {
            let student = &line.student;
            let Some(identity) = identities.get(&student.id) else {
                continue;
            };
            if let Target::Student(id) = plan.target
                && id != student.id
            {
                continue;
            }
            let previous = latest.get(&student.id);
            if previous.is_some() && !plan.corrections {
                continue;
            }
            let version = previous.map_or(0, |(v, _)| *v) + 1;
            let issue = Issue {
                version,
                date: today.clone(),
                reference: format!(
                    "{}-{}-{}-v{version}",
                    plan.school.code, plan.period_position, student.id
                ),
                reason: if previous.is_some() {
                    plan.reason.clone()
                } else {
                    None
                },
            };
            let name = format!(
                "{} {}",
                student.last_name.to_uppercase(),
                student.first_name
            );
            let Some(data) = document::build(
                &council,
                &plan.school,
                &plan.year_name,
                Some(identity),
                self.logo.map(Logo::file_name),
                student.id,
                &issue,
            ) else {
                continue;
            };
            if let Some((_, old)) = previous
                && unchanged(&data, old)
            {
                progress.record(self.state, Outcome::Skipped).await?;
                continue;
            }
            let pdf = render::bulletin(self.template.to_owned(), data.clone(), self.logo.cloned())
                .await?
                .map_err(|e| ClassError::Student {
                    name: name.clone(),
                    message: e
                        .errors
                        .iter()
                        .map(|m| match m.line {
                            Some(l) => format!("{l}: {}", m.message),
                            None => m.message.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                })?;
            self.store(class_id, student.id, &issue, &data, &pdf)
                .await?;
            progress.record(self.state, Outcome::Issued).await?;
        }
        Ok(())
    }

    async fn store(
        &self,
        class_id: i64,
        student_id: i64,
        issue: &Issue,
        data: &BulletinData,
        pdf: &eschool_pdf::Pdf,
    ) -> Result<(), AppError> {
        let plan = self.plan;
        let sha256 = sha256_hex(&pdf.bytes);
        let json =
            serde_json::to_string(data).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
        let mut tx = self.state.db.begin().await?;
        let id = repo::insert(
            &mut *tx,
            plan.scope,
            &NewBulletin {
                student_id,
                period_id: plan.period_id,
                class_id,
                version: issue.version,
                pdf: &pdf.bytes,
                sha256: &sha256,
                pages: i64::try_from(pdf.pages).unwrap_or(i64::MAX),
                data: &json,
                reason: issue.reason.as_deref(),
                job_id: self.job_id,
                issued_by: self.user_id,
                issued_at: self.state.clock.now_ms(),
            },
        )
        .await?;
        audit::record(
            &mut tx,
            self.state.clock.as_ref(),
            &AuditEvent {
                scope: Some(plan.scope),
                actor: self.actor,
                action: AuditAction::BulletinIssue,
                resource_type: ResourceType::Bulletin,
                resource_id: Some(id.to_string()),
                details: json!({
                    "student_id": student_id,
                    "period_id": plan.period_id,
                    "version": issue.version,
                    "sha256": sha256,
                    "reason": issue.reason,
                }),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Whether a bulletin's new data says what the stored snapshot says (the issue part aside).
fn unchanged(data: &BulletinData, stored: &str) -> bool {
    match serde_json::from_str::<BulletinData>(stored) {
        Ok(old) => {
            let mut new = data.clone();
            new.issue = old.issue.clone();
            new == old
        }
        Err(_) => false,
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A bulletin's PDF, checked against its SHA-256. A mismatch (the stored PDF was changed
/// behind the application's back) is logged, audited, and refused:
/// `Err(AppError::Conflict("bulletins-error-tampered"))`.
pub async fn verified_pdf(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    row: &repo::BulletinRow,
) -> Result<Vec<u8>, AppError> {
    let pdf = repo::pdf(&state.db.pool, scope, row.id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_hash(state, scope, actor, row.id, &pdf, &row.sha256).await?;
    Ok(pdf)
}

/// Refuses a PDF whose SHA-256 is not the stored one (see [`verified_pdf`]).
pub async fn check_hash(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    id: i64,
    pdf: &[u8],
    stored: &str,
) -> Result<(), AppError> {
    let actual = sha256_hex(pdf);
    if actual == stored {
        return Ok(());
    }
    tracing::error!(
        bulletin_id = id,
        school_id = scope.school_id(),
        stored_sha256 = stored,
        actual_sha256 = %actual,
        "an issued bulletin's PDF does not match its SHA-256: refused"
    );
    audit::record_alone(
        state,
        &AuditEvent {
            scope: Some(scope),
            actor,
            action: AuditAction::BulletinTamperDetected,
            resource_type: ResourceType::Bulletin,
            resource_id: Some(id.to_string()),
            details: json!({ "stored_sha256": stored, "actual_sha256": actual }),
        },
    )
    .await;
    Err(AppError::Conflict(TAMPERED))
}

/// The message id of the tampering refusal.
pub const TAMPERED: &str = "bulletins-error-tampered";

/// `Bulletin-DIOP-Awa-Trimestre-1-v1.pdf`: ASCII letters, digits and dashes.
pub fn file_name(last: &str, first: &str, period: &str, version: i64, ext: &str) -> String {
    format!(
        "Bulletin-{}-{}-{}-v{version}.{ext}",
        slug(&last.to_uppercase()),
        slug(first),
        slug(period)
    )
}

/// `Bulletins-6e-A-Trimestre-1.pdf`: a class's bulletins in one file.
pub fn class_file_name(class: &str, period: &str, ext: &str) -> String {
    format!("Bulletins-{}-{}.{ext}", slug(class), slug(period))
}

/// ASCII letters and digits, accents dropped, anything else a single dash.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// A letter without its accent ("é" → "e"), for ASCII file names.
fn fold(c: char) -> Vec<char> {
    let base = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'A',
        'ç' => 'c',
        'Ç' => 'C',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => 'O',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'ÿ' | 'ý' => 'y',
        'œ' => return vec!['o', 'e'],
        'Œ' => return vec!['O', 'E'],
        'æ' => return vec!['a', 'e'],
        other => other,
    };
    vec![base]
}

/// `Content-Disposition` for a download: an ASCII `filename` and the UTF-8 `filename*`.
pub fn disposition(kind: &str, ascii_name: &str) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(ascii_name.as_bytes()).collect();
    format!("{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_ascii() {
        assert_eq!(
            file_name("Diop", "Awa", "Trimestre 1", 1, "pdf"),
            "Bulletin-DIOP-Awa-Trimestre-1-v1.pdf"
        );
        assert_eq!(
            file_name("N'Diaye", "Aïssatou Élise", "2e trimestre", 2, "pdf"),
            "Bulletin-N-DIAYE-Aissatou-Elise-2e-trimestre-v2.pdf"
        );
    }
}
