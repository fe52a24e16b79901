//! The access policy: one place that answers "may this user do this here?". Handlers call
//! [`require`] before acting; later domains add their actions to [`Action`].

use serde_json::json;

use axum::{Router, routing::MethodRouter};

use crate::{
    AppState,
    accounts::model::Role,
    audit::{self, AuditAction, AuditEvent, ResourceType},
    auth::context::{CurrentUser, RequestCtx},
    error::AppError,
};

/// Something a user may try to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// See the home page of their school.
    ViewHome,
    /// See their own account, change their password and preferences.
    ManageOwnAccount,
    /// List, create, disable and re-enable the school's accounts.
    ManageUsers,
    /// Change the school's name, colour, language, time zone, currency and grading settings.
    ManageSchoolSettings,
    /// Read and export the school's audit trail.
    ViewAudit,
    /// See a student's record: identity, class, guardians. Own = a teacher who leads or teaches the
    /// student's class, the student's guardian, the student themself.
    ViewStudent,
    /// Read a student's national ID (decrypted; each read is audited).
    ReadStudentNationalId,
    /// Read a student's medical notes (decrypted; each read is audited).
    ReadStudentMedical,
    /// Find a student by exact national ID (through the blind index; audited).
    FindStudentByNationalId,
    /// Read the school the session acts in (platform administrators: any school).
    ViewSchool,
    /// List, create and change every school of the platform.
    ManageSchools,
    /// See the school's structure: academic years, periods, levels, classes, subjects,
    /// coefficients and teaching assignments.
    ViewStructure,
    /// Create, change, close and delete years, periods, levels, classes, subjects, subject
    /// groups, coefficients and teaching assignments.
    ManageStructure,
    /// See a class page: its students and teachers. Own = a class the teacher teaches or
    /// leads.
    ViewClass,
    /// Create and change students, their enrolments and photos.
    ManageStudents,
    /// Import students (with guardians and classes) from a file, and export them.
    ImportStudents,
    /// See a guardian's contact details. Own = the guardian themself, or a guardian of a
    /// student the teacher teaches.
    ViewGuardian,
    /// Create and change guardians and their links to students; invite them to an account.
    ManageGuardians,
    /// Correct one's own phone numbers and e-mail as a guardian.
    UpdateOwnContact,
    /// See the school's staff and what each teacher teaches.
    ViewStaff,
    /// See marks, averages, ranks and their explanation. Own = the student themself, their
    /// guardian (published assessments only), a teacher of the class (their subjects) or its
    /// main teacher (every subject).
    ViewGrades,
    /// Create, change and delete assessments and enter their marks. Own = a teacher assigned to
    /// the class and subject.
    EnterMarks,
    /// Configure the school's mark codes (ABS, Z, …) and whether each counts as 0.
    ManageMarkCodes,
    /// Write a student's appréciation in a subject for a period, and keep a personal comment
    /// bank. Own = a teacher assigned to the class and subject.
    WriteAppreciations,
    /// See a class council: every student × subject with averages, appréciations, absences and
    /// distinctions, and its summary PDF. Own = a teacher who teaches or leads the class.
    ViewClassCouncil,
    /// Record the council's decisions: the general appréciation and the distinction. Own = the
    /// class's main teacher.
    DecideClassCouncil,
    /// Issue bulletins (a student, a class, the whole school), issue corrected versions, and
    /// download a class's bulletins as one PDF or a ZIP.
    IssueBulletins,
    /// See and download issued bulletins. Own = the student themself, their guardian, a teacher
    /// who teaches or leads the class.
    ViewBulletins,
    /// Customise the school's bulletin: its template and logo.
    ManageBulletinTemplate,
}

impl Action {
    pub const ALL: [Action; 29] = [
        Action::ViewHome,
        Action::ManageOwnAccount,
        Action::ManageUsers,
        Action::ManageSchoolSettings,
        Action::ViewAudit,
        Action::ViewStudent,
        Action::ReadStudentNationalId,
        Action::ReadStudentMedical,
        Action::FindStudentByNationalId,
        Action::ViewSchool,
        Action::ManageSchools,
        Action::ViewStructure,
        Action::ManageStructure,
        Action::ViewClass,
        Action::ManageStudents,
        Action::ImportStudents,
        Action::ViewGuardian,
        Action::ManageGuardians,
        Action::UpdateOwnContact,
        Action::ViewStaff,
        Action::ViewGrades,
        Action::EnterMarks,
        Action::ManageMarkCodes,
        Action::WriteAppreciations,
        Action::ViewClassCouncil,
        Action::DecideClassCouncil,
        Action::IssueBulletins,
        Action::ViewBulletins,
        Action::ManageBulletinTemplate,
    ];

    /// The name recorded in the audit trail and shown in docs/PERMISSIONS.md.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::ViewHome => "view_home",
            Action::ManageOwnAccount => "manage_own_account",
            Action::ManageUsers => "manage_users",
            Action::ManageSchoolSettings => "manage_school_settings",
            Action::ViewAudit => "view_audit",
            Action::ViewStudent => "view_student",
            Action::ReadStudentNationalId => "read_student_national_id",
            Action::ReadStudentMedical => "read_student_medical",
            Action::FindStudentByNationalId => "find_student_by_national_id",
            Action::ViewSchool => "view_school",
            Action::ManageSchools => "manage_schools",
            Action::ViewStructure => "view_structure",
            Action::ManageStructure => "manage_structure",
            Action::ViewClass => "view_class",
            Action::ManageStudents => "manage_students",
            Action::ImportStudents => "import_students",
            Action::ViewGuardian => "view_guardian",
            Action::ManageGuardians => "manage_guardians",
            Action::UpdateOwnContact => "update_own_contact",
            Action::ViewStaff => "view_staff",
            Action::ViewGrades => "view_grades",
            Action::EnterMarks => "enter_marks",
            Action::ManageMarkCodes => "manage_mark_codes",
            Action::WriteAppreciations => "write_appreciations",
            Action::ViewClassCouncil => "view_class_council",
            Action::DecideClassCouncil => "decide_class_council",
            Action::IssueBulletins => "issue_bulletins",
            Action::ViewBulletins => "view_bulletins",
            Action::ManageBulletinTemplate => "manage_bulletin_template",
        }
    }
}

/// Who acts: a role held in the session's school, or the platform administrator flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Role(Role),
    PlatformAdmin,
}

impl Subject {
    pub const ALL: [Subject; 7] = [
        Subject::Role(Role::SchoolAdmin),
        Subject::Role(Role::Teacher),
        Subject::Role(Role::VieScolaire),
        Subject::Role(Role::Bursar),
        Subject::Role(Role::Parent),
        Subject::Role(Role::Student),
        Subject::PlatformAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Role(r) => r.as_str(),
            Subject::PlatformAdmin => "platform_admin",
        }
    }
}

/// How the target of an action relates to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Themself, their own child, a student of a class they teach: decided by the domain.
    Own,
    /// Anything else in the school the session acts in.
    SameSchool,
    /// Anything in another school. Never allowed; repositories cannot even read it.
    OtherSchool,
}

/// What a rule grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grant {
    Never,
    /// Only on targets in [`Scope::Own`].
    Own,
    /// On anything in the session's school.
    School,
}

/// The permission table: for each action, what each subject is granted. Absent = never.
/// docs/PERMISSIONS.md is generated from it (see the `permissions_doc_is_current` test).
pub const RULES: &[(Action, &[(Subject, Grant)])] = {
    use Grant::{Own, School};
    use Role::{Bursar, Parent, SchoolAdmin, Student, Teacher, VieScolaire};
    use Subject::Role as R;
    const HOME: &[(Subject, Grant)] = &[
        (R(SchoolAdmin), School),
        (R(Teacher), School),
        (R(VieScolaire), School),
        (R(Bursar), School),
        (R(Parent), School),
        (R(Student), School),
        (Subject::PlatformAdmin, School),
    ];
    const STAFF: &[(Subject, Grant)] = &[
        (R(SchoolAdmin), School),
        (R(Teacher), School),
        (R(VieScolaire), School),
        (R(Bursar), School),
    ];
    &[
        (Action::ViewHome, HOME),
        (
            Action::ManageOwnAccount,
            &[
                (R(SchoolAdmin), Own),
                (R(Teacher), Own),
                (R(VieScolaire), Own),
                (R(Bursar), Own),
                (R(Parent), Own),
                (R(Student), Own),
                (Subject::PlatformAdmin, Own),
            ],
        ),
        (Action::ManageUsers, &[(R(SchoolAdmin), School)]),
        (Action::ManageSchoolSettings, &[(R(SchoolAdmin), School)]),
        (Action::ViewAudit, &[(R(SchoolAdmin), School)]),
        (Action::ViewSchool, HOME),
        (Action::ManageSchools, &[(Subject::PlatformAdmin, School)]),
        (
            Action::ViewStudent,
            &[
                (R(SchoolAdmin), School),
                (R(Teacher), Own),
                (R(VieScolaire), School),
                (R(Bursar), School),
                (R(Parent), Own),
                (R(Student), Own),
            ],
        ),
        (
            Action::ReadStudentNationalId,
            &[
                (R(SchoolAdmin), School),
                (R(VieScolaire), School),
                (R(Parent), Own),
            ],
        ),
        // Medical notes: the school's administration and vie scolaire only, not every teacher.
        (
            Action::ReadStudentMedical,
            &[(R(SchoolAdmin), School), (R(VieScolaire), School)],
        ),
        (
            Action::FindStudentByNationalId,
            &[(R(SchoolAdmin), School), (R(VieScolaire), School)],
        ),
        (Action::ViewStructure, STAFF),
        (Action::ManageStructure, &[(R(SchoolAdmin), School)]),
        (
            Action::ViewClass,
            &[
                (R(SchoolAdmin), School),
                (R(Teacher), Own),
                (R(VieScolaire), School),
                (R(Bursar), School),
            ],
        ),
        (
            Action::ManageStudents,
            &[(R(SchoolAdmin), School), (R(VieScolaire), School)],
        ),
        (Action::ImportStudents, &[(R(SchoolAdmin), School)]),
        (
            Action::ViewGuardian,
            &[
                (R(SchoolAdmin), School),
                (R(Teacher), Own),
                (R(VieScolaire), School),
                (R(Bursar), School),
                (R(Parent), Own),
            ],
        ),
        (
            Action::ManageGuardians,
            &[(R(SchoolAdmin), School), (R(VieScolaire), School)],
        ),
        (Action::UpdateOwnContact, &[(R(Parent), Own)]),
        (Action::ViewStaff, STAFF),
        (
            Action::ViewGrades,
            &[
                (R(SchoolAdmin), School),
                (R(Teacher), Own),
                (R(VieScolaire), School),
                (R(Parent), Own),
                (R(Student), Own),
            ],
        ),
        (
            Action::EnterMarks,
            &[(R(SchoolAdmin), School), (R(Teacher), Own)],
        ),
        (Action::ManageMarkCodes, &[(R(SchoolAdmin), School)]),
        (
            Action::WriteAppreciations,
            &[(R(SchoolAdmin), School), (R(Teacher), Own)],
        ),
        (
            Action::ViewClassCouncil,
            &[
                (R(SchoolAdmin), School),
                (R(Teacher), Own),
                (R(VieScolaire), School),
            ],
        ),
        (
            Action::DecideClassCouncil,
            &[(R(SchoolAdmin), School), (R(Teacher), Own)],
        ),
        (Action::IssueBulletins, &[(R(SchoolAdmin), School)]),
        (
            Action::ViewBulletins,
            &[
                (R(SchoolAdmin), School),
                (R(Teacher), Own),
                (R(VieScolaire), School),
                (R(Parent), Own),
                (R(Student), Own),
            ],
        ),
        (Action::ManageBulletinTemplate, &[(R(SchoolAdmin), School)]),
    ]
};

/// What the table grants a subject for an action.
pub fn grant(subject: Subject, action: Action) -> Grant {
    RULES
        .iter()
        .find(|(a, _)| *a == action)
        .and_then(|(_, grants)| grants.iter().find(|(s, _)| *s == subject).map(|(_, g)| *g))
        .unwrap_or(Grant::Never)
}

/// The subjects a user is: their roles in the session's school, and the platform flag.
fn subjects(user: &CurrentUser) -> impl Iterator<Item = Subject> + '_ {
    let roles = user
        .school
        .as_ref()
        .map(|_| user.roles.as_slice())
        .unwrap_or_default();
    roles
        .iter()
        .map(|r| Subject::Role(*r))
        .chain(user.is_platform_admin.then_some(Subject::PlatformAdmin))
}

/// Whether a grant covers a target in this scope.
pub fn covers(grant: Grant, scope: Scope) -> bool {
    match scope {
        Scope::OtherSchool => false,
        Scope::SameSchool => grant == Grant::School,
        Scope::Own => grant >= Grant::Own,
    }
}

/// Whether the user may perform the action on a target in this scope.
pub fn allows(user: &CurrentUser, action: Action, scope: Scope) -> bool {
    allows_by(user, action, |_| scope)
}

/// [`allows`] when the target's relation depends on the role the user acts in: a teacher who
/// is also a parent is "own" to their child as a parent, and to their class as a teacher, and
/// a grant given to one role must not follow the other role's relation.
pub fn allows_by(user: &CurrentUser, action: Action, scope_of: impl Fn(Subject) -> Scope) -> bool {
    subjects(user).any(|s| covers(grant(s, action), scope_of(s)))
}

/// How a route is reached: by anyone, or by a signed-in user allowed an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No sign-in: health, assets, login, first-run setup, interface preferences.
    Public,
    /// Signed in, and the policy allows this action (the handler calls [`require`]).
    Action(Action),
}

/// Every route the server serves and how it is reached. The router registers routes through
/// [`Routes::route_for`], and a test fails when a registered route is missing here.
pub const ROUTES: &[(&str, Access)] = &[
    ("/healthz", Access::Public),
    ("/readyz", Access::Public),
    ("/metrics", Access::Public),
    ("/static/{*path}", Access::Public),
    ("/login", Access::Public),
    ("/logout", Access::Action(Action::ManageOwnAccount)),
    ("/setup", Access::Public),
    ("/preferences/theme", Access::Public),
    ("/preferences/language", Access::Public),
    ("/", Access::Action(Action::ViewHome)),
    ("/account", Access::Action(Action::ManageOwnAccount)),
    (
        "/account/password",
        Access::Action(Action::ManageOwnAccount),
    ),
    ("/admin/users", Access::Action(Action::ManageUsers)),
    ("/admin/users/new", Access::Action(Action::ManageUsers)),
    (
        "/admin/users/{id}/disable",
        Access::Action(Action::ManageUsers),
    ),
    (
        "/admin/users/{id}/enable",
        Access::Action(Action::ManageUsers),
    ),
    (
        "/admin/school",
        Access::Action(Action::ManageSchoolSettings),
    ),
    ("/admin/audit", Access::Action(Action::ViewAudit)),
    ("/admin/audit.csv", Access::Action(Action::ViewAudit)),
    ("/api/v2/auth/token", Access::Public),
    ("/api/v2/auth/refresh", Access::Public),
    ("/api/v2/auth/logout", Access::Public),
    ("/api/v2/me", Access::Action(Action::ManageOwnAccount)),
    ("/api/v2/openapi.json", Access::Public),
    ("/api/docs", Access::Public),
    ("/api/v2/users", Access::Action(Action::ManageUsers)),
    ("/api/v2/users/{id}", Access::Action(Action::ManageUsers)),
    (
        "/api/v2/users/{id}/disable",
        Access::Action(Action::ManageUsers),
    ),
    (
        "/api/v2/users/{id}/enable",
        Access::Action(Action::ManageUsers),
    ),
    ("/api/v2/memberships", Access::Action(Action::ManageUsers)),
    (
        "/api/v2/memberships/{user_id}/{role}",
        Access::Action(Action::ManageUsers),
    ),
    ("/api/v2/schools", Access::Action(Action::ViewSchool)),
    ("/api/v2/schools/{id}", Access::Action(Action::ViewSchool)),
    (
        "/api/v2/schools/{id}/disable",
        Access::Action(Action::ManageSchools),
    ),
    (
        "/api/v2/schools/{id}/enable",
        Access::Action(Action::ManageSchools),
    ),
    ("/students", Access::Action(Action::ViewStudent)),
    (
        "/students/lookup",
        Access::Action(Action::FindStudentByNationalId),
    ),
    ("/students/{id}", Access::Action(Action::ViewStudent)),
    // People management (students, enrolment, guardians, invitations, contact, staff).
    ("/students/new", Access::Action(Action::ManageStudents)),
    (
        "/students/{id}/edit",
        Access::Action(Action::ManageStudents),
    ),
    (
        "/students/{id}/enrolment",
        Access::Action(Action::ManageStudents),
    ),
    ("/students/{id}/photo", Access::Action(Action::ViewStudent)),
    (
        "/students/{id}/photo/upload",
        Access::Action(Action::ManageStudents),
    ),
    (
        "/students/{id}/guardians",
        Access::Action(Action::ManageGuardians),
    ),
    (
        "/students/{id}/guardians/link",
        Access::Action(Action::ManageGuardians),
    ),
    (
        "/students/{id}/guardians/{guardian_id}/delete",
        Access::Action(Action::ManageGuardians),
    ),
    ("/guardians", Access::Action(Action::ViewGuardian)),
    ("/guardians/new", Access::Action(Action::ManageGuardians)),
    ("/guardians/{id}", Access::Action(Action::ViewGuardian)),
    (
        "/guardians/{id}/edit",
        Access::Action(Action::ManageGuardians),
    ),
    (
        "/guardians/{id}/links",
        Access::Action(Action::ManageGuardians),
    ),
    (
        "/guardians/{id}/links/{student_id}/delete",
        Access::Action(Action::ManageGuardians),
    ),
    (
        "/guardians/{id}/invitation",
        Access::Action(Action::ManageGuardians),
    ),
    ("/invitations/{token}", Access::Public),
    ("/account/contact", Access::Action(Action::UpdateOwnContact)),
    ("/staff", Access::Action(Action::ViewStaff)),
    // Gradebook results: a student's (with the explanation), a class's.
    ("/students/{id}/results", Access::Action(Action::ViewGrades)),
    (
        "/classes/{id}/gradebook",
        Access::Action(Action::ViewGrades),
    ),
    // Gradebook API: assessments (staff), results (as the pages above).
    ("/api/v2/assessments", Access::Action(Action::ViewGrades)),
    (
        "/api/v2/assessments/{id}",
        Access::Action(Action::ViewGrades),
    ),
    (
        "/api/v2/students/{id}/results",
        Access::Action(Action::ViewGrades),
    ),
    (
        "/api/v2/classes/{id}/gradebook",
        Access::Action(Action::ViewGrades),
    ),
    // Bulletins: issuing (admins), downloads, the verification page; the API.
    ("/bulletins", Access::Action(Action::IssueBulletins)),
    ("/bulletins/verify", Access::Action(Action::IssueBulletins)),
    ("/bulletins/{id}/pdf", Access::Action(Action::ViewBulletins)),
    (
        "/students/{id}/bulletins",
        Access::Action(Action::ViewBulletins),
    ),
    (
        "/classes/{id}/bulletins.pdf",
        Access::Action(Action::IssueBulletins),
    ),
    (
        "/classes/{id}/bulletins.zip",
        Access::Action(Action::IssueBulletins),
    ),
    ("/api/v2/bulletins", Access::Action(Action::ViewBulletins)),
    (
        "/api/v2/bulletins/{id}",
        Access::Action(Action::ViewBulletins),
    ),
    (
        "/api/v2/bulletins/{id}/pdf",
        Access::Action(Action::ViewBulletins),
    ),
    (
        "/api/v2/bulletins/{id}/versions",
        Access::Action(Action::ViewBulletins),
    ),
    (
        "/api/v2/bulletin-jobs/{id}",
        Access::Action(Action::IssueBulletins),
    ),
    // The teacher's gradebook: classes × subjects, a subject's gradebook, assessments, marks.
    ("/gradebook", Access::Action(Action::EnterMarks)),
    (
        "/classes/{id}/gradebook/{subject_id}",
        Access::Action(Action::EnterMarks),
    ),
    ("/assessments/new", Access::Action(Action::EnterMarks)),
    ("/assessments/{id}/edit", Access::Action(Action::EnterMarks)),
    (
        "/assessments/{id}/delete",
        Access::Action(Action::EnterMarks),
    ),
    (
        "/assessments/{id}/marks",
        Access::Action(Action::EnterMarks),
    ),
    (
        "/api/v2/assessments/{id}/marks",
        Access::Action(Action::EnterMarks),
    ),
    // The school's mark codes (src/gradebook/codes*.rs, src/api/mark_codes.rs).
    ("/admin/mark-codes", Access::Action(Action::ManageMarkCodes)),
    (
        "/api/v2/mark-codes",
        Access::Action(Action::ManageMarkCodes),
    ),
    ("/api/v2/students", Access::Action(Action::ViewStudent)),
    ("/api/v2/students/{id}", Access::Action(Action::ViewStudent)),
    ("/api/v2/guardians", Access::Action(Action::ViewGuardian)),
    (
        "/api/v2/guardians/{id}",
        Access::Action(Action::ViewGuardian),
    ),
    (
        "/api/v2/guardians/{id}/students/{student_id}",
        Access::Action(Action::ManageGuardians),
    ),
    (
        "/api/v2/guardians/{id}/invitations",
        Access::Action(Action::ManageGuardians),
    ),
    ("/api/v2/staff", Access::Action(Action::ViewStaff)),
    ("/api/v2/staff/{id}", Access::Action(Action::ViewStaff)),
    ("/api/v2/enrolments", Access::Action(Action::ViewStudent)),
    // School structure (src/structure, src/api/structure*.rs). A path that serves reads and
    // writes is listed with view_structure; its write methods require manage_structure.
    ("/admin/structure", Access::Action(Action::ViewStructure)),
    (
        "/admin/structure/years",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/admin/structure/years/new",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/years/{id}",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/years/{id}/delete",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/years/{id}/periods/new",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/periods/{id}",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/periods/{id}/close",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/periods/{id}/reopen",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/periods/{id}/delete",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/levels",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/admin/structure/levels/{id}",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/levels/{id}/delete",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/subjects",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/admin/structure/subjects/new",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/subjects/{id}",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/subjects/{id}/delete",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/subject-groups",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/admin/structure/subject-groups/{id}",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/subject-groups/{id}/delete",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/coefficients",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/admin/structure/coefficient-overrides",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/admin/structure/coefficient-overrides/{id}/delete",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/classes",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/admin/structure/classes/new",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/classes/{id}",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/classes/{id}/delete",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/classes/{id}/assignments",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/classes/{id}/assignments/periods",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/classes/{id}/assignments/{assignment_id}/delete",
        Access::Action(Action::ManageStructure),
    ),
    ("/classes", Access::Action(Action::ViewClass)),
    ("/classes/{id}", Access::Action(Action::ViewClass)),
    (
        "/api/v2/academic-years",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/api/v2/academic-years/{id}",
        Access::Action(Action::ViewStructure),
    ),
    ("/api/v2/periods", Access::Action(Action::ViewStructure)),
    (
        "/api/v2/periods/{id}",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/api/v2/periods/{id}/close",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/api/v2/periods/{id}/reopen",
        Access::Action(Action::ManageStructure),
    ),
    ("/api/v2/levels", Access::Action(Action::ViewStructure)),
    ("/api/v2/levels/{id}", Access::Action(Action::ViewStructure)),
    (
        "/api/v2/subject-groups",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/api/v2/subject-groups/{id}",
        Access::Action(Action::ViewStructure),
    ),
    ("/api/v2/subjects", Access::Action(Action::ViewStructure)),
    (
        "/api/v2/subjects/{id}",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/api/v2/subjects/{id}/coefficients/{level_id}",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/api/v2/subjects/{id}/coefficient-overrides",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/api/v2/subjects/{id}/coefficient-overrides/{override_id}",
        Access::Action(Action::ManageStructure),
    ),
    ("/api/v2/classes", Access::Action(Action::ViewStructure)),
    (
        "/api/v2/classes/{id}",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/api/v2/classes/{id}/coefficients",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/api/v2/teaching-assignments",
        Access::Action(Action::ViewStructure),
    ),
    (
        "/api/v2/teaching-assignments/{id}",
        Access::Action(Action::ViewStructure),
    ),
    // Staff and structure imports (src/structure/pages/import.rs); the staff file also needs
    // manage_users, checked by the handler.
    (
        "/admin/structure/import/{kind}",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/import/{kind}/{upload}/confirm",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/import/jobs/{id}",
        Access::Action(Action::ManageStructure),
    ),
    (
        "/admin/structure/export/{kind}",
        Access::Action(Action::ManageStructure),
    ),
    ("/students/import", Access::Action(Action::ImportStudents)),
    (
        "/students/import/{upload}/confirm",
        Access::Action(Action::ImportStudents),
    ),
    (
        "/students/import/jobs/{id}",
        Access::Action(Action::ImportStudents),
    ),
    (
        "/students/export.csv",
        Access::Action(Action::ImportStudents),
    ),
];

static REGISTERED: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());

/// The paths registered so far through [`Routes::route_for`] (for the coverage test).
pub fn registered_routes() -> Vec<&'static str> {
    REGISTERED.lock().map(|r| r.clone()).unwrap_or_default()
}

/// Route registration that keeps the permission table honest: plain `Router::route` is
/// banned by clippy (`disallowed-methods`), so every route passes through here.
pub trait Routes {
    fn route_for(self, path: &'static str, method_router: MethodRouter<AppState>) -> Self;
}

impl Routes for Router<AppState> {
    #[expect(
        clippy::disallowed_methods,
        reason = "the one place routes are registered"
    )]
    fn route_for(self, path: &'static str, method_router: MethodRouter<AppState>) -> Self {
        if let Ok(mut registered) = REGISTERED.lock()
            && !registered.contains(&path)
        {
            registered.push(path);
        }
        self.route(path, method_router)
    }
}

/// `Ok` if allowed, else `Forbidden`; a refusal is logged and recorded in the audit trail of
/// the user's school (in a transaction of its own: nothing else changes).
pub async fn require(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    action: Action,
) -> Result<(), AppError> {
    require_on(state, ctx, user, action, Scope::SameSchool).await
}

/// [`require`] for a target whose relation to the user the domain has worked out (a parent's
/// own child, a student's own record...).
pub async fn require_on(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    action: Action,
    scope: Scope,
) -> Result<(), AppError> {
    require_by(state, ctx, user, action, |_| scope).await
}

/// [`require_on`] with a scope per subject (see [`allows_by`]).
pub async fn require_by(
    state: &AppState,
    ctx: &RequestCtx,
    user: &CurrentUser,
    action: Action,
    scope_of: impl Fn(Subject) -> Scope,
) -> Result<(), AppError> {
    if allows_by(user, action, &scope_of) {
        return Ok(());
    }
    let scope = subjects(user)
        .map(&scope_of)
        .find(|s| *s == Scope::Own)
        .unwrap_or(Scope::SameSchool);
    tracing::warn!(user_id = user.id, ?action, "permission denied");
    let actor = ctx.audit();
    audit::record_alone(
        state,
        &AuditEvent {
            scope: user.scope(),
            actor: &actor,
            action: AuditAction::PermissionDenied,
            resource_type: ResourceType::Page,
            resource_id: Some(ctx.path.clone()),
            details: json!({ "action": action.as_str(), "scope": format!("{scope:?}") }),
        },
    )
    .await;
    Err(AppError::Forbidden)
}

/// docs/PERMISSIONS.md, rendered from [`RULES`] and [`ROUTES`].
pub fn permissions_markdown() -> String {
    let mut out = String::from(
        "# Permissions\n\n\
         Generated from `src/auth/policy.rs` by the `permissions_doc_is_current` test \
         (run it with `ESCHOOL_UPDATE_DOCS=1` to rewrite this file). Do not edit by hand.\n\n\
         **school**: allowed on anything in the user's school; **own**: only on the user's own \
         records (themself, their child, their class); **—**: never. Nothing is ever allowed in \
         another school.\n\n| action |",
    );
    for subject in Subject::ALL {
        out.push_str(&format!(" {} |", subject.as_str()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(Subject::ALL.len()));
    out.push('\n');
    for action in Action::ALL {
        out.push_str(&format!("| `{}` |", action.as_str()));
        for subject in Subject::ALL {
            let cell = match grant(subject, action) {
                Grant::School => "school",
                Grant::Own => "own",
                Grant::Never => "—",
            };
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    out.push_str("\n## Routes\n\n| path | access |\n|---|---|\n");
    for (path, access) in ROUTES {
        let access = match access {
            Access::Public => "public".to_owned(),
            Access::Action(a) => format!("`{}`", a.as_str()),
        };
        out.push_str(&format!("| `{path}` | {access} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        accounts::model::Theme,
        schools::model::{AverageMode, PeriodKind, School},
        web::i18n::Lang,
    };

    /// The expected answers, written out independently of [`RULES`]: S = school, O = own,
    /// - = never. Columns follow [`Subject::ALL`].
    const EXPECTED: &str = "
        view_home              | S S S S S S S
        manage_own_account     | O O O O O O O
        manage_users           | S - - - - - -
        manage_school_settings | S - - - - - -
        view_audit             | S - - - - - -
        view_student           | S O S S O O -
        read_student_national_id | S - S - O - -
        read_student_medical   | S - S - - - -
        find_student_by_national_id | S - S - - - -
        view_school            | S S S S S S S
        manage_schools         | - - - - - - S
        view_structure         | S S S S - - -
        manage_structure       | S - - - - - -
        view_class             | S O S S - - -
        manage_students        | S - S - - - -
        import_students        | S - - - - - -
        view_guardian          | S O S S O - -
        manage_guardians       | S - S - - - -
        update_own_contact     | - - - - O - -
        view_staff             | S S S S - - -
        view_grades            | S O S - O O -
        enter_marks            | S O - - - - -
        manage_mark_codes      | S - - - - - -
        write_appreciations    | S O - - - - -
        view_class_council     | S O S - - - -
        decide_class_council   | S O - - - - -
        issue_bulletins        | S - - - - - -
        view_bulletins         | S O S - O O -
        manage_bulletin_template | S - - - - - -
    ";

    fn user(subject: Subject) -> CurrentUser {
        let school = School {
            id: 1,
            code: "T".into(),
            name: "T".into(),
            locale: Lang::Fr,
            timezone: "UTC".into(),
            currency: "EUR".into(),
            color: "#000000".into(),
            period_kind: PeriodKind::Trimester,
            average_mode: AverageMode::Normalized,
            grade_decimals: 2,
            show_ranks: true,
            annual_mode: crate::gradebook::AnnualMode::MeanOfPeriods,
            disabled: false,
        };
        let (roles, platform) = match subject {
            Subject::Role(r) => (vec![r], false),
            Subject::PlatformAdmin => (vec![], true),
        };
        CurrentUser {
            id: 1,
            username: "u".into(),
            display_name: "U".into(),
            is_platform_admin: platform,
            locale_pref: None,
            school: Some(school),
            roles,
            theme: Theme::System,
            session_hash: String::new(),
        }
    }

    #[test]
    fn every_cell_of_the_permission_table() {
        let rows: Vec<(&str, Vec<&str>)> = EXPECTED
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let (action, cells) = l.split_once('|').unwrap();
                (action.trim(), cells.split_whitespace().collect())
            })
            .collect();
        let listed: Vec<&str> = rows.iter().map(|(a, _)| *a).collect();
        let all: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(
            listed, all,
            "the expected table lists every action, in order"
        );
        let mut checked = 0;
        for (name, cells) in rows {
            let action = Action::ALL
                .into_iter()
                .find(|a| a.as_str() == name)
                .unwrap();
            assert_eq!(
                cells.len(),
                Subject::ALL.len(),
                "{name}: one cell per subject"
            );
            for (subject, cell) in Subject::ALL.into_iter().zip(cells) {
                let u = user(subject);
                let expect = |scope| match (cell, scope) {
                    (_, Scope::OtherSchool) | ("-", _) | ("O", Scope::SameSchool) => false,
                    ("S", _) | ("O", Scope::Own) => true,
                    other => panic!("bad cell {other:?}"),
                };
                for scope in [Scope::Own, Scope::SameSchool, Scope::OtherSchool] {
                    assert_eq!(
                        allows(&u, action, scope),
                        expect(scope),
                        "{} may {name} on {scope:?}",
                        subject.as_str()
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, Action::ALL.len() * Subject::ALL.len() * 3);
    }

    #[test]
    fn an_own_grant_follows_its_own_role_relation_only() {
        // A teacher who is also a parent: "own" to their class as a teacher does not give a
        // parent's right to read the national ID of a student who is not their child.
        let mut u = user(Subject::Role(Role::Teacher));
        u.roles.push(Role::Parent);
        let as_teacher_only = |s: Subject| match s {
            Subject::Role(Role::Teacher) => Scope::Own,
            _ => Scope::SameSchool,
        };
        assert!(allows_by(&u, Action::ViewStudent, as_teacher_only));
        assert!(!allows_by(
            &u,
            Action::ReadStudentNationalId,
            as_teacher_only
        ));
        assert!(allows(&u, Action::ReadStudentNationalId, Scope::Own));
    }

    #[test]
    fn roles_do_not_count_without_a_school() {
        let mut u = user(Subject::Role(Role::SchoolAdmin));
        u.school = None;
        assert!(!allows(&u, Action::ManageUsers, Scope::SameSchool));
    }

    #[test]
    fn permissions_doc_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/PERMISSIONS.md");
        let rendered = permissions_markdown();
        if std::env::var("ESCHOOL_UPDATE_DOCS").is_ok() {
            std::fs::write(&path, &rendered).unwrap();
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            current, rendered,
            "docs/PERMISSIONS.md is stale: run ESCHOOL_UPDATE_DOCS=1 cargo test --lib policy"
        );
    }
}
