//! Reports: computed once into a plain model (`compute`), then rendered by
//! format (`render`); renderers never touch the database.

pub mod checks;
pub mod compute;
pub mod document;
pub mod evaluation;
pub mod i18n;
pub mod model;
pub mod render;
pub mod rollup;
