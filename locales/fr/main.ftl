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
students-own-only = Les élèves que vous suivez : vos enfants, vous-même, ou les classes dont vous êtes professeur principal.
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
