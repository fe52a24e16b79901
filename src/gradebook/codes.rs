//! The school's mark codes (ABS, DISP, Z…): read them with how many marks use each, and
//! replace the whole table at once. A code is 1–5 uppercase letters or digits and does not
//! start with a digit (a cell that starts with a digit is points); its label is required;
//! codes are unique. A code that marks use cannot be removed (the marks would lose their
//! meaning): the refusal says how many marks use it. All or nothing: any problem changes
//! nothing; a change writes the table and one audit row in one transaction.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Value, json};

use super::{
    repo::{self, MarkCodeRow},
    service::{default_code_rows, ensure_codes},
};
use crate::{
    AppState,
    audit::{self, AuditAction, AuditCtx, AuditEvent, ResourceType},
    error::AppError,
    schools::SchoolScope,
    web::i18n::Lang,
};

/// Longest label kept.
pub const LABEL_MAX: usize = 60;
/// Highest display position.
pub const POSITION_MAX: i64 = 9999;
/// Most codes a school keeps (teachers pick among them while typing marks).
pub const CODES_MAX: usize = 40;

/// A code of the table as stored, with the number of marks that use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeUse {
    pub row: MarkCodeRow,
    pub marks: i64,
}

/// The school's codes in display order (the French defaults while it has none stored), with
/// their use. Two queries.
pub async fn codes_in_use(state: &AppState, scope: SchoolScope) -> Result<Vec<CodeUse>, AppError> {
    let pool = &state.db.pool;
    let mut rows = repo::mark_codes(pool, scope).await?;
    if rows.is_empty() {
        rows = default_code_rows();
    }
    let usage: BTreeMap<String, i64> = repo::mark_code_usage(pool, scope)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| CodeUse {
            marks: usage.get(&row.code).copied().unwrap_or(0),
            row,
        })
        .collect())
}

/// One row of the table as typed: a blank position means "in the order given".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeInput {
    pub code: String,
    pub label: String,
    pub counts_as_zero: bool,
    pub position: String,
}

/// Something wrong with the table: on a row (`at`, its index in the input, and the field), or
/// on the table itself (`at: None`: empty table, a removed code in use).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeProblem {
    pub at: Option<usize>,
    /// `code`, `label` or `position`; `codes` for the table.
    pub field: &'static str,
    /// The message id.
    pub key: &'static str,
    /// The code concerned (as typed), for the message.
    pub code: String,
    /// Marks that use the code, for [`IN_USE`].
    pub marks: i64,
}

/// Message id of a removed code that marks use.
pub const IN_USE: &str = "mark-codes-error-in-use";

impl CodeProblem {
    fn row(at: usize, field: &'static str, key: &'static str, code: &str) -> Self {
        Self {
            at: Some(at),
            field,
            key,
            code: code.to_owned(),
            marks: 0,
        }
    }

    /// `codes.<n>.<field>`, or `codes` for the table.
    pub fn path(&self) -> String {
        match self.at {
            Some(n) => format!("codes.{n}.{}", self.field),
            None => "codes".to_owned(),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        lang.t_with(
            self.key,
            &[
                ("code", self.code.clone()),
                ("count", self.marks.to_string()),
            ],
        )
    }
}

/// A replacement refused: the problems, or an error.
#[derive(Debug)]
pub enum CodesRefused {
    Problems(Vec<CodeProblem>),
    Error(AppError),
}

impl From<AppError> for CodesRefused {
    fn from(e: AppError) -> Self {
        CodesRefused::Error(e)
    }
}

impl From<sqlx::Error> for CodesRefused {
    fn from(e: sqlx::Error) -> Self {
        CodesRefused::Error(e.into())
    }
}

/// A code as typed, uppercased; `None` unless 1–5 letters or digits, the first a letter.
pub fn parse_code(raw: &str) -> Option<String> {
    let code = raw.trim().to_ascii_uppercase();
    let mut chars = code.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_uppercase());
    (first_is_letter && code.len() <= 5 && chars.all(|c| c.is_ascii_alphanumeric())).then_some(code)
}

/// The rows checked, or every problem at once.
fn parse_table(rows: &[CodeInput]) -> Result<Vec<MarkCodeRow>, Vec<CodeProblem>> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let too = match rows.len() {
        0 => Some("mark-codes-error-empty"),
        n if n > CODES_MAX => Some("mark-codes-error-too-many"),
        _ => None,
    };
    if let Some(key) = too {
        problems.push(CodeProblem {
            at: None,
            field: "codes",
            key,
            code: String::new(),
            marks: CODES_MAX as i64,
        });
        return Err(problems);
    }
    for (n, input) in rows.iter().enumerate() {
        let code = parse_code(&input.code);
        match &code {
            None if input.code.trim().is_empty() => problems.push(CodeProblem::row(
                n,
                "code",
                "mark-codes-error-code-required",
                "",
            )),
            None => problems.push(CodeProblem::row(
                n,
                "code",
                "mark-codes-error-code",
                input.code.trim(),
            )),
            Some(c) if !seen.insert(c.clone()) => {
                problems.push(CodeProblem::row(n, "code", "mark-codes-error-duplicate", c));
            }
            Some(_) => {}
        }
        let label = input.label.trim();
        if label.is_empty() {
            let key = if input.code.trim().is_empty() {
                "mark-codes-error-label-new"
            } else {
                "mark-codes-error-label"
            };
            problems.push(CodeProblem::row(n, "label", key, input.code.trim()));
        } else if label.chars().count() > LABEL_MAX {
            problems.push(CodeProblem::row(
                n,
                "label",
                "mark-codes-error-label-long",
                input.code.trim(),
            ));
        }
        let position = match input.position.trim() {
            "" => Some(n as i64),
            p => p
                .parse::<i64>()
                .ok()
                .filter(|p| (0..=POSITION_MAX).contains(p)),
        };
        if position.is_none() {
            problems.push(CodeProblem::row(
                n,
                "position",
                "mark-codes-error-position",
                input.code.trim(),
            ));
        }
        if let (Some(code), Some(position)) = (code, position) {
            out.push(MarkCodeRow {
                code,
                label: label.to_owned(),
                counts_as_zero: i64::from(input.counts_as_zero),
                position,
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn describe(r: &MarkCodeRow) -> Value {
    json!({ "label": r.label, "counts_as_zero": r.counts_as_zero == 1, "position": r.position })
}

/// Replaces the school's codes by `rows`: codes not listed are removed (refused while marks
/// use them), new ones added, the others updated. One transaction and one audit row (none
/// when nothing changes). Returns the table as stored.
#[tracing::instrument(skip_all, fields(rows = rows.len()))]
pub async fn replace_mark_codes(
    state: &AppState,
    scope: SchoolScope,
    actor: &AuditCtx,
    rows: &[CodeInput],
) -> Result<Vec<MarkCodeRow>, CodesRefused> {
    let wanted = parse_table(rows).map_err(CodesRefused::Problems)?;
    let mut tx = state.db.begin().await?;
    let before = ensure_codes(&mut tx, scope).await?;
    let kept: HashSet<&str> = wanted.iter().map(|r| r.code.as_str()).collect();
    let removed: Vec<String> = before
        .iter()
        .filter(|r| !kept.contains(r.code.as_str()))
        .map(|r| r.code.clone())
        .collect();
    if !removed.is_empty() {
        let usage = repo::mark_code_usage(&mut *tx, scope).await?;
        let in_use: Vec<CodeProblem> = usage
            .into_iter()
            .filter(|(code, n)| *n > 0 && removed.contains(code))
            .map(|(code, marks)| CodeProblem {
                at: None,
                field: "codes",
                key: IN_USE,
                code,
                marks,
            })
            .collect();
        if !in_use.is_empty() {
            return Err(CodesRefused::Problems(in_use));
        }
    }
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for r in &wanted {
        match before.iter().find(|b| b.code == r.code) {
            None => added.push(json!({ "code": r.code, "after": describe(r) })),
            Some(b) if b != r => {
                changed.push(json!({ "code": r.code, "before": describe(b), "after": describe(r) }))
            }
            Some(_) => {}
        }
    }
    if added.is_empty() && changed.is_empty() && removed.is_empty() {
        tx.commit().await?;
        return Ok(before);
    }
    repo::delete_mark_codes(&mut *tx, scope, &removed).await?;
    repo::upsert_mark_codes(&mut *tx, scope, &wanted).await?;
    let event = AuditEvent {
        scope: Some(scope),
        actor,
        action: AuditAction::SchoolSettingsUpdate,
        resource_type: ResourceType::School,
        resource_id: Some(scope.school_id().to_string()),
        details: json!({ "mark_codes": { "added": added, "changed": changed, "removed": removed } }),
    };
    audit::record(&mut tx, state.clock.as_ref(), &event).await?;
    let after = repo::mark_codes(&mut *tx, scope).await?;
    tx.commit().await?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(code: &str, label: &str, position: &str) -> CodeInput {
        CodeInput {
            code: code.into(),
            label: label.into(),
            counts_as_zero: false,
            position: position.into(),
        }
    }

    #[test]
    fn codes_are_short_letters_first() {
        assert_eq!(parse_code(" abs "), Some("ABS".into()));
        assert_eq!(parse_code("Z"), Some("Z".into()));
        assert_eq!(parse_code("NR2"), Some("NR2".into()));
        for bad in ["", "2A", "ABSENT", "A-B", "É", "A B"] {
            assert_eq!(parse_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_problem_of_the_table_at_once() {
        let problems = parse_table(&[
            input("ABS", "Absent", ""),
            input("abs", "Encore", ""),
            input("1X", "", "x"),
            input("", "Sans code", "10000"),
        ])
        .unwrap_err();
        let paths: Vec<(String, &str)> = problems.iter().map(|p| (p.path(), p.key)).collect();
        assert_eq!(
            paths,
            [
                ("codes.1.code".into(), "mark-codes-error-duplicate"),
                ("codes.2.code".into(), "mark-codes-error-code"),
                ("codes.2.label".into(), "mark-codes-error-label"),
                ("codes.2.position".into(), "mark-codes-error-position"),
                ("codes.3.code".into(), "mark-codes-error-code-required"),
                ("codes.3.position".into(), "mark-codes-error-position"),
            ]
        );
        assert_eq!(parse_table(&[]).unwrap_err()[0].path(), "codes");
        let many: Vec<CodeInput> = (0..41).map(|i| input(&format!("C{i}"), "x", "")).collect();
        assert_eq!(
            parse_table(&many).unwrap_err()[0].key,
            "mark-codes-error-too-many"
        );
        assert!(parse_table(&many[..40]).is_ok());
    }

    #[test]
    fn blank_positions_follow_the_order_given() {
        let rows = parse_table(&[input("Z", "Zéro", ""), input("abs", " Absent ", "7")]).unwrap();
        assert_eq!((rows[0].position, rows[1].position), (0, 7));
        assert_eq!(
            (rows[1].code.as_str(), rows[1].label.as_str()),
            ("ABS", "Absent")
        );
    }
}
