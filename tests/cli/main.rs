//! Integration tests: the real `suivi` binary on temporary databases.
//! One test binary (fast to link); one module per noun.

mod foundation;
#[allow(dead_code)] // helpers are shared by modules that each use some
mod harness;
mod indicators;
mod plans;
mod reliability;
mod reports;
mod spreadsheets;
mod trust;
