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
council-appreciations-title = Appréciations
council-appreciations-help = Une appréciation par élève, { $max } caractères au plus. Laisser vide supprime l’appréciation. Les appréciations restent modifiables après la clôture de la période (la clôture fige les notes).
council-appreciations-saved = { $count ->
    [one] Une appréciation enregistrée.
   *[other] { $count } appréciations enregistrées.
}
council-not-saved = Rien n’a été enregistré : corrigez les erreurs signalées.
council-chars = { $count } / { $max } caractères
council-comment-bank-title = Banque de commentaires
council-comment-pick = Commentaire à insérer
council-comment-insert = Insérer
council-title = Conseil de classe
council-present = Mode présentation
council-present-leave = Quitter la présentation
council-present-help = Flèches gauche et droite, ou J et K : élève suivant ou précédent.
council-absences-note = Les absences comptent 0 tant que l’appel n’est pas enregistré dans eSchool.
council-general-average = Moyenne générale
council-rank = Rang
council-absences = Absences (demi-journées)
council-decision = Décision du conseil
council-general-appreciation = Appréciation générale
council-distinction = Distinction
council-no-distinction = Aucune
council-min = Min.
council-max = Max.
council-link = Conseil de classe
council-comment-bank-help = Vos commentaires courts (300 caractères au plus, 200 commentaires), à insérer dans vos appréciations.
council-comment-new = Nouveau commentaire
council-comment-add = Ajouter
council-comment-none = Aucun commentaire pour l’instant.
council-comment-delete = Supprimer
# Saving as one types (static/council.js); the error is followed by the server's message.
council-live-saving = Enregistrement…
council-live-saved = Enregistré
council-live-error = Erreur :
council-live-offline = serveur injoignable, nouvel essai dans quelques secondes.
