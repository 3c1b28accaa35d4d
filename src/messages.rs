//! The message catalogue: every sentence a person reads outside the reports
//! (errors, confirmations, summaries, listing headers), in French and English
//! side by side. The reports have their own labels (src/report/i18n.rs).
//!
//! A message is a [`Msg`] value carrying its parameters; [`Msg::text`] writes
//! it in a language, and `Display` writes it in the language of the run (set
//! once by [`set_lang`] from `--lang` or `$LANG`; French by default on the
//! command line). Data stays data: codes, file names, CSV and JSON keys are
//! passed through unchanged.
//!
//! French typography: a no-break space (U+00A0, [`NBSP`]) before `:`, `;`,
//! `?` and `!`; numbers and dates through src/domain/format.rs.

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

use crate::cli::Lang;

/// The space French puts before `:`, `;`, `?` and `!`.
pub const NBSP: char = '\u{a0}';

/// The language of the run. English until the command line sets it, so that
/// library code used outside the binary (unit tests) keeps one language.
static LANG: AtomicU8 = AtomicU8::new(1);

pub fn set_lang(lang: Lang) {
    LANG.store(
        // Messages are French or English: Arabic runs (reports) speak French.
        match lang {
            Lang::En => 1,
            Lang::Fr | Lang::Ar | Lang::FrAr => 0,
        },
        Ordering::Relaxed,
    );
}

pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == 0 {
        Lang::Fr
    } else {
        Lang::En
    }
}

/// The run speaks French.
pub fn fr() -> bool {
    lang() == Lang::Fr
}

/// `n` followed by the singular or plural form. French treats 0 and 1 as
/// singular (`0 maison`, `1 maison`, `2 maisons`); English only 1.
pub fn plural(n: usize, one: &str, many: &str, lang: Lang) -> String {
    let singular = match lang {
        Lang::En => n == 1,
        Lang::Fr | Lang::Ar | Lang::FrAr => n <= 1,
    };
    format!("{n} {}", if singular { one } else { many })
}

/// French typography on a sentence written with plain spaces: ` :`, ` ;`,
/// ` ?` and ` !` get a no-break space. English text is returned as is.
pub fn typo(text: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && matches!(chars.get(i + 1), Some(':' | ';' | '?' | '!')) {
            out.push(NBSP);
        } else {
            out.push(c);
        }
    }
    out
}

/// The longest code, as messages say it.
const MAX_CODE: usize = crate::domain::input::MAX_CODE_LEN;

/// ` (did you mean "DT02"?)` in `lang`, or nothing.
/// A count in a sentence, its thousands grouped (`1 048 576`, `1,048,576`);
/// the French space is a no-break one, so that a line never breaks inside it.
fn grouped(n: u64, lang: Lang) -> String {
    crate::domain::format::number(n as f64, lang == Lang::Fr).replace(' ', "\u{a0}")
}

fn maybe(closest: &[String], lang: Lang) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        format!(
            " ({})",
            DidYouMean {
                names: closest.to_vec()
            }
            .text(lang)
        )
    }
}

/// What an indicator edit changed: names, kinds (empty: every kind), direction.
fn what_changed(
    names: bool,
    kinds: &Option<String>,
    direction: &Option<String>,
    lang: Lang,
) -> String {
    let fr = lang != Lang::En;
    let mut c = Vec::new();
    if names {
        c.push(if fr { "noms" } else { "names" }.to_string());
    }
    if let Some(k) = kinds {
        c.push(match (k.is_empty(), fr) {
            (true, true) => "types (tous)".to_string(),
            (true, false) => "kinds (every kind)".to_string(),
            (false, true) => format!("types ({k})"),
            (false, false) => format!("kinds ({k})"),
        });
    }
    if let Some(d) = direction {
        c.push(format!("{} ({d})", if fr { "sens" } else { "direction" }));
    }
    c.join(", ")
}

/// `: line 3` (`: ligne 3`), or nothing.
fn at_line(line: Option<u64>, lang: Lang) -> String {
    match line {
        Some(l) if lang == Lang::En => format!(": line {l}"),
        Some(l) => format!(" : ligne {l}"),
        None => String::new(),
    }
}

/// What is wrong with a character of a code.
fn bad_char(c: char, lang: Lang) -> String {
    let fr = lang != Lang::En;
    if c.is_whitespace() {
        if fr {
            "contient des espaces"
        } else {
            "contains spaces"
        }
        .to_string()
    } else if c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}') {
        if fr {
            format!("contient un caractère invisible (U+{:04X})", c as u32)
        } else {
            format!("contains an invisible character (U+{:04X})", c as u32)
        }
    } else if fr {
        format!("contient « {c} »")
    } else {
        format!("contains \"{c}\"")
    }
}

/// A field, by its key, as a person names it.
pub fn field_label(key: &str, lang: Lang) -> &str {
    if lang == Lang::En {
        return match key {
            "name_ar" => "Arabic name",
            "legal_basis" => "legal basis",
            "authorisation_no" => "authorisation number",
            "authorisation_date" => "authorisation date",
            "registration_no" => "registration number",
            "baseline_period" => "baseline period",
            "target_period" => "target period",
            "start" => "start date",
            "due" => "due date",
            "opened" => "opening date",
            other => other,
        };
    }
    match key {
        "code" => "code",
        "name" => "nom",
        "name_ar" => "nom arabe",
        "kind" => "type",
        "region" => "région",
        "province" => "province",
        "commune" => "commune",
        "milieu" => "milieu",
        "capacity" => "capacité",
        "association" => "association",
        "cohort" => "cohorte",
        "opened" => "date d'ouverture",
        "status" => "statut",
        "legal_basis" => "base légale",
        "authorisation_no" => "numéro d'autorisation",
        "authorisation_date" => "date d'autorisation",
        "registration_no" => "numéro d'enregistrement",
        "president" => "président",
        "phone" => "téléphone",
        "email" => "courriel",
        "house" => "maison",
        "indicator" => "indicateur",
        "baseline" => "valeur de départ",
        "baseline_period" => "période de départ",
        "target" => "cible",
        "target_period" => "période cible",
        "axis" => "axe",
        "title" => "titre",
        "owner" => "responsable",
        "start" => "date de début",
        "due" => "échéance",
        "budget" => "budget",
        "spent" => "dépense",
        "progress" => "avancement",
        "period" => "période",
        "dimension" => "dimension",
        "score" => "score",
        "value" => "valeur",
        other => other,
    }
}

/// What a unit measures, after "a" (`a count`, `un effectif`).
fn unit_noun(unit: &str, lang: Lang) -> &'static str {
    match (unit, lang == Lang::En) {
        ("count", true) => "count",
        ("count", false) => "un effectif",
        ("mad", true) => "sum of dirhams",
        ("mad", false) => "une somme en dirhams",
        ("days", true) => "number of days",
        ("days", false) => "un nombre de jours",
        ("hours", true) => "number of hours",
        ("hours", false) => "un nombre d'heures",
        (_, true) => "value",
        (_, false) => "une valeur",
    }
}

/// The header a person reads above a listing's column, by its key (the key
/// itself stays the CSV header and the JSON key).
pub fn column_label(key: &str, lang: Lang) -> String {
    let (fr, en) = match key {
        "code" => ("Code", "Code"),
        "name" => ("Nom", "Name"),
        "name_fr" => ("Nom (fr)", "Name (fr)"),
        "name_en" => ("Nom (en)", "Name (en)"),
        "name_ar" => ("Nom (ar)", "Name (ar)"),
        "registration_no" => ("N° d'enregistrement", "Registration no."),
        "president" => ("Président", "President"),
        "phone" => ("Téléphone", "Phone"),
        "email" => ("Courriel", "E-mail"),
        "kinds" => ("Types", "Kinds"),
        "kind" => ("Type", "Kind"),
        "unit" => ("Unité", "Unit"),
        "direction" => ("Sens", "Direction"),
        "over_time" => ("Dans le temps", "Over time"),
        "across" => ("Entre maisons", "Across houses"),
        "formula" => ("Formule", "Formula"),
        "region" => ("Région", "Region"),
        "region_name" => ("Nom de la région", "Region name"),
        "province" => ("Province", "Province"),
        "commune" => ("Commune", "Commune"),
        "milieu" => ("Milieu", "Setting"),
        "capacity" => ("Capacité", "Capacity"),
        "association" => ("Association", "Association"),
        "cohort" => ("Cohorte", "Cohort"),
        "opened" => ("Ouverture", "Opened"),
        "status" => ("Statut", "Status"),
        "legal_basis" => ("Base légale", "Legal basis"),
        "authorisation_no" => ("N° d'autorisation", "Authorisation no."),
        "authorisation_date" => ("Date d'autorisation", "Authorisation date"),
        "house" => ("Maison", "House"),
        "indicator" => ("Indicateur", "Indicator"),
        "period" => ("Période", "Period"),
        "value" => ("Valeur", "Value"),
        "comment" => ("Commentaire", "Comment"),
        "batch" => ("Lot", "Batch"),
        "recorded_at" => ("Enregistré le", "Recorded at"),
        "recorded_by" => ("Enregistré par", "Recorded by"),
        "baseline" => ("Départ", "Baseline"),
        "baseline_period" => ("Période de départ", "Baseline period"),
        "target" => ("Cible", "Target"),
        "target_period" => ("Période cible", "Target period"),
        "id" => ("N°", "Id"),
        "axis" => ("Axe", "Axis"),
        "title" => ("Titre", "Title"),
        "owner" => ("Responsable", "Owner"),
        "start" => ("Début", "Start"),
        "due" => ("Échéance", "Due"),
        "budget" => ("Budget", "Budget"),
        "spent" => ("Dépensé", "Spent"),
        "progress" => ("Avancement", "Progress"),
        "version" => ("Version", "Version"),
        "late" => ("En retard", "Late"),
        "dimension" => ("Dimension", "Dimension"),
        "score" => ("Score", "Score"),
        "rule" => ("Règle", "Rule"),
        "severity" => ("Sévérité", "Severity"),
        "left" => ("Gauche", "Left"),
        "left_value" => ("Gauche", "Left"),
        "op" => ("Op.", "Op."),
        "right" => ("Droite", "Right"),
        "right_value" => ("Droite", "Right"),
        "at" => ("Le", "At"),
        "by" => ("Par", "By"),
        "action" => ("Action", "Action"),
        "record" => ("Fiche", "Record"),
        "changes" => ("Changements", "Changes"),
        "reason" => ("Motif", "Reason"),
        "entity" => ("Entité", "Entity"),
        "key" => ("Clé", "Key"),
        "before" => ("Avant", "Before"),
        "after" => ("Après", "After"),
        "template" => ("Modèle", "Template"),
        "label_fr" => ("Libellé (fr)", "Label (fr)"),
        "label_en" => ("Libellé (en)", "Label (en)"),
        "file" => ("Fichier", "File"),
        "sha256" => ("SHA-256", "SHA-256"),
        "inserted" => ("Ajoutées", "Inserted"),
        "updated" => ("Modifiées", "Updated"),
        "unchanged" => ("Inchangées", "Unchanged"),
        "rejected" => ("Refusées", "Rejected"),
        "undone" => ("Annulé le", "Undone"),
        "iso" => ("ISO", "ISO"),
        "date" => ("Date", "Date"),
        "women" => ("Femmes", "Women"),
        "men" => ("Hommes", "Men"),
        "notes" => ("Notes", "Notes"),
        other => return other.replace('_', " "),
    };
    if lang == Lang::En { en } else { fr }.to_string()
}

/// What a workbook holds too many of ([`Msg::BookTooMany`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookCount {
    Cells,
    SharedStrings,
    CellStyles,
    Rows,
    Sheets,
}

/// One message a person reads, with what it needs to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    // --- the frame of every error ---
    /// The word before every error: `erreur :` / `error:`.
    ErrorPrefix,
    /// The line that introduces the cause of an error.
    CausedBy,
    /// Warnings on standard error.
    // --- usage (clap) ---
    UnknownArgument {
        arg: String,
    },
    UnknownSubcommand {
        name: String,
    },
    MissingArgument {
        args: String,
    },
    InvalidValue {
        value: String,
        arg: String,
    },
    ArgumentConflict {
        arg: String,
    },
    UsageHint {
        usage: String,
    },
    TooManyValues {
        value: String,
    },
    NotAListingFormat {
        format: String,
    },

    // --- things named that do not exist ---
    UnknownHouse {
        code: String,
    },
    UnknownIndicator {
        input: String,
    },
    /// `did you mean "DT02"?`: `names` already quoted and joined.
    DidYouMean {
        names: Vec<String>,
    },
    /// Where to look for the known ones: `command` is a suivi command line.
    SeeList {
        command: String,
    },
    CannotReadFile {
        path: String,
    },
    /// `op` is `open` or `read`.
    FileIo {
        path: String,
        op: String,
        why: String,
    },
    PeriodLocked {
        period: String,
    },
    WriteAnyway,
    /// Each missing column as (French header, English header, key).
    MissingColumns {
        file: String,
        columns: Vec<(&'static str, &'static str, &'static str)>,
    },
    HeaderHas {
        line: u64,
        headers: String,
    },
    NotAPeriod {
        input: String,
        reason: Box<Msg>,
    },
    NotANumber {
        input: String,
        reason: Option<Box<Msg>>,
    },
    HintDecimalComma,
    NoSuchMonth {
        n: String,
    },
    NoSuchQuarter {
        n: String,
    },
    NoSuchSemester {
        n: String,
    },
    EmptyValue,
    ValueFor {
        indicator: String,
        house: String,
        why: String,
    },
    HintDecimalDot,
    HintAmbiguous,
    HintOutOfRange,

    // --- confirmations and summaries ---
    Wrote {
        path: String,
    },
    Locked {
        period: String,
    },
    Unlocked {
        period: String,
    },
    RecordedValue {
        house: String,
        indicator: String,
        period: String,
        value: String,
    },
    UpdatedValue {
        house: String,
        indicator: String,
        period: String,
        before: String,
        value: String,
    },
    AddedHouse {
        code: String,
        name: String,
        region: String,
        capacity: i64,
    },
    CreatedDb {
        path: String,
    },
    UndidBatch {
        batch: i64,
        removed: usize,
        restored: usize,
        records: usize,
    },

    // --- the environment: database and files ---
    NoDatabase {
        path: String,
    },
    DbExists {
        path: String,
    },
    BackupExists {
        path: String,
    },
    WriteSymlink {
        path: String,
    },
    CannotOpenDb {
        path: String,
    },
    CannotCreateDb {
        path: String,
    },
    CannotSetUp {
        path: String,
    },
    CannotSetBusyTimeout,
    CannotReadDb {
        path: String,
    },
    CannotConfigureDb {
        path: String,
    },
    CannotBackUpBeforeUpgrade {
        path: String,
    },
    Upgrading {
        path: String,
        from: i64,
        to: i64,
        copy: String,
    },
    MigrationFailed {
        step: usize,
    },
    CannotSeedUpgrade,
    CannotCreate {
        path: String,
    },
    CannotCreateWhy {
        path: String,
        why: String,
    },
    CannotBackUpTo {
        path: String,
        why: String,
    },
    BackupFailed {
        path: String,
        why: String,
    },
    DbReadOnly,
    DbDiskFull,
    DbCorrupt,
    DbNotADatabase,
    DbBusy,
    DbCannotOpen,
    DbPermissionDenied,
    DbIoFailure,
    DbTooBig,
    DbConstraint,
    DbOutOfMemory,
    DbNoLocking,
    DbUnexpected,
    // --- PostgreSQL connections (src/store/pg_connect.rs) ---
    PgBadUrl {
        url: String,
        why: String,
    },
    PgUrlScheme,
    PgUrlEscape {
        part: String,
    },
    PgUrlManyHosts,
    PgUrlBracket,
    PgUrlParameter {
        name: String,
    },
    PgUrlPort {
        port: String,
    },
    PgUrlNoUser,
    PgUrlSslMode {
        mode: String,
    },
    PgSystemRootWeakMode {
        mode: String,
    },
    PgUrlTimeout {
        value: String,
    },
    PgPassFileOpen {
        path: String,
    },
    PgUnreachable {
        url: String,
        place: String,
    },
    PgTimeout {
        url: String,
        place: String,
    },
    PgUnknownHost {
        url: String,
        host: String,
    },
    PgLoginRefused {
        url: String,
        user: String,
    },
    PgNoPassword {
        url: String,
        user: String,
    },
    PgNoDatabase {
        url: String,
        db: String,
    },
    PgServerBusy {
        url: String,
    },
    PgConnRefused {
        url: String,
        why: String,
    },
    PgTlsRequired {
        url: String,
    },
    PgTlsUnsupported {
        url: String,
    },
    PgTlsFailed {
        url: String,
        why: String,
    },
    PgCertNotTrusted {
        url: String,
    },
    PgCertNoHostName {
        url: String,
        host: String,
    },
    PgCertExpired {
        url: String,
        day: String,
    },
    PgCertNotYetValid {
        url: String,
        day: String,
    },
    PgCertIsAuthority {
        url: String,
    },
    PgCertOutdated {
        url: String,
    },
    PgCertAuthorityExpired {
        url: String,
        day: String,
    },
    PgCertAuthorityNotYetValid {
        url: String,
        day: String,
    },
    PgCertWrongHost {
        url: String,
        host: String,
    },
    PgRootCertMissing {
        path: String,
    },
    PgRootCertUnreadable {
        path: String,
    },
    PgRootCertExpired {
        path: String,
        day: String,
    },
    PgRootCertNotYetValid {
        path: String,
        day: String,
    },
    // --- roles on PostgreSQL (suivi db init-roles|grant) ---
    RolesNeedPostgres {
        path: String,
    },
    RolesNoSchema {
        database: String,
    },
    RolesNotAllowed {
        user: String,
    },
    RolesReady {
        database: String,
        tables: usize,
        scoped: String,
    },
    GrantNotALogin {
        login: String,
    },
    GrantNeedsInit {
        database: String,
    },
    LoginCreated {
        login: String,
    },
    GrantedAll {
        login: String,
        group: String,
        database: String,
    },
    GrantedRegions {
        login: String,
        group: String,
        database: String,
        regions: String,
    },
    RevokeUnknownLogin {
        login: String,
    },
    Revoked {
        login: String,
        groups: String,
        database: String,
    },
    RevokedNothing {
        login: String,
        database: String,
    },
    // --- PostgreSQL ---
    PgSchemaExists {
        url: String,
    },
    PgNoSchema {
        url: String,
    },
    PgPermissionDenied,
    PgTryAgain,
    PgConnectionRefused,
    PgAuthFailed,
    PgConstraint,
    PgUnexpected,
    PgNoBackup,
    DbCopied {
        from: String,
        to: String,
        rows: i64,
        observations: i64,
    },
    WriteIsDatabase {
        path: String,
    },
    WriteIsInput {
        path: String,
    },
    WriteNotAFile {
        path: String,
    },
    WriteExists {
        path: String,
    },
    CannotWrite {
        path: String,
        why: String,
    },
    /// The import committed, but its rejects file could not be put in place.
    RejectsNotPlaced {
        batch: i64,
        path: String,
        why: String,
    },
    /// The refused rows could not wait for the rejects file in the
    /// temporary folder `dir`.
    CannotKeepRejects {
        dir: String,
        why: String,
    },
    IoDiskFull,
    IoPermissionDenied,
    IoReadOnlyFs,
    IoNotFound,
    IoFileTooLarge,
    IoQuotaExceeded,
    IoIsAFolder,
    IoNotAFolder,
    IoNameTooLong,
    /// Another error of the system, said in its own words.
    IoOther {
        text: String,
    },
    IoContentFailed,

    // --- imports refused because of their rows ---
    /// `N row(s) rejected: nothing was imported`.
    RowsRejected {
        file: String,
        n: usize,
    },
    /// One refused row: its line, the column at fault (empty when none), why.
    RowAt {
        line: u64,
        column: String,
        why: String,
    },
    /// More refused rows than listed.
    MoreRows {
        n: usize,
    },
    FixRowsHint,
    /// More warnings than shown after an import.
    MoreWarnings {
        n: usize,
    },

    // --- rows, fields and values refused ---
    HouseCodeEmpty,
    AssociationCodeEmpty,
    PeriodEmpty,
    IndicatorEmpty,
    RowUnknownHouse {
        code: String,
        closest: Vec<String>,
    },
    RowUnknownIndicator {
        name: String,
        closest: Vec<String>,
    },
    AppearsTwice {
        what: Box<Msg>,
        first: u64,
        line: u64,
    },
    HouseNamed {
        code: String,
    },
    AssociationNamed {
        code: String,
    },
    ActionNamed {
        title: String,
        house: String,
    },
    TargetNamed {
        house: String,
        indicator: String,
    },
    ScoreNamed {
        dimension: String,
        house: String,
        period: String,
    },
    DifferentValuesTwice {
        what: String,
        earlier: String,
        value: String,
        /// The lines of both rows, when the first is known.
        lines: Option<(u64, u64)>,
        /// The numbers are the same: the comments differ.
        same_value: bool,
    },
    BeyondHeader {
        value: String,
    },
    BlankHeader {
        value: String,
    },
    /// A row refused for several values: the first one's reason, then how
    /// many more, and where.
    MoreRefusedInRow {
        first: Box<Msg>,
        n: usize,
        columns: String,
    },
    ComputedIndicator {
        code: String,
    },
    LockedChange {
        what: String,
        old: Option<String>,
        value: String,
        /// The stored number is the same: only the comment would change.
        same_value: bool,
        /// The lock, when it is known (who locked, when, why).
        lock: Option<Box<Msg>>,
    },
    LockedBy {
        period: String,
        lock: String,
        relation: u8,
        day: String,
        by: String,
        reason: String,
    },
    NoPlanYet {
        house: String,
    },
    NoRows {
        file: String,
    },
    UnknownColumn {
        file: String,
        column: String,
        name: String,
    },
    /// The columns of a kind of file: `fr` and `en` are their headers in each language.
    ColumnsOfKind {
        kind: String,
        fr: String,
        en: String,
    },
    NotIndicatorColumns {
        file: String,
        columns: Vec<String>,
    },
    NameIndicatorColumns,
    ColumnManyIndicators {
        file: String,
        column: String,
        name: String,
        matches: String,
    },
    NameColumnByCode,
    ComputedColumn {
        file: String,
        column: String,
        name: String,
        code: String,
    },
    NoIndicatorColumn {
        file: String,
    },
    AtLine {
        file: String,
        line: u64,
        why: String,
    },
    CodeChars {
        house: bool,
        code: String,
        bad: char,
    },
    CodeLength {
        house: bool,
        code: String,
        len: usize,
    },
    CodeCaseTwin {
        house: bool,
        code: String,
        twin: String,
    },
    HouseFieldEmpty {
        code: String,
        field: &'static str,
    },
    HouseFieldMissing {
        code: String,
        field: &'static str,
    },
    UnknownHouseKind {
        input: String,
        choices: String,
    },
    UnknownRegion {
        input: String,
        closest: Vec<String>,
        choices: String,
    },
    UnknownMilieu {
        input: String,
        code: String,
    },
    HouseUnknownAssociation {
        association: String,
        code: String,
    },
    UnknownHouseStatus {
        input: String,
        code: String,
    },
    NotADate {
        input: String,
    },
    FieldWhy {
        field: &'static str,
        why: Box<Msg>,
    },
    FieldOfWhy {
        field: &'static str,
        of: String,
        why: Box<Msg>,
    },
    CapacityNotWhole {
        input: String,
        code: String,
        got: String,
    },
    CapacityNotNumber {
        input: String,
        code: String,
    },
    AssociationNameEmpty {
        code: String,
    },
    NotAnEmail {
        input: String,
        code: String,
    },
    BaselineHalf {
        house: String,
        indicator: String,
    },
    TargetBeforeBaseline {
        target: String,
        baseline: String,
        house: String,
        indicator: String,
    },
    UnknownDimension {
        input: String,
        choices: String,
    },
    UnknownAxis {
        input: String,
        house: String,
        choices: String,
    },
    AmountNegative {
        field: &'static str,
        value: String,
    },
    ActionNeedsAxis {
        house: String,
    },
    ActionTitleEmpty {
        house: String,
    },
    ActionNeedsTitle {
        house: String,
    },
    ActionNeedsDue {
        title: String,
        house: String,
    },
    DueBeforeStart {
        title: String,
        house: String,
        due: String,
        start: String,
    },
    ValueOfIndicator {
        field: &'static str,
        indicator: String,
        why: Box<Msg>,
    },
    UnknownActionStatus {
        input: String,
        choices: String,
    },
    UnknownEventKind {
        input: String,
    },
    ProgressOutside {
        p: String,
    },
    ScoreOutside {
        score: String,
    },
    NotDimensionScore {
        arg: String,
    },
    HintLoneDot,
    AssociationExists {
        code: String,
    },
    UnknownAssociation {
        code: String,
        closest: Vec<String>,
    },
    AssociationRunsHouses {
        code: String,
        n: usize,
        houses: String,
    },
    RuleViolations {
        n: usize,
    },
    NotAnExportFormat {
        format: String,
    },
    XlsxNeedsOut,
    OutMismatch {
        out: String,
        format: String,
    },
    HouseExists {
        code: String,
    },
    UnknownRegionFlag {
        input: String,
        closest: Vec<String>,
        known: String,
    },
    UnknownKindFlag {
        input: String,
        closest: Vec<String>,
        known: String,
    },
    HouseInUse {
        code: String,
        /// What refers to it: (table, how many), as `store::house::references` says.
        refs: Vec<(&'static str, i64)>,
    },
    FlagWhy {
        flag: String,
        why: String,
    },
    BadDelimiter {
        input: String,
    },
    ForceNeedsReason,
    IndicatorExists {
        code: String,
    },
    NameFrEmpty {
        code: String,
    },
    BadFormula {
        formula: String,
        why: String,
    },
    NothingChanged {
        why: String,
    },
    RecordComponents {
        code: String,
        formula: String,
    },
    UnknownCohort {
        input: String,
        closest: Vec<String>,
        known: String,
    },
    ReasonEmptyLock,
    ReasonEmptyUnlock,
    AlreadyLocked {
        period: String,
        at: String,
        by: String,
    },
    NotLocked {
        period: String,
    },
    PlanEndsBeforeStart {
        end: String,
        start: String,
    },
    UnknownPlanTemplate {
        input: String,
        names: String,
    },
    PlanExists {
        house: String,
        version: i64,
        start: String,
        end: String,
    },
    StageBack {
        house: String,
        furthest: String,
        stage: String,
    },
    StageTooEarly {
        stage: String,
        date: String,
        before: String,
        on: String,
    },
    NoSuchAction {
        id: i64,
    },
    NotAValidWord {
        input: String,
        what: &'static str,
        /// The words accepted (codes, the same in both languages).
        expected: &'static [&'static str],
    },
    CannotStartWriting,
    BookPartTooLarge {
        part: String,
        mib: u64,
    },
    BookTextTooLong {
        part: String,
        mib: u64,
    },
    BookPartUnreadable {
        part: String,
        why: String,
    },
    BookCellsOutOfOrder {
        line: u64,
    },
    BookTooManyColumns {
        line: u64,
        max: u64,
    },
    BookTooMany {
        max: u64,
        what: BookCount,
    },
    BookSheetHasNoPart {
        sheet: String,
    },
    BookPartMissing {
        part: String,
    },
    BookSharedTooLarge {
        mib: u64,
    },
    BookBadReference {
        value: String,
    },
    BookRowsOutOfOrder {
        line: u64,
    },
    UndoUnknownEntity {
        batch: i64,
        entity: String,
        key: String,
    },
    UndoBadKey {
        batch: i64,
        why: String,
    },
    UndoActionRemoved {
        id: i64,
    },
    UndoImageUnreadable {
        batch: i64,
        which: String,
        what: String,
        why: String,
    },
    UndoTargetGone {
        house: String,
        indicator: String,
    },
    UndoAxisGone {
        id: i64,
        axis: String,
    },
    UndoRestoreFailed {
        batch: i64,
        what: String,
        why: String,
    },
    XlsxTooManyRows {
        max: u64,
    },
    UndoHouseGone {
        house: String,
        dimension: String,
    },
    CannotCommit,
    CannotWriteAudit,
    ActionReadOnly {
        id: i64,
        house: String,
    },
    ScoredTwice {
        dimension: String,
    },
    ActivityTitleEmpty,
    NotPeople {
        flag: String,
        input: String,
    },
    TemplateNameEmpty,
    TemplateExists {
        name: String,
    },
    AxisNotCodeLabel {
        arg: String,
    },
    AxisNeedsCodeLabel {
        arg: String,
    },
    AxisTwice {
        code: String,
    },
    NoPlanVersion {
        house: String,
        version: i64,
        versions: String,
    },
    NoHouseHasVersion {
        version: i64,
    },
    NotAReportFormat {
        format: String,
        allowed: String,
    },
    ToBeforeFrom,
    MatrixTooLong,
    RuleNameEmpty,
    UnknownSeverity {
        input: String,
    },
    RuleUnknownIndicator {
        rule: String,
        name: String,
        closest: Vec<String>,
    },
    RuleExists {
        name: String,
    },
    UnknownRule {
        name: String,
        closest: Vec<String>,
    },
    ListComponents {
        code: String,
    },
    NoActiveHouseInCohort {
        cohort: String,
    },
    OutCsvOrXlsx,
    NoSuchBatch {
        batch: i64,
    },
    BatchAlreadyUndone {
        batch: i64,
        at: String,
    },
    BatchChangedAfter {
        batch: i64,
        n: usize,
    },
    ChangedSince {
        what: String,
    },
    MoreChanged {
        n: usize,
    },
    UndoAnywayHint,
    BookNoSheet,
    BookSharedStringTooLong {
        n: usize,
        max: usize,
    },
    BookClaimsTooMuch {
        last: String,
        rows: u64,
        columns: usize,
    },
    UnknownEncoding {
        input: String,
    },
    UnknownFileKind {
        input: String,
        choices: String,
    },
    XlsxTooManyColumns {
        max: usize,
    },
    ValueAlready {
        house: String,
        indicator: String,
        period: String,
        value: String,
    },
    CannotReplace {
        path: String,
    },
    CodeTaken {
        code: String,
    },
    CohortHasNoHouse {
        flag: String,
        name: String,
    },
    EndlineNotAfterBaseline {
        endline: String,
        baseline: String,
    },
    SameCohortTwice {
        cohort: String,
    },
    UnknownStage {
        input: String,
        choices: String,
    },
    CannotCopyTable {
        table: String,
    },
    BatchBadPeriod {
        batch: i64,
        period: String,
        why: String,
    },
    /// A value the command line left out, with no terminal to ask: `what` is the field's key.
    MissingFlag {
        flag: String,
        what: &'static str,
    },
    NeedsYes {
        question: String,
    },
    NotASuiviDb {
        path: String,
    },
    NotASqliteDb {
        path: String,
    },
    SchemaTooNew {
        path: String,
        found: i64,
        known: i64,
    },
    UnknownRegionPlain {
        input: String,
        closest: Vec<String>,
    },
    RegionChoices {
        choices: String,
    },
    ScoresLocked {
        period: String,
        house: String,
    },
    LockedAs {
        lock: String,
        reason: String,
    },
    UnlockFirst,
    FileEmpty {
        path: String,
    },
    FileBinary {
        path: String,
        line: Option<u64>,
    },
    FileInvalidUtf8 {
        path: String,
        line: Option<u64>,
        byte: u64,
    },
    FileMixedUtf8 {
        path: String,
        lines: Vec<u64>,
    },
    FileUnterminatedQuote {
        path: String,
        line: u64,
    },
    FileFieldTooLong {
        path: String,
        line: u64,
        column: String,
        max: usize,
    },
    FileTooManyColumns {
        path: String,
        line: u64,
        max: usize,
    },
    FileRecordTooLong {
        path: String,
        line: u64,
        max: usize,
    },
    CsvUnreadableHere,
    NoSuchSheet {
        path: String,
        name: String,
        sheets: String,
    },
    NoVisibleSheet {
        path: String,
        sheets: String,
    },
    BookRefused {
        path: String,
        what: String,
    },
    InputNotAFile {
        path: String,
    },
    SheetEmpty {
        path: String,
        sheet: String,
    },
    WorkbookUnreadable {
        path: String,
        why: String,
    },
    XlsxWriteFailed {
        path: String,
        why: String,
    },
    DuplicateColumn {
        key: String,
        /// The column's French and English headers.
        name: (&'static str, &'static str),
        first: String,
        first_column: String,
        second: String,
        second_column: String,
    },
    AskRemoveAssociation {
        code: String,
        name: String,
    },
    AskRemoveHouse {
        code: String,
        name: String,
    },
    AskRemoveAction {
        id: i64,
        house: String,
        title: String,
    },
    AskRemoveRule {
        name: String,
        rule: String,
    },
    AskUndoBatch {
        batch: i64,
        kind: String,
        file: String,
        inserted: i64,
        updated: i64,
    },
    NothingRemoved,
    NothingUndone,
    AddedAssociation {
        code: String,
        name: String,
    },
    AssociationUnchanged {
        code: String,
    },
    UpdatedAssociation {
        code: String,
    },
    RemovedAssociation {
        code: String,
    },
    HouseUnchanged {
        code: String,
    },
    UpdatedHouse {
        code: String,
    },
    RemovedHouse {
        code: String,
    },
    CreatedPlan {
        version: i64,
        house: String,
        start: String,
        end: String,
        axes: String,
    },
    StageReached {
        house: String,
        stage: String,
        date: String,
    },
    AddedAction {
        id: i64,
        house: String,
        axis: String,
        title: String,
    },
    ActionUnchanged {
        id: i64,
    },
    UpdatedAction {
        id: i64,
        title: String,
        status: String,
    },
    RemovedAction {
        id: i64,
    },
    RecordedScores {
        n: usize,
        house: String,
        period: String,
        changed: usize,
    },
    RecordedActivity {
        id: i64,
        kind: String,
        house: String,
        date: String,
    },
    AddedPlanTemplate {
        name: String,
        n: usize,
    },
    PlanSuperseded {
        version: i64,
        house: String,
        current: i64,
    },
    AddedRule {
        name: String,
        rule: String,
        severity: String,
    },
    RemovedRule {
        name: String,
    },
    WroteTemplate {
        path: String,
        houses: usize,
        indicators: usize,
        period: String,
    },
    BackedUp {
        from: String,
        to: String,
    },
    IndicatorUnchanged {
        code: String,
    },
    DemoDatabase {
        path: String,
        files: String,
    },
    DemoDocument {
        path: String,
    },
    DemoTry {
        commands: String,
    },
    NationalDemo {
        path: String,
        today: String,
    },
    NationalEstablishments {
        houses: usize,
        provinces: usize,
        associations: usize,
    },
    NationalBy {
        what: &'static str,
        list: String,
    },
    NationalYears {
        years: String,
    },
    NationalCounts {
        observations: usize,
        batch: i64,
        targets: usize,
        plans: usize,
        actions: usize,
    },
    ImportSummaryLine {
        dry_run: bool,
        file: String,
        kind: String,
        how: String,
        rows: usize,
        inserted: usize,
        updated: usize,
        unchanged: usize,
        rejected: usize,
        empty: usize,
    },
    ImportHow {
        sheet: Option<String>,
        shape: Option<String>,
        encoding: Option<String>,
        delimiter: Option<String>,
        decimal: String,
    },
    ImportWarnings {
        n: usize,
        /// A dry run: the values would be written.
        dry_run: bool,
    },
    ImportBatch {
        batch: i64,
    },
    AlreadyImported {
        batch: i64,
    },
    NothingChangedAll,
    RejectsWritten {
        n: usize,
        dry_run: bool,
        path: String,
    },
    NewValue,
    NoRowsListed,
    EveryRuleHolds,
    QueryNoRow,
    ColumnsNotShown {
        n: usize,
        names: String,
    },
    AddedIndicator {
        code: String,
        name: String,
    },
    ChangedIndicator {
        code: String,
        names: bool,
        kinds: Option<String>,
        direction: Option<String>,
    },
    TargetSet {
        house: String,
        indicator: String,
        target: String,
        period: String,
        baseline: Option<String>,
        baseline_period: Option<String>,
    },
    TargetUnchanged {
        house: String,
        indicator: String,
    },
    WroteManPages {
        n: usize,
        dir: String,
    },
    FormulaEmpty,
    FormulaTooLong {
        max: usize,
    },
    MalformedNumber {
        text: String,
    },
    FormulaTooDeep {
        max: usize,
    },
    ExpectedOperatorOrParen,
    ExpectedOperatorOrEnd,
    MissingParen {
        column: usize,
    },
    UnexpectedParen,
    ExpectedOperand,
    AtColumn {
        column: usize,
        why: String,
    },
    RuleNoComparison {
        expr: String,
    },
    RuleTwoComparisons {
        expr: String,
    },
    RuleSide {
        left: bool,
        expr: String,
        why: String,
    },
    PeriodStartsWithSeparator,
    PeriodUnexpectedChar {
        c: char,
    },
    PeriodTwoSeparators,
    PeriodEndsWithSeparator,
    YearOutOfRange {
        text: String,
    },
    YearOutside {
        year: i32,
        from: i32,
        to: i32,
    },
    SchoolYearConsecutive {
        year: i32,
    },
    PeriodUnrecognised,
    NotAMonthName {
        word: String,
    },
    NotYesNo {
        input: String,
    },
    ValueIs {
        input: String,
        why: Box<Msg>,
    },
    NotFinite,
    IsNegative {
        unit: &'static str,
    },
    NotWhole,
    OutsidePercent,
    IsNotYesNo,
    BeyondPlausible {
        unit: &'static str,
        max: String,
    },
}

use Msg::*;

impl Msg {
    /// The message in `lang`, with French typography in French.
    pub fn text(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        let (f, e): (String, String) = match self {
            ErrorPrefix => ("erreur :".into(), "error:".into()),
            CausedBy => ("cause :".into(), "caused by:".into()),

            UnknownArgument { arg } => (
                format!("option inconnue « {arg} »"),
                format!("unexpected argument '{arg}'"),
            ),
            UnknownSubcommand { name } => (
                format!("commande inconnue « {name} »"),
                format!("unrecognized subcommand '{name}'"),
            ),
            MissingArgument { args } => (
                format!("il manque un argument obligatoire : {args}"),
                format!("the following required arguments were not provided: {args}"),
            ),
            InvalidValue { value, arg } => (
                format!("valeur « {value} » refusée pour {arg}"),
                format!("invalid value '{value}' for '{arg}'"),
            ),
            ArgumentConflict { arg } => (
                format!("l'option {arg} ne peut pas être combinée avec une autre option donnée"),
                format!("the argument '{arg}' cannot be used with one of the other arguments"),
            ),
            UsageHint { usage } => (
                format!("Usage : {usage}\n\nPour en savoir plus, essayez « --help »."),
                format!("Usage: {usage}\n\nFor more information, try '--help'."),
            ),
            TooManyValues { value } => (
                format!("valeur en trop « {value} »"),
                format!("unexpected value '{value}'"),
            ),
            NotAListingFormat { format } => (
                format!(
                    "--format {format} n'est pas disponible pour les listes ; utilisez table, csv ou json"
                ),
                format!("--format {format} is not available for listings; use table, csv or json"),
            ),

            UnknownHouse { code } => (
                format!("maison inconnue « {code} »"),
                format!("unknown house \"{code}\""),
            ),
            UnknownIndicator { input } => (
                format!("indicateur inconnu « {input} »"),
                format!("unknown indicator \"{input}\""),
            ),
            DidYouMean { names } => (
                format!(
                    "vouliez-vous dire {} ?",
                    names
                        .iter()
                        .map(|n| format!("« {n} »"))
                        .collect::<Vec<_>>()
                        .join(" ou ")
                ),
                format!(
                    "did you mean {}?",
                    names
                        .iter()
                        .map(|n| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            ),
            SeeList { command } => (format!("voir `{command}`"), format!("see `{command}`")),
            CannotReadFile { path } => (
                format!("impossible de lire {path}"),
                format!("cannot read {path}"),
            ),
            FileIo { path, op, why } => (
                format!(
                    "{path} : impossible {} le fichier : {why}",
                    if op == "open" { "d'ouvrir" } else { "de lire" }
                ),
                format!("{path}: cannot {op} the file: {why}"),
            ),
            PeriodLocked { period } => (
                format!("la période {period} est verrouillée : rien n'a été écrit"),
                format!("period {period} is locked: nothing was written"),
            ),
            WriteAnyway => (
                "pour écrire quand même, ajoutez --force --reason \"pourquoi\" (gardé dans le journal)".into(),
                "to write anyway, add --force --reason \"why\" (kept in the log)".into(),
            ),
            MissingColumns { file, columns } => {
                let list = |en: bool| {
                    columns
                        .iter()
                        .map(|(fr, e, key)| format!("{} ({key})", if en { e } else { fr }))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let one = columns.len() == 1;
                (
                    format!(
                        "{file} : {} : {}",
                        if one { "colonne manquante" } else { "colonnes manquantes" },
                        list(false)
                    ),
                    format!(
                        "{file}: {}: {}",
                        if one { "missing column" } else { "missing columns" },
                        list(true)
                    ),
                )
            }
            HeaderHas { line, headers } => (
                format!("l'en-tête (ligne {line}) contient : {headers}"),
                format!("the header (line {line}) has: {headers}"),
            ),
            NotAPeriod { input, reason } => (
                format!("« {input} » n'est pas une période : {} (exemples : 2025-01, 2025-T1, 2025-S1, 2025, 2024-2025)", reason.text(Lang::Fr)),
                format!("\"{input}\" is not a period: {} (expected e.g. 2025-01, 2025-Q1, 2025-S1, 2025, 2024-2025)", reason.text(Lang::En)),
            ),
            NotANumber { input, reason } => (
                match reason {
                    Some(r) => format!("« {input} » n'est pas un nombre : {}", r.text(Lang::Fr)),
                    None => format!("« {input} » n'est pas un nombre"),
                },
                match reason {
                    Some(r) => format!("\"{input}\" is not a number: {}", r.text(Lang::En)),
                    None => format!("\"{input}\" is not a number"),
                },
            ),
            NoSuchMonth { n } => (
                format!("le mois {n} n'existe pas"),
                format!("month {n} does not exist"),
            ),
            NoSuchQuarter { n } => (
                format!("le trimestre {n} n'existe pas"),
                format!("quarter {n} does not exist"),
            ),
            NoSuchSemester { n } => (
                format!("le semestre {n} n'existe pas"),
                format!("semester {n} does not exist"),
            ),
            EmptyValue => ("la valeur est vide".into(), "the value is empty".into()),
            ValueFor {
                indicator,
                house,
                why,
            } => (
                format!("valeur de {indicator} pour {house} : {why}"),
                format!("value for {indicator} of {house}: {why}"),
            ),
            HintDecimalComma => (
                "utilisez --decimal comma si le fichier écrit les décimales avec une virgule".into(),
                "use --decimal comma if the file uses decimal commas".into(),
            ),
            HintDecimalDot => (
                "utilisez --decimal dot si le fichier écrit les décimales avec un point".into(),
                "use --decimal dot if the file uses decimal points".into(),
            ),
            HintAmbiguous => (
                "c'est ambigu : un séparateur suivi de trois chiffres peut grouper les milliers (1234) ou marquer les décimales (1.234) ; écrivez-le sans séparateur de milliers, ou dites comment le fichier écrit les décimales avec --decimal comma ou --decimal dot".into(),
                "it is ambiguous: one separator followed by three digits may group thousands (1234) or mark decimals (1.234); write it without a thousands separator, or say how the file writes decimals with --decimal comma or --decimal dot".into(),
            ),
            HintOutOfRange => (
                "il dépasse 9007199254740992 (2^53), le plus grand nombre gardé exactement".into(),
                "it is beyond 9007199254740992 (2^53), the largest number stored exactly".into(),
            ),
            Wrote { path } => (format!("Écrit : {path}"), format!("Wrote {path}")),
            Locked { period } => (
                format!("{period} verrouillée : les écritures y sont refusées sauf avec --force --reason"),
                format!("Locked {period}: writes into it are refused unless --force --reason"),
            ),
            Unlocked { period } => (
                format!("{period} déverrouillée"),
                format!("Unlocked {period}"),
            ),
            RecordedValue { house, indicator, period, value } => (
                format!("Enregistré : {house} {indicator} {period} = {value}"),
                format!("Recorded {house} {indicator} {period} = {value}"),
            ),
            UpdatedValue { house, indicator, period, before, value } => (
                format!("Modifié : {house} {indicator} {period} : {before} → {value} (l'ancienne valeur est gardée dans le journal)"),
                format!("Updated {house} {indicator} {period}: {before} → {value} (the old value is kept in the log)"),
            ),
            AddedHouse { code, name, region, capacity } => {
                let n = usize::try_from(*capacity).unwrap_or(0);
                (
                    format!("Maison {code} ajoutée ({name}, {region}, {})", plural(n, "place", "places", Lang::Fr)),
                    format!("Added house {code} ({name}, {region}, {})", plural(n, "place", "places", Lang::En)),
                )
            }
            UndidBatch {
                batch,
                removed,
                restored,
                records,
            } => (
                format!(
                    "Lot {batch} annulé : {}, {}, {}",
                    plural(*removed, "valeur retirée", "valeurs retirées", Lang::Fr),
                    plural(
                        *restored,
                        "valeur remise à sa valeur précédente",
                        "valeurs remises à leur valeur précédente",
                        Lang::Fr
                    ),
                    plural(*records, "fiche restaurée", "fiches restaurées", Lang::Fr),
                ),
                format!(
                    "Undid batch {batch}: {} removed, {} put back to their previous value, {} restored",
                    plural(*removed, "value", "values", Lang::En),
                    plural(*restored, "value", "values", Lang::En),
                    plural(*records, "record", "records", Lang::En),
                ),
            ),
            CreatedDb { path } => (
                format!("{path} créée avec les 12 régions et les 75 provinces et préfectures du Maroc, le catalogue d'indicateurs par défaut, le modèle de PDI standard et les règles de validation par défaut."),
                format!("Created {path} with Morocco's 12 regions and 75 provinces and prefectures, the default indicator catalogue, the standard plan template and the default validation rules."),
            ),
            NoDatabase { path } => (
                format!(
                    "aucune base de données à {path} : créez-en une avec `suivi init` (ou passez --db CHEMIN, ou définissez SUIVI_DB)"
                ),
                format!(
                    "no database at {path}: create one with `suivi init` (or pass --db PATH, or set SUIVI_DB)"
                ),
            ),
            DbExists { path } => (
                format!("{path} existe déjà ; suivi n'écrase jamais une base de données : choisissez un autre fichier"),
                format!("{path} already exists; suivi never overwrites a database: choose another file"),
            ),
            BackupExists { path } => (
                format!("{path} existe déjà ; choisissez un nouveau nom de fichier pour la sauvegarde"),
                format!("{path} already exists; choose a new file name for the backup"),
            ),
            WriteSymlink { path } => (
                format!("{path} : est un lien symbolique ; suivi n'écrit jamais à travers un lien (donnez le vrai chemin, ou supprimez le lien)"),
                format!("{path}: is a symbolic link; suivi never writes through a link (give the real path, or remove the link)"),
            ),
            CannotOpenDb { path } => (
                format!("impossible d'ouvrir la base de données {path}"),
                format!("cannot open the database {path}"),
            ),
            CannotCreateDb { path } => (
                format!("impossible de créer la base de données {path}"),
                format!("cannot create the database {path}"),
            ),
            CannotSetUp { path } => (
                format!("impossible de préparer {path}"),
                format!("cannot set up {path}"),
            ),
            CannotSetBusyTimeout => (
                "impossible de régler le délai d'attente de la base".into(),
                "cannot set the busy timeout".into(),
            ),
            CannotReadDb { path } => (
                format!("impossible de lire la base de données {path}"),
                format!("cannot read the database {path}"),
            ),
            CannotConfigureDb { path } => (
                format!("impossible de configurer la base de données {path}"),
                format!("cannot configure the database {path}"),
            ),
            CannotBackUpBeforeUpgrade { path } => (
                format!("impossible de sauvegarder {path} avant sa mise à niveau"),
                format!("cannot back up {path} before upgrading it"),
            ),
            Upgrading {
                path,
                from,
                to,
                copy,
            } => (
                format!(
                    "suivi : mise à niveau de {path} du schéma {from} au schéma {to} ; une copie de l'ancien fichier est à {copy}"
                ),
                format!(
                    "suivi: upgrading {path} from schema {from} to {to}; a copy of the old file is at {copy}"
                ),
            ),
            MigrationFailed { step } => (
                format!("l'étape {step} de mise à niveau du schéma a échoué"),
                format!("schema migration {step} failed"),
            ),
            CannotSeedUpgrade => (
                "impossible d'ajouter les données de référence du nouveau schéma".into(),
                "cannot add the reference data of the new schema".into(),
            ),
            CannotCreate { path } => (
                format!("impossible de créer {path}"),
                format!("cannot create {path}"),
            ),
            CannotCreateWhy { path, why } => (
                format!("impossible de créer {path} : {why}"),
                format!("cannot create {path}: {why}"),
            ),
            CannotBackUpTo { path, why } => (
                format!("impossible de sauvegarder vers {path} : {why}"),
                format!("cannot back up to {path}: {why}"),
            ),
            BackupFailed { path, why } => (
                format!("la sauvegarde vers {path} a échoué : {why} ; rien n'a été écrit"),
                format!("the backup to {path} failed: {why}; nothing was written"),
            ),
            DbReadOnly => (
                "la base de données est en lecture seule : suivi doit pouvoir écrire dans le fichier et dans son dossier (vérifiez leurs droits)".into(),
                "the database is read-only: suivi needs to write to the file and to its folder (check their permissions)".into(),
            ),
            DbDiskFull => (
                "le disque est plein : libérez de la place et réessayez (rien n'a été modifié)".into(),
                "the disk is full: free some space and try again (nothing was changed)".into(),
            ),
            DbCorrupt => (
                "le fichier de la base de données est endommagé : restaurez une sauvegarde (`suivi backup` en fait)".into(),
                "the database file is damaged: restore a backup (`suivi backup` makes them)".into(),
            ),
            DbNotADatabase => (
                "le fichier n'est pas une base de données suivi (pas SQLite, ou endommagé)".into(),
                "the file is not a suivi database (not SQLite, or damaged)".into(),
            ),
            PgSchemaExists { url } => (
                format!("{url} contient déjà une base suivi ; suivi init n'écrase jamais une base de données (choisissez une base vide)"),
                format!("{url} already holds a suivi database; suivi init never overwrites a database (choose an empty one)"),
            ),
            PgNoSchema { url } => (
                format!("{url} n'est pas une base suivi (pas de schéma) ; créez-la avec `suivi init --db {url}`"),
                format!("{url} is not a suivi database (no schema); create one with `suivi init --db {url}`"),
            ),
            PgPermissionDenied => (
                "PostgreSQL a refusé : votre rôle n'a peut-être pas le droit de faire cela (demandez à l'administrateur de la base)".into(),
                "PostgreSQL refused: your role may not do this (ask the database administrator)".into(),
            ),
            PgTryAgain => (
                "un autre suivi écrivait les mêmes données en même temps ; rien n'a été modifié : réessayez".into(),
                "another suivi was writing the same data at the same time; nothing was changed: try again".into(),
            ),
            PgConnectionRefused => (
                "le serveur PostgreSQL ne répond pas (vérifiez l'hôte, le port et que le serveur tourne)".into(),
                "the PostgreSQL server does not answer (check the host, the port and that the server runs)".into(),
            ),
            PgAuthFailed => (
                "PostgreSQL a refusé l'identification (vérifiez l'utilisateur et le mot de passe, ~/.pgpass ou PGPASSWORD)".into(),
                "PostgreSQL refused the login (check the user and password, ~/.pgpass or PGPASSWORD)".into(),
            ),
            PgConstraint => (
                "PostgreSQL a refusé une valeur contraire au schéma (rien n'a été modifié)".into(),
                "PostgreSQL refused a value against the schema (nothing was changed)".into(),
            ),
            PgUnexpected => (
                "erreur inattendue du serveur PostgreSQL".into(),
                "unexpected error from the PostgreSQL server".into(),
            ),
            PgNoBackup => (
                "suivi backup copie un fichier SQLite ; une base PostgreSQL se sauvegarde avec pg_dump (voir docs/scaling.md)".into(),
                "suivi backup copies a SQLite file; a PostgreSQL database is backed up with pg_dump (see docs/scaling.md)".into(),
            ),
            DbCopied {
                from,
                to,
                rows,
                observations,
            } => (
                format!(
                    "{from} copiée dans {to} : {} dont {}, journal, lots et verrous compris",
                    plural(*rows as usize, "ligne", "lignes", Lang::Fr),
                    plural(*observations as usize, "valeur", "valeurs", Lang::Fr),
                ),
                format!(
                    "Copied {from} to {to}: {}, {} among them, with the log, batches and locks",
                    plural(*rows as usize, "row", "rows", Lang::En),
                    plural(*observations as usize, "value", "values", Lang::En),
                ),
            ),
            DbBusy => (
                "la base de données est occupée : un autre suivi y écrit ; réessayez dans un instant".into(),
                "the database is busy: another suivi is writing to it; try again in a moment".into(),
            ),
            DbCannotOpen => (
                "impossible d'ouvrir le fichier de la base de données (son dossier manque ou n'est pas lisible)".into(),
                "cannot open the database file (its folder is missing or not readable)".into(),
            ),
            DbPermissionDenied => (
                "accès refusé au fichier de la base de données".into(),
                "permission denied on the database file".into(),
            ),
            DbIoFailure => (
                "une lecture ou une écriture sur le disque a échoué (disque plein, ou support défaillant)".into(),
                "a read or write on the disk failed (a full disk, or a failing device)".into(),
            ),
            DbTooBig => (
                "une valeur est trop grande pour la base de données".into(),
                "a value is too big for the database".into(),
            ),
            DbConstraint => (
                "une valeur a été refusée par les règles de la base de données".into(),
                "a value was refused by the database's rules".into(),
            ),
            DbOutOfMemory => ("mémoire insuffisante".into(), "out of memory".into()),
            DbNoLocking => (
                "la base de données ne peut pas être verrouillée (un dossier réseau ?) : copiez-la sur un disque local".into(),
                "the database cannot be locked (a network folder?): copy it to a local disk".into(),
            ),
            DbUnexpected => (
                "la base de données a signalé une erreur inattendue".into(),
                "the database reported an unexpected error".into(),
            ),
            PgBadUrl { url, why } => (
                format!("{url} : adresse PostgreSQL illisible : {why}"),
                format!("{url}: cannot read this PostgreSQL address: {why}"),
            ),
            PgUrlScheme => (
                "elle doit commencer par postgres:// ou postgresql://".into(),
                "it must start with postgres:// or postgresql://".into(),
            ),
            PgUrlEscape { part } => (
                format!("« {part} » contient un échappement % invalide"),
                format!("\"{part}\" holds an invalid % escape"),
            ),
            PgUrlManyHosts => (
                "un seul serveur par adresse (pas de liste séparée par des virgules)".into(),
                "one server per address (no comma-separated list)".into(),
            ),
            PgUrlBracket => (
                "une adresse IPv6 ouverte par [ n'est pas fermée par ]".into(),
                "an IPv6 address opened with [ is not closed with ]".into(),
            ),
            PgUrlParameter { name } => (
                format!("paramètre inconnu « {name} » (connus : host, port, user, password, dbname, sslmode, sslrootcert, connect_timeout, application_name, options)"),
                format!("unknown parameter \"{name}\" (known: host, port, user, password, dbname, sslmode, sslrootcert, connect_timeout, application_name, options)"),
            ),
            PgUrlPort { port } => (
                format!("le port « {port} » n'est pas un nombre entre 1 et 65535"),
                format!("the port \"{port}\" is not a number from 1 to 65535"),
            ),
            PgUrlNoUser => (
                "aucun utilisateur : donnez-le dans l'adresse (postgres://UTILISATEUR@…) ou dans PGUSER".into(),
                "no user: give one in the address (postgres://USER@…) or in PGUSER".into(),
            ),
            PgSystemRootWeakMode { mode } => (
                format!("sslrootcert=system demande sslmode=verify-full, pas « {mode} » : les autorités du système garantissent n'importe quel nom public, seul le nom de l'hôte vérifié protège"),
                format!("sslrootcert=system needs sslmode=verify-full, not \"{mode}\": the system's authorities vouch for any public name, only checking the host name protects"),
            ),
            PgUrlSslMode { mode } => (
                format!("sslmode « {mode} » inconnu (disable, allow, prefer, require, verify-ca ou verify-full)"),
                format!("unknown sslmode \"{mode}\" (disable, allow, prefer, require, verify-ca or verify-full)"),
            ),
            PgUrlTimeout { value } => (
                format!("connect_timeout « {value} » n'est pas un nombre de secondes"),
                format!("connect_timeout \"{value}\" is not a number of seconds"),
            ),
            PgPassFileOpen { path } => (
                format!("le fichier de mots de passe {path} est lisible par d'autres que son propriétaire : il est ignoré (chmod 600 {path})"),
                format!("the password file {path} can be read by others than its owner: it is ignored (chmod 600 {path})"),
            ),
            PgUnreachable { url, place } => (
                format!("impossible de joindre le serveur PostgreSQL de {url} ({place}) : vérifiez qu'il tourne et que l'hôte et le port (ou le dossier du socket) sont les bons"),
                format!("cannot reach the PostgreSQL server of {url} ({place}): check that it is running and that the host and port (or socket folder) are right"),
            ),
            PgTimeout { url, place } => (
                format!("le serveur PostgreSQL de {url} ({place}) n'a pas répondu à temps : vérifiez le réseau et le pare-feu, ou augmentez connect_timeout"),
                format!("the PostgreSQL server of {url} ({place}) did not answer in time: check the network and firewall, or raise connect_timeout"),
            ),
            PgUnknownHost { url, host } => (
                format!("{url} : le nom d'hôte « {host} » est inconnu (faute de frappe, ou DNS injoignable ?)"),
                format!("{url}: the host name \"{host}\" is unknown (a typo, or DNS unreachable?)"),
            ),
            PgLoginRefused { url, user } => (
                format!("PostgreSQL a refusé la connexion de « {user} » à {url} : mot de passe faux, ou rôle inconnu ou non autorisé (demandez à l'administrateur de la base)"),
                format!("PostgreSQL refused the login \"{user}\" to {url}: wrong password, or unknown or unauthorised role (ask the database administrator)"),
            ),
            PgNoPassword { url, user } => (
                format!("le serveur de {url} demande un mot de passe pour « {user} » : mettez-le dans ~/.pgpass (chmod 600) ou dans PGPASSWORD"),
                format!("the server of {url} asks for a password for \"{user}\": put it in ~/.pgpass (chmod 600) or in PGPASSWORD"),
            ),
            PgNoDatabase { url, db } => (
                format!("{url} : la base « {db} » n'existe pas sur ce serveur : créez-la (createdb {db}) puis `suivi init`, ou corrigez son nom"),
                format!("{url}: the database \"{db}\" does not exist on this server: create it (createdb {db}) then run `suivi init`, or fix its name"),
            ),
            PgServerBusy { url } => (
                format!("le serveur PostgreSQL de {url} n'accepte pas de connexion pour l'instant (démarrage ou trop de connexions) : réessayez dans un instant"),
                format!("the PostgreSQL server of {url} accepts no connection right now (starting up, or too many connections): try again in a moment"),
            ),
            PgConnRefused { url, why } => (
                format!("PostgreSQL a refusé la connexion à {url} : {why}"),
                format!("PostgreSQL refused the connection to {url}: {why}"),
            ),
            PgTlsRequired { url } => (
                format!("le serveur de {url} n'accepte que les connexions chiffrées : ajoutez ?sslmode=verify-full (ou require) à l'adresse"),
                format!("the server of {url} accepts only encrypted connections: add ?sslmode=verify-full (or require) to the address"),
            ),
            PgTlsUnsupported { url } => (
                format!("le serveur de {url} ne propose pas TLS alors que sslmode l'exige : activez ssl sur le serveur, ou demandez à son administrateur"),
                format!("the server of {url} offers no TLS while sslmode requires it: turn ssl on at the server, or ask its administrator"),
            ),
            PgTlsFailed { url, why } => (
                format!("la connexion chiffrée (TLS) à {url} a échoué : {why}"),
                format!("the encrypted (TLS) connection to {url} failed: {why}"),
            ),
            PgCertNotTrusted { url } => (
                format!("le certificat du serveur de {url} n'est pas signé par une autorité de confiance : vérifiez sslrootcert (le fichier de l'autorité qui a signé le certificat du serveur)"),
                format!("the certificate of the server of {url} is not signed by a trusted authority: check sslrootcert (the file of the authority that signed the server's certificate)"),
            ),
            PgCertWrongHost { url, host } => (
                format!("le certificat du serveur de {url} n'est pas établi pour « {host} » : utilisez le nom d'hôte inscrit dans le certificat (ou sslmode=verify-ca)"),
                format!("the certificate of the server of {url} is not made out to \"{host}\": use the host name written in the certificate (or sslmode=verify-ca)"),
            ),
            PgCertNoHostName { url, host } => {
                // What webpki compares an address with: an IP entry, not a DNS one.
                let kind = if host.parse::<std::net::IpAddr>().is_ok() { "IP" } else { "DNS" };
                (
                    format!("le certificat du serveur de {url} ne nomme aucun hôte dans son subjectAltName (un nom dans le seul CN ne suffit pas) : faites-en signer un avec subjectAltName = {kind}:{host} (voir docs/scaling.md, « TLS »)"),
                    format!("the certificate of the server of {url} names no host in its subjectAltName (a name in its CN alone is not enough): have one signed with subjectAltName = {kind}:{host} (see docs/scaling.md, \"TLS\")"),
                )
            }
            PgCertExpired { url, day } => (
                format!("le certificat du serveur de {url} a expiré le {} : le serveur doit en recevoir un nouveau", crate::domain::format::date(day, true)),
                format!("the certificate of the server of {url} expired on {}: the server needs a new one", crate::domain::format::date(day, false)),
            ),
            PgCertNotYetValid { url, day } => (
                format!("le certificat du serveur de {url} n'est valable qu'à partir du {} : vérifiez l'horloge de cet ordinateur et celle du serveur", crate::domain::format::date(day, true)),
                format!("the certificate of the server of {url} is valid only from {}: check this computer's clock and the server's", crate::domain::format::date(day, false)),
            ),
            PgCertIsAuthority { url } => (
                format!("le serveur de {url} présente comme le sien un certificat d'autorité (CA:TRUE) : créez une autorité, puis un certificat du serveur qu'elle signe (voir docs/scaling.md, « TLS »)"),
                format!("the server of {url} presents an authority's certificate (CA:TRUE) as its own: make an authority, then a server certificate it signs (see docs/scaling.md, \"TLS\")"),
            ),
            PgCertOutdated { url } => (
                format!("le certificat du serveur de {url} est d'un format ou d'un algorithme refusé (X.509 v1, SHA-1) : faites-en signer un en X.509 v3 avec SHA-256"),
                format!("the certificate of the server of {url} has a refused format or algorithm (X.509 v1, SHA-1): have an X.509 v3 one signed with SHA-256"),
            ),
            PgCertAuthorityExpired { url, day } => (
                format!("l'autorité intermédiaire que le serveur de {url} envoie avec son certificat a expiré le {} : mettez son certificat renouvelé dans le ssl_cert_file du serveur, après le certificat du serveur", crate::domain::format::date(day, true)),
                format!("the intermediate authority the server of {url} sends with its certificate expired on {}: put its renewed certificate in the server's ssl_cert_file, after the server's own", crate::domain::format::date(day, false)),
            ),
            PgCertAuthorityNotYetValid { url, day } => (
                format!("l'autorité intermédiaire que le serveur de {url} envoie avec son certificat n'est valable qu'à partir du {} : vérifiez l'horloge de cet ordinateur et celle du serveur", crate::domain::format::date(day, true)),
                format!("the intermediate authority the server of {url} sends with its certificate is valid only from {}: check this computer's clock and the server's", crate::domain::format::date(day, false)),
            ),
            PgRootCertMissing { path } => (
                format!("aucun fichier d'autorité pour vérifier le serveur ({path} n'existe pas) : donnez-le avec ?sslrootcert=FICHIER.pem"),
                format!("no authority file to verify the server with ({path} does not exist): give one with ?sslrootcert=FILE.pem"),
            ),
            PgRootCertUnreadable { path } => (
                format!("le fichier d'autorité {path} n'est pas un certificat PEM lisible"),
                format!("the authority file {path} is not a readable PEM certificate"),
            ),
            PgRootCertExpired { path, day } => (
                format!("le certificat d'autorité de {path} a expiré le {} : demandez le certificat renouvelé de l'autorité à qui administre le serveur", crate::domain::format::date(day, true)),
                format!("the authority certificate in {path} expired on {}: ask whoever runs the server for the authority's renewed certificate", crate::domain::format::date(day, false)),
            ),
            PgRootCertNotYetValid { path, day } => (
                format!("le certificat d'autorité de {path} n'est valable qu'à partir du {} : vérifiez l'horloge de cet ordinateur", crate::domain::format::date(day, true)),
                format!("the authority certificate in {path} is valid only from {}: check this computer's clock", crate::domain::format::date(day, false)),
            ),
            RolesNeedPostgres { path } => (
                format!("{path} est un fichier SQLite : les rôles n'existent que sur une base PostgreSQL partagée (--db postgres://UTILISATEUR@HÔTE/BASE) ; un fichier local est protégé par ses droits de fichier"),
                format!("{path} is a SQLite file: roles exist only on a shared PostgreSQL database (--db postgres://USER@HOST/DB); a local file is protected by its file permissions"),
            ),
            RolesNoSchema { database } => (
                format!("la base « {database} » ne contient pas encore de données suivi : lancez d'abord `suivi init` sur elle"),
                format!("the database \"{database}\" holds no suivi data yet: run `suivi init` on it first"),
            ),
            RolesNotAllowed { user } => (
                format!("« {user} » ne peut pas créer de rôles : lancez cette commande en superutilisateur (postgres) ou avec un rôle CREATEROLE"),
                format!("\"{user}\" cannot create roles: run this command as a superuser (postgres) or a role with CREATEROLE"),
            ),
            RolesReady { database, tables, scoped } => (
                format!("rôles suivi_reader, suivi_analyst et suivi_admin prêts sur « {database} » : {tables} tables autorisées ; limitées par région : {scoped}"),
                format!("roles suivi_reader, suivi_analyst and suivi_admin ready on \"{database}\": {tables} tables granted; limited by region: {scoped}"),
            ),
            GrantNotALogin { login } => (
                format!("« {login} » n'est pas un nom de connexion possible (ni un rôle suivi_*, ni pg_*, ni vide)"),
                format!("\"{login}\" cannot be a login (not a suivi_* role, not pg_*, not empty)"),
            ),
            GrantNeedsInit { database } => (
                format!("les rôles suivi n'existent pas encore sur « {database} » : lancez d'abord `suivi db init-roles`"),
                format!("the suivi roles do not exist on \"{database}\" yet: run `suivi db init-roles` first"),
            ),
            LoginCreated { login } => (
                format!("connexion « {login} » créée, sans mot de passe : donnez-lui en un avec psql (\\password {login})"),
                format!("login \"{login}\" created, without a password: give it one with psql (\\password {login})"),
            ),
            GrantedAll { login, group, database } => (
                format!("« {login} » est {group} sur « {database} », toutes régions"),
                format!("\"{login}\" is {group} on \"{database}\", every region"),
            ),
            GrantedRegions { login, group, database, regions } => (
                format!("« {login} » est {group} sur « {database} », limité aux maisons des régions {regions}"),
                format!("\"{login}\" is {group} on \"{database}\", limited to the houses of regions {regions}"),
            ),
            RevokeUnknownLogin { login } => (
                format!("aucune connexion « {login} » sur ce serveur : vérifiez le nom (\\du dans psql les liste)"),
                format!("no login \"{login}\" on this server: check the name (\\du in psql lists them)"),
            ),
            Revoked { login, groups, database } => (
                format!("« {login} » n'a plus accès à suivi sur « {database} » (retiré de {groups}, régions effacées) ; la connexion reste : ALTER ROLE … NOLOGIN dans psql l'empêche de se connecter"),
                format!("\"{login}\" no longer has access to suivi on \"{database}\" (removed from {groups}, regions cleared); the login stays: ALTER ROLE … NOLOGIN in psql stops it logging in"),
            ),
            RevokedNothing { login, database } => (
                format!("« {login} » n'avait aucun rôle suivi sur « {database} » : rien n'a changé"),
                format!("\"{login}\" had no suivi role on \"{database}\": nothing changed"),
            ),
            WriteIsDatabase { path } => (
                format!("{path} : c'est la base de données elle-même (ou un de ses journaux) ; rien n'a été écrit : choisissez un autre nom de fichier"),
                format!("{path}: is the database itself (or one of its journal files); nothing was written: choose another file name"),
            ),
            WriteIsInput { path } => (
                format!("{path} : c'est le fichier en cours de lecture ; rien n'a été écrit : choisissez un autre nom de fichier"),
                format!("{path}: is the file being read; nothing was written: choose another file name"),
            ),
            WriteNotAFile { path } => (
                format!("{path} : n'est pas un fichier ordinaire (un dossier, un FIFO ou un périphérique) ; choisissez un nom de fichier"),
                format!("{path}: is not a regular file (a folder, a FIFO or a device); choose a file name"),
            ),
            WriteExists { path } => (
                format!("{path} : existe déjà ; choisissez un nouveau nom de fichier"),
                format!("{path}: already exists; choose a new file name"),
            ),
            CannotWrite { path, why } => (
                format!("impossible d'écrire {path} : {why} ; rien n'a été écrit"),
                format!("cannot write {path}: {why}; nothing was written"),
            ),
            RejectsNotPlaced { batch, path, why } => (
                format!("le lot {batch} est enregistré, mais le fichier de rejets {path} n'a pas pu être écrit : {why} ; relancez la même commande pour l'écrire (rien ne sera importé deux fois)"),
                format!("batch {batch} is recorded, but the rejects file {path} could not be written: {why}; run the same command again to write it (nothing will be imported twice)"),
            ),
            CannotKeepRejects { dir, why } => (
                format!("impossible de garder les lignes refusées dans le dossier temporaire {dir} : {why} ; rien n'a été écrit (vérifiez ce dossier, sa place libre et ses droits, ou choisissez-en un autre avec la variable TMPDIR)"),
                format!("cannot keep the refused rows in the temporary folder {dir}: {why}; nothing was written (check that folder, its free space and rights, or choose another one with the TMPDIR variable)"),
            ),
            IoDiskFull => ("le disque est plein".into(), "the disk is full".into()),
            IoPermissionDenied => (
                "accès refusé (le fichier ou son dossier est en lecture seule ou appartient à quelqu'un d'autre)".into(),
                "permission denied (the file or its folder is read-only or belongs to someone else)".into(),
            ),
            IoReadOnlyFs => (
                "le système de fichiers est en lecture seule".into(),
                "the file system is read-only".into(),
            ),
            IoNotFound => (
                "fichier ou dossier introuvable".into(),
                "no such file or folder".into(),
            ),
            IoFileTooLarge => (
                "le fichier dépasserait la taille permise par ce système (un quota ou `ulimit -f`)".into(),
                "the file would be larger than this system allows (a quota or `ulimit -f`)".into(),
            ),
            IoQuotaExceeded => (
                "le quota disque est dépassé".into(),
                "the disk quota is exceeded".into(),
            ),
            IoIsAFolder => ("c'est un dossier".into(), "it is a folder".into()),
            IoNotAFolder => (
                "une partie du chemin n'est pas un dossier".into(),
                "a part of the path is not a folder".into(),
            ),
            IoNameTooLong => (
                "le nom du fichier est trop long pour ce système (avec le nom temporaire que suivi lui ajoute pendant l'écriture) : choisissez un nom plus court".into(),
                "the file name is too long for this system (with the temporary name suivi adds while writing): choose a shorter name".into(),
            ),
            IoOther { text } => (
                format!("erreur du système ({text})"),
                format!("system error ({text})"),
            ),
            IoContentFailed => (
                "le contenu n'a pas pu être produit".into(),
                "the content could not be produced".into(),
            ),
            RowsRejected { file, n } => (
                format!(
                    "{file} : {} : rien n'a été importé",
                    plural(*n, "ligne refusée", "lignes refusées", Lang::Fr)
                ),
                format!(
                    "{file}: {} rejected: nothing was imported",
                    plural(*n, "row", "rows", Lang::En)
                ),
            ),
            RowAt { line, column, why } => {
                if column.is_empty() {
                    (format!("ligne {line} : {why}"), format!("line {line}: {why}"))
                } else {
                    (
                        format!("ligne {line}, colonne {column} : {why}"),
                        format!("line {line}, column {column}: {why}"),
                    )
                }
            }
            MoreRows { n } => (
                format!("… et {} de plus", plural(*n, "ligne", "lignes", Lang::Fr)),
                format!("… and {} more", plural(*n, "row", "rows", Lang::En)),
            ),
            FixRowsHint => (
                "corrigez ces lignes et importez à nouveau, ou ajoutez --skip-invalid --rejects FICHIER pour importer les lignes valides".into(),
                "fix these rows and import again, or add --skip-invalid --rejects FILE to import the valid rows".into(),
            ),
            MoreWarnings { n } => (
                format!(
                    "… et {} : `suivi check` les liste toutes",
                    plural(*n, "autre", "autres", Lang::Fr)
                ),
                format!("… and {n} more: `suivi check` lists them all"),
            ),
            HouseCodeEmpty => ("le code de la maison est vide".into(), "the house code is empty".into()),
            AssociationCodeEmpty => ("le code de l'association est vide".into(), "the association code is empty".into()),
            PeriodEmpty => ("la période est vide".into(), "the period is empty".into()),
            IndicatorEmpty => ("l'indicateur est vide".into(), "the indicator is empty".into()),
            RowUnknownHouse { code, closest } => (format!("maison inconnue « {code} »{} ; voir `suivi house list`", maybe(closest, Lang::Fr)), format!("unknown house \"{code}\"{}; see `suivi house list`", maybe(closest, Lang::En))),
            RowUnknownIndicator { name, closest } => (format!("indicateur inconnu « {name} »{} ; voir `suivi indicator list`", maybe(closest, Lang::Fr)), format!("unknown indicator \"{name}\"{}; see `suivi indicator list`", maybe(closest, Lang::En))),
            AppearsTwice { what, first, line } => (format!("{} figure deux fois dans ce fichier (lignes {first} et {line}) : gardez une seule ligne", what.text(Lang::Fr)), format!("{} appears twice in this file (lines {first} and {line}): keep one row", what.text(Lang::En))),
            HouseNamed { code } => (format!("la maison {code}"), format!("house {code}")),
            AssociationNamed { code } => (format!("l'association {code}"), format!("association {code}")),
            ActionNamed { title, house } => (format!("l'action « {title} » de {house}"), format!("action \"{title}\" of {house}")),
            TargetNamed { house, indicator } => (format!("la cible de {house} {indicator}"), format!("the target of {house} {indicator}")),
            ScoreNamed { dimension, house, period } => (format!("le score {dimension} de {house} pour {period}"), format!("the {dimension} score of {house} for {period}")),
            DifferentValuesTwice { what, earlier, value, lines, same_value } => {
                let (fr, en) = match lines {
                    Some((first, line)) => (format!(" (lignes {first} et {line})"), format!(" (lines {first} and {line})")),
                    None => (String::new(), String::new()),
                };
                if *same_value {
                    (format!("{what} figure deux fois dans ce fichier{fr} avec la même valeur ({value}) mais des commentaires différents"), format!("{what} appears twice in this file{en} with the same value ({value}) but different comments"))
                } else {
                    (format!("{what} figure deux fois dans ce fichier{fr} avec des valeurs différentes ({earlier} et {value})"), format!("{what} appears twice in this file{en} with different values ({earlier} and {value})"))
                }
            }
            BeyondHeader { value } => (format!("« {value} » est au-delà de la dernière colonne de l'en-tête : la ligne a plus de cellules que l'en-tête (une virgule décimale dans un fichier séparé par des virgules ? mettez alors le nombre entre guillemets ou utilisez ; comme séparateur)"), format!("\"{value}\" is beyond the last column of the header: the row has more cells than the header (a decimal comma in a comma-separated file? then quote the number or use ; as separator)")),
            BlankHeader { value } => (format!("« {value} » est dans une colonne sans en-tête, qui ne serait pas lue (donnez un en-tête à la colonne, ou videz la cellule)"), format!("\"{value}\" is in a column without a header, which would not be read (give the column a header, or empty the cell)")),
            MoreRefusedInRow { first, n, columns } => (format!("{} ; {} de la ligne {} : {columns}", first.text(Lang::Fr), plural(*n, "autre valeur", "autres valeurs", Lang::Fr), if *n <= 1 { "refusée" } else { "refusées" }), format!("{}; {} of the row refused: {columns}", first.text(Lang::En), plural(*n, "more value", "more values", Lang::En))),
            ComputedIndicator { code } => (format!("{code} est calculé par une formule : envoyez plutôt ses composantes"), format!("{code} is computed from a formula: send its components instead")),
            LockedChange { what, old, value, same_value, lock } => {
                let said = |lang: Lang| lock.as_ref().map(|l| format!(" : {}", l.text(lang))).unwrap_or_default();
                let en = lock.as_ref().map(|l| format!(": {}", l.text(Lang::En))).unwrap_or_default();
                (
                    match old {
                        Some(_) if *same_value => format!("{what} changerait de commentaire (valeur {value} inchangée) dans une période verrouillée{}", said(Lang::Fr)),
                        Some(o) => format!("{what} changerait de {o} à {value} dans une période verrouillée{}", said(Lang::Fr)),
                        None => format!("{what} serait ajouté ({value}) dans une période verrouillée{}", said(Lang::Fr)),
                    },
                    match old {
                        Some(_) if *same_value => format!("{what} would change its comment (value {value} unchanged) in a locked period{en}"),
                        Some(o) => format!("{what} would change from {o} to {value} in a locked period{en}"),
                        None => format!("{what} would be added ({value}) in a locked period{en}"),
                    },
                )
            }
            LockedBy { period, lock, relation, day, by, reason } => (format!("{} le {day} par {by} : {reason}", match relation { 0 => format!("{period} est verrouillée"), 1 => format!("{period} est comprise dans {lock}, verrouillée"), _ => format!("{period} chevauche {lock}, verrouillée") }), format!("{} on {day} by {by}: {reason}", match relation { 0 => format!("{period} is locked"), 1 => format!("{period} falls within {lock}, locked"), _ => format!("{period} overlaps {lock}, locked") })),
            NoPlanYet { house } => (format!("la maison {house} n'a pas encore de plan ; créez-le avec `suivi plan init {house} --start P --end P`"), format!("house {house} has no plan yet; create it with `suivi plan init {house} --start P --end P`")),
            NoRows { file } => (format!("{file} : le fichier a un en-tête mais aucune ligne : rien à importer"), format!("{file}: the file has a header but no rows: nothing to import")),
            UnknownColumn { file, column, name } => (format!("{file} : colonne inconnue {column} « {name} »"), format!("{file}: unknown column {column} \"{name}\"")),
            ColumnsOfKind { kind, fr, en } => (format!("les colonnes d'un fichier {kind} sont : {fr}"), format!("the columns of an {kind} file are: {en}")),
            NotIndicatorColumns { file, columns } => (format!("{file} : {} : {}", if columns.len() > 1 { "ces colonnes ne sont pas des indicateurs" } else { "cette colonne n'est pas un indicateur" }, columns.join(", ")), format!("{file}: {} {} {}", if columns.len() > 1 { "columns" } else { "column" }, columns.join(", "), if columns.len() > 1 { "are not indicators" } else { "is not an indicator" })),
            NameIndicatorColumns => ("nommez chaque colonne d'indicateur par son code ou son nom français ou anglais (voir `suivi indicator list`)".into(), "name each indicator column by its code or its French or English name (see `suivi indicator list`)".into()),
            ColumnManyIndicators { file, column, name, matches } => (format!("{file} : la colonne {column} « {name} » désigne plusieurs indicateurs : {matches}"), format!("{file}: column {column} \"{name}\" matches more than one indicator: {matches}")),
            NameColumnByCode => ("nommez la colonne par le code de l'indicateur qu'elle contient (voir `suivi indicator list`)".into(), "name the column by the code of the indicator it holds (see `suivi indicator list`)".into()),
            ComputedColumn { file, column, name, code } => (format!("{file} : la colonne {column} « {name} » est {code}, calculé par une formule : retirez la colonne et envoyez ses composantes"), format!("{file}: column {column} \"{name}\" is {code}, computed from a formula: remove the column and send its components")),
            NoIndicatorColumn { file } => (format!("{file} : aucune colonne d'indicateur : un fichier large a la maison, la période, puis une colonne par indicateur"), format!("{file}: no indicator column: a wide file has house, period, then one column per indicator")),
            AtLine { file, line, why } => (format!("{file} : ligne {line} : {why}"), format!("{file}: line {line}: {why}")),
            CodeChars { house, code, bad } => (format!("le code {} « {code} » {} ; n'utilisez que des lettres A-Z, des chiffres, - ou _ (au plus {MAX_CODE} caractères)", if *house { "de maison" } else { "d'association" }, bad_char(*bad, Lang::Fr)), format!("{} code \"{code}\" {}; use only letters A-Z, digits, - or _ (at most {MAX_CODE} characters)", if *house { "house" } else { "association" }, bad_char(*bad, Lang::En))),
            CodeLength { house, code, len } => (format!("le code {} « {code} » a {len} caractères ; un code en a au plus {MAX_CODE}", if *house { "de maison" } else { "d'association" }), format!("{} code \"{code}\" has {len} characters; a code has at most {MAX_CODE}", if *house { "house" } else { "association" })),
            CodeCaseTwin { house, code, twin } => (format!("le code « {code} » ne diffère {} « {twin} » que par la casse ; les codes sont comparés sans tenir compte de la casse : utilisez « {twin} » ou un autre code", if *house { "de la maison existante" } else { "de l'association existante" }), format!("{} code \"{code}\" differs from the existing {} \"{twin}\" only by case; codes are compared ignoring case: use \"{twin}\" or another code", if *house { "house" } else { "association" }, if *house { "house" } else { "association" })),
            HouseFieldEmpty { code, field } => (format!("le champ {} de la maison {code} est vide", field_label(field, Lang::Fr)), format!("the {} of house {code} is empty", field_label(field, Lang::En))),
            HouseFieldMissing { code, field } => (format!("il manque le champ {} de la maison {code}", field_label(field, Lang::Fr)), format!("house {code} has no {}", field_label(field, Lang::En))),
            UnknownHouseKind { input, choices } => (format!("type de maison inconnu « {input} » ; choisissez parmi {choices}"), format!("unknown house kind \"{input}\"; use one of {choices}")),
            UnknownRegion { input, closest, choices } => (format!("région inconnue « {input} »{} ; donnez un code (01-12) ou un nom : {choices}", maybe(closest, Lang::Fr)), format!("unknown region \"{input}\"{}; use a code (01-12) or a name: {choices}", maybe(closest, Lang::En))),
            UnknownMilieu { input, code } => (format!("milieu inconnu « {input} » pour la maison {code} ; utilisez rural ou urbain"), format!("unknown milieu \"{input}\" for house {code}; use rural or urban (urbain)")),
            HouseUnknownAssociation { association, code } => (format!("association inconnue « {association} » pour la maison {code} ; ajoutez-la d'abord avec `suivi association add {association} --name ...`"), format!("unknown association \"{association}\" for house {code}; add it first with `suivi association add {association} --name ...`")),
            UnknownHouseStatus { input, code } => (format!("statut inconnu « {input} » pour la maison {code} ; utilisez active ou closed (fermée)"), format!("unknown status \"{input}\" for house {code}; use active or closed")),
            NotADate { input } => (format!("« {input} » n'est pas une date : attendu AAAA-MM-JJ ou JJ/MM/AAAA"), format!("\"{input}\" is not a date: expected YYYY-MM-DD or DD/MM/YYYY")),
            FieldWhy { field, why } => (format!("{} : {}", field_label(field, Lang::Fr), why.text(Lang::Fr)), format!("{}: {}", field_label(field, Lang::En), why.text(Lang::En))),
            FieldOfWhy { field, of, why } => (format!("{} de {of} : {}", field_label(field, Lang::Fr), why.text(Lang::Fr)), format!("{} of {of}: {}", field_label(field, Lang::En), why.text(Lang::En))),
            CapacityNotWhole { input, code, got } => (format!("la capacité « {input} » de la maison {code} doit être un nombre entier de places, 0 ou plus (reçu {got})"), format!("capacity \"{input}\" of house {code} must be a whole number of places, 0 or more (got {got})")),
            CapacityNotNumber { input, code } => (format!("la capacité « {input} » de la maison {code} n'est pas un nombre de places"), format!("capacity \"{input}\" of house {code} is not a number of places")),
            AssociationNameEmpty { code } => (format!("le nom de l'association {code} est vide"), format!("the name of association {code} is empty")),
            NotAnEmail { input, code } => (format!("« {input} » n'est pas une adresse électronique (association {code})"), format!("\"{input}\" is not an e-mail address (association {code})")),
            BaselineHalf { house, indicator } => (format!("une situation de départ a besoin d'une valeur et d'une période (maison {house}, {indicator})"), format!("a baseline needs both a value and a period (house {house}, {indicator})")),
            TargetBeforeBaseline { target, baseline, house, indicator } => (format!("la période cible {target} finit avant la période de départ {baseline} (maison {house}, {indicator})"), format!("target period {target} ends before baseline period {baseline} (house {house}, {indicator})")),
            UnknownDimension { input, choices } => (format!("dimension inconnue « {input} » ; choisissez parmi {choices}"), format!("unknown dimension \"{input}\"; use one of {choices}")),
            UnknownAxis { input, house, choices } => (format!("axe inconnu « {input} » dans le plan de {house} ; choisissez parmi {choices}"), format!("unknown axis \"{input}\" in the plan of {house}; use one of {choices}")),
            AmountNegative { field, value } => (format!("{} {} est négatif", field_label(field, Lang::Fr), value.replace('.', ",")), format!("{} {value} is negative", field_label(field, Lang::En))),
            ActionNeedsAxis { house } => (format!("une action de {house} a besoin d'un axe"), format!("an action of {house} needs an axis")),
            ActionTitleEmpty { house } => (format!("le titre de l'action est vide (maison {house})"), format!("the action title is empty (house {house})")),
            ActionNeedsTitle { house } => (format!("une action de {house} a besoin d'un titre"), format!("an action of {house} needs a title")),
            ActionNeedsDue { title, house } => (format!("l'action « {title} » de {house} a besoin d'une échéance"), format!("action \"{title}\" of {house} needs a due date")),
            DueBeforeStart { title, house, due, start } => (format!("l'action « {title} » de {house} arrive à échéance ({due}) avant de commencer ({start})"), format!("action \"{title}\" of {house} is due ({due}) before it starts ({start})")),
            ValueOfIndicator { field, indicator, why } => (format!("{} de {indicator} : {}", field_label(field, Lang::Fr), why.text(Lang::Fr)), format!("{} for {indicator}: {}", field_label(field, Lang::En), why.text(Lang::En))),
            UnknownActionStatus { input, choices } => (format!("statut d'action inconnu « {input} » ; choisissez parmi {choices} (ou en cours, terminé, annulé)"), format!("unknown action status \"{input}\"; use one of {choices} (or en cours, terminé, annulé)")),
            UnknownEventKind { input } => (format!("type d'activité inconnu « {input} » ; utilisez formation, atelier ou visite (training, workshop, visit)"), format!("unknown activity kind \"{input}\"; use training, workshop or visit (formation, atelier, visite)")),
            ProgressOutside { p } => (format!("l'avancement {} est hors de 0-100", p.replace('.', ",")), format!("progress {p} is outside 0-100")),
            ScoreOutside { score } => (format!("le score {} est hors de 1-4 (1 naissant, 2 émergent, 3 en expansion, 4 mature)", score.replace('.', ",")), format!("score {score} is outside 1-4 (1 nascent, 2 emerging, 3 expanding, 4 mature)")),
            NotDimensionScore { arg } => (format!("« {arg} » n'est pas DIMENSION=SCORE (par exemple governance=3)"), format!("\"{arg}\" is not DIMENSION=SCORE (e.g. governance=3)")),
            HintLoneDot => ("un point seul est ambigu avec des décimales à virgule (1.234 peut valoir 1234) ; utilisez --decimal dot si le fichier écrit les décimales avec un point".into(), "a lone dot is ambiguous with decimal commas (1.234 may mean 1234); use --decimal dot if the file uses decimal points".into()),
            AssociationExists { code } => (format!("l'association {code} existe déjà ; rien n'a été modifié (utilisez `suivi association edit {code}`)"), format!("association {code} already exists; nothing was changed (use `suivi association edit {code}`)")),
            UnknownAssociation { code, closest } => (format!("association inconnue « {code} »{} ; voir `suivi association list`", maybe(closest, Lang::Fr)), format!("unknown association \"{code}\"{}; see `suivi association list`", maybe(closest, Lang::En))),
            AssociationRunsHouses { code, n, houses } => (format!("l'association {code} gère {} ({houses}) ; donnez-leur d'abord une autre association (`suivi house edit CODE --association AUTRE`)", plural(*n, "maison", "maisons", Lang::Fr)), format!("association {code} runs {} ({houses}); give them another association first (`suivi house edit CODE --association OTHER`)", plural(*n, "house", "houses", Lang::En))),
            RuleViolations { n } => (format!("{} de sévérité erreur ; corrigez les valeurs listées ci-dessus", plural(*n, "règle non respectée", "règles non respectées", Lang::Fr)), format!("{} of error severity; correct the values listed above", plural(*n, "rule violation", "rule violations", Lang::En))),
            NotAnExportFormat { format } => (format!("--format {format} n'est pas disponible pour les exports ; utilisez csv, xlsx ou json"), format!("--format {format} is not available for exports; use csv, xlsx or json")),
            XlsxNeedsOut => ("un export xlsx a besoin de --out FICHIER.xlsx".into(), "an xlsx export needs --out FILE.xlsx".into()),
            OutMismatch { out, format } => (format!("--out {out} ne correspond pas à --format {format} : nommez le fichier .xlsx pour un export xlsx, et sinon non"), format!("--out {out} does not match --format {format}: name the file .xlsx for an xlsx export, and otherwise not")),
            HouseExists { code } => (format!("la maison {code} existe déjà ; rien n'a été modifié (utilisez `suivi house edit {code}`)"), format!("house {code} already exists; nothing was changed (use `suivi house edit {code}`)")),
            UnknownRegionFlag { input, closest, known } => (format!("--region : région inconnue « {input} »{} ; régions connues : {known}", maybe(closest, Lang::Fr)), format!("--region: unknown region \"{input}\"{}; known regions: {known}", maybe(closest, Lang::En))),
            UnknownKindFlag { input, closest, known } => (format!("--kind : type de maison inconnu « {input} »{} ; types connus : {known}", maybe(closest, Lang::Fr)), format!("--kind: unknown house kind \"{input}\"{}; known kinds: {known}", maybe(closest, Lang::En))),
            HouseInUse { code, refs } => {
                let what = |lang: Lang| {
                    refs.iter()
                        .map(|&(table, n)| {
                            let (one, many) = match (table, lang) {
                                ("observation", Lang::En) => ("observation", "observations"),
                                ("observation", _) => ("valeur", "valeurs"),
                                ("target", Lang::En) => ("target", "targets"),
                                ("target", _) => ("cible", "cibles"),
                                ("assessment", Lang::En) => ("assessment", "assessments"),
                                ("assessment", _) => ("score", "scores"),
                                ("event", Lang::En) => ("event", "events"),
                                ("event", _) => ("événement", "événements"),
                                _ => ("plan", "plans"),
                            };
                            plural(n as usize, one, many, lang)
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let one = matches!(refs.as_slice(), [(_, 1)]);
                (
                    format!("la maison {code} ne peut pas être supprimée : {} y {} ; marquez-la plutôt fermée (`suivi house edit {code} --status closed`)", what(Lang::Fr), if one { "renvoie" } else { "renvoient" }),
                    format!("house {code} cannot be removed: {} {} to it; mark it closed instead (`suivi house edit {code} --status closed`)", what(Lang::En), if one { "refers" } else { "refer" }),
                )
            }
            FlagWhy { flag, why } => (format!("{flag} : {why}"), format!("{flag}: {why}")),
            BadDelimiter { input } => (format!("--delimiter « {input} » : utilisez , ; tab ou |"), format!("--delimiter \"{input}\": use , ; tab or |")),
            ForceNeedsReason => ("--force a besoin de --reason \"pourquoi\" (gardé dans le journal)".into(), "--force needs --reason \"why\" (kept in the audit log)".into()),
            IndicatorExists { code } => (format!("l'indicateur {code} existe déjà ; rien n'a été modifié"), format!("indicator {code} already exists; nothing was changed")),
            NameFrEmpty { code } => (format!("--name-fr de l'indicateur {code} est vide : un indicateur garde un nom français"), format!("--name-fr of indicator {code} is empty: an indicator keeps a French name")),
            BadFormula { formula, why } => (format!("formule « {formula} » : {why}"), format!("formula \"{formula}\": {why}")),
            NothingChanged { why } => (format!("{why} ; rien n'a été modifié"), format!("{why}; nothing was changed")),
            RecordComponents { code, formula } => (format!("{code} est calculé par une formule ({formula}) ; enregistrez plutôt ses composantes"), format!("{code} is computed from a formula ({formula}); record its components instead")),
            UnknownCohort { input, closest, known } => (format!("--cohort : cohorte inconnue « {input} »{} ; cohortes connues : {known}", maybe(closest, Lang::Fr)), format!("--cohort: unknown cohort \"{input}\"{}; known cohorts: {known}", maybe(closest, Lang::En))),
            ReasonEmptyLock => ("--reason est vide : dites pourquoi la période est verrouillée".into(), "--reason is empty: say why the period is locked".into()),
            ReasonEmptyUnlock => ("--reason est vide : dites pourquoi la période est déverrouillée".into(), "--reason is empty: say why the period is unlocked".into()),
            AlreadyLocked { period, at, by } => (format!("la période {period} est déjà verrouillée (depuis le {at}, par {by})"), format!("period {period} is already locked (since {at} by {by})")),
            NotLocked { period } => (format!("la période {period} n'est pas verrouillée ; voir `suivi period list`"), format!("period {period} is not locked; see `suivi period list`")),
            PlanEndsBeforeStart { end, start } => (format!("le plan finit ({end}) avant de commencer ({start})"), format!("the plan ends ({end}) before it starts ({start})")),
            UnknownPlanTemplate { input, names } => (format!("modèle de plan inconnu « {input} » ; choisissez parmi {names}"), format!("unknown plan template \"{input}\"; use one of {names}")),
            PlanExists { house, version, start, end } => (format!("la maison {house} a déjà un plan (version {version}, de {start} à {end}) ; ajoutez --new-version pour commencer une nouvelle version (l'ancienne est gardée, en lecture seule)"), format!("house {house} already has a plan (version {version}, {start} to {end}); add --new-version to start a new version (the old one is kept, read-only)")),
            StageBack { house, furthest, stage } => (format!("le plan de {house} a atteint {furthest} ; revenir à {stage} retire les étapes suivantes : ajoutez --force --reason \"pourquoi\""), format!("the plan of {house} has reached {furthest}; going back to {stage} removes the later stages: add --force --reason \"why\"")),
            StageTooEarly { stage, date, before, on } => (format!("{stage} ne peut pas être atteinte le {date}, avant {before} ({on})"), format!("{stage} cannot be reached on {date}, before {before} ({on})")),
            NotAValidWord { input, what, expected } => {
                let fr = match *what {
                    "rule over time" => "une règle dans le temps valide",
                    "rule across houses" => "une règle entre maisons valide",
                    "direction" => "un sens valide",
                    "status" => "un statut valide",
                    _ => "valide",
                };
                let list = |or: &str| match expected.split_last() {
                    Some((last, [])) => last.to_string(),
                    Some((last, rest)) => format!("{} {or} {last}", rest.join(", ")),
                    None => String::new(),
                };
                (format!("« {input} » n'est pas {fr} : attendu {}", list("ou")), format!("\"{input}\" is not a valid {what}: expected {}", list("or")))
            }
            BookPartTooLarge { part, mib } => (format!("sa partie {part} dépasse {mib} Mio une fois décompressée"), format!("its part {part} is larger than {mib} MiB once uncompressed")),
            BookTextTooLong { part, mib } => (format!("sa partie {part} contient un texte ou une balise de plus de {mib} Mio"), format!("its part {part} holds a text or a tag longer than {mib} MiB")),
            BookPartUnreadable { part, why } => (format!("sa partie {part} est illisible ({why})"), format!("its part {part} cannot be read ({why})")),
            BookCellsOutOfOrder { line } => (format!("ligne {line} : ses cellules ne sont pas dans l'ordre"), format!("line {line}: its cells are out of order")),
            BookTooManyColumns { line, max } => (format!("ligne {line} : plus de {} colonnes", grouped(*max, Lang::Fr)), format!("line {line}: more than {} columns", grouped(*max, Lang::En))),
            BookTooMany { max, what } => {
                let (fr, en) = match what {
                    BookCount::Cells => ("cellules", "cells"),
                    BookCount::SharedStrings => ("textes partagés", "shared strings"),
                    BookCount::CellStyles => ("styles de cellule", "cell styles"),
                    BookCount::Rows => ("lignes", "rows"),
                    BookCount::Sheets => ("feuilles", "sheets"),
                };
                (format!("plus de {} {fr}", grouped(*max, Lang::Fr)), format!("more than {} {en}", grouped(*max, Lang::En)))
            }
            BookSheetHasNoPart { sheet } => (format!("la feuille « {sheet} » n'a pas de contenu"), format!("the sheet \"{sheet}\" has no part")),
            BookPartMissing { part } => (format!("sa partie {part} manque"), format!("{part} is missing")),
            BookSharedTooLarge { mib } => (format!("ses textes partagés dépassent {mib} Mio"), format!("its shared strings hold more than {mib} MiB")),
            BookBadReference { value } => (format!("une référence interne n'est pas valide : {value}"), format!("an internal reference is not valid: {value}")),
            BookRowsOutOfOrder { line } => (format!("ligne {line} : ses lignes ne sont pas dans l'ordre"), format!("line {line}: its rows are out of order")),
            UndoUnknownEntity { batch, entity, key } => (format!("le lot {batch} ne peut pas être annulé : il a modifié un élément « {entity} » ({key}) que l'annulation ne sait pas rétablir ; rien n'a été annulé"), format!("batch {batch} cannot be undone: it changed a {entity} ({key}), which undo cannot put back; nothing was undone")),
            UndoBadKey { batch, why } => (format!("le lot {batch} ne peut pas être annulé : {why}"), format!("batch {batch} cannot be undone: {why}")),
            UndoImageUnreadable { batch, which, what, why } => {
                let fr = if which == "before" { "l'état avant" } else { "l'état après" };
                (format!("le lot {batch} ne peut pas être annulé : {fr} de {what} dans le journal est illisible ({why}) ; rien n'a été annulé"), format!("batch {batch} cannot be undone: the {which}-image of {what} in the audit log cannot be read ({why}); nothing was undone"))
            }
            UndoTargetGone { house, indicator } => (format!("la maison {house} ou l'indicateur {indicator} n'existe plus : sa cible ne peut pas être rétablie"), format!("house {house} or indicator {indicator} no longer exists: its target cannot be put back")),
            UndoAxisGone { id, axis } => (format!("l'action {id} ne peut pas être rétablie : son axe {axis} n'est plus dans son plan"), format!("action {id} cannot be put back: its axis {axis} is not in its plan any more")),
            UndoRestoreFailed { batch, what, why } => (format!("le lot {batch} ne peut pas être annulé : le rétablissement de {what} a échoué ({why}) ; d'autres données peuvent y faire référence ; rien n'a été annulé"), format!("batch {batch} cannot be undone: restoring {what} failed ({why}); other data may now refer to it; nothing was undone")),
            XlsxTooManyRows { max } => (format!("plus de {} lignes, le maximum d'une feuille xlsx ; exportez plutôt en CSV", grouped(*max, Lang::Fr)), format!("more than {} rows, the most an xlsx sheet holds; export as CSV instead", grouped(*max, Lang::En))),
            UndoActionRemoved { id } => (format!("l'action {id} a été supprimée après le lot : elle ne peut pas être rétablie"), format!("action {id} was removed after the batch: it cannot be put back")),
            UndoHouseGone { house, dimension } => (format!("la maison {house} n'existe plus : sa note {dimension} ne peut pas être rétablie"), format!("house {house} no longer exists: its {dimension} score cannot be put back")),
            CannotStartWriting => ("impossible de commencer à écrire dans la base de données".into(), "cannot start writing to the database".into()),
            CannotCommit => ("impossible d'enregistrer les changements dans la base de données".into(), "cannot commit the changes".into()),
            CannotWriteAudit => ("impossible d'écrire le journal des modifications".into(), "cannot write the audit log".into()),
            NoSuchAction { id } => (format!("il n'y a pas d'action {id} ; voir `suivi plan action list`"), format!("there is no action {id}; see `suivi plan action list`")),
            ActionReadOnly { id, house } => (format!("l'action {id} appartient à une version remplacée du plan de {house} : elle est en lecture seule"), format!("action {id} belongs to a superseded version of the plan of {house}: it is read-only")),
            ScoredTwice { dimension } => (format!("{dimension} est notée deux fois"), format!("{dimension} is scored twice")),
            ActivityTitleEmpty => ("le titre de l'activité est vide".into(), "the activity title is empty".into()),
            NotPeople { flag, input } => (format!("--{flag} « {input} » n'est pas un nombre de personnes (0 ou plus)"), format!("--{flag} \"{input}\" is not a number of people (0 or more)")),
            TemplateNameEmpty => ("le nom du modèle est vide".into(), "the template name is empty".into()),
            TemplateExists { name } => (format!("le modèle {name} existe déjà"), format!("template {name} already exists")),
            AxisNotCodeLabel { arg } => (format!("--axis « {arg} » n'est pas CODE=LIBELLÉ (par exemple \"gouvernance=Gouvernance|Governance\")"), format!("--axis \"{arg}\" is not CODE=LABEL (e.g. \"gouvernance=Gouvernance|Governance\")")),
            AxisNeedsCodeLabel { arg } => (format!("--axis « {arg} » a besoin d'un code et d'un libellé français"), format!("--axis \"{arg}\" needs a code and a French label")),
            AxisTwice { code } => (format!("l'axe {code} est donné deux fois"), format!("axis {code} is listed twice")),
            NoPlanVersion { house, version, versions } => (format!("le plan de {house} n'a pas de version {version} ; ses versions : {versions}"), format!("the plan of {house} has no version {version}; its versions: {versions}")),
            NoHouseHasVersion { version } => (format!("aucune maison n'a de version {version} de son plan"), format!("no house has a version {version} of its plan")),
            NotAReportFormat { format, allowed } => (format!("--format {format} n'est pas disponible pour ce rapport ; utilisez {allowed}"), format!("--format {format} is not available for this report; use {allowed}")),
            ToBeforeFrom => ("--to finit avant --from".into(), "--to ends before --from".into()),
            MatrixTooLong => ("le tableau couvrirait plus de dix ans ; resserrez --from/--to".into(), "the matrix would span more than ten years; narrow --from/--to".into()),
            RuleNameEmpty => ("le nom de la règle est vide".into(), "the rule name is empty".into()),
            UnknownSeverity { input } => (format!("sévérité inconnue « {input} » ; utilisez error ou warning"), format!("unknown severity \"{input}\"; use error or warning")),
            RuleUnknownIndicator { rule, name, closest } => (format!("la règle « {rule} » nomme un indicateur inconnu « {name} »{} ; utilisez les codes de `suivi indicator list`", maybe(closest, Lang::Fr)), format!("rule \"{rule}\" names an unknown indicator \"{name}\"{}; use codes from `suivi indicator list`", maybe(closest, Lang::En))),
            RuleExists { name } => (format!("la règle {name} existe déjà ; rien n'a été modifié"), format!("rule {name} already exists; nothing was changed")),
            UnknownRule { name, closest } => (format!("règle inconnue « {name} »{} ; voir `suivi rule list`", maybe(closest, Lang::Fr)), format!("unknown rule \"{name}\"{}; see `suivi rule list`", maybe(closest, Lang::En))),
            ListComponents { code } => (format!("{code} est calculé par une formule : listez plutôt ses composantes"), format!("{code} is computed from a formula: list its components instead")),
            NoActiveHouseInCohort { cohort } => (format!("aucune maison active dans la cohorte « {cohort} » : rien à mettre dans un modèle"), format!("no active house in cohort \"{cohort}\": nothing to put in a template")),
            OutCsvOrXlsx => ("--out doit finir par .csv ou .xlsx".into(), "--out must end in .csv or .xlsx".into()),
            NoSuchBatch { batch } => (format!("il n'y a pas de lot d'import {batch} ; voir `suivi import history`"), format!("there is no import batch {batch}; see `suivi import history`")),
            BatchAlreadyUndone { batch, at } => (format!("le lot {batch} a déjà été annulé le {at}"), format!("batch {batch} was already undone on {at}")),
            ChangedSince { what } => (format!("modifiée depuis : {what}"), format!("changed since: {what}")),
            MoreChanged { n } => (format!("… et {}", plural(*n, "autre valeur", "autres valeurs", Lang::Fr)), format!("… and {} more", plural(*n, "value", "values", Lang::En))),
            BookNoSheet => ("il n'a aucune feuille".into(), "it has no sheet".into()),
            BookSharedStringTooLong { n, max } => (format!("son texte partagé n° {n} dépasse {max} octets"), format!("its shared string {n} is longer than {max} bytes")),
            BookClaimsTooMuch { last, rows, columns } => (format!("sa feuille annonce des cellules jusqu'à {last}, au-delà de {} lignes et {} colonnes", grouped(*rows, Lang::Fr), grouped(*columns as u64, Lang::Fr)), format!("its sheet claims cells up to {last}, beyond {} rows and {} columns", grouped(*rows, Lang::En), grouped(*columns as u64, Lang::En))),
            UnknownEncoding { input } => (format!("encodage inconnu « {input} » ; utilisez utf-8, utf-16, windows-1252 (latin-1) ou windows-1256 (arabe)"), format!("unknown encoding \"{input}\"; use one of utf-8, utf-16, windows-1252 (latin-1), windows-1256 (arabic)")),
            UnknownFileKind { input, choices } => (format!("type de fichier inconnu « {input} » ; utilisez l'un de : {choices}"), format!("unknown kind of file \"{input}\"; use one of {choices}")),
            XlsxTooManyColumns { max } => (format!("plus de {} colonnes", grouped(*max as u64, Lang::Fr)), format!("more than {} columns", grouped(*max as u64, Lang::En))),
            ValueAlready { house, indicator, period, value } => (format!("{house} {indicator} {period} vaut déjà {value} : rien n'a changé"), format!("{house} {indicator} {period} already is {value}: nothing changed")),
            CodeTaken { code } => (format!("« {code} » existe déjà : choisissez un autre code"), format!("\"{code}\" already exists: choose another code")),
            CannotReplace { path } => (format!("impossible de remplacer {path}"), format!("cannot replace {path}")),
            CohortHasNoHouse { flag, name } => (format!("{flag} {name} : aucune maison n'est dans cette cohorte ; voir `suivi house list` pour les cohortes"), format!("{flag} {name}: no house is in this cohort; see `suivi house list` for the cohorts")),
            EndlineNotAfterBaseline { endline, baseline } => (format!("--endline {endline} ne vient pas après --baseline {baseline} ; donnez la période la plus récente en --endline"), format!("--endline {endline} does not come after --baseline {baseline}; give the later period as --endline")),
            SameCohortTwice { cohort } => (format!("--pilot et --comparison désignent la même cohorte « {cohort} » ; comparez deux cohortes différentes"), format!("--pilot and --comparison name the same cohort \"{cohort}\"; compare two different cohorts")),
            UnknownStage { input, choices } => (format!("étape inconnue « {input} » ; utilisez l'une de : {choices}"), format!("unknown stage \"{input}\"; use one of {choices}")),
            CannotCopyTable { table } => (format!("impossible de copier la table {table}"), format!("cannot copy the table {table}")),
            UndoAnywayHint => ("pour annuler quand même : --force --reason \"pourquoi\" ; les valeurs du lot sont remises telles qu'elles étaient avant lui".into(), "undo anyway with --force --reason \"why\": the batch's own values are put back as they were before it".into()),
            BatchChangedAfter { batch, n } => (format!("le lot {batch} ne peut pas être annulé : {} après lui", plural(*n, "valeur a été modifiée", "valeurs ont été modifiées", Lang::Fr)), format!("batch {batch} cannot be undone: {} changed after it", plural(*n, "value was", "values were", Lang::En))),
            BatchBadPeriod { batch, period, why } => (format!("le lot {batch} ne peut pas être annulé : la période enregistrée « {period} » d'une de ses valeurs est illisible ({why})"), format!("batch {batch} cannot be undone: the stored period \"{period}\" of one of its values cannot be read ({why})")),
            MissingFlag { flag, what } => (format!("il manque {flag} ({}) ; donnez-le sur la ligne de commande (les questions ont besoin d'un terminal et pas de --no-input)", field_label(what, Lang::Fr)), format!("missing {flag} ({}); pass it on the command line (prompts need a terminal and no --no-input)", field_label(what, Lang::En))),
            NeedsYes { question } => (format!("{question} Refusé sans confirmation : ajoutez --yes"), format!("{question} Refusing without confirmation: add --yes")),
            NotASuiviDb { path } => (format!("{path} n'est pas une base suivi (aucun schéma) ; créez-en une avec `suivi init --db NOUVELLE.db`"), format!("{path} is not a suivi database (no schema); create one with `suivi init --db NEW.db`")),
            NotASqliteDb { path } => (format!("{path} n'est pas une base SQLite que suivi sait lire"), format!("{path} is not a SQLite database suivi can read")),
            SchemaTooNew { path, found, known } => (format!("{path} a la version de schéma {found}, plus récente que celle que ce suivi connaît ({known}) ; elle n'a pas été touchée : installez un suivi plus récent"), format!("{path} has schema version {found}, newer than this suivi understands ({known}); it was left untouched: install a newer suivi")),
            UnknownRegionPlain { input, closest } => (format!("région inconnue « {input} »{}", maybe(closest, Lang::Fr)), format!("unknown region \"{input}\"{}", maybe(closest, Lang::En))),
            RegionChoices { choices } => (format!("donnez un code (01-12) ou un nom : {choices}"), format!("use a code (01-12) or a name: {choices}")),
            ScoresLocked { period, house } => (format!("la période {period} est verrouillée : les scores de {house} n'ont pas été enregistrés"), format!("period {period} is locked: the scores of {house} were not recorded")),
            LockedAs { lock, reason } => (format!("verrouillée en tant que {lock} : {reason}"), format!("locked as {lock}: {reason}")),
            UnlockFirst => ("déverrouillez-la d'abord (`suivi period unlock`), ou importez avec --force --reason \"pourquoi\"".into(), "unlock it first (`suivi period unlock`), or import with --force --reason \"why\"".into()),
            FileEmpty { path } => (format!("{path} : le fichier est vide"), format!("{path}: the file is empty")),
            FileBinary { path, line } => (format!("{path}{} : le fichier semble binaire (octets NUL), ce n'est pas un tableur ; enregistrez-le en CSV ou xlsx", at_line(*line, Lang::Fr)), format!("{path}{}: the file looks binary (NUL bytes), not a spreadsheet; save it as CSV or xlsx", at_line(*line, Lang::En))),
            FileInvalidUtf8 { path, line, byte } => (format!("{path}{} : le fichier n'est pas de l'UTF-8 valide à l'octet {byte} ; essayez souvent --encoding windows-1252 (ou windows-1256 pour l'arabe)", at_line(*line, Lang::Fr)), format!("{path}{}: the file is not valid UTF-8 at byte {byte}; it's often worth trying --encoding windows-1252 (or windows-1256 for Arabic)", at_line(*line, Lang::En))),
            FileMixedUtf8 { path, lines } => {
                let one = lines.len() == 1;
                let lines = lines.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
                (format!("{path} : le fichier est en UTF-8 sauf {} {lines} ; corrigez {}, ou donnez l'encodage de tout le fichier avec --encoding", if one { "à la ligne" } else { "aux lignes" }, if one { "cette ligne" } else { "ces lignes" }), format!("{path}: the file is UTF-8 except on {} {lines}; correct {}, or give the encoding of the whole file with --encoding", if one { "line" } else { "lines" }, if one { "that line" } else { "those lines" }))
            }
            FileUnterminatedQuote { path, line } => (format!("{path} : ligne {line} : guillemet non fermé ; fermez le guillemet (\") qui ouvre le champ ou retirez-le"), format!("{path}: line {line}: unterminated quoted field; close the quote (\") that opens it or remove it")),
            FileFieldTooLong { path, line, column, max } => (format!("{path} : ligne {line}, colonne {column} : un champ dépasse {max} octets ; le fichier est abîmé ou n'est pas un tableur"), format!("{path}: line {line}, column {column}: a field is longer than {max} bytes; the file is damaged or not a spreadsheet")),
            FileTooManyColumns { path, line, max } => (format!("{path} : ligne {line} : plus de {} colonnes ; le fichier est abîmé, ou le séparateur est faux (essayez --delimiter)", grouped(*max as u64, Lang::Fr)), format!("{path}: line {line}: more than {} columns; the file is damaged, or the delimiter is wrong (try --delimiter)", grouped(*max as u64, Lang::En))),
            FileRecordTooLong { path, line, max } => (format!("{path} : ligne {line} : une ligne dépasse {max} octets ; le fichier est abîmé ou n'est pas un tableur"), format!("{path}: line {line}: a row is longer than {max} bytes; the file is damaged or not a spreadsheet")),
            CsvUnreadableHere => ("le CSV ne peut pas être lu d'ici ; ouvrez-le dans un tableur et enregistrez-le à nouveau en CSV".into(), "the CSV cannot be read from here; open it in a spreadsheet and save it again as CSV".into()),
            NoSuchSheet { path, name, sheets } => (format!("{path} : aucune feuille nommée « {name} » (feuilles : {sheets}) ; choisissez-en une avec --sheet"), format!("{path}: no sheet named \"{name}\" (sheets: {sheets}); choose one with --sheet")),
            NoVisibleSheet { path, sheets } => (format!("{path} : toutes les feuilles sont masquées (feuilles : {sheets}) ; nommez celle à lire avec --sheet"), format!("{path}: every sheet is hidden (sheets: {sheets}); name the one to read with --sheet")),
            BookRefused { path, what } => (format!("{path} : le classeur est refusé : {what} ; enregistrez la feuille seule en CSV, ou découpez-le"), format!("{path}: the workbook is refused: {what}; save the sheet alone as CSV, or split it")),
            InputNotAFile { path } => (format!("{path} : n'est pas un fichier ordinaire (un dossier, un FIFO ou un périphérique) ; donnez le chemin d'un fichier de tableur"), format!("{path}: is not a regular file (a folder, a FIFO or a device); give the path of a spreadsheet file")),
            SheetEmpty { path, sheet } => (format!("{path} : la feuille « {sheet} » est vide"), format!("{path}: the sheet \"{sheet}\" is empty")),
            WorkbookUnreadable { path, why } => (format!("{path} : impossible de lire le classeur ({why}) ; ouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau en xlsx, ou en CSV"), format!("{path}: cannot read the workbook ({why}); open it in Excel or LibreOffice and save it again as xlsx, or as CSV")),
            XlsxWriteFailed { path, why } => (format!("{path} : impossible d'écrire le fichier xlsx : {why}"), format!("{path}: cannot write the xlsx file: {why}")),
            DuplicateColumn { key, name, first, first_column, second, second_column } => (format!("les colonnes {first_column} (« {first} ») et {second_column} (« {second} ») sont toutes deux la colonne {} ({key}) ; n'en gardez qu'une", name.0), format!("columns {first_column} (\"{first}\") and {second_column} (\"{second}\") are both the {} ({key}) column; keep only one of them", name.1)),
            AskRemoveAssociation { code, name } => (format!("Supprimer l'association {code} ({name}) ?"), format!("Remove association {code} ({name})?")),
            AskRemoveHouse { code, name } => (format!("Supprimer la maison {code} ({name}) ?"), format!("Remove house {code} ({name})?")),
            AskRemoveAction { id, house, title } => (format!("Supprimer l'action {id} de {house} ({title}) ?"), format!("Remove action {id} of {house} ({title})?")),
            AskRemoveRule { name, rule } => (format!("Supprimer la règle {name} ({rule}) ?"), format!("Remove rule {name} ({rule})?")),
            AskUndoBatch { batch, kind, file, inserted, updated } => (format!("Annuler le lot {batch} ({kind} {file} : {}, {}) ?", plural(*inserted as usize, "ajoutée", "ajoutées", Lang::Fr), plural(*updated as usize, "modifiée", "modifiées", Lang::Fr)), format!("Undo batch {batch} ({kind} {file}: {inserted} inserted, {updated} updated)?")),
            NothingRemoved => ("Rien n'a été supprimé".into(), "Nothing removed".into()),
            NothingUndone => ("Rien n'a été annulé".into(), "Nothing undone".into()),
            AddedAssociation { code, name } => (format!("Association {code} ajoutée ({name})"), format!("Added association {code} ({name})")),
            AssociationUnchanged { code } => (format!("Association {code} inchangée"), format!("Association {code} unchanged")),
            UpdatedAssociation { code } => (format!("Association {code} modifiée"), format!("Updated association {code}")),
            RemovedAssociation { code } => (format!("Association {code} supprimée"), format!("Removed association {code}")),
            HouseUnchanged { code } => (format!("Maison {code} inchangée"), format!("House {code} unchanged")),
            UpdatedHouse { code } => (format!("Maison {code} modifiée"), format!("Updated house {code}")),
            RemovedHouse { code } => (format!("Maison {code} supprimée"), format!("Removed house {code}")),
            CreatedPlan { version, house, start, end, axes } => (format!("Version {version} du plan de {house} créée (de {start} à {end}) avec les axes : {axes}"), format!("Created version {version} of the plan of {house} ({start} to {end}) with axes: {axes}")),
            StageReached { house, stage, date } => (format!("Le plan de {house} a atteint {stage} le {date}"), format!("The plan of {house} reached {stage} on {date}")),
            AddedAction { id, house, axis, title } => (format!("Action {id} ajoutée au plan de {house} ({axis}) : {title}"), format!("Added action {id} to the plan of {house} ({axis}): {title}")),
            ActionUnchanged { id } => (format!("Action {id} inchangée"), format!("Action {id} unchanged")),
            UpdatedAction { id, title, status } => (format!("Action {id} modifiée : {title} ({status})"), format!("Updated action {id}: {title} ({status})")),
            RemovedAction { id } => (format!("Action {id} supprimée"), format!("Removed action {id}")),
            RecordedScores { n, house, period, changed } => (format!("{} pour {house} en {period} ({})", plural(*n, "score enregistré", "scores enregistrés", Lang::Fr), plural(*changed, "modifié", "modifiés", Lang::Fr)), format!("Recorded {} for {house} in {period} ({changed} changed)", plural(*n, "score", "scores", Lang::En))),
            RecordedActivity { id, kind, house, date } => (format!("Activité {id} ({kind}) enregistrée pour {house} le {date}"), format!("Recorded activity {id} ({kind}) for {house} on {date}")),
            AddedPlanTemplate { name, n } => (format!("Modèle de plan {name} ajouté avec {}", plural(*n, "axe", "axes", Lang::Fr)), format!("Added plan template {name} with {}", plural(*n, "axis", "axes", Lang::En))),
            PlanSuperseded { version, house, current } => (format!("La version {version} du plan de {house} est remplacée par la version {current} : affichée en lecture seule"), format!("Version {version} of the plan of {house} is superseded by version {current}: shown read-only")),
            AddedRule { name, rule, severity } => (format!("Règle {name} ajoutée : {rule} ({severity})"), format!("Added rule {name}: {rule} ({severity})")),
            RemovedRule { name } => (format!("Règle {name} supprimée"), format!("Removed rule {name}")),
            WroteTemplate { path, houses, indicators, period } => (format!("Écrit : {path} : {} × {} pour {period} ; remplissez-le et importez-le avec `suivi import observations {path}`", plural(*houses, "maison", "maisons", Lang::Fr), plural(*indicators, "indicateur", "indicateurs", Lang::Fr)), format!("Wrote {path}: {} × {} for {period}; fill it in and import it with `suivi import observations {path}`", plural(*houses, "house", "houses", Lang::En), plural(*indicators, "indicator", "indicators", Lang::En))),
            BackedUp { from, to } => (format!("{from} sauvegardée dans {to}"), format!("Backed up {from} to {to}")),
            IndicatorUnchanged { code } => (format!("Indicateur {code} inchangé"), format!("Indicator {code} unchanged")),
            DemoDatabase { path, files } => (format!("Base de démonstration : {path} (construite à partir des fichiers fictifs de {files})."), format!("Demo database: {path} (built from the fictional files in {files}).")),
            DemoDocument { path } => (format!("Le même rapport en document : {path} (ouvrez-le dans un navigateur)."), format!("The same report as a document: {path} (open it in a browser).")),
            DemoTry { commands } => (format!("Essayez : {commands}"), format!("Try: {commands}")),
            NationalDemo { path, today } => (format!("Base de démonstration nationale : {path} (pays fictif, construite le {today})."), format!("National demo database: {path} (fictional country, built on {today}).")),
            NationalEstablishments { houses, provinces, associations } => (format!("Établissements : {houses} dans 12 régions et {provinces} provinces ou préfectures, gérés par {associations} associations."), format!("Establishments: {houses} in 12 regions and {provinces} provinces or prefectures, run by {associations} associations.")),
            NationalBy { what, list } => (format!("{} : {list}.", match *what { "kind" => "Par type", "cohort" => "Par cohorte", _ => "Par région" }), format!("{}: {list}.", match *what { "kind" => "By kind", "cohort" => "By cohort", _ => "By region" })),
            NationalYears { years } => (format!("Années scolaires : {years} (la dernière jusqu'à aujourd'hui)."), format!("School years: {years} (the last one up to today).")),
            NationalCounts { observations, batch, targets, plans, actions } => (format!("Observations : {observations} (lot d'import {batch}), cibles : {targets}, plans : {plans}, actions : {actions}."), format!("Observations: {observations} (import batch {batch}), targets: {targets}, plans: {plans}, actions: {actions}.")),
            ImportSummaryLine { dry_run, file, kind, how, rows, inserted, updated, unchanged, rejected, empty } => (format!("{}{file} ({kind} ; {how}) : {}, {}, {}, {}, {}{}", if *dry_run { "Essai, rien n'a été écrit : " } else { "" }, plural(*rows, "ligne", "lignes", Lang::Fr), plural(*inserted, "ajoutée", "ajoutées", Lang::Fr), plural(*updated, "modifiée", "modifiées", Lang::Fr), plural(*unchanged, "inchangée", "inchangées", Lang::Fr), plural(*rejected, "refusée", "refusées", Lang::Fr), if *empty > 0 { format!(", {}", plural(*empty, "cellule vide ignorée", "cellules vides ignorées", Lang::Fr)) } else { String::new() }), format!("{}{file} ({kind}; {how}): {}, {inserted} inserted, {updated} updated, {unchanged} unchanged, {rejected} rejected{}", if *dry_run { "Dry run, nothing written: " } else { "" }, plural(*rows, "row", "rows", Lang::En), if *empty > 0 { format!(", {} skipped", plural(*empty, "empty cell", "empty cells", Lang::En)) } else { String::new() })),
            ImportHow { sheet, shape, encoding, delimiter, decimal } => ([sheet.as_ref().map(|n| format!("feuille {n}")), shape.as_ref().map(|s| format!("forme {}", if s == "long" { "longue" } else { "large" })), encoding.clone(), delimiter.as_ref().map(|d| if d == "tab" { "séparateur tabulation".to_string() } else { format!("séparateur «{NBSP}{d}{NBSP}»") }), Some(format!("décimale {}", match decimal.as_str() { "comma" => "virgule", "dot" => "point", _ => "auto" }))].into_iter().flatten().collect::<Vec<_>>().join(", "), [sheet.as_ref().map(|n| format!("sheet {n}")), shape.as_ref().map(|s| format!("{s} shape")), encoding.clone(), delimiter.as_ref().map(|d| if d == "tab" { "tab separator".to_string() } else { format!("separator \"{d}\"") }), Some(format!("decimal {decimal}"))].into_iter().flatten().collect::<Vec<_>>().join(", ")),
            ImportWarnings { n, dry_run: false } => (format!("{} qui ne {} pas une règle de sévérité erreur : voir les avertissements ci-dessus et `suivi check`", plural(*n, "valeur écrite", "valeurs écrites", Lang::Fr), if *n <= 1 { "respecte" } else { "respectent" }), format!("{} written that break a rule of error severity: see the warnings above and `suivi check`", plural(*n, "value", "values", Lang::En))),
            ImportWarnings { n, dry_run: true } => (format!("{} ne {} pas une règle de sévérité erreur : voir les avertissements ci-dessus", plural(*n, "valeur qui serait écrite", "valeurs qui seraient écrites", Lang::Fr), if *n <= 1 { "respecterait" } else { "respecteraient" }), format!("{} that would be written break a rule of error severity: see the warnings above", plural(*n, "value", "values", Lang::En))),
            ImportBatch { batch } => (format!("Lot {batch} (pour l'annuler : `suivi import undo {batch}`)"), format!("Batch {batch} (undo with `suivi import undo {batch}`)")),
            AlreadyImported { batch } => (format!("Rien n'a changé : ce fichier a déjà été importé (lot {batch})."), format!("Nothing changed: this file was already imported (batch {batch}).")),
            NothingChangedAll => ("Rien n'a changé : chaque valeur est déjà dans la base.".into(), "Nothing changed: every value is already in the database.".into()),
            RejectsWritten { n, dry_run, path } => (format!("{} {} {path}", plural(*n, "ligne refusée", "lignes refusées", Lang::Fr), match (*dry_run, *n == 1) { (true, true) => "serait écrite (essai : aucun fichier écrit) dans", (true, false) => "seraient écrites (essai : aucun fichier écrit) dans", (false, true) => "écrite dans", (false, false) => "écrites dans" }), format!("{} {} {path}", plural(*n, "rejected row", "rejected rows", Lang::En), if *dry_run { "would be written (dry run: no file written) to" } else { "written to" })),
            NewValue => ("(nouveau)".into(), "(new)".into()),
            NoRowsListed => ("(aucune ligne)".into(), "(none)".into()),
            EveryRuleHolds => ("Toutes les règles sont respectées.".into(), "Every rule holds.".into()),
            QueryNoRow => ("la base de données n'a pas renvoyé la ligne attendue".into(), "the database returned no row where one was expected".into()),
            ColumnsNotShown { n, names } => (format!("({} : {names} ; ajoutez --wide pour les voir)", plural(*n, "colonne non affichée", "colonnes non affichées", Lang::Fr)), format!("({} not shown: {names}; add --wide to see them)", plural(*n, "column", "columns", Lang::En))),
            AddedIndicator { code, name } => (format!("Indicateur {code} ajouté ({name})"), format!("Added indicator {code} ({name})")),
            ChangedIndicator { code, names, kinds, direction } => (format!("Indicateur {code} modifié : {} (les anciennes valeurs sont gardées dans le journal)", what_changed(*names, kinds, direction, Lang::Fr)), format!("Changed indicator {code}: {} (the old values are kept in the log)", what_changed(*names, kinds, direction, Lang::En))),
            TargetSet { house, indicator, target, period, baseline, baseline_period } => (format!("Cible de {house} {indicator} : {target} pour {period} (départ {} en {})", baseline.as_deref().unwrap_or("aucun"), baseline_period.as_deref().unwrap_or("-")), format!("Target for {house} {indicator}: {target} by {period} (baseline {} in {})", baseline.as_deref().unwrap_or("none"), baseline_period.as_deref().unwrap_or("-"))),
            TargetUnchanged { house, indicator } => (format!("Cible de {house} {indicator} inchangée"), format!("Target for {house} {indicator} unchanged")),
            WroteManPages { n, dir } => (format!("{} écrites dans {dir}", plural(*n, "page de manuel", "pages de manuel", Lang::Fr)), format!("Wrote {n} man pages to {dir}")),
            FormulaEmpty => ("formule vide".into(), "empty formula".into()),
            FormulaTooLong { max } => (format!("formule trop longue (plus de {max} symboles)"), format!("formula too long (more than {max} symbols)")),
            MalformedNumber { text } => (format!("nombre mal formé « {text} »"), format!("malformed number \"{text}\"")),
            FormulaTooDeep { max } => (format!("formule trop imbriquée (plus de {max} niveaux)"), format!("formula nested too deeply (more than {max} levels)")),
            ExpectedOperatorOrParen => ("un opérateur ou « ) » était attendu".into(), "expected an operator or \")\"".into()),
            ExpectedOperatorOrEnd => ("un opérateur ou la fin de la formule était attendu".into(), "expected an operator or the end of the formula".into()),
            MissingParen { column } => (format!("il manque la « ) » ouverte à la colonne {column}"), format!("missing \")\" opened at column {column}")),
            UnexpectedParen => ("« ) » inattendue".into(), "unexpected \")\"".into()),
            ExpectedOperand => ("un nombre, un code d'indicateur ou « ( » était attendu".into(), "expected a number, an indicator code or \"(\"".into()),
            AtColumn { column, why } => (format!("à la colonne {column} : {why}"), format!("at column {column}: {why}")),
            RuleNoComparison { expr } => (format!("la règle « {expr} » n'a pas de comparaison : écrivez GAUCHE OP DROITE avec OP parmi < <= = >= > !="), format!("rule \"{expr}\" has no comparison: write LEFT OP RIGHT with OP one of < <= = >= > !=")),
            RuleTwoComparisons { expr } => (format!("la règle « {expr} » a plus d'une comparaison"), format!("rule \"{expr}\" has more than one comparison")),
            RuleSide { left, expr, why } => (format!("côté {} de « {expr} » : {why}", if *left { "gauche" } else { "droit" }), format!("{} side of \"{expr}\": {why}", if *left { "left" } else { "right" })),
            PeriodStartsWithSeparator => ("elle commence par un séparateur".into(), "it starts with a separator".into()),
            PeriodUnexpectedChar { c } => (format!("caractère inattendu « {c} »"), format!("unexpected character \"{c}\"")),
            PeriodTwoSeparators => ("elle a deux séparateurs à la suite".into(), "it has two separators in a row".into()),
            PeriodEndsWithSeparator => ("elle finit par un séparateur".into(), "it ends with a separator".into()),
            YearOutOfRange { text } => (format!("l'année {text} est hors limites"), format!("year {text} is out of range")),
            YearOutside { year, from, to } => (format!("l'année {year} est hors de {from}..={to}"), format!("year {year} is outside {from}..={to}")),
            SchoolYearConsecutive { year } => (format!("une année scolaire s'étend sur deux années consécutives, par exemple {year}-{}", year + 1), format!("a school year runs over two consecutive years, e.g. {year}-{}", year + 1)),
            PeriodUnrecognised => ("cette écriture n'est pas reconnue".into(), "this spelling is not recognised".into()),
            NotAMonthName { word } => (format!("« {word} » n'est pas un nom de mois"), format!("\"{word}\" is not a month name")),
            NotYesNo { input } => (format!("« {input} » n'est pas oui/non (oui/non, 1/0)"), format!("\"{input}\" is not yes/no (oui/non, 1/0)")),
            ValueIs { input, why } => (format!("« {input} » {}", why.text(Lang::Fr)), format!("\"{input}\" {}", why.text(Lang::En))),
            NotFinite => ("n'est pas un nombre fini".into(), "is not a finite number".into()),
            IsNegative { unit } => (format!("est négatif : {} ne peut pas être sous 0", unit_noun(unit, Lang::Fr)), format!("is negative: a {} cannot be below 0", unit_noun(unit, Lang::En))),
            NotWhole => ("n'est pas un nombre entier : un effectif n'a pas de fraction".into(), "is not a whole number: a count has no fraction".into()),
            OutsidePercent => ("est hors de 0-100 : un pourcentage saisi directement est entre 0 et 100".into(), "is outside 0-100: a percentage recorded directly lies between 0 and 100".into()),
            IsNotYesNo => ("n'est pas oui/non (oui/non, 1/0)".into(), "is not yes/no (oui/non, 1/0)".into()),
            BeyondPlausible { unit, max } => (format!("dépasse la plage plausible pour {} ({max} au plus) ; vérifiez la valeur et son unité", unit_noun(unit, Lang::Fr)), format!("is beyond the plausible range of a {} ({max} at most); check the value and its unit", unit_noun(unit, Lang::En))),
        };
        if fr { typo(&f, Lang::Fr) } else { e }
    }

    /// One example of every message, for the catalogue's own tests.
    #[cfg(test)]
    fn samples() -> Vec<Msg> {
        let s = || "X".to_string();
        vec![
            ErrorPrefix,
            CausedBy,
            UnknownArgument { arg: s() },
            UnknownSubcommand { name: s() },
            MissingArgument { args: s() },
            InvalidValue {
                value: s(),
                arg: s(),
            },
            ArgumentConflict { arg: s() },
            UsageHint { usage: s() },
            TooManyValues { value: s() },
            NotAListingFormat { format: s() },
            UnknownHouse { code: s() },
            UnknownIndicator { input: s() },
            DidYouMean { names: vec![s()] },
            SeeList { command: s() },
            CannotReadFile { path: s() },
            FileIo {
                path: s(),
                op: s(),
                why: s(),
            },
            PeriodLocked { period: s() },
            WriteAnyway,
            MissingColumns {
                file: s(),
                columns: vec![("Période", "Period", "period")],
            },
            HeaderHas {
                line: 1,
                headers: s(),
            },
            NotAPeriod {
                input: s(),
                reason: Box::new(PeriodUnrecognised),
            },
            NotANumber {
                input: s(),
                reason: None,
            },
            HintDecimalComma,
            NoSuchMonth { n: s() },
            NoSuchQuarter { n: s() },
            NoSuchSemester { n: s() },
            EmptyValue,
            ValueFor {
                indicator: s(),
                house: s(),
                why: s(),
            },
            HintDecimalDot,
            HintAmbiguous,
            HintOutOfRange,
            Wrote { path: s() },
            Locked { period: s() },
            Unlocked { period: s() },
            RecordedValue {
                house: s(),
                indicator: s(),
                period: s(),
                value: s(),
            },
            UpdatedValue {
                house: s(),
                indicator: s(),
                period: s(),
                before: s(),
                value: s(),
            },
            AddedHouse {
                code: s(),
                name: s(),
                region: s(),
                capacity: 2,
            },
            CreatedDb { path: s() },
            UndidBatch {
                batch: 1,
                removed: 1,
                restored: 2,
                records: 0,
            },
            NoDatabase { path: s() },
            DbExists { path: s() },
            BackupExists { path: s() },
            WriteSymlink { path: s() },
            CannotOpenDb { path: s() },
            CannotCreateDb { path: s() },
            CannotSetUp { path: s() },
            CannotSetBusyTimeout,
            CannotReadDb { path: s() },
            CannotConfigureDb { path: s() },
            CannotBackUpBeforeUpgrade { path: s() },
            Upgrading {
                path: s(),
                from: 1,
                to: 2,
                copy: s(),
            },
            MigrationFailed { step: 1 },
            CannotSeedUpgrade,
            CannotCreate { path: s() },
            CannotCreateWhy {
                path: s(),
                why: s(),
            },
            CannotBackUpTo {
                path: s(),
                why: s(),
            },
            BackupFailed {
                path: s(),
                why: s(),
            },
            DbReadOnly,
            DbDiskFull,
            DbCorrupt,
            DbNotADatabase,
            DbBusy,
            PgSchemaExists { url: s() },
            PgNoSchema { url: s() },
            PgPermissionDenied,
            PgTryAgain,
            PgConnectionRefused,
            PgAuthFailed,
            PgConstraint,
            PgUnexpected,
            PgNoBackup,
            DbCopied {
                from: s(),
                to: s(),
                rows: 3,
                observations: 1,
            },
            DbCannotOpen,
            DbPermissionDenied,
            DbIoFailure,
            DbTooBig,
            DbConstraint,
            DbOutOfMemory,
            DbNoLocking,
            DbUnexpected,
            PgBadUrl { url: s(), why: s() },
            PgUrlScheme,
            PgUrlEscape { part: s() },
            PgUrlManyHosts,
            PgUrlBracket,
            PgUrlParameter { name: s() },
            PgUrlPort { port: s() },
            PgUrlNoUser,
            PgSystemRootWeakMode { mode: s() },
            PgUrlSslMode { mode: s() },
            PgUrlTimeout { value: s() },
            PgPassFileOpen { path: s() },
            PgUnreachable {
                url: s(),
                place: s(),
            },
            PgTimeout {
                url: s(),
                place: s(),
            },
            PgUnknownHost {
                url: s(),
                host: s(),
            },
            PgLoginRefused {
                url: s(),
                user: s(),
            },
            PgNoPassword {
                url: s(),
                user: s(),
            },
            PgNoDatabase { url: s(), db: s() },
            PgServerBusy { url: s() },
            PgConnRefused { url: s(), why: s() },
            PgTlsRequired { url: s() },
            PgTlsUnsupported { url: s() },
            PgTlsFailed { url: s(), why: s() },
            PgCertNotTrusted { url: s() },
            PgCertNoHostName {
                url: s(),
                host: s(),
            },
            PgCertExpired {
                url: s(),
                day: "2026-11-30".into(),
            },
            PgCertNotYetValid {
                url: s(),
                day: "2026-11-30".into(),
            },
            PgCertIsAuthority { url: s() },
            PgCertOutdated { url: s() },
            PgCertAuthorityExpired {
                url: s(),
                day: "2026-11-30".into(),
            },
            PgCertAuthorityNotYetValid {
                url: s(),
                day: "2026-11-30".into(),
            },
            PgCertWrongHost {
                url: s(),
                host: s(),
            },
            PgRootCertMissing { path: s() },
            PgRootCertUnreadable { path: s() },
            PgRootCertExpired {
                path: s(),
                day: "2021-01-01".into(),
            },
            PgRootCertNotYetValid {
                path: s(),
                day: "2126-01-01".into(),
            },
            RolesNeedPostgres { path: s() },
            RolesNoSchema { database: s() },
            RolesNotAllowed { user: s() },
            RolesReady {
                database: s(),
                tables: 2,
                scoped: s(),
            },
            GrantNotALogin { login: s() },
            GrantNeedsInit { database: s() },
            RevokeUnknownLogin { login: s() },
            Revoked {
                login: s(),
                groups: s(),
                database: s(),
            },
            RevokedNothing {
                login: s(),
                database: s(),
            },
            LoginCreated { login: s() },
            GrantedAll {
                login: s(),
                group: s(),
                database: s(),
            },
            GrantedRegions {
                login: s(),
                group: s(),
                database: s(),
                regions: s(),
            },
            WriteIsDatabase { path: s() },
            WriteIsInput { path: s() },
            WriteNotAFile { path: s() },
            WriteExists { path: s() },
            CannotWrite {
                path: s(),
                why: s(),
            },
            RejectsNotPlaced {
                batch: 7,
                path: s(),
                why: s(),
            },
            CannotKeepRejects { dir: s(), why: s() },
            IoDiskFull,
            IoPermissionDenied,
            IoReadOnlyFs,
            IoNotFound,
            IoFileTooLarge,
            IoQuotaExceeded,
            IoIsAFolder,
            IoNotAFolder,
            IoNameTooLong,
            IoOther { text: s() },
            IoContentFailed,
            RowsRejected { file: s(), n: 2 },
            RowAt {
                line: 2,
                column: s(),
                why: s(),
            },
            MoreRows { n: 3 },
            FixRowsHint,
            MoreWarnings { n: 3 },
            HouseCodeEmpty,
            AssociationCodeEmpty,
            PeriodEmpty,
            IndicatorEmpty,
            RowUnknownHouse {
                code: s(),
                closest: vec![s()],
            },
            RowUnknownIndicator {
                name: s(),
                closest: vec![],
            },
            AppearsTwice {
                what: Box::new(HouseNamed { code: s() }),
                first: 2,
                line: 3,
            },
            HouseNamed { code: s() },
            AssociationNamed { code: s() },
            ActionNamed {
                title: s(),
                house: s(),
            },
            TargetNamed {
                house: s(),
                indicator: s(),
            },
            ScoreNamed {
                dimension: s(),
                house: s(),
                period: s(),
            },
            DifferentValuesTwice {
                what: s(),
                earlier: s(),
                value: s(),
                lines: Some((2, 5)),
                same_value: false,
            },
            BeyondHeader { value: s() },
            BlankHeader { value: s() },
            MoreRefusedInRow {
                first: Box::new(IndicatorEmpty),
                n: 2,
                columns: s(),
            },
            ComputedIndicator { code: s() },
            LockedChange {
                what: s(),
                old: None,
                value: s(),
                same_value: false,
                lock: Some(Box::new(LockedBy {
                    period: s(),
                    lock: s(),
                    relation: 0,
                    day: s(),
                    by: s(),
                    reason: s(),
                })),
            },
            LockedBy {
                period: s(),
                lock: s(),
                relation: 1,
                day: s(),
                by: s(),
                reason: s(),
            },
            NoPlanYet { house: s() },
            NoRows { file: s() },
            UnknownColumn {
                file: s(),
                column: s(),
                name: s(),
            },
            ColumnsOfKind {
                kind: s(),
                fr: s(),
                en: s(),
            },
            NotIndicatorColumns {
                file: s(),
                columns: vec![s()],
            },
            NameIndicatorColumns,
            ColumnManyIndicators {
                file: s(),
                column: s(),
                name: s(),
                matches: s(),
            },
            NameColumnByCode,
            ComputedColumn {
                file: s(),
                column: s(),
                name: s(),
                code: s(),
            },
            NoIndicatorColumn { file: s() },
            AtLine {
                file: s(),
                line: 1,
                why: s(),
            },
            CodeChars {
                house: true,
                code: s(),
                bad: ' ',
            },
            CodeLength {
                house: false,
                code: s(),
                len: 40,
            },
            CodeCaseTwin {
                house: true,
                code: s(),
                twin: s(),
            },
            HouseFieldEmpty {
                code: s(),
                field: "name",
            },
            HouseFieldMissing {
                code: s(),
                field: "region",
            },
            UnknownHouseKind {
                input: s(),
                choices: s(),
            },
            UnknownRegion {
                input: s(),
                closest: vec![],
                choices: s(),
            },
            UnknownMilieu {
                input: s(),
                code: s(),
            },
            HouseUnknownAssociation {
                association: s(),
                code: s(),
            },
            UnknownHouseStatus {
                input: s(),
                code: s(),
            },
            NotADate { input: s() },
            FieldWhy {
                field: "score",
                why: Box::new(EmptyValue),
            },
            FieldOfWhy {
                field: "opened",
                of: s(),
                why: Box::new(EmptyValue),
            },
            CapacityNotWhole {
                input: s(),
                code: s(),
                got: s(),
            },
            CapacityNotNumber {
                input: s(),
                code: s(),
            },
            AssociationNameEmpty { code: s() },
            NotAnEmail {
                input: s(),
                code: s(),
            },
            BaselineHalf {
                house: s(),
                indicator: s(),
            },
            TargetBeforeBaseline {
                target: s(),
                baseline: s(),
                house: s(),
                indicator: s(),
            },
            UnknownDimension {
                input: s(),
                choices: s(),
            },
            UnknownAxis {
                input: s(),
                house: s(),
                choices: s(),
            },
            AmountNegative {
                field: "budget",
                value: s(),
            },
            ActionNeedsAxis { house: s() },
            ActionTitleEmpty { house: s() },
            ActionNeedsTitle { house: s() },
            ActionNeedsDue {
                title: s(),
                house: s(),
            },
            DueBeforeStart {
                title: s(),
                house: s(),
                due: s(),
                start: s(),
            },
            ValueOfIndicator {
                field: "target",
                indicator: s(),
                why: Box::new(EmptyValue),
            },
            UnknownActionStatus {
                input: s(),
                choices: s(),
            },
            UnknownEventKind { input: s() },
            ProgressOutside { p: s() },
            ScoreOutside { score: s() },
            NotDimensionScore { arg: s() },
            HintLoneDot,
            AssociationExists { code: s() },
            UnknownAssociation {
                code: s(),
                closest: vec![],
            },
            AssociationRunsHouses {
                code: s(),
                n: 2,
                houses: s(),
            },
            RuleViolations { n: 2 },
            NotAnExportFormat { format: s() },
            XlsxNeedsOut,
            OutMismatch {
                out: s(),
                format: s(),
            },
            HouseExists { code: s() },
            UnknownRegionFlag {
                input: s(),
                closest: vec![],
                known: s(),
            },
            UnknownKindFlag {
                input: s(),
                closest: vec![],
                known: s(),
            },
            HouseInUse {
                code: s(),
                refs: vec![("observation", 1), ("event", 2)],
            },
            FlagWhy {
                flag: s(),
                why: s(),
            },
            BadDelimiter { input: s() },
            ForceNeedsReason,
            IndicatorExists { code: s() },
            NameFrEmpty { code: s() },
            BadFormula {
                formula: s(),
                why: s(),
            },
            NothingChanged { why: s() },
            RecordComponents {
                code: s(),
                formula: s(),
            },
            UnknownCohort {
                input: s(),
                closest: vec![],
                known: s(),
            },
            ReasonEmptyLock,
            ReasonEmptyUnlock,
            AlreadyLocked {
                period: s(),
                at: s(),
                by: s(),
            },
            NotLocked { period: s() },
            PlanEndsBeforeStart {
                end: s(),
                start: s(),
            },
            UnknownPlanTemplate {
                input: s(),
                names: s(),
            },
            PlanExists {
                house: s(),
                version: 1,
                start: s(),
                end: s(),
            },
            StageBack {
                house: s(),
                furthest: s(),
                stage: s(),
            },
            StageTooEarly {
                stage: s(),
                date: s(),
                before: s(),
                on: s(),
            },
            NoSuchAction { id: 3 },
            NotAValidWord {
                input: s(),
                what: "direction",
                expected: &["up", "down"],
            },
            CannotStartWriting,
            BookPartTooLarge { part: s(), mib: 64 },
            BookTextTooLong { part: s(), mib: 8 },
            BookPartUnreadable {
                part: s(),
                why: s(),
            },
            BookCellsOutOfOrder { line: 3 },
            BookTooManyColumns {
                line: 3,
                max: 16384,
            },
            BookTooMany {
                max: 10,
                what: BookCount::Rows,
            },
            BookSheetHasNoPart { sheet: s() },
            BookPartMissing { part: s() },
            BookSharedTooLarge { mib: 64 },
            BookBadReference { value: s() },
            BookRowsOutOfOrder { line: 3 },
            UndoUnknownEntity {
                batch: 1,
                entity: s(),
                key: s(),
            },
            UndoBadKey { batch: 1, why: s() },
            UndoActionRemoved { id: 3 },
            UndoImageUnreadable {
                batch: 1,
                which: "before".into(),
                what: s(),
                why: s(),
            },
            UndoTargetGone {
                house: s(),
                indicator: s(),
            },
            UndoAxisGone { id: 3, axis: s() },
            UndoRestoreFailed {
                batch: 1,
                what: s(),
                why: s(),
            },
            XlsxTooManyRows { max: 1_048_575 },
            UndoHouseGone {
                house: s(),
                dimension: s(),
            },
            CannotCommit,
            CannotWriteAudit,
            ActionReadOnly { id: 3, house: s() },
            ScoredTwice { dimension: s() },
            ActivityTitleEmpty,
            NotPeople {
                flag: s(),
                input: s(),
            },
            TemplateNameEmpty,
            TemplateExists { name: s() },
            AxisNotCodeLabel { arg: s() },
            AxisNeedsCodeLabel { arg: s() },
            AxisTwice { code: s() },
            NoPlanVersion {
                house: s(),
                version: 2,
                versions: s(),
            },
            NoHouseHasVersion { version: 2 },
            NotAReportFormat {
                format: s(),
                allowed: s(),
            },
            ToBeforeFrom,
            MatrixTooLong,
            RuleNameEmpty,
            UnknownSeverity { input: s() },
            RuleUnknownIndicator {
                rule: s(),
                name: s(),
                closest: vec![],
            },
            RuleExists { name: s() },
            UnknownRule {
                name: s(),
                closest: vec![],
            },
            ListComponents { code: s() },
            NoActiveHouseInCohort { cohort: s() },
            OutCsvOrXlsx,
            NoSuchBatch { batch: 2 },
            BatchAlreadyUndone { batch: 2, at: s() },
            ChangedSince { what: s() },
            MoreChanged { n: 3 },
            UnknownStage {
                input: s(),
                choices: s(),
            },
            BookNoSheet,
            BookSharedStringTooLong { n: 3, max: 1024 },
            BookClaimsTooMuch {
                last: s(),
                rows: 10,
                columns: 10,
            },
            UnknownEncoding { input: s() },
            UnknownFileKind {
                input: s(),
                choices: s(),
            },
            XlsxTooManyColumns { max: 16384 },
            ValueAlready {
                house: s(),
                indicator: s(),
                period: s(),
                value: s(),
            },
            CannotReplace { path: s() },
            CodeTaken { code: s() },
            CohortHasNoHouse {
                flag: s(),
                name: s(),
            },
            EndlineNotAfterBaseline {
                endline: s(),
                baseline: s(),
            },
            SameCohortTwice { cohort: s() },
            CannotCopyTable { table: s() },
            UndoAnywayHint,
            BatchChangedAfter { batch: 2, n: 3 },
            BatchBadPeriod {
                batch: 2,
                period: s(),
                why: s(),
            },
            MissingFlag {
                flag: s(),
                what: "capacity",
            },
            NeedsYes { question: s() },
            NotASuiviDb { path: s() },
            NotASqliteDb { path: s() },
            SchemaTooNew {
                path: s(),
                found: 5,
                known: 4,
            },
            UnknownRegionPlain {
                input: s(),
                closest: vec![],
            },
            RegionChoices { choices: s() },
            ScoresLocked {
                period: s(),
                house: s(),
            },
            LockedAs {
                lock: s(),
                reason: s(),
            },
            UnlockFirst,
            FileEmpty { path: s() },
            FileBinary {
                path: s(),
                line: Some(2),
            },
            FileInvalidUtf8 {
                path: s(),
                line: None,
                byte: 3,
            },
            FileMixedUtf8 {
                path: s(),
                lines: vec![3, 5],
            },
            FileUnterminatedQuote { path: s(), line: 2 },
            FileFieldTooLong {
                path: s(),
                line: 2,
                column: s(),
                max: 10,
            },
            FileTooManyColumns {
                path: s(),
                line: 2,
                max: 10,
            },
            FileRecordTooLong {
                path: s(),
                line: 2,
                max: 10,
            },
            CsvUnreadableHere,
            NoSuchSheet {
                path: s(),
                name: s(),
                sheets: s(),
            },
            NoVisibleSheet {
                path: s(),
                sheets: s(),
            },
            BookRefused {
                path: s(),
                what: s(),
            },
            InputNotAFile { path: s() },
            SheetEmpty {
                path: s(),
                sheet: s(),
            },
            WorkbookUnreadable {
                path: s(),
                why: s(),
            },
            XlsxWriteFailed {
                path: s(),
                why: s(),
            },
            DuplicateColumn {
                key: s(),
                name: ("Valeur", "Value"),
                first: s(),
                first_column: s(),
                second: s(),
                second_column: s(),
            },
            AskRemoveAssociation {
                code: s(),
                name: s(),
            },
            AskRemoveHouse {
                code: s(),
                name: s(),
            },
            AskRemoveAction {
                id: 1,
                house: s(),
                title: s(),
            },
            AskRemoveRule {
                name: s(),
                rule: s(),
            },
            AskUndoBatch {
                batch: 1,
                kind: s(),
                file: s(),
                inserted: 1,
                updated: 2,
            },
            NothingRemoved,
            NothingUndone,
            AddedAssociation {
                code: s(),
                name: s(),
            },
            AssociationUnchanged { code: s() },
            UpdatedAssociation { code: s() },
            RemovedAssociation { code: s() },
            HouseUnchanged { code: s() },
            UpdatedHouse { code: s() },
            RemovedHouse { code: s() },
            CreatedPlan {
                version: 1,
                house: s(),
                start: s(),
                end: s(),
                axes: s(),
            },
            StageReached {
                house: s(),
                stage: s(),
                date: s(),
            },
            AddedAction {
                id: 1,
                house: s(),
                axis: s(),
                title: s(),
            },
            ActionUnchanged { id: 1 },
            UpdatedAction {
                id: 1,
                title: s(),
                status: s(),
            },
            RemovedAction { id: 1 },
            RecordedScores {
                n: 2,
                house: s(),
                period: s(),
                changed: 1,
            },
            RecordedActivity {
                id: 1,
                kind: s(),
                house: s(),
                date: s(),
            },
            AddedPlanTemplate { name: s(), n: 3 },
            PlanSuperseded {
                version: 1,
                house: s(),
                current: 2,
            },
            AddedRule {
                name: s(),
                rule: s(),
                severity: s(),
            },
            RemovedRule { name: s() },
            WroteTemplate {
                path: s(),
                houses: 2,
                indicators: 3,
                period: s(),
            },
            BackedUp { from: s(), to: s() },
            IndicatorUnchanged { code: s() },
            DemoDatabase {
                path: s(),
                files: s(),
            },
            DemoDocument { path: s() },
            DemoTry { commands: s() },
            NationalDemo {
                path: s(),
                today: s(),
            },
            NationalEstablishments {
                houses: 2,
                provinces: 3,
                associations: 4,
            },
            NationalBy {
                what: "kind",
                list: s(),
            },
            NationalYears { years: s() },
            NationalCounts {
                observations: 1,
                batch: 2,
                targets: 3,
                plans: 4,
                actions: 5,
            },
            ImportSummaryLine {
                dry_run: true,
                file: s(),
                kind: s(),
                how: s(),
                rows: 2,
                inserted: 1,
                updated: 0,
                unchanged: 1,
                rejected: 0,
                empty: 1,
            },
            ImportHow {
                sheet: None,
                shape: Some("long".into()),
                encoding: None,
                delimiter: None,
                decimal: "comma".into(),
            },
            ImportWarnings {
                n: 2,
                dry_run: true,
            },
            ImportBatch { batch: 1 },
            AlreadyImported { batch: 1 },
            NothingChangedAll,
            RejectsWritten {
                n: 2,
                dry_run: false,
                path: s(),
            },
            NewValue,
            NoRowsListed,
            EveryRuleHolds,
            QueryNoRow,
            ColumnsNotShown { n: 2, names: s() },
            AddedIndicator {
                code: s(),
                name: s(),
            },
            ChangedIndicator {
                code: s(),
                names: true,
                kinds: Some(String::new()),
                direction: Some(s()),
            },
            TargetSet {
                house: s(),
                indicator: s(),
                target: s(),
                period: s(),
                baseline: None,
                baseline_period: None,
            },
            TargetUnchanged {
                house: s(),
                indicator: s(),
            },
            WroteManPages { n: 3, dir: s() },
            FormulaEmpty,
            FormulaTooLong { max: 3 },
            MalformedNumber { text: s() },
            FormulaTooDeep { max: 3 },
            ExpectedOperatorOrParen,
            ExpectedOperatorOrEnd,
            MissingParen { column: 2 },
            UnexpectedParen,
            ExpectedOperand,
            AtColumn {
                column: 2,
                why: s(),
            },
            RuleNoComparison { expr: s() },
            RuleTwoComparisons { expr: s() },
            RuleSide {
                left: true,
                expr: s(),
                why: s(),
            },
            PeriodStartsWithSeparator,
            PeriodUnexpectedChar { c: '!' },
            PeriodTwoSeparators,
            PeriodEndsWithSeparator,
            YearOutOfRange { text: s() },
            YearOutside {
                year: 1,
                from: 2,
                to: 3,
            },
            SchoolYearConsecutive { year: 2024 },
            PeriodUnrecognised,
            NotAMonthName { word: s() },
            NotYesNo { input: s() },
            ValueIs {
                input: s(),
                why: Box::new(NotFinite),
            },
            NotFinite,
            IsNegative { unit: "count" },
            NotWhole,
            OutsidePercent,
            IsNotYesNo,
            BeyondPlausible {
                unit: "count",
                max: s(),
            },
        ]
    }
}

/// The words of the interactive prompts (`house add`, `association add` at a
/// terminal): questions, hints, summary labels and answers, French and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    HouseCode,
    NameOfTheHouseFrench,
    NameInArabic,
    KindOfHouse,
    Region,
    ProvinceOrPrefecture,
    Commune,
    Milieu,
    TheCapacityIsAWholeNumber,
    CapacityAuthorisedPlaces,
    ManagingAssociation,
    OpeningDateDdMmYyyy,
    Refused,
    NewHouse,
    Code,
    Name,
    ArabicName,
    Kind,
    Region2,
    Province,
    Commune2,
    Milieu2,
    Capacity,
    Association,
    Opened,
    SaveThisHouse,
    NothingWasSaved,
    AssociationCode,
    NewAssociation,
    Registration,
    President,
    Phone,
    Email,
    SaveThisAssociation,
    EnterToSkip,
    AnAnswerIsRequired,
    Skip,
    TypeToFilter,
    YN,
    AnswerYesOrNoYN,
    NameOfTheAssociation,
    RegistrationNumber,
    President2,
    Phone2,
    Email2,
}

impl Prompt {
    /// Every prompt text, for the catalogue's tests.
    pub const ALL: &'static [Prompt] = &[
        Prompt::HouseCode,
        Prompt::NameOfTheHouseFrench,
        Prompt::NameInArabic,
        Prompt::KindOfHouse,
        Prompt::Region,
        Prompt::ProvinceOrPrefecture,
        Prompt::Commune,
        Prompt::Milieu,
        Prompt::TheCapacityIsAWholeNumber,
        Prompt::CapacityAuthorisedPlaces,
        Prompt::ManagingAssociation,
        Prompt::OpeningDateDdMmYyyy,
        Prompt::Refused,
        Prompt::NewHouse,
        Prompt::Code,
        Prompt::Name,
        Prompt::ArabicName,
        Prompt::Kind,
        Prompt::Region2,
        Prompt::Province,
        Prompt::Commune2,
        Prompt::Milieu2,
        Prompt::Capacity,
        Prompt::Association,
        Prompt::Opened,
        Prompt::SaveThisHouse,
        Prompt::NothingWasSaved,
        Prompt::AssociationCode,
        Prompt::NewAssociation,
        Prompt::Registration,
        Prompt::President,
        Prompt::Phone,
        Prompt::Email,
        Prompt::SaveThisAssociation,
        Prompt::EnterToSkip,
        Prompt::AnAnswerIsRequired,
        Prompt::Skip,
        Prompt::TypeToFilter,
        Prompt::YN,
        Prompt::AnswerYesOrNoYN,
        Prompt::NameOfTheAssociation,
        Prompt::RegistrationNumber,
        Prompt::President2,
        Prompt::Phone2,
        Prompt::Email2,
    ];

    /// The text in French (`fr`) or English.
    pub fn text(self, fr: bool) -> &'static str {
        use Prompt::*;
        let (f, e) = match self {
            HouseCode => ("Code de la maison", "House code"),
            NameOfTheHouseFrench => ("Nom de la maison (français)", "Name of the house (French)"),
            NameInArabic => ("Nom en arabe", "Name in Arabic"),
            KindOfHouse => ("Type de maison", "Kind of house"),
            Region => ("Région", "Region"),
            ProvinceOrPrefecture => ("Province ou préfecture", "Province or prefecture"),
            Commune => ("Commune", "Commune"),
            Milieu => ("Milieu", "Milieu"),
            TheCapacityIsAWholeNumber => (
                "la capacité est un nombre entier de places, par exemple 100",
                "the capacity is a whole number of places, for example 100",
            ),
            CapacityAuthorisedPlaces => (
                "Capacité (places autorisées)",
                "Capacity (authorised places)",
            ),
            ManagingAssociation => ("Association gestionnaire", "Managing association"),
            OpeningDateDdMmYyyy => ("Date d'ouverture (JJ/MM/AAAA)", "Opening date (DD/MM/YYYY)"),
            Refused => ("Refusé :", "Refused:"),
            NewHouse => ("Nouvelle maison :", "New house:"),
            Code => ("code", "code"),
            Name => ("nom", "name"),
            ArabicName => ("nom arabe", "Arabic name"),
            Kind => ("type", "kind"),
            Region2 => ("région", "region"),
            Province => ("province", "province"),
            Commune2 => ("commune", "commune"),
            Milieu2 => ("milieu", "milieu"),
            Capacity => ("capacité", "capacity"),
            Association => ("association", "association"),
            Opened => ("ouverture", "opened"),
            SaveThisHouse => ("Enregistrer cette maison ?", "Save this house?"),
            NothingWasSaved => ("Rien n'a été enregistré.", "Nothing was saved."),
            AssociationCode => ("Code de l'association", "Association code"),
            NewAssociation => ("Nouvelle association :", "New association:"),
            Registration => ("récépissé", "registration"),
            President => ("président(e)", "president"),
            Phone => ("téléphone", "phone"),
            Email => ("courriel", "email"),
            SaveThisAssociation => ("Enregistrer cette association ?", "Save this association?"),
            EnterToSkip => ("(Entrée pour passer)", "(Enter to skip)"),
            AnAnswerIsRequired => ("une réponse est nécessaire", "an answer is required"),
            Skip => ("(passer)", "(skip)"),
            TypeToFilter => ("(tapez pour filtrer)", "(type to filter)"),
            YN => ("(o/n)", "(y/n)"),
            AnswerYesOrNoYN => ("répondez oui ou non (o/n)", "answer yes or no (y/n)"),
            NameOfTheAssociation => ("Nom de l'association", "Name of the association"),
            RegistrationNumber => ("N° de récépissé", "Registration number"),
            President2 => ("Président(e)", "President"),
            Phone2 => ("Téléphone", "Phone"),
            Email2 => ("Courriel", "Email"),
        };
        if fr { f } else { e }
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(lang()))
    }
}

/// A file that could not be opened or read, in words.
pub fn file_io(path: &std::path::Path, op: &str, err: &std::io::Error) -> String {
    FileIo {
        path: path.display().to_string(),
        op: op.to_string(),
        why: crate::fsout::io_sentence(err),
    }
    .to_string()
}

/// Input data rejected (exit 3), said in the language of the run.
pub fn rejected(m: impl std::borrow::Borrow<Msg>) -> anyhow::Error {
    crate::error::rejected(m.borrow().to_string())
}

/// A usage error (exit 2), said in the language of the run.
pub fn usage(m: Msg) -> anyhow::Error {
    crate::error::usage(m.to_string())
}

/// The known names closest to `input`, for a did-you-mean.
pub fn near<'a>(candidates: impl IntoIterator<Item = &'a str>, input: &str) -> Vec<String> {
    crate::text::closest(candidates, input)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// A message as an error (exit code 1), in the language of the run.
pub fn err(m: Msg) -> anyhow::Error {
    anyhow::anyhow!(m.to_string())
}

/// A command line clap refused, in French; `None` in English (clap's own
/// text is English already) or for an error clap alone can explain.
pub fn usage_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind as C, ContextValue as V, ErrorKind as K};
    if lang() == Lang::En {
        return None;
    }
    let get = |kind: C| -> Option<String> {
        e.get(kind).and_then(|v| match v {
            V::String(s) => Some(s.clone()),
            V::Strings(v) => Some(v.join(", ")),
            V::StyledStr(s) => Some(s.to_string()),
            V::StyledStrs(v) => Some(
                v.iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            V::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let arg = get(C::InvalidArg).unwrap_or_default();
    let sentence = match e.kind() {
        K::UnknownArgument => UnknownArgument { arg },
        K::InvalidSubcommand => UnknownSubcommand {
            name: get(C::InvalidSubcommand).unwrap_or_default(),
        },
        K::MissingRequiredArgument => MissingArgument { args: arg },
        K::InvalidValue | K::ValueValidation => InvalidValue {
            value: get(C::InvalidValue).unwrap_or_default(),
            arg,
        },
        K::ArgumentConflict => ArgumentConflict { arg },
        K::TooManyValues => TooManyValues {
            value: get(C::InvalidValue).unwrap_or_default(),
        },
        K::NoEquals | K::MissingSubcommand | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            return None;
        }
        _ => {
            // Still said in French around clap's own sentence.
            let text = e.render().to_string();
            let text = text.strip_prefix("error: ").unwrap_or(&text);
            return Some(format!("{} {}", ErrorPrefix, text.trim_end()));
        }
    };
    let mut out = format!("{} {}", ErrorPrefix, sentence);
    if let Some(reason) = e.get(C::Custom).map(|v| v.to_string())
        && !reason.is_empty()
    {
        out.push_str(&format!(" ({reason})"));
    }
    // Why a value parser refused the value (`--mode 666`: anyone may change…).
    if e.kind() == K::ValueValidation
        && let Some(why) = std::error::Error::source(e)
    {
        out.push_str(&typo(&format!(" : {why}"), Lang::Fr));
    }
    if let Some(valid) = get(C::ValidValue) {
        out.push_str(&typo(&format!("\n  valeurs possibles : {valid}"), Lang::Fr));
    }
    for kind in [C::SuggestedSubcommand, C::SuggestedArg, C::SuggestedValue] {
        if let Some(s) = get(kind) {
            out.push_str(&typo(&format!("\n  suggestion : « {s} » ?"), Lang::Fr));
        }
    }
    if let Some(usage) = get(C::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        out.push_str("\n\n");
        out.push_str(
            &UsageHint {
                usage: usage.to_string(),
            }
            .text(Lang::Fr),
        );
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prompt_speaks_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for p in Prompt::ALL {
            let (fr, en) = (p.text(true), p.text(false));
            assert!(!fr.trim().is_empty() && !en.trim().is_empty(), "{p:?}");
            // Two prompts with the same French words would be one.
            assert!(seen.insert(fr), "{p:?}: {fr} twice");
        }
    }

    #[test]
    fn counts_agree_with_their_words_in_both_languages() {
        let line = |n: usize, lang| {
            Msg::ImportSummaryLine {
                dry_run: false,
                file: "f.csv".into(),
                kind: "observations".into(),
                how: "CSV".into(),
                rows: n,
                inserted: n,
                updated: 0,
                unchanged: 2,
                rejected: 1,
                empty: n,
            }
            .text(lang)
        };
        let one = line(1, Lang::Fr);
        assert!(
            one.contains(
                "1 ligne, 1 ajoutée, 0 modifiée, 2 inchangées, 1 refusée, 1 cellule vide ignorée"
            ),
            "{one}"
        );
        let many = line(3, Lang::Fr);
        assert!(many.contains("3 lignes, 3 ajoutées, 0 modifiée"), "{many}");
        assert!(!many.contains("(s)"), "{many}");
        let en = line(1, Lang::En);
        assert!(
            en.contains("1 row, 1 inserted") && en.contains("1 empty cell skipped"),
            "{en}"
        );
        let columns = |n: usize, lang| {
            Msg::NotIndicatorColumns {
                file: "f.csv".into(),
                columns: ["Foo", "Bar"][..n].iter().map(|c| c.to_string()).collect(),
            }
            .text(lang)
        };
        assert!(columns(1, Lang::Fr).contains("cette colonne n'est pas un indicateur\u{a0}: Foo"));
        assert!(columns(2, Lang::En).contains("columns Foo, Bar are not indicators"));
    }

    #[test]
    fn figures_echoed_in_french_messages_take_a_decimal_comma() {
        let m = Msg::ScoreOutside {
            score: 4.5.to_string(),
        };
        assert!(m.text(Lang::Fr).contains("le score 4,5 est hors"));
        assert!(m.text(Lang::En).contains("score 4.5 is outside"));
        let p = Msg::ProgressOutside {
            p: 120.5.to_string(),
        };
        assert!(p.text(Lang::Fr).contains("120,5"));
    }

    #[test]
    fn every_message_has_french_and_english() {
        let samples = Msg::samples();
        for m in &samples {
            let f = m.text(Lang::Fr);
            let e = m.text(Lang::En);
            let name = format!("{m:?}");
            assert!(!f.trim().is_empty(), "{name}: no French");
            assert!(!e.trim().is_empty(), "{name}: no English");
            assert_ne!(f, e, "{name}: the French is the English");
            assert!(
                !f.contains(" :"),
                "{name}: French needs a no-break space before ':'"
            );
        }
        // Every variant has a sample: the names are distinct and complete.
        let mut names: Vec<String> = samples
            .iter()
            .map(|m| {
                format!("{m:?}")
                    .split([' ', '{'])
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), samples.len());
        assert_eq!(
            samples.len(),
            variants_in_source(),
            "a message has no sample"
        );
    }

    /// The variants of `Msg` as written in this file (one per line, four
    /// spaces then a capital), so that a new message without a sample fails.
    fn variants_in_source() -> usize {
        let src = include_str!("messages.rs");
        let start = src.find("pub enum Msg {").unwrap();
        let body = &src[start..];
        let end = body.find("\n}\n").unwrap();
        body[..end]
            .lines()
            .filter(|l| {
                l.strip_prefix("    ")
                    .and_then(|r| r.chars().next())
                    .is_some_and(|c| c.is_ascii_uppercase())
            })
            .count()
    }

    #[test]
    fn every_listing_column_has_a_french_header() {
        use crate::output::columns::*;
        let extra = [
            "registration_no",
            "region_name",
            "iso",
            "version",
            "late",
            "women",
            "men",
            "notes",
            "date",
            "rule",
            "severity",
            "left",
            "left_value",
            "op",
            "right",
            "right_value",
            "at",
            "by",
            "action",
            "record",
            "changes",
            "reason",
            "entity",
            "key",
            "before",
            "after",
            "template",
            "label_fr",
            "label_en",
            "file",
            "sha256",
            "inserted",
            "updated",
            "unchanged",
            "rejected",
            "undone",
        ];
        for key in [
            ASSOCIATIONS,
            INDICATORS,
            HOUSES,
            OBSERVATIONS,
            TARGETS,
            ACTIONS,
            ASSESSMENTS,
        ]
        .concat()
        .into_iter()
        .chain(extra)
        {
            let fr = column_label(key, Lang::Fr);
            assert!(!fr.contains('_'), "{key}: {fr}");
            assert_ne!(fr, key, "{key} has no French header");
        }
    }

    #[test]
    fn plurals_agree_in_both_languages() {
        assert_eq!(plural(0, "maison", "maisons", Lang::Fr), "0 maison");
        assert_eq!(plural(1, "maison", "maisons", Lang::Fr), "1 maison");
        assert_eq!(plural(2, "maison", "maisons", Lang::Fr), "2 maisons");
        assert_eq!(plural(0, "house", "houses", Lang::En), "0 houses");
        assert_eq!(plural(1, "house", "houses", Lang::En), "1 house");
    }

    #[test]
    fn french_typography_uses_a_no_break_space() {
        assert_eq!(typo("a : b ; c ?", Lang::Fr), "a\u{a0}: b\u{a0}; c\u{a0}?");
        assert_eq!(typo("a : b", Lang::En), "a : b");
        assert_eq!(ErrorPrefix.text(Lang::Fr), "erreur\u{a0}:");
    }
}
