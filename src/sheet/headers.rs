//! Column headers of import files: the columns each kind of file has, and matching
//! what associations type (French or English, any case, accents, spacing) to them.

use std::fmt;
use std::str::FromStr;

pub use crate::text::normalize;

/// The kinds of files `suivi import` takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    Houses,
    Associations,
    Observations,
    Targets,
    Actions,
    Assessments,
}

impl FileKind {
    pub const ALL: [FileKind; 6] = [
        FileKind::Houses,
        FileKind::Associations,
        FileKind::Observations,
        FileKind::Targets,
        FileKind::Actions,
        FileKind::Assessments,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Houses => "houses",
            FileKind::Associations => "associations",
            FileKind::Observations => "observations",
            FileKind::Targets => "targets",
            FileKind::Actions => "actions",
            FileKind::Assessments => "assessments",
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FileKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        FileKind::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = FileKind::ALL.iter().map(|k| k.as_str()).collect();
                crate::messages::Msg::UnknownFileKind {
                    input: s.trim().to_string(),
                    choices: names.join(", "),
                }
                .to_string()
            })
    }
}

/// One column of an import file.
#[derive(Debug, PartialEq, Eq)]
pub struct ColumnSpec {
    /// English key: the JSON key and the English CSV header.
    pub key: &'static str,
    /// The header suivi writes in French.
    pub header_fr: &'static str,
    /// The header suivi writes in English.
    pub header_en: &'static str,
    /// Other spellings accepted on import (compared after `normalize`).
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// A column suivi writes for people to read (a name beside a code, the batch
    /// of an export); recognised on import so it is not taken for data, then skipped.
    pub ignored: bool,
}

const fn col(
    key: &'static str,
    header_fr: &'static str,
    header_en: &'static str,
    aliases: &'static [&'static str],
    required: bool,
) -> ColumnSpec {
    ColumnSpec {
        key,
        header_fr,
        header_en,
        aliases,
        required,
        ignored: false,
    }
}

const fn skip(
    key: &'static str,
    header_fr: &'static str,
    header_en: &'static str,
    aliases: &'static [&'static str],
) -> ColumnSpec {
    ColumnSpec {
        key,
        header_fr,
        header_en,
        aliases,
        required: false,
        ignored: true,
    }
}

const HOUSE: ColumnSpec = col(
    "house",
    "Maison",
    "House",
    &[
        "رمز الدار",
        "الدار",
        "رمز المؤسسة",
        "المؤسسة",
        "code maison",
        "établissement",
        "code établissement",
        "house code",
    ],
    true,
);
const HOUSE_NAME: ColumnSpec = skip(
    "house_name",
    "Nom de la maison",
    "House name",
    &[
        "اسم الدار",
        "nom maison",
        "nom",
        "name",
        "nom de l'établissement",
    ],
);
const INDICATOR_NAME: ColumnSpec = skip(
    "indicator_name",
    "Nom de l'indicateur",
    "Indicator name",
    &[
        "اسم المؤشر",
        "nom indicateur",
        "libellé indicateur",
        "libellé",
    ],
);
const INDICATOR: ColumnSpec = col(
    "indicator",
    "Indicateur",
    "Indicator",
    &["المؤشر", "رمز المؤشر", "code indicateur", "indicator code"],
    true,
);
const PERIOD: ColumnSpec = col(
    "period",
    "Période",
    "Period",
    &["الفترة", "الشهر", "mois", "trimestre"],
    true,
);

static HOUSES: [ColumnSpec; 16] = [
    col(
        "code",
        "Code",
        "Code",
        &[
            "رمز الدار",
            "الرمز",
            "رمز المؤسسة",
            "code maison",
            "code établissement",
            "house code",
        ],
        true,
    ),
    col(
        "name",
        "Nom",
        "Name",
        &[
            "اسم الدار",
            "اسم المؤسسة بالفرنسية",
            "nom de la maison",
            "nom de l'établissement",
            "nom maison",
        ],
        true,
    ),
    col(
        "name_ar",
        "Nom arabe",
        "Arabic name",
        &["nom en arabe", "الاسم", "اسم المؤسسة"],
        false,
    ),
    col(
        "kind",
        "Type",
        "Kind",
        &["النوع", "نوع المؤسسة", "type de maison"],
        true,
    ),
    col(
        "region",
        "Région",
        "Region",
        &["الجهة", "code région"],
        true,
    ),
    col(
        "province",
        "Province",
        "Province",
        &["الإقليم", "العمالة", "préfecture"],
        false,
    ),
    col("commune", "Commune", "Commune", &["الجماعة"], false),
    col(
        "milieu",
        "Milieu",
        "Setting",
        &["الوسط", "rural urbain"],
        false,
    ),
    col(
        "capacity",
        "Capacité",
        "Capacity",
        &[
            "الطاقة الاستيعابية",
            "عدد الأسرة",
            "places",
            "capacité d'accueil",
            "nombre de places",
        ],
        true,
    ),
    col(
        "association",
        "Association",
        "Association",
        &[
            "الجمعية",
            "الجمعية المسيرة",
            "رمز الجمعية",
            "code association",
            "association gestionnaire",
        ],
        false,
    ),
    col("cohort", "Cohorte", "Cohort", &["الفوج"], false),
    col(
        "opened",
        "Date d'ouverture",
        "Opened",
        &[
            "تاريخ الافتتاح",
            "ouverture",
            "date ouverture",
            "opening date",
        ],
        false,
    ),
    col("status", "Statut", "Status", &["الحالة", "état"], false),
    col(
        "legal_basis",
        "Base légale",
        "Legal basis",
        &["الإطار القانوني", "cadre légal", "loi"],
        false,
    ),
    col(
        "authorisation_no",
        "N° d'autorisation",
        "Authorisation no.",
        &["رقم الترخيص", "numéro d'autorisation", "autorisation"],
        false,
    ),
    col(
        "authorisation_date",
        "Date d'autorisation",
        "Authorisation date",
        &["تاريخ الترخيص", "date autorisation"],
        false,
    ),
];

static ASSOCIATIONS: [ColumnSpec; 6] = [
    col(
        "code",
        "Code",
        "Code",
        &[
            "رمز الجمعية",
            "الرمز",
            "code association",
            "association code",
        ],
        true,
    ),
    col(
        "name",
        "Nom",
        "Name",
        &[
            "اسم الجمعية",
            "الاسم",
            "nom de l'association",
            "association",
            "raison sociale",
        ],
        true,
    ),
    col(
        "registration_no",
        "N° de récépissé",
        "Registration no.",
        &[
            "رقم الوصل",
            "الوصل",
            "récépissé",
            "numéro de récépissé",
            "n° récépissé",
            "registration number",
        ],
        false,
    ),
    col(
        "president",
        "Président",
        "President",
        &[
            "الرئيس",
            "الرئيسة",
            "رئيس الجمعية",
            "présidente",
            "président(e)",
            "nom du président",
        ],
        false,
    ),
    col(
        "phone",
        "Téléphone",
        "Phone",
        &["الهاتف", "tél", "tel", "gsm", "telephone"],
        false,
    ),
    col(
        "email",
        "Courriel",
        "Email",
        &["البريد الإلكتروني", "e-mail", "mail", "adresse électronique"],
        false,
    ),
];

static OBSERVATIONS: [ColumnSpec; 10] = [
    HOUSE,
    HOUSE_NAME,
    INDICATOR,
    INDICATOR_NAME,
    PERIOD,
    col(
        "value",
        "Valeur",
        "Value",
        &["القيمة", "العدد", "montant", "nombre"],
        true,
    ),
    col(
        "comment",
        "Commentaire",
        "Comment",
        &[
            "ملاحظة",
            "ملاحظات",
            "commentaires",
            "observation",
            "remarque",
            "remarques",
        ],
        false,
    ),
    skip(
        "batch",
        "Lot",
        "Batch",
        &["الدفعة", "lot d'import", "import"],
    ),
    skip(
        "recorded_at",
        "Enregistré le",
        "Recorded at",
        &["تاريخ التسجيل", "date d'enregistrement", "saisi le"],
    ),
    skip(
        "recorded_by",
        "Enregistré par",
        "Recorded by",
        &["سجل من طرف", "saisi par", "auteur"],
    ),
];

static TARGETS: [ColumnSpec; 8] = [
    HOUSE,
    HOUSE_NAME,
    INDICATOR,
    INDICATOR_NAME,
    col(
        "baseline",
        "Valeur de référence",
        "Baseline",
        &[
            "القيمة المرجعية",
            "référence",
            "situation de référence",
            "valeur initiale",
        ],
        false,
    ),
    col(
        "baseline_period",
        "Période de référence",
        "Baseline period",
        &["الفترة المرجعية", "année de référence"],
        false,
    ),
    col(
        "target",
        "Cible",
        "Target",
        &["الهدف", "القيمة المستهدفة", "valeur cible", "objectif"],
        true,
    ),
    col(
        "target_period",
        "Période cible",
        "Target period",
        &[
            "فترة الهدف",
            "أجل الهدف",
            "échéance cible",
            "année cible",
            "horizon",
        ],
        true,
    ),
];

static ACTIONS: [ColumnSpec; 12] = [
    skip("id", "N°", "ID", &["الرقم", "numéro", "identifiant"]),
    HOUSE,
    HOUSE_NAME,
    col("axis", "Axe", "Axis", &["المحور", "axe stratégique"], true),
    col(
        "title",
        "Action",
        "Action",
        &[
            "النشاط",
            "الإجراء",
            "intitulé",
            "libellé",
            "intitulé de l'action",
        ],
        true,
    ),
    col(
        "owner",
        "Responsable",
        "Owner",
        &["المسؤول", "porteur", "responsable de l'action"],
        false,
    ),
    col(
        "start",
        "Début",
        "Start",
        &["البداية", "تاريخ البداية", "date de début", "date début"],
        false,
    ),
    col(
        "due",
        "Échéance",
        "Due",
        &[
            "الأجل",
            "تاريخ الانتهاء",
            "date d'échéance",
            "date limite",
            "fin",
            "date de fin",
        ],
        true,
    ),
    col(
        "budget",
        "Budget",
        "Budget",
        &[
            "الميزانية",
            "budget prévu",
            "budget (MAD)",
            "coût",
            "montant prévu",
        ],
        false,
    ),
    col(
        "spent",
        "Dépensé",
        "Spent",
        &[
            "المصروف",
            "المبلغ المصروف",
            "dépenses",
            "montant dépensé",
            "réalisé",
        ],
        false,
    ),
    col("status", "Statut", "Status", &["الحالة", "état"], false),
    col(
        "progress",
        "Avancement",
        "Progress",
        &[
            "نسبة الإنجاز",
            "التقدم",
            "taux d'avancement",
            "avancement (%)",
            "progression",
        ],
        false,
    ),
];

static ASSESSMENTS: [ColumnSpec; 5] = [
    HOUSE,
    HOUSE_NAME,
    PERIOD,
    col(
        "dimension",
        "Dimension",
        "Dimension",
        &["البعد", "المجال", "domaine"],
        true,
    ),
    col(
        "score",
        "Score",
        "Score",
        &["النقطة", "الدرجة", "note", "niveau"],
        true,
    ),
];

/// The columns of a kind of file, in the order suivi writes them.
pub fn columns(kind: FileKind) -> &'static [ColumnSpec] {
    match kind {
        FileKind::Houses => &HOUSES,
        FileKind::Associations => &ASSOCIATIONS,
        FileKind::Observations => &OBSERVATIONS,
        FileKind::Targets => &TARGETS,
        FileKind::Actions => &ACTIONS,
        FileKind::Assessments => &ASSESSMENTS,
    }
}

/// The column spec of `key` in a kind of file.
pub fn column(kind: FileKind, key: &str) -> Option<&'static ColumnSpec> {
    columns(kind).iter().find(|c| c.key == key)
}

/// Spreadsheet letter of a 0-based column index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(index0: usize) -> String {
    let mut n = index0 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// How the headers of a file line up with the columns of its kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderMatch {
    /// For each header position, the key it matched.
    pub keys: Vec<Option<&'static str>>,
    /// Headers that matched no column, with their position; in a wide observations
    /// file these are the indicator columns.
    pub extra: Vec<(usize, String)>,
}

impl HeaderMatch {
    /// Position of the column holding `key`.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|k| *k == Some(key))
    }

    pub fn has(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Observations come long (an indicator and a value column) or wide (one column
    /// per indicator); either long column makes the file long.
    pub fn is_long_observations(&self) -> bool {
        self.has("indicator") || self.has("value")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("{}", crate::messages::Msg::DuplicateColumn {
        key: key.to_string(),
        name: spec.map_or((crate::sheet::write::REJECT_REASON_HEADER, "Reason"), |c| {
            (c.header_fr, c.header_en)
        }),
        first: first.clone(),
        first_column: column_letter(*first_index),
        second: second.clone(),
        second_column: column_letter(*second_index),
    })]
    Duplicate {
        key: &'static str,
        /// The column's spec (None: the reason column of a rejects file).
        spec: Option<&'static ColumnSpec>,
        first: String,
        first_index: usize,
        second: String,
        second_index: usize,
    },
}

/// Matches headers to the columns of `kind`, ignoring case, accents, spacing and
/// punctuation. Blank headers are skipped; unknown ones go to `extra`.
pub fn match_headers(kind: FileKind, headers: &[String]) -> Result<HeaderMatch, HeaderError> {
    let specs = columns(kind);
    let names: Vec<Vec<String>> = specs.iter().map(spellings).collect();
    let mut result = HeaderMatch {
        keys: Vec::with_capacity(headers.len()),
        extra: Vec::new(),
    };
    for (index, header) in headers.iter().enumerate() {
        let wanted = normalize(header);
        if wanted.is_empty() {
            result.keys.push(None);
            continue;
        }
        let found = specs
            .iter()
            .zip(&names)
            .find(|(_, spelled)| spelled.contains(&wanted))
            .map(|(spec, _)| spec.key)
            .or_else(|| is_reject_reason(header).then_some(REJECT_REASON_KEY));
        match found {
            Some(key) => {
                if let Some(first_index) = result.position(key) {
                    return Err(HeaderError::Duplicate {
                        key,
                        spec: specs.iter().find(|c| c.key == key),
                        first: headers[first_index].trim().to_string(),
                        first_index,
                        second: header.trim().to_string(),
                        second_index: index,
                    });
                }
                result.keys.push(Some(key));
            }
            None => {
                result.keys.push(None);
                result.extra.push((index, header.trim().to_string()));
            }
        }
    }
    Ok(result)
}

/// Key of the column a rejects file adds ("Motif du rejet", "Reason"): recognised
/// on import so a corrected rejects file comes back as is, then skipped.
pub const REJECT_REASON_KEY: &str = "reject_reason";

/// Whether a header is the reason column of a rejects file.
pub fn is_reject_reason(header: &str) -> bool {
    matches!(
        normalize(header).as_str(),
        "motifdurejet" | "motif" | "reason" | "rejectreason" | "rejectionreason"
    )
}

fn spellings(spec: &ColumnSpec) -> Vec<String> {
    [spec.key, spec.header_fr, spec.header_en]
        .into_iter()
        .chain(spec.aliases.iter().copied())
        .map(normalize)
        .collect()
}

/// Required columns absent from the file. Observations need `indicator` and
/// `value` only in the long shape; the caller says which shape it has.
pub fn missing_required(
    kind: FileKind,
    found: &HeaderMatch,
    long_observations: bool,
) -> Vec<&'static ColumnSpec> {
    columns(kind)
        .iter()
        .filter(|spec| spec.required && !found.has(spec.key))
        .filter(|spec| {
            long_observations
                || kind != FileKind::Observations
                || !matches!(spec.key, "indicator" | "value")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn normalizes_like_people_type() {
        assert_eq!(normalize("Président(e)"), "presidente");
        assert_eq!(normalize("N° de récépissé"), "nderecepisse");
        assert_eq!(normalize("Nº de récépissé"), "nderecepisse");
        assert_eq!(normalize("code_maison"), "codemaison");
        assert_eq!(normalize("Code maison"), "codemaison");
        assert_eq!(normalize("  CODE-MAISON "), "codemaison");
        assert_eq!(normalize("ÉCHÉANCE"), "echeance");
        assert_eq!(normalize("Nom de l'association"), "nomdelassociation");
        assert_eq!(normalize("Œuvre Æ ÇÀ"), "oeuvreaeca");
        assert_eq!(
            normalize("Capacité (places autorisées)"),
            "capaciteplacesautorisees"
        );
        assert_eq!(normalize("الاسم 2"), "الاسم2");
        assert_eq!(normalize("°()'_ "), "");
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(1), "B");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(51), "AZ");
        assert_eq!(column_letter(52), "BA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        assert_eq!(column_letter(16_383), "XFD");
    }

    #[test]
    fn kinds_round_trip() {
        for kind in FileKind::ALL {
            assert_eq!(kind.as_str().parse::<FileKind>(), Ok(kind));
        }
        assert_eq!(" Houses ".parse::<FileKind>(), Ok(FileKind::Houses));
        assert!(
            "maisons"
                .parse::<FileKind>()
                .unwrap_err()
                .contains("houses")
        );
    }

    #[test]
    fn spellings_are_unambiguous_within_each_kind() {
        for kind in FileKind::ALL {
            let specs = columns(kind);
            for (i, a) in specs.iter().enumerate() {
                for b in &specs[i + 1..] {
                    assert_ne!(a.key, b.key, "{kind}: key twice");
                    for name in spellings(a) {
                        assert!(
                            !spellings(b).contains(&name),
                            "{kind}: \"{name}\" means both {} and {}",
                            a.key,
                            b.key
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn french_headers_and_aliases_match() {
        let m = match_headers(
            FileKind::Observations,
            &strings(&[
                "Code maison",
                "Période",
                "Indicateur",
                "Valeur",
                "Commentaire",
            ]),
        )
        .unwrap();
        assert_eq!(
            m.keys,
            vec![
                Some("house"),
                Some("period"),
                Some("indicator"),
                Some("value"),
                Some("comment")
            ]
        );
        assert!(m.extra.is_empty());
        assert!(m.is_long_observations());

        let m = match_headers(
            FileKind::Associations,
            &strings(&[
                "Code",
                "Nom de l'association",
                "N° de récépissé",
                "Président(e)",
                "Téléphone",
                "Courriel",
            ]),
        )
        .unwrap();
        assert_eq!(
            m.keys,
            vec![
                Some("code"),
                Some("name"),
                Some("registration_no"),
                Some("president"),
                Some("phone"),
                Some("email")
            ]
        );

        let m = match_headers(
            FileKind::Observations,
            &strings(&["code_maison", "HOUSE", "period"]),
        );
        assert!(m.is_err());
    }

    #[test]
    fn wide_observations_put_indicators_in_extra() {
        let headers = strings(&[
            "Code maison",
            "Nom de la maison",
            "Période",
            "Internes",
            "",
            "Capacité (places autorisées)",
        ]);
        let m = match_headers(FileKind::Observations, &headers).unwrap();
        assert_eq!(m.keys[1], Some("house_name"));
        assert_eq!(m.keys[4], None);
        assert_eq!(
            m.extra,
            vec![
                (3, "Internes".to_string()),
                (5, "Capacité (places autorisées)".to_string())
            ]
        );
        assert!(!m.is_long_observations());
        assert!(missing_required(FileKind::Observations, &m, false).is_empty());
        let missing: Vec<&str> = missing_required(FileKind::Observations, &m, true)
            .iter()
            .map(|c| c.key)
            .collect();
        assert_eq!(missing, vec!["indicator", "value"]);
        assert!(
            column(FileKind::Observations, "house_name")
                .unwrap()
                .ignored
        );
    }

    #[test]
    fn duplicate_column_names_both() {
        let err = match_headers(
            FileKind::Observations,
            &strings(&["Maison", "Indicateur", "Période", "Valeur", "valeur "]),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("columns D (\"Valeur\") and E (\"valeur\")"),
            "{text}"
        );
        assert!(text.contains("are both the Value (value) column"), "{text}");
    }

    #[test]
    fn missing_required_columns() {
        let m = match_headers(FileKind::Houses, &strings(&["Code", "Nom", "Type"])).unwrap();
        let missing: Vec<&str> = missing_required(FileKind::Houses, &m, false)
            .iter()
            .map(|c| c.key)
            .collect();
        assert_eq!(missing, vec!["region", "capacity"]);
        let m = match_headers(
            FileKind::Targets,
            &strings(&["Maison", "Indicateur", "Cible", "Période cible"]),
        )
        .unwrap();
        assert!(missing_required(FileKind::Targets, &m, false).is_empty());
        let m = match_headers(
            FileKind::Actions,
            &strings(&["N°", "Maison", "Axe", "Action", "Échéance"]),
        )
        .unwrap();
        assert_eq!(m.keys[0], Some("id"));
        assert!(missing_required(FileKind::Actions, &m, false).is_empty());
    }
}
