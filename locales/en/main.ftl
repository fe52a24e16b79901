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
school-annual-mode = Annual average
school-annual-mean-of-periods = Mean of the period averages
school-annual-all-marks = All the marks of the year
school-show-ranks = Show class ranks to students and families

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
students-own-only = The students you follow: your children, yourself, or the students of the classes you are form tutor of or teach.
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
## School structure: years, periods, levels, classes, subjects, coefficients, teaching assignments
nav-structure = Structure
nav-my-classes = My classes
structure-title = School structure
structure-overview = Overview
structure-years = Years and periods
structure-year = School year
structure-levels = Levels
structure-level = Level
structure-classes = Classes
structure-class = Class
structure-classes-this-year = This year’s classes
structure-subjects = Subjects
structure-subject = Subject
structure-groups = Subject groups
structure-group = Group
structure-coefficients = Coefficients
structure-coefficient = Coefficient
structure-period = Period
structure-periods = Periods
structure-periods-of = Periods of { $year }
structure-teacher = Teacher
structure-main-teacher = Form tutor
structure-room = Room
structure-students = Students
structure-student-name = Name
structure-assignments = Assignments
structure-name = Name
structure-code = Code
structure-color = Colour
structure-position = Order
structure-position-hint = Leave blank to put it last.
structure-starts-on = Start
structure-ends-on = End
structure-closes-on = Closing date
structure-closes-on-hint = From this date, the period’s marks and attendance can no longer be changed.
structure-status = Status
structure-actions = Actions
structure-edit = Edit
structure-delete = Delete
structure-none = None
structure-nobody = Nobody
structure-choose = Choose…
structure-saved = Changes saved.
structure-parts = Organisation
structure-current = current
structure-current-year = Current year
structure-no-year = No school year has been created yet.
structure-year-dates = from { $start } to { $end }
structure-year-new = New school year
structure-year-edit = Edit the school year
structure-year-name-hint = For example “2026-2027”.
structure-year-is-current = Current year (one per school)
structure-year-periods-hint = The periods (trimesters or semesters, as the school is set up) are created with the year; you can adjust their dates afterwards.
structure-class-count = { $count ->
    [one] { $count } class
   *[other] { $count } classes
}
structure-period-open = Open
structure-period-closed = Closed
structure-period-close = Close
structure-period-reopen = Reopen
structure-period-new = New period
structure-period-edit = Edit the period
structure-period-delete = Delete this period
structure-period-rule = A closed period is read-only for marks and attendance: from its closing date, or earlier if the administration closes it.
period-default-trimester = Trimester { $number }
period-default-semester = Semester { $number }
structure-no-levels = No levels yet.
structure-level-new = New level
structure-level-edit = Edit the level
structure-level-name-hint = For example “6e”, “CM2” or “Form 1”.
structure-class-new = New class
structure-class-edit = Edit the class
structure-class-name-hint = For example “6e A”.
structure-class-students = { $count ->
    [one] { $count } student
   *[other] { $count } students
}
structure-no-classes = No classes for the current year.
structure-no-students = No students in this class.
structure-teachers-by-subject = Teachers by subject
structure-no-assignments = No teacher is assigned to this class yet.
structure-my-classes = My classes
structure-my-classes-empty = No classes are assigned to you this year.
structure-subject-new = New subject
structure-subject-edit = Edit the subject
structure-no-subjects = No subjects yet.
structure-code-hint = 1 to 12 letters, digits, “-” or “_”; unique in the school (for example “MATH”).
structure-no-group = No group
structure-groups-hint = Subjects of one group (for example “Sciences”) are shown together on the report card.
structure-group-new = New subject group
structure-group-edit = Edit the subject group
structure-coefficients-by-level = Coefficients by level
structure-coefficients-hint = Type a coefficient such as “2”, “2.5” or “0.75”. An empty cell: the subject is not taught at that level.
structure-coefficients-empty = Create levels and subjects first.
structure-coefficient-hint = For example “2” or “2.5”.
structure-overrides = Specific coefficients
structure-overrides-hint = A specific coefficient replaces the level’s for one class, one period, or both. The most specific wins: class and period, then class, then level and period, then level.
structure-no-overrides = No specific coefficients.
structure-override-target = For
structure-override-new = New specific coefficient
structure-override-class-hint = Choose a class, or else a level and a period.
structure-override-save = Save the coefficient
structure-whole-year = Whole year
structure-assignments-edit = Teaching assignments
structure-assignments-hint = For each subject, the teacher who teaches it to the class all year.
structure-assignments-empty = No subject has a coefficient at this level: set the coefficients first.
structure-assignments-by-period = Assignments limited to one period
structure-not-at-level = (not in the level’s coefficients)
error-year-name = Enter a year name (40 characters at most).
error-year-name-taken = A year already has this name.
error-year-too-short = A school year lasts at least 60 days.
error-dates-order = The end must come after the start.
error-year-periods-outside = Periods of this year would fall outside these dates: change the periods first.
error-year-in-use = This year has classes or enrolments: it cannot be deleted.
error-period-name = Enter a period name (40 characters at most).
error-period-name-taken = A period of this year already has this name.
error-closes-before-end = The closing date cannot come before the end of the period.
error-period-outside-year = The period must lie within the school year’s dates.
error-period-overlap = The period overlaps another period of the year.
error-period-in-use = Teaching assignments or specific coefficients use this period: it cannot be deleted.
error-period-already-closed = This period is already closed.
error-period-not-closed = This period is not closed.
error-period-past-closing = This period’s closing date has passed: move it later to reopen the period.
error-position = The order is a whole number from 0 to 9999.
error-level-name = Enter a level name (40 characters at most).
error-level-name-taken = A level already has this name.
error-level-in-use = Classes are at this level: it cannot be deleted.
error-class-name = Enter a class name (40 characters at most).
error-class-name-taken = A class of this year already has this name.
error-room = The room has 40 characters at most.
error-not-a-teacher = Choose a member of the school who holds the “Teacher” role.
error-class-year-locked = This class has students or assignments: its year can no longer change.
error-class-in-use = This class has students: it cannot be deleted.
error-subject-code = The code has 1 to 12 letters, digits, “-” or “_”.
error-subject-code-taken = A subject already has this code.
error-subject-name = Enter a subject name (80 characters at most).
error-subject-in-use = Teaching assignments use this subject: it cannot be deleted.
error-group-name = Enter a group name (60 characters at most).
error-group-name-taken = A group already has this name.
error-group-in-use = Subjects belong to this group: it cannot be deleted.
error-coefficient = A coefficient from 0 to 100 is expected, with two decimals at most (for example 2 or 2.5).
error-coefficient-grid = A coefficient in the grid is invalid (expected for example 2 or 2.5): nothing was saved.
error-override-target = Choose a class or a level.
error-override-one-target = Choose a class or a level, not both.
error-override-level-needs-period = For a level, choose a period (the level’s year-long coefficient is set in the grid).
error-assignment-exists = This teacher already has this assignment in this class.

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

## Import of staff, classes and teaching assignments (structure::import)
import-invalid-username = Line { $line }, column "{ $column }": invalid username "{ $value }" (3 to 64 characters among lowercase letters, digits, ".", "-" and "_").
import-invalid-role = Line { $line }, column "{ $column }": unknown role "{ $value }" (expected teacher, vie_scolaire or bursar).
import-role-not-staff = Line { $line }, column "{ $column }": role "{ $value }" cannot be granted by a staff import; grant it on the user's page.
import-duplicate-username = Line { $line }, column "{ $column }": username "{ $value }" already appears on line { $first_line }.
import-duplicate-class = Line { $line }, column "{ $column }": class "{ $value }" already appears on line { $first_line }.
import-duplicate-assignment = Line { $line }: this teaching assignment already appears on line { $first_line }.
import-username-taken = Line { $line }, column "{ $column }": username "{ $value }" belongs to an account that is not a member of this school.
import-unknown-teacher = Line { $line }, column "{ $column }": "{ $value }" is not a teacher of this school.
import-unknown-level = Line { $line }, column "{ $column }": level "{ $value }" does not exist; create it first in the school's structure.
import-unknown-subject = Line { $line }, column "{ $column }": no subject has the code "{ $value }".
import-unknown-period = Line { $line }, column "{ $column }": period "{ $value }" does not exist in the current school year.
import-no-current-year-for-file = Line { $line }: no school year is marked as current; classes and teaching assignments are imported into the current year.
audit-action-staff-import = Staff import
audit-action-class-import = Class import
audit-action-assignment-import = Teaching assignment import
audit-action-structure-export = Structure export
structure-import-nav = Import
structure-import-kinds = Files to import
structure-import-teachers = Import staff
structure-import-classes = Import classes
structure-import-assignments = Import teaching assignments
structure-import-intro-teachers = A CSV file of staff, one row per person: username, last name, first name, e-mail, roles (teacher, vie_scolaire, bursar). New accounts have no usable password until one is set. You will see what changes before confirming.
structure-import-intro-classes = A CSV file of the current school year's classes, one row per class: class, level (existing), main teacher (username), room. You will see what changes before confirming.
structure-import-intro-assignments = A CSV file of teaching assignments, one row each: class, subject code, teacher (username), period (empty for the whole year). You will see what changes before confirming.
structure-import-help-order = Import in this order: staff, then classes, then teaching assignments. Levels, subjects and periods are created first in the school's structure.
structure-import-counts = { $rows } row(s): { $created } created, { $updated } updated, { $unchanged } unchanged.
structure-import-row = Item
structure-import-change = Change
structure-import-export = Export this file (CSV)
structure-import-job-title = Structure import
## Polish (issue 5): confirmation before deleting, adding guardians from the student page,
## period-limited teaching assignments in the class grid
structure-confirm-hint = This cannot be undone.
structure-confirm-delete = Yes, delete
structure-confirm-year = Delete the school year “{ $name }”?
structure-confirm-period = Delete the period “{ $name }”?
structure-confirm-level = Delete the level “{ $name }”?
structure-confirm-subject = Delete the subject “{ $name }”?
structure-confirm-group = Delete the subject group “{ $name }”?
structure-confirm-override = Delete the coefficient override “{ $name }”?
structure-confirm-class = Delete the class “{ $name }”?
structure-confirm-assignment = Remove the assignment “{ $name }”?
structure-by-period-hint = For a teacher who takes a subject over during the year: for the chosen period, this assignment replaces the year-long one.
structure-by-period-none = No assignment limited to a period.
structure-by-period-no-periods = This class's year has no periods yet.
structure-by-period-add = Add an assignment for one period
structure-by-period-submit = Add the assignment
student-guardian-add = Add a guardian
student-guardian-existing = Link a guardian already on record
student-guardian-search = Search
student-guardian-no-match = No guardian matches this search.
student-guardian-choose = Guardian to link
student-guardian-more = More guardians match: narrow the search.
student-guardian-new = Create a new guardian
student-guardian-create = Create and link
people-error-choose-guardian = Choose a guardian from the list.
student-guardian-already = already linked to this student; linking again updates the link

## Gradebook storage (issue 6): assessments, marks, audit labels
audit-action-marks-change-after-publication = Marks changed after publication
audit-resource-assessment = Assessment
gradebook-error-title = Enter a title (at most 200 characters).
gradebook-error-kind = Choose an assessment type from the list.
gradebook-error-max = The maximum must be a positive number (at most two decimals).
gradebook-error-max-below-marks = Marks already entered are above this maximum: correct them before lowering it.
gradebook-error-coefficient = The coefficient must be between 0 and 99 (at most two decimals).
gradebook-error-rule = Choose a computation option from the list.
gradebook-error-period-closed = This period is closed: its marks can no longer be changed.
gradebook-error-points = The mark must be between 0 and the maximum (at most two decimals).
gradebook-error-code = This code is not in the school’s table of mark codes.
gradebook-error-student = This student is not in the class.
gradebook-error-date-period = The date must fall within the period.

## Results (student results, class gradebook, family home)
results-title = Results
results-class-title = Class gradebook
results-period = Period
results-choose-period = Choose the period
results-year = Year
results-show = Show
results-general = General average
results-general-average = General average
results-rank = Rank
results-rank-of = { $rank } of { $count }
results-class = class
results-class-average = Class average
results-class-min = Lowest
results-class-max = Highest
results-class-range = Range in the class
results-published-only = Only published assessments are counted.
results-no-subjects = No subject has a mark in this period yet.
results-by-subject = By subject
results-explain-hint = Open a subject to see each mark, its weight, and why a mark did not count.
results-average = Average
results-no-marks = No marks in this period.
results-marks-of = { $subject } marks
results-assessment = Assessment
results-mark = Mark
results-on-20 = Out of 20
results-how-counted = How it counts
results-counted = Counted, coefficient { $weight }: { $share }% of the average
results-counted-as-zero = Counted as 0 ({ $code }: { $label }): { $share }% of the average
results-bonus = Bonus: only the points above half count, + { $added } on the average
results-left-out-code = Not counted: { $label } ({ $code })
results-left-out-zero-coefficient = Not counted: coefficient 0
results-left-out-would-not-raise = Not counted: it would not have raised the average
results-left-out-no-base = Not counted: a bonus adds to an average, and there is no other mark
results-capped = With the bonuses the average went above 20: it is capped at 20.
results-coef-short = coef.
results-see-all = See all results
results-latest-marks = Latest marks
results-home-title = Results
gradebook-code-abs = Absent (excused)
gradebook-code-disp = Exempt
gradebook-code-nn = Not graded
gradebook-code-nr = Not submitted (excused)
gradebook-code-z = Unjustified absence
gradebook-code-w = Not handed in

## Teacher's gradebook (pages): /gradebook, a subject's gradebook, assessments, marks entry.
nav-gradebook = Gradebook
gradebook-title = Gradebook
gradebook-no-year = No school year is current: the administration must create it first.
gradebook-no-assignment = You have no teaching assignment in this period.
gradebook-no-subject = No subject assigned in this class.
gradebook-assessment-count = { $count ->
    [0] no assessment
    [one] { $count } assessment
   *[other] { $count } assessments
}
gradebook-class-results = Class gradebook (every subject)
gradebook-new-assessment = New assessment
gradebook-assessment-edit = Edit the assessment
gradebook-delete-assessment = Delete the assessment
gradebook-period-closed-readonly = This period is closed: the gradebook is read-only.
gradebook-no-assessment = No assessment in this period yet.
gradebook-enter-marks = Enter marks
gradebook-see-marks = See marks
gradebook-edit = Edit
gradebook-back = Back to the gradebook
gradebook-footer-hint = An assessment's statistics are over marks brought to /20; each student's average follows the school's averaging mode. A greyed mark did not count.
gradebook-codes-title = Mark codes
gradebook-code-counts-zero = counts as 0
gradebook-code-left-out = left out of the average
gradebook-confirm-delete = Delete the assessment “{ $name }”?
gradebook-confirm-delete-marks = { $count ->
    [0] No mark has been entered for this assessment yet.
    [one] The mark already entered will be deleted with it.
   *[other] The { $count } marks already entered will be deleted with it.
}
gradebook-period-span = Period: { $name } ({ $from } to { $to })
gradebook-field-title = Title
gradebook-field-date = Date
gradebook-field-kind = Kind
gradebook-field-max = Out of
gradebook-field-max-hint = 20 by default; decimals with a point or a comma (12.5).
gradebook-field-coefficient = Coefficient
gradebook-field-coefficient-hint = From 0 to 99, 1 by default; an assessment with coefficient 0 does not count.
gradebook-field-rule = How it counts in the average
gradebook-field-published-on = Visible to families from
gradebook-field-published-on-hint = Leave empty while students and parents should not see the marks yet.
gradebook-rule-normal = Normal
gradebook-rule-bonus = Bonus
gradebook-rule-raise-only = Counts only if it raises the average
gradebook-rule-bonus-hint = “Bonus”: only the points above half the maximum count, and they are added to the average without weighing it down. A bonus 14/20 adds points; an 8/20 takes nothing away. The average never goes above 20.
gradebook-rule-raise-only-hint = “Counts only if it raises the average”: the mark is counted only when it raises the student's average; otherwise it is ignored, as if the assessment had not taken place for them.
gradebook-kind-devoir = Test
gradebook-kind-interrogation = Quiz
gradebook-kind-composition = Exam
gradebook-kind-oral = Oral
gradebook-kind-other = Other
gradebook-published-on = Published on { $date }
gradebook-publishes-on = Publishes on { $date }
gradebook-not-published = Not published
gradebook-marks-title = Marks entry
gradebook-out-of = out of
gradebook-marks-errors-title = No mark was saved: correct the cells shown.
gradebook-cell-error = { $name }: { $message }
gradebook-marks-help = Type the mark out of { $max } (decimal point or comma) or a code from the list below; leave empty to clear. Enter or Down arrow: next student; Up arrow: previous. You can paste a column copied from a spreadsheet.
gradebook-marks-count = Marks entered:
gradebook-marks-saved = { $count ->
    [0] Nothing changed: no mark modified.
    [one] One mark saved.
   *[other] { $count } marks saved.
}
gradebook-marks-not-saved = Nothing was saved.
gradebook-js-saved = Saved
gradebook-js-saving = Saving…
gradebook-js-pending = { $count ->
    [one] { $count } mark waiting to be saved
   *[other] { $count } marks waiting to be saved
}
gradebook-js-offline = { $count ->
    [one] Offline — { $count } mark waiting
   *[other] Offline — { $count } marks waiting
}
gradebook-js-refused = { $count ->
    [one] Saved, except one mark to correct: see the cell shown.
   *[other] Saved, except { $count } marks to correct: see the cells shown.
}
gradebook-js-restored = Unsaved marks found on this device: { $count }. Sending them.
gradebook-js-changed = Changed, not saved yet
gradebook-choose-subject = Choose the class and subject of the new assessment.
# ---- Gradebook: the school's mark codes (demo slice) ----
mark-codes-title = Mark codes
mark-codes-back = ← School settings
mark-codes-link = Mark codes (ABS, DISP, Z…)
mark-codes-link-hint = what a teacher may enter instead of a mark, and whether it counts as 0.
mark-codes-intro = A code is entered instead of a mark. A code that "counts as 0" enters the average as a 0 (unexcused absence, work not handed in); the others are left out of the average (excused absence, exemption).
mark-codes-table = The school's codes
mark-codes-code = Code
mark-codes-label = Label
mark-codes-counts-as-zero = Counts as 0
mark-codes-position = Order
mark-codes-marks = Marks
mark-codes-remove = Remove
mark-codes-new = New code
mark-codes-code-hint = A code: 1 to 5 uppercase letters or digits, starting with a letter (a digit starts a mark).
mark-codes-used = { $count ->
    [0] none
    [one] { $count } mark
   *[other] { $count } marks
}
mark-codes-in-use = In use
mark-codes-saved = The codes are saved.
mark-codes-error-too-many = At most { $count } codes.
mark-codes-error-empty = There must be at least one code.
mark-codes-error-code-required = Enter the code.
mark-codes-error-code = "{ $code }" is not a code: 1 to 5 letters or digits, starting with a letter.
mark-codes-error-duplicate = The code { $code } is listed twice.
mark-codes-error-label = Enter the label of the code { $code }.
mark-codes-error-label-new = Enter the label of the new code.
mark-codes-error-label-long = The label must be at most 60 characters.
mark-codes-error-position = The order is a whole number from 0 to 9999.
mark-codes-error-in-use = The code { $code } cannot be removed: { $count ->
    [one] one mark uses it
   *[other] { $count } marks use it
}.
