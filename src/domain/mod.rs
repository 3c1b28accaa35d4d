//! Pure domain logic of `suivi`: dates, periods, numbers, formulas and aggregation rules.
//! Nothing here touches the database, the file system or the terminal.

pub mod aggregate;
pub mod date;
pub mod format;
pub mod formula;
pub mod indicator;
pub mod number;
pub mod period;
pub mod plan;
pub mod register;
pub mod rule;
