# English interface.

fr = French
en = English

skip-to-content = Skip to content
nav-main = Main navigation
nav-home = Home
nav-users = Users
nav-school = School
nav-audit = Audit log
nav-account = My account
nav-logout = Sign out

pref-language = Language
pref-theme = Theme
theme-system = System
theme-light = Light
theme-dark = Dark
action-apply = Apply
action-save = Save
action-create = Create
action-cancel = Cancel

role-school_admin = School admin
role-teacher = Teacher
role-vie_scolaire = Pastoral staff (vie scolaire)
role-bursar = Bursar
role-parent = Parent
role-student = Student

login-title = Sign in
login-username = Username
login-password = Password
login-submit = Sign in
login-invalid = Wrong username or password.
login-disabled = This account is disabled. Please contact the school.
login-throttled = Too many attempts. Try again in { $seconds } seconds.

home-welcome = Hello { $name }
home-no-school = Your account does not belong to any school.
home-figures = The school in figures
home-students = Enrolled students
home-classes = Classes
home-teachers = Teachers
home-guardians = Guardians
home-children = My children
home-my-class = My class
home-main-classes = My classes (form tutor)
home-class-size = { $count } students

account-title = My account
account-username = Username
account-display-name = Display name
account-roles = Roles
account-change-password = Change password
account-current-password = Current password
account-new-password = New password
account-confirm-password = Confirm password
account-password-changed = Password changed. Your other sessions were signed out.
password-hint = At least { $min } characters.
username-hint = Lowercase letters, digits, dot, dash; 3 to 64 characters.

users-title = Users
users-new = New user
users-search = Search
users-role = Role
users-all-roles = All roles
users-filter = Filter
users-count = { $count ->
    [one] { $count } user
   *[other] { $count } users
}
users-name = Name
users-status = Status
users-actions = Actions
users-active = Active
users-disabled = Disabled
users-enable = Enable
users-disable = Disable
users-email = E-mail address (optional)
users-initial-password = Initial password

pager-label = Pagination
pager-prev = Previous page
pager-next = Next page
pager-position = Page { $page } of { $pages }

setup-title = Setting up eSchool
setup-intro = Create your school and its first administrator account. This page then disappears.
setup-school = The school
setup-admin = The administrator account
setup-submit = Create the school

school-settings = School settings
school-saved = Settings saved.
school-code = School code
school-code-hint = 2 to 20 letters, digits or dashes, e.g. LYC-HUGO. It cannot be changed later.
school-name = School name
school-locale = Default language
school-timezone = Time zone
school-timezone-hint = IANA name, e.g. Europe/Paris or Africa/Dakar.
school-currency = Currency
school-color = School colour
school-grading = Grading
school-periods = School year split into
school-trimesters = Terms (trimesters)
school-semesters = Semesters
school-average-mode = Average computation
school-average-normalized = Each mark brought to /20, weighted by its coefficient
school-average-weighted = Weighted by each assessment's maximum
school-decimals = Decimals shown

form-errors-title = The form has errors
error-title = Error
error-request-id = Request reference:
error-back-home = Back to home
error-not-found = This page does not exist.
error-unauthorized = Please sign in.
error-forbidden = You do not have access to this page.
error-csrf = Your session expired or the form is too old. Reload the page and try again.
error-validation = The data sent is not valid.
error-too-many = Too many requests. Please wait a moment.
error-too-large = The data sent is too large.
error-internal = An internal error occurred. It has been logged; please try again later.
error-choice = Choose a value from the list.
error-school-name = Enter a name (at most 160 characters).
error-school-code = The code must be 2 to 20 letters, digits or dashes.
error-timezone = Unknown time zone.
error-color = Colour expected as #rrggbb.
error-decimals = Number of decimals between 0 and 4.
error-username-length = The username must be 3 to 64 characters.
error-username-chars = The username may only contain unaccented lowercase letters, digits, ".", "-" and "_".
error-username-taken = This username is already taken.
error-display-name = Enter a name (at most 120 characters).
error-email = Invalid e-mail address.
error-password-short = The password is too short.
error-password-long = The password is too long (at most 256 characters).
error-password-current = The current password is wrong.
error-password-confirm = The two passwords do not match.
error-roles = Choose at least one role.
error-disable-self = You cannot disable your own account.
error-date = Date expected as YYYY-MM-DD.

audit-title = Audit log
audit-export = Export as CSV
audit-filter = Filter
audit-user = User
audit-action = Action
audit-resource = Resource
audit-from = From
audit-to = To
audit-all-actions = All actions
audit-all-resources = All resources
audit-timezone = Dates and times in the school's time zone ({ $zone }).
audit-count = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
audit-time = Date and time
audit-details = Details
audit-ip = IP address
audit-nobody = —
audit-action-login = Sign-in
audit-action-login-failed = Failed sign-in
audit-action-logout = Sign-out
audit-action-permission-denied = Access denied
audit-action-user-create = Account created
audit-action-user-disable = Account disabled
audit-action-user-enable = Account re-enabled
audit-action-password-change = Password changed
audit-action-school-setup = School set up
audit-action-school-settings-update = Settings changed
audit-action-audit-export = Log exported
audit-action-token-reuse = Reused API token (session revoked)
audit-resource-user = Account
audit-resource-school = School
audit-resource-page = Page
audit-resource-audit-log = Audit log
error-json = The request body is not valid JSON for this operation.
error-refresh-invalid = Unknown, expired or revoked refresh token. Please sign in again.
error-refresh-reused = This refresh token was already used: for safety the session is revoked. Please sign in again.
audit-action-user-update = Account updated
audit-action-membership-add = Role granted
audit-action-membership-remove = Role removed
audit-action-school-create = School created
error-remove-own-admin = You cannot remove your own school admin role.
error-remove-last-role = This is the account's last role: disable the account instead.
error-per-page = Between 1 and 200 items per page.
error-page = Page numbers start at 1.
error-sort = Unknown sort order.
error-query = Invalid query parameters.

## Students
nav-students = Students
students-title = Students
students-search = Name or matricule
students-class = Class
students-all-classes = All classes
students-filter = Filter
students-name = Name
students-own-only = The students you follow: your children, yourself, or the classes you are form tutor of.
students-back = Back to the students
students-lookup-title = Find a student by national ID
students-lookup-hint = Exact match; spaces, dashes and case do not matter. Each search is recorded.
students-lookup-submit = Find
students-lookup-blank = Enter a national ID.
students-lookup-none = No student of the school has this national ID.
student-identity = Identity
student-matricule = Matricule
student-birth-date = Date of birth
student-sex = Sex
student-sex-f = Female
student-sex-m = Male
student-status = Status
student-status-enrolled = Enrolled
student-status-left = Left
student-status-graduated = Graduated
student-national-id = National ID (INE)
student-medical = Medical information
student-no-medical = No medical information recorded.
student-unreadable = This value cannot be read (damaged or encrypted with an unknown key). The problem has been logged.
student-not-recorded = Not recorded
student-guardians = Guardians
student-no-guardians = No guardian recorded.
student-relationship = Relationship
student-relationship-mother = Mother
student-relationship-father = Father
student-relationship-guardian = Legal guardian
student-relationship-other = Other
student-phone = Phone
student-email = E-mail
audit-action-student-read-national-id = National ID read
audit-action-student-read-medical = Medical information read
audit-action-student-lookup-national-id = Search by national ID
audit-resource-student = Student
students-count = { $count ->
    [one] { $count } student
   *[other] { $count } students
}
error-school-code-taken = This school code is already taken.
error-method = This address does not accept this method.
login-school-disabled = This school is disabled on the platform. Please contact its administration.
audit-action-school-disable = School disabled
audit-action-school-enable = School re-enabled

## Student import (docs/IMPORT.md): every message receives $line, and $column / $value when relevant.
import-not-utf8 = Line { $line }: the file is not encoded in UTF-8. In Excel, save it as "CSV UTF-8 (Comma delimited)".
import-empty-file = The file is empty: it needs at least the header line with the column names.
import-unknown-column = Line { $line }: unknown column "{ $column }". The possible columns are described in the template.
import-missing-column = Line { $line }: the required column "{ $column }" (or "{ $alias }") is missing.
import-duplicate-column = Line { $line }: column "{ $column }" repeats column "{ $other }".
import-value-without-header = Line { $line }: the value "{ $value }" is in column { $position }, which has no name in the header.
import-required = Line { $line }, column "{ $column }": required value missing.
import-too-long = Line { $line }, column "{ $column }": value too long ({ $max } characters at most).
import-control-character = Line { $line }, column "{ $column }": the value contains an invisible character that is not allowed.
import-invalid-date = Line { $line }, column "{ $column }": invalid date "{ $value }" (expected dd/mm/yyyy or yyyy-mm-dd).
import-nonexistent-date = Line { $line }, column "{ $column }": the date "{ $value }" does not exist.
import-invalid-sex = Line { $line }, column "{ $column }": unknown sex "{ $value }" (expected F or M).
import-invalid-status = Line { $line }, column "{ $column }": unknown status "{ $value }" (expected enrolled, left or graduated).
import-invalid-relationship = Line { $line }, column "{ $column }": unknown relationship "{ $value }" (expected mother, father, guardian or other).
import-invalid-yes-no = Line { $line }, column "{ $column }": "{ $value }" is not a recognised answer (expected yes or no).
import-invalid-email = Line { $line }, column "{ $column }": invalid e-mail address "{ $value }".
import-invalid-phone = Line { $line }, column "{ $column }": invalid phone number "{ $value }" (6 to 20 digits, with spaces and + . - / ( ) only).
import-duplicate-matricule = Line { $line }, column "{ $column }": matricule "{ $value }" already appears on line { $first_line }.
import-guardian-without-name = Line { $line }, column "{ $column }": guardian { $guardian } has details but no last or first name.

## Audit: structure and people
audit-action-record-create = Created
audit-action-record-update = Changed
audit-action-record-delete = Deleted
audit-action-period-close = Period closed
audit-action-period-reopen = Period reopened
audit-action-student-import = Student import
audit-action-student-export = Student export
audit-action-guardian-invite = Guardian invited
audit-action-guardian-invitation-accept = Parent account created from an invitation
audit-action-contact-update = Contact details corrected by the guardian
audit-resource-academic-year = Academic year
audit-resource-period = Period
audit-resource-level = Level
audit-resource-class = Class
audit-resource-subject = Subject
audit-resource-subject-group = Subject group
audit-resource-coefficient = Coefficient
audit-resource-teaching-assignment = Teaching assignment
audit-resource-enrolment = Enrolment
audit-resource-guardian = Guardian
audit-resource-import-job = Import

## People: students, enrolment, guardians, invitations, contact details, staff
nav-guardians = Guardians
nav-staff = Staff
nav-contact = My contact details
people-yes = Yes
people-no = No
people-edit = Edit
people-choose = Choose…
people-required-hint = Fields marked with an asterisk (*) are required.
people-last-name = Last name
people-first-name = First name
people-birth-place = Place of birth
people-schooling = Schooling
people-status-hint = A student who left or graduated leaves their class today; the history is kept.
people-class-current-year = Class (current year)
people-no-class = No class for now
people-choose-class = Choose a class…
people-confidential = Confidential information
people-confidential-hint = Encrypted in the database; every read is recorded.
people-student-new = New student
people-student-edit = Edit student
people-enrolment-title = Class enrolment
people-enrolment-starts = Effective date
people-enrolment-starts-hint = Today by default. When changing class, the current enrolment ends on this date.
people-enrol = Enrol in this class
people-enrolment-history = Enrolment history
people-no-enrolment = No enrolment recorded.
people-no-current-classes = There is no class in the current school year.
people-year = School year
people-from = From
people-to = To
people-ongoing = ongoing
people-photo-title = Photo
people-photo-file = Photo file
people-photo-hint = JPEG, PNG or WebP, at most { $max } KiB.
people-photo-upload = Upload the photo
people-photo-alt = Photo of { $name }
people-guardian-has-account = This guardian already has a parent account.
people-error-required = This field is required.
people-error-too-long = Value too long.
people-error-control = The value contains a forbidden invisible character.
people-error-date = Invalid date (expected dd/mm/yyyy or yyyy-mm-dd).
people-error-date-nonexistent = This date does not exist.
people-error-date-future = The date of birth cannot be in the future.
people-error-phone = Invalid phone number (6 to 20 digits, with spaces and + . - / ( ) only).
people-error-matricule-taken = This registration number already belongs to another student of the school.
people-error-email-taken = This e-mail address already belongs to another guardian of the school.
people-error-class-not-current = This class is not in the current school year.
people-error-not-enrolled = Only a student whose status is "enrolled" can be placed in a class.
people-error-already-in-class = The student is already enrolled in this class.
people-error-date-before-current = The date is before the start of the current enrolment.
people-error-date-outside-year = The date is outside the class's school year.
people-error-no-such-student = No student of the school has this registration number.
people-error-photo-missing = Choose a file.
people-error-photo-too-large = The file is too large (at most 1 MiB).
people-error-photo-type = The file is not a JPEG, PNG or WebP image.
guardians-title = Guardians
guardians-new = New guardian
guardians-edit = Edit guardian
guardians-search = Name, e-mail or phone
guardians-search-hint = Part of the name, e-mail address or a number is enough.
guardians-count = { $count ->
    [0] No guardians
    [one] { $count } guardian
   *[other] { $count } guardians
}
guardians-children = Children
guardians-account = Parent account
guardians-has-account = Yes
guardians-no-account = Not yet
guardian-contact = Contact details
guardian-phone-alt = Second phone
guardian-address = Address
guardian-legal = Legal guardian
guardian-notices = Receives notices
guardian-no-children = No children linked.
guardian-actions = Actions
guardian-unlink = Unlink
guardian-unlink-label = Unlink { $name }
guardian-link-title = Link a student
guardian-link-hint = Enter the student's registration number. If the link exists, it is updated.
guardian-link = Link
invitation-create = Invite to create a parent account
invitation-created = Invitation link created
invitation-created-hint = Copy this link and pass it on to the guardian: it will not be shown again. It works once and expires on { $expires }.
invitation-link = Invitation link
invitation-title = Creating your parent account
invitation-welcome = Hello { $name }, { $school } invites you to create your parent account. Choose a username and a password.
invitation-confirm = Confirm the password
invitation-accept = Create my account
invitation-expired = This invitation link has expired.
invitation-used = This invitation link has already been used.
invitation-unknown = This invitation link is not valid.
invitation-ask-school = Ask the school for a new link.
invitation-to-login = Sign in
invitation-done-title = Account created
invitation-done = Your account "{ $username }" is created. You can now sign in.
contact-title = My contact details
contact-intro = Check your phone numbers and e-mail address: the school uses them to reach you.
contact-saved = Your contact details are saved.
staff-title = Staff
staff-search = Name or username
staff-filter = Filter
staff-all-roles = All roles
staff-teaches = Teaches
staff-count = { $count ->
    [0] No staff
    [one] { $count } staff member
   *[other] { $count } staff members
}
contact-none = Your account is not linked to any guardian record: please contact the school.
people-all-statuses = All statuses
## Student import and export: the database step, the upload page, the background job
import-unknown-class = Line { $line }, column "{ $column }": class "{ $value }" does not exist in the current school year.
import-no-current-year = Line { $line }, column "{ $column }": class "{ $value }" cannot be assigned, no school year is marked as current.
import-guardian-email-conflict = Line { $line }, column "{ $column }": the address "{ $value }" is already used on line { $first_line } for a guardian with another name or phone.
import-guardian-twice = Line { $line }, column "{ $column }": guardian 2 is the same person as guardian 1.
import-page-title = Import students
import-page-upload = Upload a file
import-page-intro = A CSV file of students, one row per student with up to two guardians. You will see what changes before confirming.
import-page-template = Download the file template (CSV)
import-page-help = How to prepare the file
import-page-help-columns = Required columns: matricule, last name, first name. The others (birth date, class, national ID, medical information, guardians…) are optional; a column left out leaves the stored data as it is.
import-page-help-format = Save as "CSV UTF-8"; semicolon or comma separated; dates dd/mm/yyyy or yyyy-mm-dd.
import-page-help-matching = Students are recognised by their matricule and guardians by their e-mail address: importing the same file twice changes nothing.
import-page-help-all-or-nothing = All or nothing: if any row has a problem, nothing is imported and every problem is reported with its line and column.
import-page-file = CSV file
import-page-file-hint = 10 MB at most.
import-page-preview-button = Check the file
import-page-no-file = Choose a CSV file to import.
import-page-invalid = { $count ->
    [one] The file "{ $file }" has one problem: nothing was imported.
   *[other] The file "{ $file }" has { $count } problems: nothing was imported.
}
import-page-invalid-hint = Correct the file in your spreadsheet, then upload it again.
import-page-report-caption = Problems in the file
import-page-line = Line
import-page-column = Column
import-page-problem = Problem
import-page-preview = Preview of the import of "{ $file }"
import-page-nothing = This file changes nothing: everything is already up to date.
import-page-changes = { $count ->
    [one] The row that changes
   *[other] Rows that change (first { $shown } of { $count })
}
import-page-change = Student
import-page-changed-columns = Changed columns
import-page-confirm = Confirm the import
import-page-export = Export students (CSV)
import-change-created = Created
import-change-updated = Updated
import-change-unchanged = Unchanged
import-counts-caption = { $rows ->
    [one] Summary: { $rows } row
   *[other] Summary: { $rows } rows
}
import-counts-students = Students
import-counts-guardians = Guardians
import-counts-links = Student–guardian links
import-counts-enrolments = Class enrolments: { $opened } opened, { $closed } closed.
import-job-title = Student import
import-job-running = Import in progress…
import-job-progress = { $done } of { $total } rows saved.
import-job-refresh = Refresh
import-job-done = Import finished
import-job-summary = Students: { $created } created, { $updated } updated, { $unchanged } unchanged.
import-job-guardians = Guardians: { $created } created, { $updated } updated; { $links } new student–guardian links.
import-job-invalid = Nothing was imported: the data changed since the preview.
import-job-failed = The import failed and nothing was imported. Try again; if the problem persists, contact the administrator.
import-job-another = Import another file
