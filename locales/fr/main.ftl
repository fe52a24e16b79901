# Interface en français (langue par défaut).

fr = Français
en = Anglais

skip-to-content = Aller au contenu
nav-main = Navigation principale
nav-home = Accueil
nav-users = Utilisateurs
nav-school = Établissement
nav-audit = Journal d’audit
nav-account = Mon compte
nav-logout = Se déconnecter

pref-language = Langue
pref-theme = Thème
theme-system = Système
theme-light = Clair
theme-dark = Sombre
action-apply = Appliquer
action-save = Enregistrer
action-create = Créer
action-cancel = Annuler

role-school_admin = Direction
role-teacher = Enseignant
role-vie_scolaire = Vie scolaire
role-bursar = Intendance
role-parent = Parent
role-student = Élève

login-title = Connexion
login-username = Identifiant
login-password = Mot de passe
login-submit = Se connecter
login-invalid = Identifiant ou mot de passe incorrect.
login-disabled = Ce compte est désactivé. Adressez-vous à l’établissement.
login-throttled = Trop de tentatives. Réessayez dans { $seconds } secondes.

home-welcome = Bonjour { $name }
home-no-school = Votre compte n’est rattaché à aucun établissement.
home-figures = L’établissement en chiffres
home-students = Élèves inscrits
home-classes = Classes
home-teachers = Enseignants
home-guardians = Responsables légaux
home-children = Mes enfants
home-my-class = Ma classe
home-main-classes = Mes classes (professeur principal)
home-class-size = { $count } élèves

account-title = Mon compte
account-username = Identifiant
account-display-name = Nom affiché
account-roles = Rôles
account-change-password = Changer le mot de passe
account-current-password = Mot de passe actuel
account-new-password = Nouveau mot de passe
account-confirm-password = Confirmer le mot de passe
account-password-changed = Mot de passe modifié. Vos autres sessions ont été fermées.
password-hint = Au moins { $min } caractères.
username-hint = Lettres minuscules, chiffres, point, tiret ; 3 à 64 caractères.

users-title = Utilisateurs
users-new = Nouvel utilisateur
users-search = Rechercher
users-role = Rôle
users-all-roles = Tous les rôles
users-filter = Filtrer
users-count = { $count ->
    [one] { $count } utilisateur
   *[other] { $count } utilisateurs
}
users-name = Nom
users-status = Statut
users-actions = Actions
users-active = Actif
users-disabled = Désactivé
users-enable = Réactiver
users-disable = Désactiver
users-email = Adresse e-mail (facultative)
users-initial-password = Mot de passe initial

pager-label = Pagination
pager-prev = Page précédente
pager-next = Page suivante
pager-position = Page { $page } sur { $pages }

setup-title = Installation d’eSchool
setup-intro = Créez votre établissement et son premier compte de direction. Cette page disparaît ensuite.
setup-school = L’établissement
setup-admin = Le compte de direction
setup-submit = Créer l’établissement

school-settings = Paramètres de l’établissement
school-saved = Paramètres enregistrés.
school-code = Code de l’établissement
school-code-hint = 2 à 20 lettres, chiffres ou tirets, par exemple LYC-HUGO. Il ne pourra plus être changé.
school-name = Nom de l’établissement
school-locale = Langue par défaut
school-timezone = Fuseau horaire
school-timezone-hint = Nom IANA, par exemple Europe/Paris ou Africa/Dakar.
school-currency = Devise
school-color = Couleur de l’établissement
school-grading = Notation
school-periods = Découpage de l’année
school-trimesters = Trimestres
school-semesters = Semestres
school-average-mode = Calcul des moyennes
school-average-normalized = Chaque note ramenée sur 20, pondérée par son coefficient
school-average-weighted = Pondérée par le barème de chaque devoir
school-decimals = Décimales affichées
school-annual-mode = Moyenne annuelle
school-annual-mean-of-periods = Moyenne des périodes
school-annual-all-marks = Toutes les notes de l'année
school-show-ranks = Montrer le rang aux élèves et aux familles

form-errors-title = Le formulaire contient des erreurs
error-title = Erreur
error-request-id = Référence de la requête :
error-back-home = Retour à l’accueil
error-not-found = Cette page n’existe pas.
error-unauthorized = Veuillez vous connecter.
error-forbidden = Vous n’avez pas accès à cette page.
error-csrf = Votre session a expiré ou le formulaire est trop ancien. Rechargez la page et recommencez.
error-validation = Les données envoyées ne sont pas valides.
error-too-many = Trop de requêtes. Patientez un instant.
error-too-large = Les données envoyées sont trop volumineuses.
error-internal = Une erreur interne est survenue. Elle a été enregistrée ; réessayez plus tard.
error-choice = Choisissez une valeur dans la liste.
error-school-name = Indiquez un nom (160 caractères au plus).
error-school-code = Le code doit compter 2 à 20 lettres, chiffres ou tirets.
error-timezone = Fuseau horaire inconnu.
error-color = Couleur attendue au format #rrvvbb.
error-decimals = Nombre de décimales entre 0 et 4.
error-username-length = L’identifiant doit compter 3 à 64 caractères.
error-username-chars = L’identifiant ne peut contenir que des lettres minuscules sans accent, des chiffres, « . », « - » et « _ ».
error-username-taken = Cet identifiant est déjà utilisé.
error-display-name = Indiquez un nom (120 caractères au plus).
error-email = Adresse e-mail invalide.
error-password-short = Le mot de passe est trop court.
error-password-long = Le mot de passe est trop long (256 caractères au plus).
error-password-current = Le mot de passe actuel est incorrect.
error-password-confirm = Les deux mots de passe ne correspondent pas.
error-roles = Choisissez au moins un rôle.
error-disable-self = Vous ne pouvez pas désactiver votre propre compte.
error-date = Date attendue au format AAAA-MM-JJ.

audit-title = Journal d’audit
audit-export = Exporter en CSV
audit-filter = Filtrer
audit-user = Utilisateur
audit-action = Action
audit-resource = Ressource
audit-from = Du
audit-to = Au
audit-all-actions = Toutes les actions
audit-all-resources = Toutes les ressources
audit-timezone = Dates et heures dans le fuseau de l’établissement ({ $zone }).
audit-count = { $count ->
    [one] { $count } événement
   *[other] { $count } événements
}
audit-time = Date et heure
audit-details = Détails
audit-ip = Adresse IP
audit-nobody = —
audit-action-login = Connexion
audit-action-login-failed = Connexion refusée
audit-action-logout = Déconnexion
audit-action-permission-denied = Accès refusé
audit-action-user-create = Création de compte
audit-action-user-disable = Désactivation de compte
audit-action-user-enable = Réactivation de compte
audit-action-password-change = Changement de mot de passe
audit-action-school-setup = Création de l’établissement
audit-action-school-settings-update = Modification des paramètres
audit-action-audit-export = Export du journal
audit-action-token-reuse = Jeton d’API réutilisé (session révoquée)
audit-resource-user = Compte
audit-resource-school = Établissement
audit-resource-page = Page
audit-resource-audit-log = Journal d’audit
error-json = Le corps de la requête n’est pas un JSON valide pour cette opération.
error-refresh-invalid = Jeton de renouvellement inconnu, expiré ou révoqué. Reconnectez-vous.
error-refresh-reused = Ce jeton de renouvellement a déjà servi : par sécurité, la session est révoquée. Reconnectez-vous.
audit-action-user-update = Compte modifié
audit-action-membership-add = Rôle attribué
audit-action-membership-remove = Rôle retiré
audit-action-school-create = Établissement créé
error-remove-own-admin = Vous ne pouvez pas retirer votre propre rôle de direction.
error-remove-last-role = C’est le dernier rôle de ce compte : désactivez plutôt le compte.
error-per-page = Entre 1 et 200 éléments par page.
error-page = Le numéro de page commence à 1.
error-sort = Tri inconnu.
error-query = Paramètres de requête invalides.

## Students
nav-students = Élèves
students-title = Élèves
students-search = Nom ou matricule
students-class = Classe
students-all-classes = Toutes les classes
students-filter = Filtrer
students-name = Nom
students-own-only = Les élèves que vous suivez : vos enfants, vous-même, ou les élèves des classes dont vous êtes professeur principal ou où vous enseignez.
students-back = Retour aux élèves
students-lookup-title = Retrouver un élève par son INE
students-lookup-hint = Correspondance exacte ; espaces, tirets et casse sont ignorés. Chaque recherche est enregistrée.
students-lookup-submit = Rechercher
students-lookup-blank = Saisissez un identifiant national.
students-lookup-none = Aucun élève de l’établissement n’a cet identifiant national.
student-identity = Identité
student-matricule = Matricule
student-birth-date = Date de naissance
student-sex = Sexe
student-sex-f = Féminin
student-sex-m = Masculin
student-status = Statut
student-status-enrolled = Inscrit
student-status-left = Parti
student-status-graduated = Diplômé
student-national-id = Identifiant national (INE)
student-medical = Informations médicales
student-no-medical = Aucune information médicale enregistrée.
student-unreadable = Cette valeur est illisible (altérée ou chiffrée avec une clé inconnue). Le problème a été consigné.
student-not-recorded = Non renseigné
student-guardians = Responsables
student-no-guardians = Aucun responsable enregistré.
student-relationship = Lien
student-relationship-mother = Mère
student-relationship-father = Père
student-relationship-guardian = Tuteur légal
student-relationship-other = Autre
student-phone = Téléphone
student-email = E-mail
audit-action-student-read-national-id = Lecture de l’INE
audit-action-student-read-medical = Lecture des informations médicales
audit-action-student-lookup-national-id = Recherche par INE
audit-resource-student = Élève
students-count = { $count ->
    [one] { $count } élève
   *[other] { $count } élèves
}
error-school-code-taken = Ce code d’établissement est déjà utilisé.
error-method = Cette adresse n’accepte pas cette méthode.
login-school-disabled = Cet établissement est désactivé sur la plateforme. Adressez-vous à son administration.
audit-action-school-disable = Établissement désactivé
audit-action-school-enable = Établissement réactivé

## Import des élèves (docs/IMPORT.md) : chaque message reçoit $line, et $column / $value quand il y a lieu.
import-not-utf8 = Ligne { $line } : le fichier n’est pas encodé en UTF-8. Dans Excel, enregistrez-le au format « CSV UTF-8 (délimité par des virgules) ».
import-empty-file = Le fichier est vide : il faut au moins la ligne d’en-tête avec les noms des colonnes.
import-unknown-column = Ligne { $line } : colonne « { $column } » inconnue. Les colonnes possibles sont décrites dans le modèle.
import-missing-column = Ligne { $line } : la colonne obligatoire « { $alias } » (ou « { $column } ») est absente.
import-duplicate-column = Ligne { $line } : la colonne « { $column } » fait double emploi avec la colonne « { $other } ».
import-value-without-header = Ligne { $line } : la valeur « { $value } » est dans la colonne n° { $position }, qui n’a pas de nom dans l’en-tête.
import-required = Ligne { $line }, colonne « { $column } » : valeur obligatoire manquante.
import-too-long = Ligne { $line }, colonne « { $column } » : valeur trop longue ({ $max } caractères au plus).
import-control-character = Ligne { $line }, colonne « { $column } » : la valeur contient un caractère invisible non autorisé.
import-invalid-date = Ligne { $line }, colonne « { $column } » : date invalide « { $value } » (attendu jj/mm/aaaa ou aaaa-mm-jj).
import-nonexistent-date = Ligne { $line }, colonne « { $column } » : la date « { $value } » n’existe pas.
import-invalid-sex = Ligne { $line }, colonne « { $column } » : sexe « { $value } » non reconnu (attendu F ou M).
import-invalid-status = Ligne { $line }, colonne « { $column } » : statut « { $value } » non reconnu (attendu inscrit, parti ou diplômé).
import-invalid-relationship = Ligne { $line }, colonne « { $column } » : lien « { $value } » non reconnu (attendu mère, père, tuteur ou autre).
import-invalid-yes-no = Ligne { $line }, colonne « { $column } » : « { $value } » n’est pas une réponse reconnue (attendu oui ou non).
import-invalid-email = Ligne { $line }, colonne « { $column } » : adresse e-mail invalide « { $value } ».
import-invalid-phone = Ligne { $line }, colonne « { $column } » : numéro de téléphone invalide « { $value } » (de 6 à 20 chiffres, avec espaces et + . - / ( ) seulement).
import-duplicate-matricule = Ligne { $line }, colonne « { $column } » : le matricule « { $value } » figure déjà ligne { $first_line }.
import-guardian-without-name = Ligne { $line }, colonne « { $column } » : le responsable { $guardian } a des informations mais ni nom ni prénom.

## Audit: structure and people
audit-action-record-create = Création
audit-action-record-update = Modification
audit-action-record-delete = Suppression
audit-action-period-close = Période clôturée
audit-action-period-reopen = Période rouverte
audit-action-student-import = Import d’élèves
audit-action-student-export = Export d’élèves
audit-action-guardian-invite = Invitation d’un responsable
audit-action-guardian-invitation-accept = Compte parent créé par invitation
audit-action-contact-update = Coordonnées corrigées par le responsable
audit-resource-academic-year = Année scolaire
audit-resource-period = Période
audit-resource-level = Niveau
audit-resource-class = Classe
audit-resource-subject = Matière
audit-resource-subject-group = Groupe de matières
audit-resource-coefficient = Coefficient
audit-resource-teaching-assignment = Service d’enseignement
audit-resource-enrolment = Inscription
audit-resource-guardian = Responsable légal
audit-resource-import-job = Import

## People: students, enrolment, guardians, invitations, contact details, staff
nav-guardians = Responsables
nav-staff = Personnel
nav-contact = Mes coordonnées
people-yes = Oui
people-no = Non
people-edit = Modifier
people-choose = Choisir…
people-required-hint = Les champs marqués d’un astérisque (*) sont obligatoires.
people-last-name = Nom
people-first-name = Prénom
people-birth-place = Lieu de naissance
people-schooling = Scolarité
people-status-hint = Un élève parti ou diplômé quitte sa classe à la date du jour ; l’historique est conservé.
people-class-current-year = Classe (année en cours)
people-no-class = Pas de classe pour l’instant
people-choose-class = Choisir une classe…
people-confidential = Informations confidentielles
people-confidential-hint = Chiffrées dans la base ; chaque consultation est enregistrée.
people-student-new = Nouvel élève
people-student-edit = Modifier l’élève
people-enrolment-title = Inscription en classe
people-enrolment-starts = Date d’effet
people-enrolment-starts-hint = Par défaut aujourd’hui. En cas de changement de classe, l’inscription actuelle se termine à cette date.
people-enrol = Inscrire dans cette classe
people-enrolment-history = Historique des inscriptions
people-no-enrolment = Aucune inscription enregistrée.
people-no-current-classes = Aucune classe n’existe pour l’année scolaire en cours.
people-year = Année scolaire
people-from = Du
people-to = Au
people-ongoing = en cours
people-photo-title = Photo
people-photo-file = Fichier de la photo
people-photo-hint = JPEG, PNG ou WebP, { $max } Kio au plus.
people-photo-upload = Envoyer la photo
people-photo-alt = Photo de { $name }
people-guardian-has-account = Ce responsable a déjà un compte parent.
people-error-required = Ce champ est obligatoire.
people-error-too-long = Valeur trop longue.
people-error-control = La valeur contient un caractère invisible non autorisé.
people-error-date = Date invalide (attendu jj/mm/aaaa ou aaaa-mm-jj).
people-error-date-nonexistent = Cette date n’existe pas.
people-error-date-future = La date de naissance ne peut pas être dans le futur.
people-error-phone = Numéro de téléphone invalide (de 6 à 20 chiffres, avec espaces et + . - / ( ) seulement).
people-error-matricule-taken = Ce matricule est déjà attribué à un autre élève de l’établissement.
people-error-email-taken = Cette adresse e-mail est déjà celle d’un autre responsable de l’établissement.
people-error-class-not-current = Cette classe n’appartient pas à l’année scolaire en cours.
people-error-not-enrolled = Seul un élève au statut « inscrit » peut être placé dans une classe.
people-error-already-in-class = L’élève est déjà inscrit dans cette classe.
people-error-date-before-current = La date est antérieure au début de l’inscription actuelle.
people-error-date-outside-year = La date n’est pas comprise dans l’année scolaire de la classe.
people-error-no-such-student = Aucun élève de l’établissement n’a ce matricule.
people-error-photo-missing = Choisissez un fichier.
people-error-photo-too-large = Le fichier est trop volumineux (1 Mio au plus).
people-error-photo-type = Le fichier n’est pas une image JPEG, PNG ou WebP.
guardians-title = Responsables
guardians-new = Nouveau responsable
guardians-edit = Modifier le responsable
guardians-search = Nom, e-mail ou téléphone
guardians-search-hint = Une partie du nom, de l’adresse e-mail ou d’un numéro suffit.
guardians-count = { $count ->
    [0] Aucun responsable
    [one] { $count } responsable
   *[other] { $count } responsables
}
guardians-children = Enfants
guardians-account = Compte parent
guardians-has-account = Oui
guardians-no-account = Pas encore
guardian-contact = Coordonnées
guardian-phone-alt = Second téléphone
guardian-address = Adresse
guardian-legal = Responsable légal
guardian-notices = Reçoit les avis
guardian-no-children = Aucun enfant rattaché.
guardian-actions = Actions
guardian-unlink = Détacher
guardian-unlink-label = Détacher { $name }
guardian-link-title = Rattacher un élève
guardian-link-hint = Saisissez le matricule de l’élève. Si le lien existe déjà, il est mis à jour.
guardian-link = Rattacher
invitation-create = Inviter à créer un compte parent
invitation-created = Lien d’invitation créé
invitation-created-hint = Copiez ce lien et transmettez-le au responsable : il ne sera plus affiché. Il sert une seule fois et expire le { $expires }.
invitation-link = Lien d’invitation
invitation-title = Création de votre compte parent
invitation-welcome = Bonjour { $name }, { $school } vous invite à créer votre compte parent. Choisissez un identifiant et un mot de passe.
invitation-confirm = Confirmer le mot de passe
invitation-accept = Créer mon compte
invitation-expired = Ce lien d’invitation a expiré.
invitation-used = Ce lien d’invitation a déjà servi.
invitation-unknown = Ce lien d’invitation n’est pas valable.
invitation-ask-school = Demandez un nouveau lien à l’établissement.
invitation-to-login = Se connecter
invitation-done-title = Compte créé
invitation-done = Votre compte « { $username } » est créé. Vous pouvez maintenant vous connecter.
contact-title = Mes coordonnées
contact-intro = Vérifiez vos numéros de téléphone et votre adresse e-mail : l’établissement les utilise pour vous joindre.
contact-saved = Vos coordonnées sont enregistrées.
staff-title = Personnel
staff-search = Nom ou identifiant
staff-filter = Filtrer
staff-all-roles = Tous les rôles
staff-teaches = Enseigne
staff-count = { $count ->
    [0] Aucun membre du personnel
    [one] { $count } membre du personnel
   *[other] { $count } membres du personnel
}
contact-none = Votre compte n’est rattaché à aucune fiche de responsable : adressez-vous à l’établissement.
people-all-statuses = Tous les statuts
## School structure: years, periods, levels, classes, subjects, coefficients, teaching assignments
nav-structure = Structure
nav-my-classes = Mes classes
structure-title = Structure de l’établissement
structure-overview = Vue d’ensemble
structure-years = Années et périodes
structure-year = Année scolaire
structure-levels = Niveaux
structure-level = Niveau
structure-classes = Classes
structure-class = Classe
structure-classes-this-year = Classes de l’année
structure-subjects = Matières
structure-subject = Matière
structure-groups = Groupes de matières
structure-group = Groupe
structure-coefficients = Coefficients
structure-coefficient = Coefficient
structure-period = Période
structure-periods = Périodes
structure-periods-of = Périodes de { $year }
structure-teacher = Professeur
structure-main-teacher = Professeur principal
structure-room = Salle
structure-students = Élèves
structure-student-name = Nom
structure-assignments = Services
structure-name = Nom
structure-code = Code
structure-color = Couleur
structure-position = Ordre
structure-position-hint = Laissez vide pour placer à la fin.
structure-starts-on = Début
structure-ends-on = Fin
structure-closes-on = Clôture
structure-closes-on-hint = À partir de cette date, notes et absences de la période ne sont plus modifiables.
structure-status = État
structure-actions = Actions
structure-edit = Modifier
structure-delete = Supprimer
structure-none = Aucun
structure-nobody = Personne
structure-choose = Choisissez…
structure-saved = Modifications enregistrées.
structure-parts = Organisation
structure-current = en cours
structure-current-year = Année en cours
structure-no-year = Aucune année scolaire n’est encore créée.
structure-year-dates = du { $start } au { $end }
structure-year-new = Nouvelle année scolaire
structure-year-edit = Modifier l’année scolaire
structure-year-name-hint = Par exemple « 2026-2027 ».
structure-year-is-current = Année en cours (une seule par établissement)
structure-year-periods-hint = Les périodes (trimestres ou semestres, selon le réglage de l’établissement) sont créées avec l’année ; vous pourrez ajuster leurs dates ensuite.
structure-class-count = { $count ->
    [one] { $count } classe
   *[other] { $count } classes
}
structure-period-open = Ouverte
structure-period-closed = Clôturée
structure-period-close = Clôturer
structure-period-reopen = Rouvrir
structure-period-new = Nouvelle période
structure-period-edit = Modifier la période
structure-period-delete = Supprimer cette période
structure-period-rule = Une période clôturée est en lecture seule pour les notes et les absences : à sa date de clôture, ou plus tôt si la direction la clôture.
period-default-trimester = Trimestre { $number }
period-default-semester = Semestre { $number }
structure-no-levels = Aucun niveau pour l’instant.
structure-level-new = Nouveau niveau
structure-level-edit = Modifier le niveau
structure-level-name-hint = Par exemple « 6e », « CM2 » ou « Form 1 ».
structure-class-new = Nouvelle classe
structure-class-edit = Modifier la classe
structure-class-name-hint = Par exemple « 6e A ».
structure-class-students = { $count ->
    [one] { $count } élève
   *[other] { $count } élèves
}
structure-no-classes = Aucune classe pour l’année en cours.
structure-no-students = Aucun élève dans cette classe.
structure-teachers-by-subject = Professeurs par matière
structure-no-assignments = Aucun professeur n’est encore affecté à cette classe.
structure-my-classes = Mes classes
structure-my-classes-empty = Aucune classe ne vous est attribuée cette année.
structure-subject-new = Nouvelle matière
structure-subject-edit = Modifier la matière
structure-no-subjects = Aucune matière pour l’instant.
structure-code-hint = De 1 à 12 lettres, chiffres, « - » ou « _ » ; unique dans l’établissement (par exemple « MATH »).
structure-no-group = Sans groupe
structure-groups-hint = Les matières d’un même groupe (par exemple « Sciences ») sont présentées ensemble sur le bulletin.
structure-group-new = Nouveau groupe de matières
structure-group-edit = Modifier le groupe de matières
structure-coefficients-by-level = Coefficients par niveau
structure-coefficients-hint = Saisissez un coefficient comme « 2 », « 2,5 » ou « 0,75 ». Une case vide : la matière n’est pas enseignée à ce niveau.
structure-coefficients-empty = Créez d’abord des niveaux et des matières.
structure-coefficient-hint = Par exemple « 2 » ou « 2,5 ».
structure-overrides = Coefficients particuliers
structure-overrides-hint = Un coefficient particulier remplace celui du niveau pour une classe, pour une période, ou les deux. Le plus précis l’emporte : classe et période, puis classe, puis niveau et période, puis niveau.
structure-no-overrides = Aucun coefficient particulier.
structure-override-target = Pour
structure-override-new = Nouveau coefficient particulier
structure-override-class-hint = Choisissez une classe, ou bien un niveau et une période.
structure-override-save = Enregistrer le coefficient
structure-whole-year = Toute l’année
structure-assignments-edit = Services d’enseignement
structure-assignments-hint = Pour chaque matière, le professeur qui l’enseigne à la classe toute l’année.
structure-assignments-empty = Aucune matière n’a de coefficient à ce niveau : renseignez d’abord les coefficients.
structure-assignments-by-period = Services limités à une période
structure-not-at-level = (hors coefficients du niveau)
error-year-name = Indiquez un nom d’année (40 caractères au plus).
error-year-name-taken = Une année porte déjà ce nom.
error-year-too-short = Une année scolaire dure au moins 60 jours.
error-dates-order = La fin doit être après le début.
error-year-periods-outside = Des périodes de cette année sortiraient de ces dates : modifiez d’abord les périodes.
error-year-in-use = Cette année a des classes ou des inscriptions : elle ne peut pas être supprimée.
error-period-name = Indiquez un nom de période (40 caractères au plus).
error-period-name-taken = Une période de cette année porte déjà ce nom.
error-closes-before-end = La clôture ne peut pas précéder la fin de la période.
error-period-outside-year = La période doit être comprise dans les dates de l’année scolaire.
error-period-overlap = La période chevauche une autre période de l’année.
error-period-in-use = Des services ou des coefficients particuliers utilisent cette période : elle ne peut pas être supprimée.
error-period-already-closed = Cette période est déjà clôturée.
error-period-not-closed = Cette période n’est pas clôturée.
error-period-past-closing = La date de clôture de cette période est passée : reportez-la pour rouvrir la période.
error-position = L’ordre est un nombre entier de 0 à 9999.
error-level-name = Indiquez un nom de niveau (40 caractères au plus).
error-level-name-taken = Un niveau porte déjà ce nom.
error-level-in-use = Des classes sont à ce niveau : il ne peut pas être supprimé.
error-class-name = Indiquez un nom de classe (40 caractères au plus).
error-class-name-taken = Une classe de cette année porte déjà ce nom.
error-room = La salle compte 40 caractères au plus.
error-not-a-teacher = Choisissez un membre de l’établissement ayant le rôle « Enseignant ».
error-class-year-locked = Cette classe a des élèves ou des services : son année ne peut plus changer.
error-class-in-use = Cette classe a des élèves : elle ne peut pas être supprimée.
error-subject-code = Le code compte 1 à 12 lettres, chiffres, « - » ou « _ ».
error-subject-code-taken = Une matière a déjà ce code.
error-subject-name = Indiquez un nom de matière (80 caractères au plus).
error-subject-in-use = Des services d’enseignement utilisent cette matière : elle ne peut pas être supprimée.
error-group-name = Indiquez un nom de groupe (60 caractères au plus).
error-group-name-taken = Un groupe porte déjà ce nom.
error-group-in-use = Des matières appartiennent à ce groupe : il ne peut pas être supprimé.
error-coefficient = Coefficient attendu entre 0 et 100, avec deux décimales au plus (par exemple 2 ou 2,5).
error-coefficient-grid = Un coefficient du tableau est invalide (attendu par exemple 2 ou 2,5) : rien n’a été enregistré.
error-override-target = Choisissez une classe ou un niveau.
error-override-one-target = Choisissez une classe ou un niveau, pas les deux.
error-override-level-needs-period = Pour un niveau, choisissez une période (le coefficient annuel du niveau se règle dans le tableau).
error-assignment-exists = Ce professeur a déjà ce service dans cette classe.

## Student import and export: the database step, the upload page, the background job
import-unknown-class = Ligne { $line }, colonne « { $column } » : la classe « { $value } » n’existe pas dans l’année scolaire en cours.
import-no-current-year = Ligne { $line }, colonne « { $column } » : la classe « { $value } » ne peut pas être attribuée, aucune année scolaire n’est marquée comme en cours.
import-guardian-email-conflict = Ligne { $line }, colonne « { $column } » : l’adresse « { $value } » est déjà utilisée ligne { $first_line } pour un responsable d’un autre nom ou d’un autre téléphone.
import-guardian-twice = Ligne { $line }, colonne « { $column } » : le responsable 2 est la même personne que le responsable 1.
import-page-title = Importer des élèves
import-page-upload = Envoyer un fichier
import-page-intro = Un fichier CSV d’élèves, une ligne par élève avec jusqu’à deux responsables légaux. Vous verrez ce qui va changer avant de confirmer.
import-page-template = Télécharger le modèle de fichier (CSV)
import-page-help = Comment préparer le fichier
import-page-help-columns = Colonnes obligatoires : matricule, nom, prénom. Les autres (date de naissance, classe, INE, informations médicales, responsables…) sont facultatives ; une colonne absente laisse les données existantes telles quelles.
import-page-help-format = Enregistrez en « CSV UTF-8 » ; séparateur point-virgule ou virgule ; dates jj/mm/aaaa ou aaaa-mm-jj.
import-page-help-matching = Les élèves sont reconnus par leur matricule et les responsables par leur adresse e-mail : importer deux fois le même fichier ne change rien.
import-page-help-all-or-nothing = Tout ou rien : si une ligne pose problème, rien n’est importé et chaque problème est signalé avec sa ligne et sa colonne.
import-page-file = Fichier CSV
import-page-file-hint = 10 Mo au plus.
import-page-preview-button = Vérifier le fichier
import-page-no-file = Choisissez un fichier CSV à importer.
import-page-invalid = { $count ->
    [one] Le fichier « { $file } » contient un problème : rien n’a été importé.
   *[other] Le fichier « { $file } » contient { $count } problèmes : rien n’a été importé.
}
import-page-invalid-hint = Corrigez le fichier dans votre tableur, puis envoyez-le de nouveau.
import-page-report-caption = Problèmes du fichier
import-page-line = Ligne
import-page-column = Colonne
import-page-problem = Problème
import-page-preview = Aperçu de l’import de « { $file } »
import-page-nothing = Ce fichier ne change rien : tout est déjà à jour.
import-page-changes = { $count ->
    [one] La ligne qui change
   *[other] Lignes qui changent ({ $shown } premières sur { $count })
}
import-page-change = Élève
import-page-changed-columns = Colonnes modifiées
import-page-confirm = Confirmer l’import
import-page-export = Exporter les élèves (CSV)
import-change-created = Créé
import-change-updated = Modifié
import-change-unchanged = Inchangé
import-counts-caption = { $rows ->
    [one] Résumé : { $rows } ligne
   *[other] Résumé : { $rows } lignes
}
import-counts-students = Élèves
import-counts-guardians = Responsables
import-counts-links = Liens élève–responsable
import-counts-enrolments = Inscriptions en classe : { $opened } ouverte(s), { $closed } close(s).
import-job-title = Import des élèves
import-job-running = Import en cours…
import-job-progress = { $done } ligne(s) sur { $total } enregistrée(s).
import-job-refresh = Actualiser
import-job-done = Import terminé
import-job-summary = Élèves : { $created } créé(s), { $updated } modifié(s), { $unchanged } inchangé(s).
import-job-guardians = Responsables : { $created } créé(s), { $updated } modifié(s) ; { $links } nouveau(x) lien(s) élève–responsable.
import-job-invalid = Rien n’a été importé : les données ont changé depuis l’aperçu.
import-job-failed = L’import a échoué et rien n’a été importé. Réessayez ; si le problème persiste, contactez l’administrateur.
import-job-another = Importer un autre fichier

## Import of staff, classes and teaching assignments (structure::import)
import-invalid-username = Ligne { $line }, colonne « { $column } » : identifiant « { $value } » invalide (3 à 64 caractères parmi lettres minuscules, chiffres, « . », « - » et « _ »).
import-invalid-role = Ligne { $line }, colonne « { $column } » : fonction « { $value } » non reconnue (attendu enseignant, vie scolaire ou intendance).
import-role-not-staff = Ligne { $line }, colonne « { $column } » : la fonction « { $value } » ne peut pas être attribuée par un import du personnel ; attribuez-la sur la page de l’utilisateur.
import-duplicate-username = Ligne { $line }, colonne « { $column } » : l’identifiant « { $value } » figure déjà ligne { $first_line }.
import-duplicate-class = Ligne { $line }, colonne « { $column } » : la classe « { $value } » figure déjà ligne { $first_line }.
import-duplicate-assignment = Ligne { $line } : ce service d’enseignement figure déjà ligne { $first_line }.
import-username-taken = Ligne { $line }, colonne « { $column } » : l’identifiant « { $value } » est celui d’un compte qui n’est pas membre de l’établissement.
import-unknown-teacher = Ligne { $line }, colonne « { $column } » : « { $value } » n’est pas un professeur de l’établissement.
import-unknown-level = Ligne { $line }, colonne « { $column } » : le niveau « { $value } » n’existe pas ; créez-le d’abord dans la structure de l’établissement.
import-unknown-subject = Ligne { $line }, colonne « { $column } » : aucune matière n’a le code « { $value } ».
import-unknown-period = Ligne { $line }, colonne « { $column } » : la période « { $value } » n’existe pas dans l’année scolaire en cours.
import-no-current-year-for-file = Ligne { $line } : aucune année scolaire n’est marquée comme en cours ; les classes et les services d’enseignement s’importent dans l’année en cours.
audit-action-staff-import = Import du personnel
audit-action-class-import = Import de classes
audit-action-assignment-import = Import de services d’enseignement
audit-action-structure-export = Export de la structure
structure-import-nav = Importer
structure-import-kinds = Fichiers à importer
structure-import-teachers = Importer le personnel
structure-import-classes = Importer les classes
structure-import-assignments = Importer les services d’enseignement
structure-import-intro-teachers = Un fichier CSV du personnel, une ligne par personne : identifiant, nom, prénom, courriel, fonctions (enseignant, vie scolaire, intendance). Les comptes créés n’ont pas de mot de passe utilisable tant qu’il n’en a pas été défini un. Vous verrez ce qui va changer avant de confirmer.
structure-import-intro-classes = Un fichier CSV des classes de l’année scolaire en cours, une ligne par classe : classe, niveau (existant), professeur principal (identifiant), salle. Vous verrez ce qui va changer avant de confirmer.
structure-import-intro-assignments = Un fichier CSV des services d’enseignement, une ligne par service : classe, code de la matière, professeur (identifiant), période (vide pour toute l’année). Vous verrez ce qui va changer avant de confirmer.
structure-import-help-order = Importez dans cet ordre : le personnel, puis les classes, puis les services d’enseignement. Les niveaux, matières et périodes se créent d’abord dans la structure de l’établissement.
structure-import-counts = { $rows } ligne(s) : { $created } créée(s), { $updated } modifiée(s), { $unchanged } inchangée(s).
structure-import-row = Élément
structure-import-change = Changement
structure-import-export = Exporter ce fichier (CSV)
structure-import-job-title = Import de la structure
## Polish (issue 5): confirmation before deleting, adding guardians from the student page,
## period-limited teaching assignments in the class grid
structure-confirm-hint = Cette suppression est définitive.
structure-confirm-delete = Oui, supprimer
structure-confirm-year = Supprimer l’année scolaire « { $name } » ?
structure-confirm-period = Supprimer la période « { $name } » ?
structure-confirm-level = Supprimer le niveau « { $name } » ?
structure-confirm-subject = Supprimer la matière « { $name } » ?
structure-confirm-group = Supprimer le groupe de matières « { $name } » ?
structure-confirm-override = Supprimer le coefficient particulier « { $name } » ?
structure-confirm-class = Supprimer la classe « { $name } » ?
structure-confirm-assignment = Retirer le service « { $name } » ?
structure-by-period-hint = Pour un professeur qui prend une matière en cours d’année : ce service remplace, pour la période choisie, celui de l’année.
structure-by-period-none = Aucun service limité à une période.
structure-by-period-no-periods = L’année de cette classe n’a pas encore de périodes.
structure-by-period-add = Ajouter un service pour une période
structure-by-period-submit = Ajouter le service
student-guardian-add = Ajouter un responsable
student-guardian-existing = Rattacher un responsable déjà enregistré
student-guardian-search = Rechercher
student-guardian-no-match = Aucun responsable ne correspond à cette recherche.
student-guardian-choose = Responsable à rattacher
student-guardian-more = D’autres responsables correspondent : précisez la recherche.
student-guardian-new = Créer un nouveau responsable
student-guardian-create = Créer et rattacher
people-error-choose-guardian = Choisissez un responsable dans la liste.
student-guardian-already = déjà rattaché à cet élève ; le rattacher de nouveau met à jour le lien

## Gradebook storage (issue 6): assessments, marks, audit labels
audit-action-marks-change-after-publication = Notes modifiées après publication
audit-resource-assessment = Évaluation
gradebook-error-title = Indiquez un titre (200 caractères au plus).
gradebook-error-kind = Choisissez un type d’évaluation dans la liste.
gradebook-error-max = Le barème doit être un nombre positif (deux décimales au plus).
gradebook-error-max-below-marks = Des notes déjà saisies dépassent ce barème : corrigez-les avant de le baisser.
gradebook-error-coefficient = Le coefficient doit être compris entre 0 et 99 (deux décimales au plus).
gradebook-error-rule = Choisissez une option de calcul dans la liste.
gradebook-error-period-closed = Cette période est close : ses notes ne peuvent plus être modifiées.
gradebook-error-points = La note doit être comprise entre 0 et le barème (deux décimales au plus).
gradebook-error-code = Ce code n’existe pas dans le tableau des codes de l’établissement.
gradebook-error-student = Cet élève n’est pas dans la classe.
gradebook-error-date-period = La date doit être comprise dans la période.

## Results (student results, class gradebook, family home)
results-title = Résultats
results-class-title = Tableau de notes de la classe
results-period = Période
results-choose-period = Choisir la période
results-year = Année
results-show = Afficher
results-general = Moyenne générale
results-general-average = Moyenne générale
results-rank = Rang
results-rank-of = { $rank } sur { $count }
results-class = classe
results-class-average = Moyenne de la classe
results-class-min = Plus basse
results-class-max = Plus haute
results-class-range = Écart dans la classe
results-published-only = Seules les évaluations publiées sont prises en compte.
results-no-subjects = Aucune matière n’a encore de note sur cette période.
results-by-subject = Par matière
results-explain-hint = Ouvrez une matière pour voir chaque note, son poids et pourquoi une note n’a pas compté.
results-average = Moyenne
results-no-marks = Aucune note sur cette période.
results-marks-of = Notes de { $subject }
results-assessment = Évaluation
results-mark = Note
results-on-20 = Sur 20
results-how-counted = Prise en compte
results-counted = Comptée, coefficient { $weight } : { $share } % de la moyenne
results-counted-as-zero = Comptée comme 0 ({ $code } : { $label }) : { $share } % de la moyenne
results-bonus = Bonus : seuls les points au-dessus de la moyenne comptent, + { $added } sur la moyenne
results-left-out-code = Non comptée : { $label } ({ $code })
results-left-out-zero-coefficient = Non comptée : coefficient 0
results-left-out-would-not-raise = Non comptée : elle ne remontait pas la moyenne
results-left-out-no-base = Non comptée : un bonus s’ajoute à une moyenne, et il n’y a pas d’autre note
results-capped = Avec les bonus, la moyenne dépassait 20 : elle est ramenée à 20.
results-coef-short = coef.
results-see-all = Voir tous les résultats
results-latest-marks = Dernières notes
results-home-title = Résultats
gradebook-code-abs = Absent (excusé)
gradebook-code-disp = Dispensé
gradebook-code-nn = Non noté
gradebook-code-nr = Non rendu (excusé)
gradebook-code-z = Absence injustifiée
gradebook-code-w = Non rendu

## Carnet de notes du professeur (pages) : /gradebook, carnet d’une matière, évaluations, saisie des notes.
nav-gradebook = Carnet de notes
gradebook-title = Carnet de notes
gradebook-no-year = Aucune année scolaire n’est en cours : l’administration doit d’abord la créer.
gradebook-no-assignment = Aucun enseignement ne vous est attribué sur cette période.
gradebook-no-subject = Aucune matière attribuée dans cette classe.
gradebook-assessment-count = { $count ->
    [0] aucune évaluation
    [one] { $count } évaluation
   *[other] { $count } évaluations
}
gradebook-class-results = Tableau de notes de la classe (toutes les matières)
gradebook-new-assessment = Nouvelle évaluation
gradebook-assessment-edit = Modifier l’évaluation
gradebook-delete-assessment = Supprimer l’évaluation
gradebook-period-closed-readonly = Cette période est close : le carnet est en lecture seule.
gradebook-no-assessment = Aucune évaluation sur cette période pour l’instant.
gradebook-enter-marks = Saisir les notes
gradebook-see-marks = Voir les notes
gradebook-edit = Modifier
gradebook-back = Retour au carnet
gradebook-footer-hint = Les statistiques d’une évaluation portent sur les notes ramenées sur 20 ; la moyenne de chaque élève suit le mode de calcul de l’établissement. Une note en gris n’a pas compté.
gradebook-codes-title = Codes de notation
gradebook-code-counts-zero = compte comme 0
gradebook-code-left-out = n’entre pas dans la moyenne
gradebook-confirm-delete = Supprimer l’évaluation « { $name } » ?
gradebook-confirm-delete-marks = { $count ->
    [0] Aucune note n’a encore été saisie pour cette évaluation.
    [one] La note déjà saisie sera supprimée avec elle.
   *[other] Les { $count } notes déjà saisies seront supprimées avec elle.
}
gradebook-period-span = Période : { $name } (du { $from } au { $to })
gradebook-field-title = Titre
gradebook-field-date = Date
gradebook-field-kind = Type
gradebook-field-max = Barème (noté sur)
gradebook-field-max-hint = 20 par défaut ; une virgule pour les décimales (12,5).
gradebook-field-coefficient = Coefficient
gradebook-field-coefficient-hint = De 0 à 99, 1 par défaut ; une évaluation de coefficient 0 ne compte pas.
gradebook-field-rule = Prise en compte dans la moyenne
gradebook-field-published-on = Visible par les familles à partir du
gradebook-field-published-on-hint = Laissez vide tant que les notes ne doivent pas être visibles par les élèves et les parents.
gradebook-rule-normal = Normale
gradebook-rule-bonus = Bonus
gradebook-rule-raise-only = Ne compte que si elle remonte la moyenne
gradebook-rule-bonus-hint = « Bonus » : seuls les points au-dessus de la moitié du barème comptent, et ils s’ajoutent à la moyenne sans l’alourdir. Un 14/20 en bonus ajoute des points ; un 8/20 n’enlève rien. La moyenne ne dépasse jamais 20.
gradebook-rule-raise-only-hint = « Ne compte que si elle remonte la moyenne » : la note est prise en compte seulement si elle fait monter la moyenne de l’élève ; sinon elle est ignorée, comme si l’évaluation n’avait pas eu lieu pour lui.
gradebook-kind-devoir = Devoir
gradebook-kind-interrogation = Interrogation
gradebook-kind-composition = Composition
gradebook-kind-oral = Oral
gradebook-kind-other = Autre
gradebook-published-on = Publiée le { $date }
gradebook-publishes-on = Publication le { $date }
gradebook-not-published = Non publiée
gradebook-marks-title = Saisie des notes
gradebook-out-of = sur
gradebook-marks-errors-title = Aucune note n’a été enregistrée : corrigez les cases signalées.
gradebook-cell-error = { $name } : { $message }
gradebook-marks-help = Tapez la note sur { $max } (virgule ou point pour les décimales) ou un code de la liste ci-dessous ; laissez vide pour effacer. Entrée ou flèche bas : élève suivant ; flèche haut : précédent. Vous pouvez coller une colonne copiée d’un tableur.
gradebook-marks-count = Notes saisies :
gradebook-marks-saved = { $count ->
    [0] Rien n’a changé : aucune note modifiée.
    [one] Une note enregistrée.
   *[other] { $count } notes enregistrées.
}
gradebook-marks-not-saved = Rien n’a été enregistré.
gradebook-js-saved = Enregistré
gradebook-js-saving = Enregistrement…
gradebook-js-pending = { $count ->
    [one] { $count } note en attente d’enregistrement
   *[other] { $count } notes en attente d’enregistrement
}
gradebook-js-offline = { $count ->
    [one] Hors ligne — { $count } note en attente
   *[other] Hors ligne — { $count } notes en attente
}
gradebook-js-refused = { $count ->
    [one] Enregistré, sauf une note à corriger : voir la case signalée.
   *[other] Enregistré, sauf { $count } notes à corriger : voir les cases signalées.
}
gradebook-js-restored = Notes non enregistrées retrouvées sur cet appareil : { $count }. Envoi en cours.
gradebook-js-changed = Modifiée, pas encore enregistrée
gradebook-choose-subject = Choisissez la classe et la matière de la nouvelle évaluation.
# ---- Gradebook: the school's mark codes (demo slice) ----
mark-codes-title = Codes de notation
mark-codes-back = ← Paramètres de l’établissement
mark-codes-link = Codes de notation (ABS, DISP, Z…)
mark-codes-link-hint = ce qu’un enseignant peut saisir à la place d’une note, et s’il compte comme 0.
mark-codes-intro = Un code se saisit à la place d’une note. Un code « compté comme 0 » entre dans la moyenne avec la note 0 (absence injustifiée, devoir non rendu) ; les autres sont laissés hors de la moyenne (absence excusée, dispense).
mark-codes-table = Les codes de l’établissement
mark-codes-code = Code
mark-codes-label = Libellé
mark-codes-counts-as-zero = Compté comme 0
mark-codes-position = Ordre
mark-codes-marks = Notes
mark-codes-remove = Supprimer
mark-codes-new = Nouveau code
mark-codes-code-hint = Un code : 1 à 5 lettres majuscules ou chiffres, en commençant par une lettre (un chiffre commence une note).
mark-codes-used = { $count ->
    [0] aucune
    [one] { $count } note
   *[other] { $count } notes
}
mark-codes-in-use = Utilisé
mark-codes-saved = Les codes sont enregistrés.
mark-codes-error-too-many = Au plus { $count } codes.
mark-codes-error-empty = Il faut au moins un code.
mark-codes-error-code-required = Saisissez le code.
mark-codes-error-code = « { $code } » n’est pas un code : 1 à 5 lettres ou chiffres, en commençant par une lettre.
mark-codes-error-duplicate = Le code { $code } figure deux fois.
mark-codes-error-label = Saisissez le libellé du code { $code }.
mark-codes-error-label-new = Saisissez le libellé du nouveau code.
mark-codes-error-label-long = Le libellé ne doit pas dépasser 60 caractères.
mark-codes-error-position = L’ordre est un nombre entier de 0 à 9999.
mark-codes-error-in-use = Le code { $code } ne peut pas être supprimé : { $count ->
    [one] une note l’utilise
   *[other] { $count } notes l’utilisent
}.
