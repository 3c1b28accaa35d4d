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
