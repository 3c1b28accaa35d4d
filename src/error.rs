//! Errors that decide the exit code: usage mistakes (2) and rejected input data (3).
//! Everything else is an ordinary `anyhow` error and exits with 1.

use std::fmt;

/// An error the user can fix by changing the command line or the data.
#[derive(Debug)]
pub enum Error {
    /// A missing or malformed flag: exit code 2.
    Usage(String),
    /// Input data refused, nothing written: exit code 3. `details` are shown
    /// one per line under the sentence (file, line, column, value).
    Rejected {
        message: String,
        details: Vec<String>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) => write!(f, "{m}"),
            Error::Rejected { message, .. } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Rejected { .. } => 3,
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
    }
    .into()
}

/// Input data rejected (exit 3), with one line of context per detail.
pub fn rejected_with(message: impl Into<String>, details: Vec<String>) -> anyhow::Error {
    Error::Rejected {
        message: message.into(),
        details,
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
