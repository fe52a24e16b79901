//! The demo school's class councils: for every class and every period that ended before the
//! school's today, an appréciation per student × subject with an average, the main teacher's
//! general appréciation and the council's distinction; and a comment bank for each teacher.
//!
//! The averages are the real ones: the marks just seeded (src/demo/marks.rs), through the
//! gradebook core (`subject_average`, `general_average`) with the class's effective
//! coefficients, as the results and the council page compute them. Phrases are chosen by band
//! of average, deterministically per (student, subject, period) from the demo's seed.

use std::collections::{BTreeSet, HashMap};

use super::marks::EndedMarks;
use crate::{
    council::{
        Distinction,
        repo::{
            AppreciationRow, DecisionRow, insert_comments, upsert_appreciations, upsert_decisions,
        },
    },
    db::Tx,
    gradebook::{
        AverageMode, Ratio, general_average, service::code_table_or_default, subject_average,
    },
    schools::SchoolScope,
    structure::{model::effective_coefficient, repo::coefficient_candidates},
    web::i18n::Lang,
};

/// What was created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CouncilsReport {
    pub appreciations: usize,
    pub decisions: usize,
    pub comments: usize,
}

/// A band of average on 20, in hundredths: ≥16, ≥14, ≥12, ≥10, ≥8, <8.
fn band(hundredths: i128) -> usize {
    match hundredths {
        h if h >= 1600 => 0,
        h if h >= 1400 => 1,
        h if h >= 1200 => 2,
        h if h >= 1000 => 3,
        h if h >= 800 => 4,
        _ => 5,
    }
}

/// A stable mix of the seed and a key (splitmix64).
fn mix(seed: u64, parts: &[i64]) -> u64 {
    let mut x = seed ^ 0x636f_756e_6369_6c73;
    for p in parts {
        x ^= *p as u64;
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^= x >> 31;
    }
    x
}

fn pick<'a>(phrases: &'a [&'a str], h: u64) -> &'a str {
    phrases[(h % phrases.len() as u64) as usize]
}

const SUBJECT_FR: [[&str; 8]; 6] = [
    [
        "Excellent trimestre. Travail sérieux et approfondi, participation remarquable.",
        "Très bons résultats. Élève investi(e) et moteur en classe, continuez ainsi.",
        "Excellent niveau, maîtrise solide des notions. Bravo pour la qualité de l’oral.",
        "Remarquable : travail rigoureux, curiosité et participation constante.",
        "Très beau trimestre, des résultats brillants et une attitude exemplaire.",
        "Excellents résultats, fruit d’un travail régulier. Participation active et pertinente.",
        "Parfaite maîtrise. Un plaisir d’avoir un(e) élève aussi impliqué(e).",
        "Bravo ! Travail d’une grande qualité, à l’écrit comme à l’oral.",
    ],
    [
        "Très bon trimestre. Travail régulier et bonne participation.",
        "Bons résultats, les notions sont bien comprises. Continuez vos efforts à l’oral.",
        "Très bon ensemble : sérieux, attentif(ve), des résultats solides.",
        "Bon travail, l’implication en classe est appréciable. Poursuivez ainsi.",
        "De très bons résultats. Il faut oser participer davantage à l’oral.",
        "Élève sérieux(se) et appliqué(e), le travail porte ses fruits.",
        "Très bien. Un travail soigné et une participation de qualité.",
        "Bon trimestre, des efforts constants. Visez encore plus haut !",
    ],
    [
        "Assez bon trimestre. Le travail est correct, la participation peut progresser.",
        "Des résultats satisfaisants. Il faut approfondir les leçons pour progresser.",
        "Ensemble correct. Davantage de rigueur permettrait de meilleurs résultats.",
        "Travail sérieux dans l’ensemble ; l’oral reste trop discret.",
        "Résultats honorables. Continuez vos efforts, notamment dans les devoirs.",
        "Bon investissement en classe, les acquis doivent être consolidés.",
        "Assez bien. Une participation plus active serait bénéfique.",
        "Trimestre satisfaisant, mais un travail plus régulier est attendu.",
    ],
    [
        "Résultats justes. Les efforts doivent être plus réguliers.",
        "Trimestre moyen : des bases fragiles, il faut revoir les leçons.",
        "Des acquis à consolider. La participation orale est insuffisante.",
        "Ensemble juste, l’élève peut mieux faire avec plus de travail personnel.",
        "Moyenne tout juste atteinte. Il faut s’investir davantage en classe.",
        "Des progrès possibles avec un travail plus approfondi et plus d’attention.",
        "Travail inégal. Les efforts fournis doivent être poursuivis.",
        "Résultats moyens, une meilleure concentration en classe est nécessaire.",
    ],
    [
        "Trimestre fragile. Il faut fournir un travail plus sérieux et régulier.",
        "Des difficultés. Ne pas hésiter à poser des questions et à participer.",
        "Résultats insuffisants, les leçons doivent être apprises plus régulièrement.",
        "Des lacunes à combler. Un effort est attendu à l’écrit comme à l’oral.",
        "Ensemble faible : manque de travail personnel et d’attention en classe.",
        "Trimestre difficile. L’élève doit se mettre au travail sans attendre.",
        "Les bases ne sont pas acquises. Un travail régulier est indispensable.",
        "Des efforts ponctuels, mais insuffisants. Il faut s’impliquer davantage.",
    ],
    [
        "Trimestre très insuffisant. Un travail sérieux est indispensable.",
        "De grandes difficultés. Il faut s’investir et demander de l’aide.",
        "Résultats très faibles, le travail personnel est inexistant.",
        "Manque de travail et de participation. Un sursaut est nécessaire.",
        "Très insuffisant. L’attitude en classe doit changer.",
        "Des lacunes importantes. Les devoirs doivent être faits et rendus.",
        "Trimestre préoccupant : aucun effort visible, ni à l’écrit ni à l’oral.",
        "Résultats alarmants. Il faut se ressaisir rapidement.",
    ],
];

const GENERAL_FR: [[&str; 8]; 6] = [
    [
        "Excellent trimestre dans toutes les matières. Félicitations pour ce travail exemplaire.",
        "Des résultats brillants et une attitude irréprochable. Bravo, continuez ainsi !",
        "Trimestre remarquable, fruit d’un travail sérieux et d’une grande curiosité.",
        "Excellent bilan. Élève moteur pour la classe, le conseil vous félicite.",
        "Un trimestre de très grande qualité. Poursuivez dans cette voie.",
        "Des résultats excellents et homogènes. Un investissement exemplaire.",
        "Bravo pour ce parcours remarquable, à l’écrit comme à l’oral.",
        "Excellent travail, rigueur et participation : tout y est.",
    ],
    [
        "Très bon trimestre. Le travail est sérieux et régulier, continuez ainsi.",
        "Très bons résultats d’ensemble. Le conseil encourage à viser encore plus haut.",
        "Un bon bilan, fruit d’efforts constants. Bravo.",
        "Très bon trimestre, une participation à développer dans certaines matières.",
        "Des résultats solides et une attitude positive en classe.",
        "Très bon travail. Il faut maintenir cet investissement.",
        "Un trimestre réussi. Quelques matières peuvent encore progresser.",
        "Très bon ensemble, sérieux et appliqué. Poursuivez vos efforts.",
    ],
    [
        "Bon trimestre dans l’ensemble. Des efforts à poursuivre pour progresser.",
        "Résultats satisfaisants. Une participation plus active serait bénéfique.",
        "Bon ensemble, mais des écarts entre les matières. Travaillez les points faibles.",
        "Trimestre encourageant. Il faut continuer à s’investir régulièrement.",
        "Des résultats corrects, le travail personnel doit être approfondi.",
        "Bon trimestre. Plus de rigueur permettrait d’aller plus loin.",
        "Ensemble satisfaisant, l’élève peut encore progresser à l’oral.",
        "Bilan positif, des efforts à maintenir tout au long de l’année.",
    ],
    [
        "Trimestre moyen. Un travail plus régulier est nécessaire.",
        "Résultats justes, des efforts à fournir dans plusieurs matières.",
        "Bilan mitigé. L’élève doit s’investir davantage en classe.",
        "Ensemble fragile : il faut consolider les bases et revoir les leçons.",
        "Trimestre juste. Une meilleure concentration permettrait de progresser.",
        "Des résultats irréguliers. Le travail personnel doit être renforcé.",
        "Moyenne atteinte, mais l’élève peut faire mieux avec plus d’efforts.",
        "Trimestre passable. Il faut participer davantage et travailler régulièrement.",
    ],
    [
        "Trimestre fragile. Un travail plus sérieux est attendu dans toutes les matières.",
        "Des difficultés dans plusieurs matières. Il faut se mobiliser.",
        "Résultats insuffisants. L’élève doit revoir son organisation et ses méthodes.",
        "Bilan décevant. Un réel effort est attendu au prochain trimestre.",
        "Ensemble faible : manque de travail personnel et de participation.",
        "Trimestre difficile, il faut demander de l’aide et travailler régulièrement.",
        "Des lacunes qui s’accumulent. Il faut réagir sans tarder.",
        "Résultats en baisse, l’investissement doit être bien plus important.",
    ],
    [
        "Trimestre très insuffisant. Le conseil attend un changement d’attitude.",
        "Résultats très faibles dans l’ensemble. Un sursaut est indispensable.",
        "Bilan préoccupant : manque de travail et d’implication.",
        "De grandes difficultés. Un accompagnement et des efforts sont nécessaires.",
        "Trimestre alarmant. L’élève doit se remettre au travail sans attendre.",
        "Très insuffisant. Le travail personnel est quasi inexistant.",
        "Bilan très négatif, l’attitude en classe doit changer.",
        "Des résultats inquiétants. Il faut se ressaisir rapidement.",
    ],
];

const SUBJECT_EN: [[&str; 8]; 6] = [
    [
        "Excellent term. Thorough, serious work and outstanding participation.",
        "Very strong results. A committed student who drives the class forward.",
        "Excellent level and a firm grasp of the material. Well done on the oral work.",
        "Remarkable: rigorous work, curiosity and constant participation.",
        "A superb term, brilliant results and an exemplary attitude.",
        "Excellent results from steady work. Active, relevant participation.",
        "Complete mastery. A pleasure to teach such an involved student.",
        "Well done! High-quality work, written and oral alike.",
    ],
    [
        "Very good term. Steady work and good participation.",
        "Good results, concepts well understood. Keep up the effort in oral work.",
        "Very good overall: serious, attentive, solid results.",
        "Good work, involvement in class is appreciated. Keep it up.",
        "Very good results. Dare to speak up more in class.",
        "A serious, careful student whose work is paying off.",
        "Very good. Careful work and quality participation.",
        "Good term with consistent effort. Aim even higher!",
    ],
    [
        "Fairly good term. The work is sound; participation can improve.",
        "Satisfactory results. Lessons need deeper study to progress.",
        "Sound overall. More rigour would bring better results.",
        "Serious work on the whole; oral participation is too quiet.",
        "Decent results. Keep up the effort, especially in homework.",
        "Good involvement in class; skills need consolidating.",
        "Fairly good. More active participation would help.",
        "Satisfactory term, but more regular work is expected.",
    ],
    [
        "Borderline results. Effort must be more consistent.",
        "An average term: shaky foundations, lessons need revising.",
        "Skills to consolidate. Oral participation is insufficient.",
        "Borderline overall; more personal work would make a difference.",
        "Just at the pass mark. More involvement in class is needed.",
        "Progress is possible with deeper work and more attention.",
        "Uneven work. The effort made must be sustained.",
        "Average results; better concentration in class is needed.",
    ],
    [
        "A fragile term. More serious, regular work is needed.",
        "Some difficulties. Do not hesitate to ask questions and take part.",
        "Insufficient results; lessons must be learnt more regularly.",
        "Gaps to fill. Effort is expected in written and oral work.",
        "Weak overall: not enough personal work or attention in class.",
        "A difficult term. The student must get down to work now.",
        "The basics are not secure. Regular work is essential.",
        "Occasional efforts, but not enough. More involvement is needed.",
    ],
    [
        "A very poor term. Serious work is essential.",
        "Great difficulties. The student must get involved and ask for help.",
        "Very weak results; there is no personal work.",
        "Lack of work and participation. A turnaround is needed.",
        "Very poor. The attitude in class must change.",
        "Major gaps. Homework must be done and handed in.",
        "A worrying term: no visible effort, written or oral.",
        "Alarming results. The student must pull together quickly.",
    ],
];

const GENERAL_EN: [[&str; 8]; 6] = [
    [
        "An excellent term in every subject. Congratulations on exemplary work.",
        "Brilliant results and an impeccable attitude. Well done, keep it up!",
        "A remarkable term, the fruit of serious work and great curiosity.",
        "An excellent report. A driving force in the class; the council congratulates you.",
        "A term of very high quality. Carry on this way.",
        "Excellent, consistent results. Exemplary commitment.",
        "Well done on a remarkable term, written and oral alike.",
        "Excellent work, rigour and participation: everything is there.",
    ],
    [
        "A very good term. Serious, steady work; keep it up.",
        "Very good results overall. The council encourages you to aim higher.",
        "A good report, the fruit of constant effort. Well done.",
        "A very good term; participation could grow in some subjects.",
        "Solid results and a positive attitude in class.",
        "Very good work. This commitment must be maintained.",
        "A successful term. Some subjects can still improve.",
        "Very good overall, serious and careful. Keep up the effort.",
    ],
    [
        "A good term overall. Keep up the effort to progress.",
        "Satisfactory results. More active participation would help.",
        "Good overall, but uneven between subjects. Work on the weak points.",
        "An encouraging term. Keep working regularly.",
        "Sound results; personal work needs more depth.",
        "A good term. More rigour would take you further.",
        "Satisfactory overall; there is room to progress in oral work.",
        "A positive report; effort must be kept up all year.",
    ],
    [
        "An average term. More regular work is needed.",
        "Borderline results; effort is needed in several subjects.",
        "A mixed report. More involvement in class is needed.",
        "Fragile overall: consolidate the basics and revise lessons.",
        "A borderline term. Better concentration would help progress.",
        "Uneven results. Personal work must be strengthened.",
        "At the pass mark, but more effort would bring more.",
        "A passable term. Take part more and work regularly.",
    ],
    [
        "A fragile term. More serious work is expected in every subject.",
        "Difficulties in several subjects. Time to get going.",
        "Insufficient results. Organisation and methods need rethinking.",
        "A disappointing report. Real effort is expected next term.",
        "Weak overall: not enough personal work or participation.",
        "A difficult term; ask for help and work regularly.",
        "Gaps are building up. Act without delay.",
        "Results are falling; much more commitment is needed.",
    ],
    [
        "A very poor term. The council expects a change of attitude.",
        "Very weak results overall. A turnaround is essential.",
        "A worrying report: lack of work and involvement.",
        "Great difficulties. Support and effort are needed.",
        "An alarming term. The student must get back to work now.",
        "Very poor. Personal work is almost non-existent.",
        "A very negative report; the attitude in class must change.",
        "Worrying results. The student must pull together quickly.",
    ],
];

const COMMENTS_FR: [&str; 12] = [
    "Bon trimestre, continuez ainsi.",
    "Travail sérieux et régulier.",
    "Participation orale à développer.",
    "Des efforts à poursuivre.",
    "Ensemble fragile, il faut revoir les leçons.",
    "Excellent travail, bravo !",
    "Manque de travail personnel.",
    "Élève agréable et investi(e).",
    "Des progrès encourageants.",
    "Attention aux bavardages.",
    "Les devoirs doivent être rendus à temps.",
    "Très bonne participation en classe.",
];

const COMMENTS_EN: [&str; 12] = [
    "A good term, keep it up.",
    "Serious, steady work.",
    "Oral participation to develop.",
    "Efforts to keep up.",
    "Fragile overall; revise the lessons.",
    "Excellent work, well done!",
    "Not enough personal work.",
    "A pleasant, committed student.",
    "Encouraging progress.",
    "Too much chatting in class.",
    "Homework must be handed in on time.",
    "Very good participation in class.",
];

/// Seeds the appréciations, decisions and comment banks of the ended periods of `year_id`.
pub(super) async fn seed(
    tx: &mut Tx,
    scope: SchoolScope,
    year_id: i64,
    (lang, mode): (Lang, AverageMode),
    ended: &EndedMarks,
    now: i64,
    seed: u64,
) -> anyhow::Result<CouncilsReport> {
    let sid = scope.school_id();
    let (subject_phrases, general_phrases, comments) = match lang {
        Lang::Fr => (&SUBJECT_FR, &GENERAL_FR, &COMMENTS_FR),
        Lang::En => (&SUBJECT_EN, &GENERAL_EN, &COMMENTS_EN),
    };
    let codes = code_table_or_default(&ended.codes);
    let classes: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, main_teacher_id FROM classes WHERE school_id = $1 AND year_id = $2 ORDER BY id",
    )
    .bind(sid)
    .bind(year_id)
    .fetch_all(&mut **tx)
    .await?;
    let students: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, class_id FROM students WHERE school_id = $1 AND class_id IS NOT NULL \
         ORDER BY id",
    )
    .bind(sid)
    .fetch_all(&mut **tx)
    .await?;
    let mut by_class: HashMap<i64, Vec<i64>> = HashMap::new();
    for (id, class_id) in students {
        by_class.entry(class_id).or_default().push(id);
    }
    let assignments: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT class_id, subject_id, MIN(teacher_id) FROM teaching_assignments \
         WHERE school_id = $1 GROUP BY class_id, subject_id",
    )
    .bind(sid)
    .fetch_all(&mut **tx)
    .await?;
    let teacher_of: HashMap<(i64, i64), i64> =
        assignments.iter().map(|(c, s, t)| ((*c, *s), *t)).collect();
    // Subjects with marks, by class, for the columns results show.
    let mut marked_subjects: HashMap<i64, BTreeSet<i64>> = HashMap::new();
    let class_of: HashMap<i64, i64> = by_class
        .iter()
        .flat_map(|(c, list)| list.iter().map(move |s| (*s, *c)))
        .collect();
    for (student, subject, _) in ended.entries.keys() {
        if let Some(c) = class_of.get(student) {
            marked_subjects.entry(*c).or_default().insert(*subject);
        }
    }

    let mut appreciations = Vec::new();
    let mut decisions = Vec::new();
    for &period_id in &ended.periods {
        for (class_id, main_teacher) in &classes {
            let mut candidates: HashMap<i64, Vec<_>> = HashMap::new();
            for (subject, source, cents) in
                coefficient_candidates(&mut **tx, scope, *class_id, Some(period_id)).await?
            {
                candidates.entry(subject).or_default().push((source, cents));
            }
            let coefficients: HashMap<i64, i64> = candidates
                .into_iter()
                .filter_map(|(s, list)| effective_coefficient(&list).map(|(_, c)| (s, c)))
                .collect();
            let mut subjects: BTreeSet<i64> = coefficients.keys().copied().collect();
            if let Some(marked) = marked_subjects.get(class_id) {
                subjects.extend(marked.iter().copied());
            }
            for &student_id in by_class.get(class_id).map_or(&[][..], Vec::as_slice) {
                let mut weighted: Vec<(Option<Ratio>, i64)> = Vec::with_capacity(subjects.len());
                for &subject_id in &subjects {
                    let marks = ended
                        .entries
                        .get(&(student_id, subject_id, period_id))
                        .map_or(&[][..], Vec::as_slice);
                    let average = subject_average(marks, &codes, mode)?.average;
                    weighted.push((average, coefficients.get(&subject_id).copied().unwrap_or(0)));
                    let Some(h) = average.and_then(|a| a.round_half_up(2)) else {
                        continue;
                    };
                    let body = pick(
                        &subject_phrases[band(h)],
                        mix(seed, &[student_id, subject_id, period_id]),
                    );
                    appreciations.push(AppreciationRow {
                        student_id,
                        subject_id,
                        period_id,
                        body: body.to_owned(),
                        author_id: teacher_of.get(&(*class_id, subject_id)).copied(),
                        updated_at: now,
                    });
                }
                let Some(general) = general_average(&weighted)?.and_then(|a| a.round_half_up(2))
                else {
                    continue;
                };
                let h = mix(seed, &[student_id, 0, period_id]);
                let distinction = match general {
                    g if g >= 1600 => Some(Distinction::Felicitations),
                    g if g >= 1400 => Some(Distinction::Compliments),
                    g if g >= 1250 => Some(Distinction::Encouragements),
                    g if g < 700 && (h >> 32).is_multiple_of(2) => Some(Distinction::WorkWarning),
                    _ => None,
                };
                decisions.push(DecisionRow {
                    student_id,
                    period_id,
                    general_appreciation: pick(&general_phrases[band(general)], h).to_owned(),
                    distinction: distinction.map(|d| d.as_str().to_owned()),
                    updated_by: *main_teacher,
                    updated_at: now,
                });
            }
        }
    }
    upsert_appreciations(tx, scope, &appreciations).await?;
    upsert_decisions(tx, scope, &decisions).await?;

    // Each teacher's comment bank: 6 to 8 of the common comments.
    let teachers: BTreeSet<i64> = sqlx::query_scalar::<_, i64>(
        "SELECT user_id FROM memberships WHERE school_id = $1 AND role = 'teacher'",
    )
    .bind(sid)
    .fetch_all(&mut **tx)
    .await?
    .into_iter()
    .collect();
    let mut bank = Vec::new();
    for teacher in teachers {
        let h = mix(seed, &[teacher, -1]);
        let count = 6 + (h % 3) as usize;
        let start = ((h >> 8) % comments.len() as u64) as usize;
        for i in 0..count {
            bank.push((teacher, comments[(start + i) % comments.len()].to_owned()));
        }
    }
    insert_comments(tx, scope, &bank, now).await?;
    Ok(CouncilsReport {
        appreciations: appreciations.len(),
        decisions: decisions.len(),
        comments: bank.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_fit_the_limit() {
        for table in [&SUBJECT_FR, &GENERAL_FR, &SUBJECT_EN, &GENERAL_EN] {
            for band in table.iter() {
                for p in band {
                    assert!(p.chars().count() <= 300, "{p}");
                }
            }
        }
    }

    #[test]
    fn bands_follow_the_thresholds() {
        assert_eq!(band(1600), 0);
        assert_eq!(band(1599), 1);
        assert_eq!(band(1200), 2);
        assert_eq!(band(1000), 3);
        assert_eq!(band(800), 4);
        assert_eq!(band(799), 5);
    }
}
