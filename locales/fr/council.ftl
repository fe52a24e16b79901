# Appréciations, comment banks and class councils (src/council).
school-appreciation-max-chars = Longueur maximale d’une appréciation (caractères)
school-appreciation-max-chars-hint = Entre 100 et 2000 caractères ; s’applique aussi à l’appréciation générale.
error-appreciation-max-chars = Une longueur entre 100 et 2000 caractères.
audit-resource-appreciation = Appréciations
audit-resource-council-decision = Décisions du conseil de classe
audit-resource-comment-bank = Banque de commentaires
distinction-felicitations = Félicitations
distinction-compliments = Compliments
distinction-encouragements = Encouragements
distinction-avertissement-travail = Avertissement travail
distinction-avertissement-conduite = Avertissement conduite
council-error-too-long = Trop long : { $max } caractères au plus.
council-error-student = Cet élève n’est pas dans la classe pour cette période.
council-error-distinction = Distinction inconnue.
council-error-comment = Un commentaire de 1 à 300 caractères.
council-error-comment-full = Votre banque de commentaires est pleine (200 commentaires) : supprimez-en avant d’en ajouter.
council-error-required = Ce paramètre est obligatoire.
