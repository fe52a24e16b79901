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
