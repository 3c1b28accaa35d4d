//! Integration tests: the real `suivi` binary on temporary databases.
//! One test binary (fast to link); one module per noun.

mod arabic;
mod arabic_reports;
mod catalogue;
mod catalogue_coverage;
mod figures;
mod foundation;
mod french_reports;
#[allow(dead_code)] // helpers are shared by modules that each use some
mod harness;
mod import_engine;
mod indicators;
mod messages;
mod modes;
mod national;
mod pg_roles;
mod pg_tls;
mod plan_versions;
mod plans;
mod postgres;
mod properties;
mod readme_tour;
mod reliability;
mod report_document;
mod report_figures;
mod reports;
mod spreadsheets;
mod terminal;
mod trust;
