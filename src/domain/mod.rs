//! Pure domain logic of `suivi`: dates, periods, numbers, formulas and aggregation rules.
//! Nothing here touches the database, the file system or the terminal.

pub mod action;
pub mod aggregate;
pub mod assessment;
pub mod association;
pub mod date;
pub mod format;
pub mod formula;
pub mod house;
pub mod indicator;
pub mod input;
pub mod lock;
pub mod number;
pub mod period;
pub mod plan;
pub mod register;
pub mod rule;
pub mod target;
