//! Audit types: the actions we record, who and where they came from, the stored row, and the
//! canonical encoding the hash chain is computed over.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::schools::SchoolScope;

/// The `school_id` of platform-level events, which belong to no school (a failed login with an
/// unknown username, a platform admin without a school).
pub const PLATFORM_CHAIN: i64 = 0;

/// `prev_hash` of the first row of every chain.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Something worth recording. The string form is what is stored and filtered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Login,
    LoginFailed,
    Logout,
    PermissionDenied,
    UserCreate,
    UserDisable,
    UserEnable,
    PasswordChange,
    SchoolSetup,
    SchoolSettingsUpdate,
    AuditExport,
    /// A rotated API refresh token was presented again: its family is revoked.
    TokenReuse,
    UserUpdate,
    MembershipAdd,
    MembershipRemove,
    SchoolCreate,
    StudentReadNationalId,
    StudentReadMedical,
    StudentLookupNationalId,
    SchoolDisable,
    SchoolEnable,
    /// A record of the school's structure or people was created (the resource type says which).
    RecordCreate,
    RecordUpdate,
    RecordDelete,
    PeriodClose,
    PeriodReopen,
    StudentImport,
    StudentExport,
    GuardianInvite,
    GuardianInvitationAccept,
    ContactUpdate,
    StaffImport,
    ClassImport,
    AssignmentImport,
    StructureExport,
    /// Marks of an assessment changed after its publication date (students and parents may
    /// already have seen them).
    MarksChangeAfterPublication,
    BulletinIssue,
    BulletinTamperDetected,
}

impl AuditAction {
    pub const ALL: [AuditAction; 38] = [
        AuditAction::Login,
        AuditAction::LoginFailed,
        AuditAction::Logout,
        AuditAction::PermissionDenied,
        AuditAction::UserCreate,
        AuditAction::UserDisable,
        AuditAction::UserEnable,
        AuditAction::PasswordChange,
        AuditAction::SchoolSetup,
        AuditAction::SchoolSettingsUpdate,
        AuditAction::AuditExport,
        AuditAction::TokenReuse,
        AuditAction::UserUpdate,
        AuditAction::MembershipAdd,
        AuditAction::MembershipRemove,
        AuditAction::SchoolCreate,
        AuditAction::StudentReadNationalId,
        AuditAction::StudentReadMedical,
        AuditAction::StudentLookupNationalId,
        AuditAction::SchoolDisable,
        AuditAction::SchoolEnable,
        AuditAction::RecordCreate,
        AuditAction::RecordUpdate,
        AuditAction::RecordDelete,
        AuditAction::PeriodClose,
        AuditAction::PeriodReopen,
        AuditAction::StudentImport,
        AuditAction::StudentExport,
        AuditAction::GuardianInvite,
        AuditAction::GuardianInvitationAccept,
        AuditAction::ContactUpdate,
        AuditAction::StaffImport,
        AuditAction::ClassImport,
        AuditAction::AssignmentImport,
        AuditAction::StructureExport,
        AuditAction::MarksChangeAfterPublication,
        AuditAction::BulletinIssue,
        AuditAction::BulletinTamperDetected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Login => "login",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::Logout => "logout",
            AuditAction::PermissionDenied => "permission_denied",
            AuditAction::UserCreate => "user.create",
            AuditAction::UserDisable => "user.disable",
            AuditAction::UserEnable => "user.enable",
            AuditAction::PasswordChange => "password.change",
            AuditAction::SchoolSetup => "school.setup",
            AuditAction::SchoolSettingsUpdate => "school.settings_update",
            AuditAction::AuditExport => "audit.export",
            AuditAction::TokenReuse => "token.reuse_detected",
            AuditAction::UserUpdate => "user.update",
            AuditAction::MembershipAdd => "membership.add",
            AuditAction::MembershipRemove => "membership.remove",
            AuditAction::SchoolCreate => "school.create",
            AuditAction::StudentReadNationalId => "student.read_national_id",
            AuditAction::StudentReadMedical => "student.read_medical",
            AuditAction::StudentLookupNationalId => "student.lookup_national_id",
            AuditAction::SchoolDisable => "school.disable",
            AuditAction::SchoolEnable => "school.enable",
            AuditAction::RecordCreate => "record.create",
            AuditAction::RecordUpdate => "record.update",
            AuditAction::RecordDelete => "record.delete",
            AuditAction::PeriodClose => "period.close",
            AuditAction::PeriodReopen => "period.reopen",
            AuditAction::StudentImport => "student.import",
            AuditAction::StudentExport => "student.export",
            AuditAction::StaffImport => "staff.import",
            AuditAction::ClassImport => "class.import",
            AuditAction::AssignmentImport => "teaching_assignment.import",
            AuditAction::StructureExport => "structure.export",
            AuditAction::GuardianInvite => "guardian.invite",
            AuditAction::GuardianInvitationAccept => "guardian.invitation_accept",
            AuditAction::ContactUpdate => "contact.update",
            AuditAction::MarksChangeAfterPublication => "marks.change_after_publication",
            AuditAction::BulletinIssue => "bulletin.issue",
            AuditAction::BulletinTamperDetected => "bulletin.tamper_detected",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == value)
    }

    /// The message id of the action's label.
    pub fn label_key(self) -> &'static str {
        match self {
            AuditAction::Login => "audit-action-login",
            AuditAction::LoginFailed => "audit-action-login-failed",
            AuditAction::Logout => "audit-action-logout",
            AuditAction::PermissionDenied => "audit-action-permission-denied",
            AuditAction::UserCreate => "audit-action-user-create",
            AuditAction::UserDisable => "audit-action-user-disable",
            AuditAction::UserEnable => "audit-action-user-enable",
            AuditAction::PasswordChange => "audit-action-password-change",
            AuditAction::SchoolSetup => "audit-action-school-setup",
            AuditAction::SchoolSettingsUpdate => "audit-action-school-settings-update",
            AuditAction::AuditExport => "audit-action-audit-export",
            AuditAction::TokenReuse => "audit-action-token-reuse",
            AuditAction::UserUpdate => "audit-action-user-update",
            AuditAction::MembershipAdd => "audit-action-membership-add",
            AuditAction::MembershipRemove => "audit-action-membership-remove",
            AuditAction::SchoolCreate => "audit-action-school-create",
            AuditAction::StudentReadNationalId => "audit-action-student-read-national-id",
            AuditAction::StudentReadMedical => "audit-action-student-read-medical",
            AuditAction::StudentLookupNationalId => "audit-action-student-lookup-national-id",
            AuditAction::SchoolDisable => "audit-action-school-disable",
            AuditAction::SchoolEnable => "audit-action-school-enable",
            AuditAction::RecordCreate => "audit-action-record-create",
            AuditAction::RecordUpdate => "audit-action-record-update",
            AuditAction::RecordDelete => "audit-action-record-delete",
            AuditAction::PeriodClose => "audit-action-period-close",
            AuditAction::PeriodReopen => "audit-action-period-reopen",
            AuditAction::StudentImport => "audit-action-student-import",
            AuditAction::StudentExport => "audit-action-student-export",
            AuditAction::StaffImport => "audit-action-staff-import",
            AuditAction::ClassImport => "audit-action-class-import",
            AuditAction::AssignmentImport => "audit-action-assignment-import",
            AuditAction::StructureExport => "audit-action-structure-export",
            AuditAction::GuardianInvite => "audit-action-guardian-invite",
            AuditAction::GuardianInvitationAccept => "audit-action-guardian-invitation-accept",
            AuditAction::ContactUpdate => "audit-action-contact-update",
            AuditAction::MarksChangeAfterPublication => {
                "audit-action-marks-change-after-publication"
            }
            AuditAction::BulletinIssue => "audit-action-bulletin-issue",
            AuditAction::BulletinTamperDetected => "audit-action-bulletin-tamper-detected",
        }
    }
}

/// What an audited action touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceType {
    User,
    School,
    /// A page or form the caller was refused.
    Page,
    AuditLog,
    Student,
    AcademicYear,
    Period,
    Level,
    Class,
    Subject,
    SubjectGroup,
    Coefficient,
    TeachingAssignment,
    Enrolment,
    Guardian,
    ImportJob,
    Assessment,
    Bulletin,
    /// The appréciations of a class × subject × period (id `class:subject:period`).
    Appreciation,
    /// The class council's decisions of a class × period (id `class:period`).
    CouncilDecision,
    /// A comment of a teacher's comment bank.
    CommentBank,
}

impl ResourceType {
    pub const ALL: [ResourceType; 21] = [
        ResourceType::User,
        ResourceType::School,
        ResourceType::Page,
        ResourceType::AuditLog,
        ResourceType::Student,
        ResourceType::AcademicYear,
        ResourceType::Period,
        ResourceType::Level,
        ResourceType::Class,
        ResourceType::Subject,
        ResourceType::SubjectGroup,
        ResourceType::Coefficient,
        ResourceType::TeachingAssignment,
        ResourceType::Enrolment,
        ResourceType::Guardian,
        ResourceType::ImportJob,
        ResourceType::Assessment,
        ResourceType::Bulletin,
        ResourceType::Appreciation,
        ResourceType::CouncilDecision,
        ResourceType::CommentBank,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::User => "user",
            ResourceType::School => "school",
            ResourceType::Page => "page",
            ResourceType::AuditLog => "audit_log",
            ResourceType::Student => "student",
            ResourceType::AcademicYear => "academic_year",
            ResourceType::Period => "period",
            ResourceType::Level => "level",
            ResourceType::Class => "class",
            ResourceType::Subject => "subject",
            ResourceType::SubjectGroup => "subject_group",
            ResourceType::Coefficient => "coefficient",
            ResourceType::TeachingAssignment => "teaching_assignment",
            ResourceType::Enrolment => "enrolment",
            ResourceType::Guardian => "guardian",
            ResourceType::ImportJob => "import_job",
            ResourceType::Assessment => "assessment",
            ResourceType::Bulletin => "bulletin",
            ResourceType::Appreciation => "appreciation",
            ResourceType::CouncilDecision => "council_decision",
            ResourceType::CommentBank => "comment_bank",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == value)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            ResourceType::User => "audit-resource-user",
            ResourceType::School => "audit-resource-school",
            ResourceType::Page => "audit-resource-page",
            ResourceType::AuditLog => "audit-resource-audit-log",
            ResourceType::Student => "audit-resource-student",
            ResourceType::AcademicYear => "audit-resource-academic-year",
            ResourceType::Period => "audit-resource-period",
            ResourceType::Level => "audit-resource-level",
            ResourceType::Class => "audit-resource-class",
            ResourceType::Subject => "audit-resource-subject",
            ResourceType::SubjectGroup => "audit-resource-subject-group",
            ResourceType::Coefficient => "audit-resource-coefficient",
            ResourceType::TeachingAssignment => "audit-resource-teaching-assignment",
            ResourceType::Enrolment => "audit-resource-enrolment",
            ResourceType::Guardian => "audit-resource-guardian",
            ResourceType::ImportJob => "audit-resource-import-job",
            ResourceType::Assessment => "audit-resource-assessment",
            ResourceType::Bulletin => "audit-resource-bulletin",
            ResourceType::Appreciation => "audit-resource-appreciation",
            ResourceType::CouncilDecision => "audit-resource-council-decision",
            ResourceType::CommentBank => "audit-resource-comment-bank",
        }
    }
}

/// Who acted and from where: built from the request context (`RequestCtx::audit`), or empty
/// for operator commands run from the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditCtx {
    pub user_id: Option<i64>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl AuditCtx {
    /// An operator command (CLI, demo seeding): no user, no address.
    pub fn operator() -> Self {
        Self {
            user_agent: Some("eschool-cli".into()),
            ..Self::default()
        }
    }

    /// The same request, attributed to another user (e.g. the account a login is for).
    pub fn as_user(&self, user_id: Option<i64>) -> Self {
        Self {
            user_id,
            ..self.clone()
        }
    }
}

/// One event to record, in the transaction of the change it describes.
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    /// The school's chain; `None` for platform-level events (stored as school 0).
    pub scope: Option<SchoolScope>,
    pub actor: &'a AuditCtx,
    pub action: AuditAction,
    pub resource_type: ResourceType,
    pub resource_id: Option<String>,
    /// A JSON object; passwords and tokens never go in (see [`mask`]).
    pub details: Value,
}

impl AuditEvent<'_> {
    pub fn school_id(&self) -> i64 {
        self.scope.map_or(PLATFORM_CHAIN, SchoolScope::school_id)
    }
}

/// A stored row: what the chain hashes, plus the database id.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub school_id: i64,
    pub seq: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub action: String,
    pub resource_type: String,
    pub resource_id: Option<String>,
    pub details: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The hashed fields of a row, in a fixed order.
#[derive(Debug, Serialize)]
pub struct Chained<'a> {
    pub school_id: i64,
    pub seq: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub action: &'a str,
    pub resource_type: &'a str,
    pub resource_id: Option<&'a str>,
    pub details: &'a str,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

impl<'a> Chained<'a> {
    pub fn of(row: &'a AuditRow) -> Self {
        Self {
            school_id: row.school_id,
            seq: row.seq,
            at: row.at,
            user_id: row.user_id,
            action: &row.action,
            resource_type: &row.resource_type,
            resource_id: row.resource_id.as_deref(),
            details: &row.details,
            ip: row.ip.as_deref(),
            user_agent: row.user_agent.as_deref(),
            request_id: row.request_id.as_deref(),
        }
    }

    /// SHA-256 (hex) of the canonical encoding: a JSON array of a version tag, the previous
    /// hash, then every stored field in a fixed order. JSON quoting keeps it unambiguous
    /// (no field can bleed into the next, `null` differs from `""`). The database `id` is not
    /// hashed: a row's place is `(school_id, seq)`, which is.
    pub fn hash(&self, prev_hash: &str) -> String {
        let encoded = serde_json::json!([
            "eschool-audit-v1",
            prev_hash,
            self.school_id,
            self.seq,
            self.at,
            self.user_id,
            self.action,
            self.resource_type,
            self.resource_id,
            self.details,
            self.ip,
            self.user_agent,
            self.request_id,
        ]);
        hex::encode(Sha256::digest(encoded.to_string().as_bytes()))
    }
}

/// Keys whose values never reach the audit log, whatever a caller passes.
const SECRET_KEYS: [&str; 3] = ["password", "token", "secret"];

/// Replaces the values of secret-looking keys, at any depth, with `"[masked]"`.
pub fn mask(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let lower = k.to_ascii_lowercase();
                    if SECRET_KEYS.iter().any(|s| lower.contains(s)) {
                        (k, Value::String("[masked]".into()))
                    } else {
                        (k, mask(v))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(mask).collect()),
        other => other,
    }
}

/// Filters of the audit page and its CSV export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub username: Option<String>,
    pub action: Option<AuditAction>,
    pub resource_type: Option<ResourceType>,
    /// Inclusive lower bound, ms.
    pub from_ms: Option<i64>,
    /// Exclusive upper bound, ms.
    pub to_ms: Option<i64>,
}

/// A row of the audit page: the stored row and the username of its actor.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditListRow {
    pub id: i64,
    pub seq: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub username: Option<String>,
    pub action: String,
    pub resource_type: String,
    pub resource_id: Option<String>,
    pub details: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    pub hash: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> AuditRow {
        AuditRow {
            id: 1,
            school_id: 1,
            seq: 1,
            at: 1_700_000_000_000,
            user_id: Some(2),
            action: "login".into(),
            resource_type: "user".into(),
            resource_id: Some("2".into()),
            details: "{}".into(),
            ip: Some("127.0.0.1".into()),
            user_agent: None,
            request_id: Some("r".into()),
            prev_hash: GENESIS_HASH.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn every_field_changes_the_hash() {
        let base = Chained::of(&row()).hash(GENESIS_HASH);
        assert_eq!(base.len(), 64);
        assert_ne!(base, Chained::of(&row()).hash("1"));
        let edits: [fn(&mut AuditRow); 6] = [
            |r| r.seq = 2,
            |r| r.user_id = None,
            |r| r.action = "logout".into(),
            |r| r.user_agent = Some(String::new()),
            |r| r.details = "{ }".into(),
            |r| r.resource_id = None,
        ];
        for edit in edits {
            let mut r = row();
            edit(&mut r);
            assert_ne!(Chained::of(&r).hash(GENESIS_HASH), base);
        }
    }

    #[test]
    fn field_boundaries_are_unambiguous() {
        let mut a = row();
        a.action = "ab".into();
        a.resource_type = "c".into();
        let mut b = row();
        b.action = "a".into();
        b.resource_type = "bc".into();
        assert_ne!(
            Chained::of(&a).hash(GENESIS_HASH),
            Chained::of(&b).hash(GENESIS_HASH)
        );
    }

    #[test]
    fn secrets_are_masked_at_any_depth() {
        let masked = mask(serde_json::json!({
            "username": "a",
            "password": "x",
            "nested": [{"new_password": "y", "email": "e@x"}]
        }));
        let text = masked.to_string();
        assert!(!text.contains("\"x\"") && !text.contains("\"y\""), "{text}");
        assert!(text.contains("e@x"));
    }

    #[test]
    fn actions_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
        for r in ResourceType::ALL {
            assert_eq!(ResourceType::parse(r.as_str()), Some(r));
        }
    }
}
