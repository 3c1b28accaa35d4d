//! Every command-line type of suivi: data and help text only.
//! The man pages and shell completions are generated from these definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "suivi",
    version,
    about = "Follow the social-protection establishments programme: houses, indicators, development plans, imports and reports",
    long_about = "suivi keeps the register of the houses (maisons des étudiants, Dar Talib / Dar Taliba) and of the \
associations that run them, follows each house's institutional development plan (PDI), records indicators, \
imports the spreadsheets associations send, and writes the pilot evaluation. One local SQLite file holds \
everything.\n\nExit codes: 0 success, 1 error (I/O, database), 2 usage error, 3 input data rejected (nothing written).",
    after_help = "Start with `suivi init` (or `suivi demo` to see fictional data). See `suivi <command> --help`."
)]
pub struct Cli {
    /// Database file [default: $SUIVI_DB, else ./suivi.db]
    #[arg(long, global = true, env = "SUIVI_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Output format of listings and reports
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Language of labels in reports and templates [default: from $LANG, else fr]
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// Never prompt: a missing required value is an error that names its flag
    #[arg(long, global = true)]
    pub no_input: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned table for the terminal
    Table,
    /// Comma-separated values with a header row
    Csv,
    /// JSON (arrays of objects, snake_case keys)
    Json,
    /// Markdown (reports only)
    Md,
    /// Self-contained HTML document (reports only)
    Html,
    /// Excel workbook (exports only)
    Xlsx,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Command {
    /// Create the database with reference data (regions, default indicators, plan template, rules)
    Init,
    /// Build a demo database of 12 fictional pilot houses and print what it holds
    Demo(DemoArgs),
    /// Managing associations (associations gestionnaires)
    #[command(subcommand)]
    Association(AssociationCmd),
    /// Houses (maisons des étudiants and other establishments)
    #[command(subcommand)]
    House(HouseCmd),
    /// Indicators: the catalogue, recorded values, history and targets
    #[command(subcommand)]
    Indicator(IndicatorCmd),
    /// Validation rules checked by `suivi check`
    #[command(subcommand)]
    Rule(RuleCmd),
    /// Evaluate every validation rule for every house and period
    Check(CheckArgs),
    /// Lock validated periods against writes
    #[command(subcommand)]
    Period(PeriodCmd),
    /// Reports: the pilot evaluation
    #[command(subcommand)]
    Report(ReportCmd),
    /// Audit log: who changed what, when, and why
    Log(LogArgs),
    /// Consistent copy of the database, even while it is in use
    Backup(BackupArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Write the man pages (one per command)
    Man(ManArgs),
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Folder where suivi-demo.db is written (replaced if it exists)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out_dir: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum AssociationCmd {
    /// Register a managing association
    Add(AssociationAdd),
    /// List the associations
    List,
    /// Show one association and the houses it runs
    Show {
        /// Association code
        code: String,
    },
    /// Change fields of an association (an empty value clears an optional field)
    Edit(AssociationEdit),
    /// Remove an association that no house refers to
    Remove {
        /// Association code
        code: String,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args, Debug)]
pub struct AssociationAdd {
    /// Association code (unique), e.g. AS01
    pub code: Option<String>,
    /// Name of the association
    #[arg(long)]
    pub name: Option<String>,
    /// Registration number (N° de récépissé)
    #[arg(long)]
    pub registration_no: Option<String>,
    /// President (président·e)
    #[arg(long)]
    pub president: Option<String>,
    /// Phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// E-mail address
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Args, Debug)]
pub struct AssociationEdit {
    /// Association code
    pub code: String,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub registration_no: Option<String>,
    #[arg(long)]
    pub president: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum HouseCmd {
    /// Register a house
    Add(HouseAdd),
    /// List houses, optionally filtered
    List(HouseList),
    /// Show one house
    Show {
        /// House code
        code: String,
    },
    /// Change fields of a house (an empty value clears an optional field)
    Edit(HouseEdit),
    /// Remove a house that nothing refers to
    Remove {
        /// House code
        code: String,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args, Debug, Default)]
pub struct HouseFields {
    /// Name in French
    #[arg(long)]
    pub name: Option<String>,
    /// Name in Arabic
    #[arg(long)]
    pub name_ar: Option<String>,
    /// Kind: dar-talib, dar-taliba, mixed, children-centre, elderly-centre, disability-centre, women-centre, other
    #[arg(long)]
    pub kind: Option<String>,
    /// Region: code (01-12, MA-05) or name, accents optional
    #[arg(long)]
    pub region: Option<String>,
    /// Province or prefecture
    #[arg(long)]
    pub province: Option<String>,
    /// Commune
    #[arg(long)]
    pub commune: Option<String>,
    /// Milieu: rural or urban (rural/urbain)
    #[arg(long)]
    pub milieu: Option<String>,
    /// Authorised places
    #[arg(long, allow_negative_numbers = true)]
    pub capacity: Option<String>,
    /// Code of the managing association
    #[arg(long)]
    pub association: Option<String>,
    /// Cohort: pilot, or a later wave [default: pilot]
    #[arg(long)]
    pub cohort: Option<String>,
    /// Opening date (2019-09-01 or 01/09/2019)
    #[arg(long)]
    pub opened: Option<String>,
    /// Status: active or closed [default: active]
    #[arg(long)]
    pub status: Option<String>,
    /// Legal basis of the authorisation (e.g. loi 14-05, loi 65-15)
    #[arg(long)]
    pub legal_basis: Option<String>,
    /// Authorisation number
    #[arg(long)]
    pub authorisation_no: Option<String>,
    /// Authorisation date
    #[arg(long)]
    pub authorisation_date: Option<String>,
}

#[derive(Args, Debug)]
pub struct HouseAdd {
    /// House code (unique), e.g. DT01
    pub code: Option<String>,
    #[command(flatten)]
    pub fields: HouseFields,
}

#[derive(Args, Debug)]
pub struct HouseEdit {
    /// House code
    pub code: String,
    #[command(flatten)]
    pub fields: HouseFields,
}

#[derive(Args, Debug)]
pub struct HouseList {
    /// Only houses of this region (code or name)
    #[arg(long)]
    pub region: Option<String>,
    /// Only houses of this cohort
    #[arg(long)]
    pub cohort: Option<String>,
    /// Only houses of this kind
    #[arg(long)]
    pub kind: Option<String>,
}

#[derive(Args, Debug)]
pub struct LogArgs {
    /// Show at most N entries, newest first
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Only entries about this kind of record (house, association, observation, batch, ...)
    #[arg(long)]
    pub entity: Option<String>,
    /// Only entries on or after this date
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist)
    pub file: PathBuf,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// Shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Folder to write the pages into
    #[arg(long, value_name = "DIR", default_value = "man")]
    pub out_dir: PathBuf,
}

#[derive(Args, Debug, Default)]
pub struct Force {
    /// Write even into a locked period (needs --reason)
    #[arg(long)]
    pub force: bool,
    /// Why: kept in the audit log
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum IndicatorCmd {
    /// List the indicator catalogue
    List,
    /// Show one indicator (by code or name)
    Show {
        /// Indicator code or name
        indicator: String,
    },
    /// Add an indicator: recorded (with --unit and rules) or computed (--formula)
    Add(IndicatorAdd),
    /// Record one value for a house, indicator and period
    Record(IndicatorRecord),
    /// Values recorded for a house, oldest period first
    History(IndicatorHistory),
    /// Set a house's baseline and target for an indicator
    Target(IndicatorTarget),
}

#[derive(Args, Debug)]
pub struct IndicatorAdd {
    /// Code: lowercase letters, digits and _ (e.g. meals_served)
    pub code: String,
    /// Name in French (the primary label)
    #[arg(long)]
    pub name_fr: String,
    /// Name in English
    #[arg(long)]
    pub name_en: Option<String>,
    /// Unit: count, percent, mad, score, bool, days, hours
    #[arg(long)]
    pub unit: String,
    /// Which way is better: up (higher) or down (lower)
    #[arg(long, default_value = "up")]
    pub direction: String,
    /// How values combine inside a period: sum (flows), last (stocks), mean, max, min [default: last]
    #[arg(long, conflicts_with = "formula")]
    pub over_time: Option<String>,
    /// How houses combine: sum or mean [default: sum; mean for bool]
    #[arg(long, conflicts_with = "formula")]
    pub across: Option<String>,
    /// Computed indicator: a formula over indicator codes, e.g. "100 * pupils_passed / pupils_sat"
    #[arg(long)]
    pub formula: Option<String>,
    /// The indicator counts pupils (small values are suppressed with --publish)
    #[arg(long)]
    pub pupils: bool,
}

#[derive(Args, Debug)]
pub struct IndicatorRecord {
    /// House code
    pub house: String,
    /// Indicator code or name
    pub indicator: String,
    /// Period: 2025-01, 2025-Q1, 2025-S1, 2025, 2024-2025 (also 01/2025, T1 2025, AS 2024-2025, ...)
    pub period: String,
    /// Value: 12,5 or 12.5, 1 234, 85 %, oui/non
    #[arg(allow_negative_numbers = true)]
    pub value: String,
    /// Comment kept with the value
    #[arg(long)]
    pub comment: Option<String>,
    #[command(flatten)]
    pub force: Force,
}

#[derive(Args, Debug)]
pub struct IndicatorHistory {
    /// House code
    pub house: String,
    /// Only this indicator (code or name)
    pub indicator: Option<String>,
    /// Only periods starting at or after this one
    #[arg(long, value_name = "PERIOD")]
    pub from: Option<String>,
    /// Only periods ending at or before this one
    #[arg(long, value_name = "PERIOD")]
    pub to: Option<String>,
}

#[derive(Args, Debug)]
pub struct IndicatorTarget {
    /// House code
    pub house: String,
    /// Indicator code or name
    pub indicator: String,
    /// Baseline value
    #[arg(long, allow_negative_numbers = true, requires = "baseline_period")]
    pub baseline: Option<String>,
    /// Period of the baseline
    #[arg(long, value_name = "PERIOD", requires = "baseline")]
    pub baseline_period: Option<String>,
    /// Target value
    #[arg(long, allow_negative_numbers = true)]
    pub target: String,
    /// Period by which the target should be reached
    #[arg(long, value_name = "PERIOD")]
    pub target_period: String,
}

#[derive(Subcommand, Debug)]
pub enum RuleCmd {
    /// Add a rule "LEFT OP RIGHT" over indicator codes, OP one of < <= = >= > !=
    Add {
        /// Rule name
        name: String,
        /// The rule, e.g. "boarders_girls <= boarders"
        rule: String,
        /// error (check exits 3 when broken) or warning
        #[arg(long, default_value = "error")]
        severity: String,
    },
    /// List the rules
    List,
    /// Remove a rule
    Remove {
        /// Rule name
        name: String,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Only observations inside this period
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum PeriodCmd {
    /// Lock a period: writes into it are refused unless --force --reason
    Lock {
        /// Period
        period: String,
        /// Why (kept in the log)
        #[arg(long)]
        reason: String,
    },
    /// Unlock a period
    Unlock {
        /// Period
        period: String,
        /// Why (kept in the log)
        #[arg(long)]
        reason: String,
    },
    /// List locked periods
    List,
}

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// The pilot evaluation: indicators pilot-wide and per house, plans, completeness
    Pilot(ReportPilot),
}

#[derive(Args, Debug)]
pub struct ReportPilot {
    /// Period of the report [default: the school year of --as-of]
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Cohort of houses; `all` for every house
    #[arg(long, default_value = "pilot")]
    pub cohort: String,
    /// Date that decides what is late and how much time has elapsed [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Write the report to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}
