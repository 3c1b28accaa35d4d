//! Fictional data to see suivi at work: the national demo's generator (the
//! 12-house demo is loaded from the files in `fixtures/demo/`).

pub mod national;
