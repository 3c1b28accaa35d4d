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

/// One message a person reads, with what it needs to say.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    // --- the frame of every error ---
    /// The word before every error: `erreur :` / `error:`.
    ErrorPrefix,
    /// The line that introduces the cause of an error.
    CausedBy,
    /// Warnings on standard error.
    WarningPrefix,

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
    MissingValue {
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
    MissingColumns {
        file: String,
        names: String,
    },
    HeaderHas {
        line: u64,
        headers: String,
    },
    NotAPeriod {
        input: String,
        reason: String,
    },
    NotANumber {
        input: String,
        reason: Option<String>,
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
    UnknownRegionFlag {
        input: String,
        hint: String,
        known: String,
    },
    // --- PostgreSQL ---
    PgSchemaExists {
        url: String,
    },
    PgNoSchema {
        url: String,
    },
    PgNewerSchema {
        url: String,
        version: i64,
        ours: i64,
    },
    PgPermissionDenied,
    PgTryAgain,
    PgConnectionRefused,
    PgAuthFailed,
    PgConstraint,
    PgUnexpected,
    PgNoBackup,
    PgNoDemo,
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
    IoDiskFull,
    IoPermissionDenied,
    IoReadOnlyFs,
    IoNotFound,
    IoFileTooLarge,
    IoQuotaExceeded,
    IoIsAFolder,
    IoNotAFolder,
    IoContentFailed,
}

use Msg::*;

impl Msg {
    /// The message in `lang`, with French typography in French.
    pub fn text(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        let (f, e): (String, String) = match self {
            ErrorPrefix => ("erreur :".into(), "error:".into()),
            CausedBy => ("cause :".into(), "caused by:".into()),
            WarningPrefix => ("attention :".into(), "warning:".into()),

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
            MissingValue { arg } => (
                format!("il manque une valeur après {arg}"),
                format!("a value is required for '{arg}' but none was supplied"),
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
            MissingColumns { file, names } => (
                format!("{file} : colonne(s) manquante(s) : {names}"),
                format!("{file}: missing column(s): {names}"),
            ),
            HeaderHas { line, headers } => (
                format!("l'en-tête (ligne {line}) contient : {headers}"),
                format!("the header (line {line}) has: {headers}"),
            ),
            NotAPeriod { input, reason } => (
                format!("« {input} » n'est pas une période : {reason} (exemples : 2025-01, 2025-T1, 2025-S1, 2025, 2024-2025)"),
                format!("\"{input}\" is not a period: {reason} (expected e.g. 2025-01, 2025-Q1, 2025-S1, 2025, 2024-2025)"),
            ),
            NotANumber { input, reason } => (
                match reason {
                    Some(r) => format!("« {input} » n'est pas un nombre : {r}"),
                    None => format!("« {input} » n'est pas un nombre"),
                },
                match reason {
                    Some(r) => format!("\"{input}\" is not a number: {r}"),
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
                    "Lot {batch} annulé : {} retirée(s), {} remise(s) à sa valeur précédente, {} restauré(s)",
                    plural(*removed, "valeur", "valeurs", Lang::Fr),
                    plural(*restored, "valeur", "valeurs", Lang::Fr),
                    plural(*records, "fiche", "fiches", Lang::Fr),
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
                format!("{path} existe déjà ; suivi init n'écrase jamais une base de données (choisissez un autre fichier avec --db)"),
                format!("{path} already exists; suivi init never overwrites a database (use --db to choose another file)"),
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
            PgNewerSchema { url, version, ours } => (
                format!("{url} a la version de schéma {version}, plus récente que celle que ce suivi comprend ({ours}) ; elle n'a pas été modifiée : installez un suivi plus récent"),
                format!("{url} has schema version {version}, newer than this suivi understands ({ours}); it was left untouched: install a newer suivi"),
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
            PgNoDemo => (
                "suivi demo écrit des fichiers dans un dossier ; pour une base PostgreSQL, utilisez `suivi init --db postgres://…` puis importez".into(),
                "suivi demo writes files into a folder; for a PostgreSQL database use `suivi init --db postgres://…` then import".into(),
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
            PgRootCertMissing { path } => (
                format!("aucun fichier d'autorité pour vérifier le serveur ({path} n'existe pas) : donnez-le avec ?sslrootcert=FICHIER.pem"),
                format!("no authority file to verify the server with ({path} does not exist): give one with ?sslrootcert=FILE.pem"),
            ),
            PgRootCertUnreadable { path } => (
                format!("le fichier d'autorité {path} n'est pas un certificat PEM lisible"),
                format!("the authority file {path} is not a readable PEM certificate"),
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
            UnknownRegionFlag { input, hint, known } => (
                format!("--region : région inconnue « {input} »{hint} ; régions : {known}"),
                format!("--region: unknown region \"{input}\"{hint}; regions: {known}"),
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
            IoContentFailed => (
                "le contenu n'a pas pu être produit".into(),
                "the content could not be produced".into(),
            ),
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
            WarningPrefix,
            UnknownArgument { arg: s() },
            UnknownSubcommand { name: s() },
            MissingArgument { args: s() },
            InvalidValue {
                value: s(),
                arg: s(),
            },
            MissingValue { arg: s() },
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
                names: s(),
            },
            HeaderHas {
                line: 1,
                headers: s(),
            },
            NotAPeriod {
                input: s(),
                reason: s(),
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
            PgNewerSchema {
                url: s(),
                version: 9,
                ours: 3,
            },
            PgPermissionDenied,
            PgTryAgain,
            PgConnectionRefused,
            PgAuthFailed,
            PgConstraint,
            PgUnexpected,
            PgNoBackup,
            PgNoDemo,
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
            PgCertWrongHost {
                url: s(),
                host: s(),
            },
            PgRootCertMissing { path: s() },
            PgRootCertUnreadable { path: s() },
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
            UnknownRegionFlag {
                input: s(),
                hint: s(),
                known: s(),
            },
            WriteIsDatabase { path: s() },
            WriteIsInput { path: s() },
            WriteNotAFile { path: s() },
            WriteExists { path: s() },
            CannotWrite {
                path: s(),
                why: s(),
            },
            IoDiskFull,
            IoPermissionDenied,
            IoReadOnlyFs,
            IoNotFound,
            IoFileTooLarge,
            IoQuotaExceeded,
            IoIsAFolder,
            IoNotAFolder,
            IoContentFailed,
        ]
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

    /// Messages whose French and English are legitimately the same.
    const SAME_IN_BOTH: &[&str] = &[];

    #[test]
    fn every_message_has_french_and_english() {
        let samples = Msg::samples();
        for m in &samples {
            let f = m.text(Lang::Fr);
            let e = m.text(Lang::En);
            let name = format!("{m:?}");
            assert!(!f.trim().is_empty(), "{name}: no French");
            assert!(!e.trim().is_empty(), "{name}: no English");
            let key = name.split([' ', '{']).next().unwrap_or_default();
            if !SAME_IN_BOTH.contains(&key) {
                assert_ne!(f, e, "{name}: the French is the English");
            }
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
