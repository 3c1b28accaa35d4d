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
    /// Database file, or PostgreSQL URL (postgres://USER@HOST/DB) [default: $SUIVI_DB, else ./suivi.db]
    #[arg(long, global = true, env = "SUIVI_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Output format of listings and reports
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Language of messages, listings, reports and templates [default: from $LANG, else fr]. `ar`: reports in
    /// Markdown and HTML right to left, every label, alert, note and chart in Arabic, templates with
    /// Arabic headers (messages and terminal tables stay French: right-to-left text does not render
    /// reliably in terminals); `fr,ar`: an HTML or Markdown report with French and Arabic side by side
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// Digits of figures in an Arabic report (--lang ar): western `0-9` as the ministry prints
    /// them, or Arabic-Indic `٠-٩`
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "DIGITS",
        default_value = "western"
    )]
    pub digits: Digits,

    /// Never prompt: a missing required value is an error that names its flag
    #[arg(long, global = true)]
    pub no_input: bool,

    /// Show every column of a listing; without it, table output keeps the key columns
    /// and drops or shortens (with …) the others to fit the width ($COLUMNS, else the
    /// terminal, else 80)
    #[arg(long, global = true)]
    pub wide: bool,

    /// Permissions of the files suivi writes (exports, reports, templates, rejects),
    /// in octal [default: 600, owner only, like the database]; e.g. 640 to let the
    /// owner's group read them. Files anyone may change are refused.
    #[arg(long, global = true, value_name = "OCTAL", value_parser = crate::fsout::parse_mode)]
    pub mode: Option<u32>,

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
    /// Arabic (reports in Markdown and HTML, templates, imports)
    Ar,
    /// French beside Arabic (reports in Markdown and HTML)
    #[value(name = "fr,ar")]
    FrAr,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digits {
    /// 0123456789
    Western,
    /// ٠١٢٣٤٥٦٧٨٩
    Arabic,
}

// `defer`, here and on every subcommand enum: a subcommand's options are built
// only when it runs (or for help, man pages and completions), not the whole
// tree at every start (0.9M instructions of `house list`'s 4.9M).
#[derive(Subcommand, Debug)]
#[command(defer = true)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Command {
    /// Create the database with reference data (regions, default indicators, plan template, rules)
    Init,
    /// Build a demo database of 12 fictional pilot houses whose last school year is the current one
    /// (data up to last month), print the pilot report and write it as HTML (--national: a fictional
    /// country of about 1,300 establishments)
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
    /// Morocco's provinces and prefectures (reference data)
    #[command(subcommand)]
    Province(ProvinceCmd),
    /// Institutional development plans (PDI): stages, actions, assessments, events
    #[command(subcommand)]
    Plan(PlanCmd),
    /// Import the spreadsheets associations send (CSV, xlsx, ods), and undo an import
    #[command(subcommand)]
    Import(ImportCmd),
    /// Export data for spreadsheets (CSV, French-Excel CSV, xlsx) or scripts (JSON)
    Export(ExportArgs),
    /// Write a spreadsheet template for associations to fill in
    #[command(subcommand)]
    Template(TemplateKind),
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
    /// A shared PostgreSQL database: roles and regional scope enforced by the server; copies between stores
    #[command(subcommand)]
    Db(DbCmd),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Write the man pages (one per command)
    Man(ManArgs),
}

#[derive(Args, Debug)]
#[command(
    after_help = "With --national, suivi builds suivi-national.db: a fictional country of \
1,300 establishments of every kind in the 12 regions and their real provinces, over the last 3 \
school years up to today (a pilot cohort of 12 houses, a comparison cohort `wave2` of 40, a \
later wave `wave3`, the rest `none`), each kind reporting only the indicators that apply to it. \
It prints counts of what it built, not a report: look at the data with `suivi --db \
suivi-national.db report pilot --cohort all` (per region, spread across houses, houses furthest \
behind), `report evaluation --pilot pilot --comparison wave2` and the other reports. The same date gives the \
same country. `--format json` prints the counts as one object (`houses`, `associations`, \
`by_kind`, `by_cohort`, `by_region`, `provinces`, `school_years`, `observations`, `targets`, \
`plans`, `actions`, `batch`, `database`)."
)]
pub struct DemoArgs {
    /// Folder where suivi-demo.db (or suivi-national.db) is written (replaced if it exists)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out_dir: PathBuf,
    /// Build a fictional country (about 1,300 establishments, 3 school years) and print counts
    #[arg(long)]
    pub national: bool,
}

#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum ProvinceCmd {
    /// List the 75 provinces and prefectures with their codes, French and Arabic names and region
    List {
        /// Only those of this region (code or name)
        #[arg(long)]
        region: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum AssociationCmd {
    /// Register a managing association
    ///
    /// At a terminal, asks for what is missing (optional fields: Enter to skip) and
    /// shows a summary before saving (o/oui/n/non; n or Ctrl-C saves nothing).
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
#[command(defer = true)]
pub enum HouseCmd {
    /// Register a house
    ///
    /// At a terminal, asks for what is missing in the chosen language: lists that filter
    /// as you type (region, province, association), optional fields skipped with Enter,
    /// a refused answer asked again, and a summary before saving (o/oui/n/non; n or
    /// Ctrl-C saves nothing). With --no-input, a missing value is an error naming its flag.
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

#[derive(Subcommand, Debug)]
#[command(defer = true)]
#[command(
    after_help = "`init-roles` and `grant` are for PostgreSQL only (`--db postgres://USER@HOST/DB`); run them as a superuser \
or a role with CREATEROLE. A login made by `db grant` has no password: set one with psql's \
`\\password LOGIN`, or let the server trust its network (pg_hba.conf). Run `db init-roles` again \
after upgrading suivi: new tables get their grants and policies."
)]
pub enum DbCmd {
    /// Create (or bring up to date) the group roles suivi_reader (reads everything), suivi_analyst
    /// (also records, imports, plans, targets; appends to the audit log) and suivi_admin (also the
    /// catalogue, rules, period locks and migrations), their grants on every table, and the
    /// row-level security that limits a login to the houses of its regions
    InitRoles,
    /// Make LOGIN (created if missing) a member of one suivi role; --region limits what it sees
    /// and changes to the houses of those regions (its audit log: the entries about those regions'
    /// houses, about no house and its own; the list of import batches stays whole); without
    /// --region, every region
    Grant(DbGrantArgs),
    /// Take LOGIN's suivi role and regions away on this database: it can no longer read or change
    /// anything of suivi's here. The login itself stays (other databases may use it); `ALTER ROLE
    /// LOGIN NOLOGIN` in psql stops it logging in at all
    Revoke(DbRevokeArgs),
    /// Copy a whole database, with its audit log, import batches and period locks, from a SQLite
    /// file to PostgreSQL or back (an offline copy for a field visit): into a new file, or an empty
    /// PostgreSQL database. Works with any two stores; the source is left as it was
    Copy(DbCopyArgs),
}

#[derive(Args, Debug)]
pub struct DbCopyArgs {
    /// The database to copy: a file or a postgres:// URL
    pub source: PathBuf,
    /// Where to copy it: a new file, or a postgres:// URL of an empty database
    pub target: PathBuf,
}

#[derive(Args, Debug)]
pub struct DbRevokeArgs {
    /// The PostgreSQL login
    pub login: String,
}

#[derive(Args, Debug)]
pub struct DbGrantArgs {
    /// The PostgreSQL login (created without a password if missing)
    pub login: String,
    /// What the login may do
    #[arg(long, value_enum, value_name = "ROLE")]
    pub role: DbRole,
    /// Region (code 01-12 or name, accents optional) whose houses the login sees and changes;
    /// repeat or list several. Replaces the login's earlier regions
    #[arg(long = "region", value_name = "REGION", num_args = 1..)]
    pub regions: Vec<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbRole {
    /// suivi_reader: reports, exports, listings
    Reader,
    /// suivi_analyst: also record, import, plans, targets
    Analyst,
    /// suivi_admin: also catalogue, rules, locks, undo of others' imports, migrations
    Admin,
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
#[command(defer = true)]
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
    /// Change an indicator's names, the kinds of establishment it applies to, or its direction
    Edit(IndicatorEdit),
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
    /// Name in Arabic
    #[arg(long)]
    pub name_ar: Option<String>,
    /// Kinds of establishment that report it, comma-separated (e.g. dar-talib,dar-taliba,mixed)
    /// [default: every kind]
    #[arg(long, value_name = "K,K,...")]
    pub kinds: Option<String>,
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
#[command(
    after_help = "Codes, French, English and Arabic names stay unique across the catalogue \
(ignoring case and accents). Every change is in the audit log (`suivi log --entity indicator`)."
)]
pub struct IndicatorEdit {
    /// Indicator code or name
    pub indicator: String,
    /// New name in French
    #[arg(long)]
    pub name_fr: Option<String>,
    /// New name in English (empty: none)
    #[arg(long)]
    pub name_en: Option<String>,
    /// New name in Arabic (empty: none)
    #[arg(long)]
    pub name_ar: Option<String>,
    /// Kinds of establishment that report it, comma-separated: dar-talib, dar-taliba, mixed,
    /// children-centre, elderly-centre, disability-centre, women-centre, other (`all` or empty: every kind)
    #[arg(long, value_name = "K,K,...")]
    pub kinds: Option<String>,
    /// Which way is better: up or down
    #[arg(long)]
    pub direction: Option<String>,
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
    #[arg(long, allow_hyphen_values = true)]
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
#[command(defer = true)]
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
    /// Check this period and the recorded periods inside it (default: every
    /// recorded period and the school year around each), on the values the
    /// report shows
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
}

#[derive(Subcommand, Debug)]
#[command(defer = true)]
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
#[command(defer = true)]
pub enum ReportCmd {
    /// The pilot evaluation: overview, plans, indicators, execution, assessment, completeness, alerts
    Pilot(ReportPilot),
    /// One house's dossier (fiche établissement): identity, indicators with history, plan, assessment, events
    House(ReportHouse),
    /// What was received: a house × month matrix
    Completeness(ReportCompleteness),
    /// Pilot against comparison houses: baseline → endline and the difference in differences
    Evaluation(ReportEvaluation),
}

/// What `report pilot --by` groups houses by.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportBy {
    Region,
    Province,
    Kind,
    Milieu,
    Cohort,
}

#[derive(Args, Debug)]
#[command(
    after_help = "Per indicator: the pilot cohort's value at --baseline and at --endline, the \
comparison cohort's, each change, and the difference in differences (pilot change − comparison \
change). Each side is computed over the houses that report the indicator at both periods (a \
balanced panel; houses that reported at baseline only are listed as dropped out); rates are ratios \
of sums over those houses. The cohorts were not drawn at random, so the difference is a comparison, \
not a proof of effect."
)]
pub struct ReportEvaluation {
    /// Cohort of the pilot houses
    #[arg(long, value_name = "COHORT", default_value = "pilot")]
    pub pilot: String,
    /// Cohort of the comparison houses (e.g. the next wave)
    #[arg(long, value_name = "COHORT")]
    pub comparison: String,
    /// Period before the pilot (e.g. a school year 2022-2023)
    #[arg(long, value_name = "PERIOD")]
    pub baseline: String,
    /// Period after (must come after --baseline)
    #[arg(long, value_name = "PERIOD")]
    pub endline: String,
    /// Write the report to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ReportPilot {
    /// Period of the report [default: the school year of --as-of]
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Cohort of houses; `all` for every house
    #[arg(long, default_value = "pilot")]
    pub cohort: String,
    /// Also every indicator per group of houses (same aggregation rules, houses per group);
    /// over 30 houses the report shows groups by region even without it
    #[arg(long, value_enum, value_name = "GROUP")]
    pub by: Option<ReportBy>,
    #[command(flatten)]
    pub common: ReportCommon,
}

#[derive(Args, Debug)]
pub struct ReportHouse {
    /// House code
    pub code: String,
    /// Period of the report [default: the school year of --as-of]
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    #[command(flatten)]
    pub common: ReportCommon,
}

#[derive(Args, Debug)]
pub struct ReportCommon {
    /// Date that decides what is late and how much time has elapsed [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Write the report to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// For a report that leaves the ministry: withhold counts of fewer than 5 pupils
    /// (and rates that would give them away)
    #[arg(long)]
    pub publish: bool,
}

#[derive(Args, Debug)]
pub struct ReportCompleteness {
    /// First month [default: start of the school year of --as-of]
    #[arg(long, value_name = "PERIOD")]
    pub from: Option<String>,
    /// Last month [default: the month of --as-of]
    #[arg(long, value_name = "PERIOD")]
    pub to: Option<String>,
    /// Cohort of houses; `all` for every house
    #[arg(long, default_value = "pilot")]
    pub cohort: String,
    /// Date up to which data are expected [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Write the report to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum PlanCmd {
    /// Create a house's plan with the axes of a template
    Init(PlanInit),
    /// A house's plan: stages, axes and actions, execution, assessments, events
    Show {
        /// House code
        house: String,
        /// Date that decides what is late [default: today]
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Show this version of the plan (an earlier one stays readable) [default: the current one]
        #[arg(long, value_name = "N")]
        version: Option<i64>,
    },
    /// Record the date a plan reached a stage
    Stage(PlanStage),
    /// Actions of the plan
    #[command(subcommand)]
    Action(ActionCmd),
    /// Record a capacity self-assessment: DIMENSION=SCORE (1 to 4) ...
    Assess(PlanAssess),
    /// Capacity-building and dialogue activities
    #[command(subcommand)]
    Event(EventCmd),
    /// Plan templates (sets of axes)
    #[command(subcommand)]
    Template(TemplateCmd),
}

#[derive(Args, Debug)]
pub struct PlanInit {
    /// House code
    pub house: String,
    /// First period of the plan (e.g. 2024-2025)
    #[arg(long, value_name = "PERIOD")]
    pub start: String,
    /// Last period of the plan (e.g. 2026-2027)
    #[arg(long, value_name = "PERIOD")]
    pub end: String,
    /// Template giving the axes
    #[arg(long, default_value = "standard")]
    pub template: String,
    /// The house has a plan: start a new version and keep the old one, read-only
    #[arg(long)]
    pub new_version: bool,
}

#[derive(Args, Debug)]
pub struct PlanStage {
    /// House code
    pub house: String,
    /// diagnostic, drafted, validated, adopted, executing or evaluated
    pub stage: String,
    /// Date the stage was reached [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[command(flatten)]
    pub force: Force,
}

#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum ActionCmd {
    /// Add an action to a house's plan
    Add(ActionAdd),
    /// Change an action
    Update(ActionUpdate),
    /// List actions of current plans (or of an earlier version, --version N), with their version
    List(ActionList),
    /// Show one action
    Show {
        /// Action number
        id: i64,
    },
    /// Remove an action
    Remove {
        /// Action number
        id: i64,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args, Debug)]
pub struct ActionAdd {
    /// House code
    pub house: String,
    /// Axis: code (gouvernance, gestion, services, partenariats, digitalisation) or label
    #[arg(long)]
    pub axis: String,
    /// What is to be done
    #[arg(long)]
    pub title: String,
    /// Who is responsible
    #[arg(long)]
    pub owner: Option<String>,
    /// Start date
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Due date
    #[arg(long, value_name = "DATE")]
    pub due: String,
    /// Budget in dirhams (12 500,00 accepted)
    #[arg(long, value_name = "MAD", allow_negative_numbers = true)]
    pub budget: Option<String>,
    /// Spent so far, in dirhams
    #[arg(long, value_name = "MAD", allow_negative_numbers = true)]
    pub spent: Option<String>,
    /// planned, in_progress, done or cancelled (French accepted: en cours, terminé, ...)
    #[arg(long)]
    pub status: Option<String>,
    /// Progress, 0 to 100
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    pub progress: Option<String>,
}

#[derive(Args, Debug)]
pub struct ActionUpdate {
    /// Action number (see `plan action list`)
    pub id: i64,
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long, value_name = "PCT", allow_negative_numbers = true)]
    pub progress: Option<String>,
    #[arg(long, value_name = "MAD", allow_negative_numbers = true)]
    pub spent: Option<String>,
    #[arg(long, value_name = "MAD", allow_negative_numbers = true)]
    pub budget: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long)]
    pub axis: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
}

#[derive(Args, Debug)]
pub struct ActionList {
    /// Only this house
    #[arg(long)]
    pub house: Option<String>,
    /// Only late actions (past due, neither done nor cancelled)
    #[arg(long)]
    pub late: bool,
    /// Only this axis
    #[arg(long)]
    pub axis: Option<String>,
    /// Only this status
    #[arg(long)]
    pub status: Option<String>,
    /// Date that decides what is late [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Actions of this version of each plan (e.g. 1 after `plan init --new-version`) [default: the current version]
    #[arg(long, value_name = "N")]
    pub version: Option<i64>,
}

#[derive(Args, Debug)]
pub struct PlanAssess {
    /// House code
    pub house: String,
    /// Period of the assessment (e.g. 2024-2025)
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// Scores, e.g. governance=2 management=2,5 services=3 (dimension code or label)
    #[arg(required = true, value_name = "DIMENSION=SCORE")]
    pub scores: Vec<String>,
}

#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum EventCmd {
    /// Record an activity
    Add(EventAdd),
    /// List activities
    List {
        /// Only this house
        #[arg(long)]
        house: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct EventAdd {
    /// House code
    pub house: String,
    /// training, workshop or visit (formation, atelier, visite)
    #[arg(long)]
    pub kind: String,
    /// Date of the activity
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// Title
    #[arg(long)]
    pub title: String,
    /// Women taking part
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub women: Option<String>,
    /// Men taking part
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub men: Option<String>,
    /// Notes
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum TemplateCmd {
    /// List plan templates and their axes
    List,
    /// Define a template: --axis "code=Libellé français|English label" for each axis, in order
    Add {
        /// Template name
        name: String,
        /// An axis: code=French label, optionally |English label
        #[arg(long = "axis", required = true, value_name = "CODE=LABEL")]
        axes: Vec<String>,
    },
}

#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum ImportCmd {
    /// Houses: code, name, kind, region, capacity, ... (French or English headers)
    Houses(ImportArgs),
    /// Managing associations
    Associations(ImportArgs),
    /// Indicator values, long (house, indicator, period, value) or wide (house, period, one column per indicator)
    Observations(ImportArgs),
    /// Baselines and targets per house and indicator
    Targets(ImportArgs),
    /// Plan actions
    Actions(ImportArgs),
    /// Capacity self-assessment scores
    Assessments(ImportArgs),
    /// List import batches
    History,
    /// Undo an import batch: restore what it inserted, updated or removed
    Undo(UndoArgs),
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The file: .csv/.txt (any of , ; tab |), .xlsx or .ods
    pub file: PathBuf,
    /// Check and count everything, write nothing (with --format table: one line per changed value)
    #[arg(long)]
    pub dry_run: bool,
    /// Import the valid rows and write the rejected ones to --rejects
    #[arg(long, requires = "rejects")]
    pub skip_invalid: bool,
    /// Where to write rejected rows, with a reason column in the language of the file's headers, in
    /// the file's own format (cells beyond the header kept under blank headers; imports back as is
    /// once corrected; not written by --dry-run)
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,
    /// Column separator [default: detected among , ; tab |]
    #[arg(long, value_name = "C")]
    pub delimiter: Option<String>,
    /// utf-8, utf-16, windows-1252 (latin-1) or windows-1256 (arabic) [default: detected]
    #[arg(long, value_name = "E")]
    pub encoding: Option<String>,
    /// Decimal separator [default: detected from the file; an ambiguous 1.234 or 1,234 is refused until given]
    #[arg(long, value_enum)]
    pub decimal: Option<DecimalArg>,
    /// Sheet of an .xlsx/.ods file, hidden ones included [default: the first visible one]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    #[command(flatten)]
    pub force: Force,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalArg {
    Comma,
    Dot,
}

#[derive(Args, Debug)]
pub struct UndoArgs {
    /// Batch number (see `suivi import history`)
    pub batch: i64,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
    #[command(flatten)]
    pub force: Force,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    Houses,
    Associations,
    Indicators,
    Observations,
    Targets,
    Actions,
    Assessments,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// What to export
    #[arg(value_enum)]
    pub kind: ExportKind,
    /// Write to this file [default: standard output; required for xlsx]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// French Excel CSV: UTF-8 with BOM, `;`, decimal commas, dates DD/MM/YYYY, French headers
    #[arg(long)]
    pub excel: bool,
}

#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum TemplateKind {
    /// One row per house, one column per indicator, ready to fill in and import back
    Observations(TemplateArgs),
}

#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// Period the association reports on (pre-filled on every row)
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// Houses of this cohort (`all`: every active house)
    #[arg(long, default_value = "pilot")]
    pub cohort: String,
    /// Indicators (codes or names, comma-separated) [default: every recorded indicator]
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub indicators: Vec<String>,
    /// The file to write: .csv (French Excel) or .xlsx
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}
