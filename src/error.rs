//! Errors that decide the exit code: usage mistakes (2) and rejected input data (3).
//! Everything else is an ordinary `anyhow` error and exits with 1.

/// An error the user can fix by changing the command line or the data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A missing or malformed flag: exit code 2.
    #[error("{0}")]
    Usage(String),
    /// Input data refused, nothing written: exit code 3. `details` are shown
    /// one per line under the sentence (file, line, column, value).
    #[error("{message}")]
    Rejected {
        message: String,
        details: Vec<String>,
        /// The field (import column key) at fault, when there is one.
        field: Option<&'static str>,
    },
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Rejected { .. } => 3,
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Rejected { field, .. } => *field,
            Error::Usage(_) => None,
        }
    }

    pub fn details(&self) -> &[String] {
        match self {
            Error::Usage(_) => &[],
            Error::Rejected { details, .. } => details,
        }
    }
}

/// A usage error (exit 2).
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    Error::Usage(message.into()).into()
}

/// Input data rejected (exit 3).
pub fn rejected(message: impl Into<String>) -> anyhow::Error {
    Error::Rejected {
        message: message.into(),
        details: Vec::new(),
        field: None,
    }
    .into()
}

/// Input data rejected (exit 3) because of one field, named by its import column key.
pub fn rejected_field(field: &'static str, message: impl Into<String>) -> anyhow::Error {
    Error::Rejected {
        message: message.into(),
        details: Vec::new(),
        field: Some(field),
    }
    .into()
}

/// Input data rejected (exit 3), with one line of context per detail.
pub fn rejected_with(message: impl Into<String>, details: Vec<String>) -> anyhow::Error {
    Error::Rejected {
        message: message.into(),
        details,
        field: None,
    }
    .into()
}

/// Shorthand for early returns of rejected input.
#[macro_export]
macro_rules! reject {
    ($($arg:tt)*) => {
        return Err($crate::error::rejected(format!($($arg)*)))
    };
}

/// Early return of rejected input that names the field at fault.
#[macro_export]
macro_rules! reject_field {
    ($field:expr, $($arg:tt)*) => {
        return Err($crate::error::rejected_field($field, format!($($arg)*)))
    };
}
