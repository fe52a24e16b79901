# Appréciations, comment banks and class councils (src/council).
school-appreciation-max-chars = Longest appréciation (characters)
school-appreciation-max-chars-hint = Between 100 and 2000 characters; also applies to the general appréciation.
error-appreciation-max-chars = A length between 100 and 2000 characters.
audit-resource-appreciation = Appréciations
audit-resource-council-decision = Class council decisions
audit-resource-comment-bank = Comment bank
distinction-felicitations = Commendation with honours
distinction-compliments = Commendation
distinction-encouragements = Encouragement
distinction-avertissement-travail = Warning (work)
distinction-avertissement-conduite = Warning (conduct)
council-error-too-long = Too long: { $max } characters at most.
council-error-student = This student is not in the class for this period.
council-error-distinction = Unknown distinction.
council-error-comment = A comment of 1 to 300 characters.
council-error-comment-full = Your comment bank is full (200 comments): delete some before adding more.
council-error-required = This parameter is required.
council-appreciations-title = Appréciations
council-appreciations-help = One appréciation per student, { $max } characters at most. Leaving it empty deletes it. Appréciations stay editable after the period is closed (closing freezes marks).
council-appreciations-saved = { $count ->
    [one] One appréciation saved.
   *[other] { $count } appréciations saved.
}
council-not-saved = Nothing was saved: correct the errors shown.
council-chars = { $count } / { $max } characters
council-comment-bank-title = Comment bank
council-comment-pick = Comment to insert
council-comment-insert = Insert
council-title = Class council
council-present = Presentation mode
council-present-leave = Leave presentation
council-present-help = Left and right arrows, or J and K: next or previous student.
council-absences-note = Absences count 0 until attendance is recorded in eSchool.
council-general-average = General average
council-rank = Rank
council-absences = Absences (half-days)
council-decision = Council decision
council-general-appreciation = General appréciation
council-distinction = Distinction
council-no-distinction = None
council-min = Min.
council-max = Max.
council-link = Class council
council-comment-bank-help = Your short comments (300 characters at most, 200 comments), to insert into your appréciations.
council-comment-new = New comment
council-comment-add = Add
council-comment-none = No comment yet.
council-comment-delete = Delete
# Saving as one types (static/council.js); the error is followed by the server's message.
council-live-saving = Saving…
council-live-saved = Saved
council-live-error = Error:
council-live-offline = server unreachable, trying again in a few seconds.
