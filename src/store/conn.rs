//! One connection API over the two stores: a SQLite file (the embedded
//! default) or a PostgreSQL database (a shared server). Every store module
//! writes its SQL once with `?N` placeholders; on PostgreSQL they become `$N`.
//! Where the dialects differ, both texts sit side by side in the same function
//! (`conn.pick(sqlite, postgres)`).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use anyhow::Result;
use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

/// The SQL dialect of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// An open database: a SQLite file or a PostgreSQL session (one a process:
/// the size of the larger variant does not matter).
#[allow(clippy::large_enum_variant)]
pub enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Pg),
}

/// A PostgreSQL session with its prepared statements, by SQL text.
pub struct Pg {
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
}

impl Pg {
    pub fn new(client: postgres::Client) -> Pg {
        Pg {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
        }
    }

    fn statement(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let s = self.client()?.prepare(&to_postgres(sql))?;
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), s.clone());
        Ok(s)
    }

    fn query(&self, sql: &str, params: &[&dyn Param]) -> Result<Vec<postgres::Row>> {
        use postgres::fallible_iterator::FallibleIterator;
        let stmt = self.statement(sql)?;
        let values: Vec<Value> = params.iter().map(|p| p.value()).collect();
        Ok(self.client()?.query_raw(&stmt, values.iter())?.collect()?)
    }

    fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<usize> {
        let stmt = self.statement(sql)?;
        let values: Vec<Value> = params.iter().map(|p| p.value()).collect();
        let refs: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        Ok(self.client()?.execute(&stmt, &refs)? as usize)
    }

    /// The client itself (and for what has no equivalent on SQLite: COPY).
    /// While rows are being read (`query_each`, `with_rows`) the session is
    /// busy: using it from the row callback is an error, as it would be a
    /// second statement in the middle of a result on the wire.
    pub fn client(&self) -> Result<std::cell::RefMut<'_, postgres::Client>> {
        self.client.try_borrow_mut().map_err(|_| {
            anyhow::anyhow!(
                "internal error: the PostgreSQL session was used while it was reading rows"
            )
        })
    }
}

/// A statement of SQLite's text as PostgreSQL takes it: `$N` placeholders,
/// and the optional filters `(?N IS NULL OR expr)` turned round to
/// `(expr OR $N IS NULL)`, so that PostgreSQL learns the parameter's type from
/// `expr` before it meets `IS NULL` (it cannot type a parameter from that).
pub fn to_postgres(sql: &str) -> String {
    let sql = to_dollars(sql);
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql.as_str();
    while let Some(start) = find_optional_filter(rest) {
        let (head, tail) = rest.split_at(start);
        out.push_str(head);
        // tail = "($N IS NULL OR expr) ..."
        let open = &tail[1..];
        let is_null = open.find(" IS NULL OR ").expect("found above");
        let param = &open[..is_null];
        let expr_start = 1 + is_null + " IS NULL OR ".len();
        let mut depth = 1;
        let mut end = None;
        for (i, c) in tail[expr_start..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(expr_start + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            out.push_str(tail);
            return out;
        };
        out.push_str(&format!("({} OR {param} IS NULL)", &tail[expr_start..end]));
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Where the next `($N IS NULL OR ` starts.
fn find_optional_filter(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find("($") {
        let at = from + i;
        let digits = s[at + 2..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(s.len() - at - 2);
        if digits > 0 && s[at + 2 + digits..].starts_with(" IS NULL OR ") {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// `?1` → `$1` outside string literals and quoted names; a bare `?` takes
/// the next number, as in SQLite.
pub fn to_dollars(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quote: Option<char> = None;
    let mut next = 1u32;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    out.push(c);
                }
                // A comment is copied as it is: a `?` or a quote in it is prose.
                '-' if chars.peek() == Some(&'-') => {
                    out.push(c);
                    for c in chars.by_ref() {
                        out.push(c);
                        if c == '\n' {
                            break;
                        }
                    }
                }
                '/' if chars.peek() == Some(&'*') => {
                    out.push(c);
                    let mut star = false;
                    for c in chars.by_ref() {
                        out.push(c);
                        if star && c == '/' {
                            break;
                        }
                        star = c == '*';
                    }
                }
                '?' => {
                    let mut digits = String::new();
                    while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                        digits.push(d);
                        chars.next();
                    }
                    // As SQLite numbers them: `?N` is N, a bare `?` the
                    // largest number so far plus one.
                    let n = digits.parse().unwrap_or(next);
                    next = next.max(n + 1);
                    out.push('$');
                    out.push_str(&n.to_string());
                }
                _ => out.push(c),
            },
        }
    }
    out
}

/// No row where the query needed one (see [`OptionalExtension`]).
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::messages::Msg::QueryNoRow)]
pub struct NoRow;

/// `query_row(..).optional()`: no row becomes `None`, other errors stay.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.downcast_ref::<NoRow>().is_some() => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl Conn {
    pub fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.dialect() == Dialect::Postgres
    }

    /// The text for this dialect, where the two differ.
    pub fn pick<'a>(&self, sqlite: &'a str, postgres: &'a str) -> &'a str {
        match self {
            Conn::Sqlite(_) => sqlite,
            Conn::Postgres(_) => postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (online backup, pragmas).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Sqlite(c) => Some(c),
            Conn::Postgres(_) => None,
        }
    }

    pub fn postgres(&self) -> Option<&Pg> {
        match self {
            Conn::Sqlite(_) => None,
            Conn::Postgres(p) => Some(p),
        }
    }

    /// Statements without parameters, separated by semicolons.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => c.execute_batch(sql)?,
            Conn::Postgres(p) => p.client()?.batch_execute(sql)?,
        }
        Ok(())
    }

    /// Runs one statement; returns how many rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        let params = params.list();
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(&*sqlite_params(&params))?)
            }
            Conn::Postgres(p) => p.execute(sql, &params),
        }
    }

    /// The first row, mapped; [`NoRow`] when there is none.
    pub fn query_row<T, P: Params, F>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        F: FnOnce(&Row) -> Result<T>,
    {
        self.query_opt(sql, params, f)?.ok_or_else(|| NoRow.into())
    }

    /// The first row, mapped, if there is one.
    pub fn query_opt<T, P: Params, F>(&self, sql: &str, params: P, f: F) -> Result<Option<T>>
    where
        F: FnOnce(&Row) -> Result<T>,
    {
        let params = params.list();
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(&*sqlite_params(&params))?;
                match rows.next()? {
                    Some(r) => Ok(Some(f(&Row::Sqlite(r))?)),
                    None => Ok(None),
                }
            }
            Conn::Postgres(p) => {
                let rows = p.query(sql, &params)?;
                match rows.first() {
                    Some(r) => Ok(Some(f(&Row::Postgres(r))?)),
                    None => Ok(None),
                }
            }
        }
    }

    /// Every row, mapped (`f` may use the connection).
    pub fn query_map<T, P: Params, F>(&self, sql: &str, params: P, mut f: F) -> Result<Vec<T>>
    where
        F: FnMut(&Row) -> Result<T>,
    {
        match self {
            Conn::Sqlite(_) => {
                let mut out = Vec::new();
                self.query_each(sql, params, |r| {
                    out.push(f(r)?);
                    Ok(())
                })?;
                Ok(out)
            }
            Conn::Postgres(p) => {
                let rows = p.query(sql, &params.list())?;
                rows.iter().map(|r| f(&Row::Postgres(r))).collect()
            }
        }
    }

    /// Hands the rows, mapped, to `each` as the database reads them (streamed
    /// on both stores: `each` must not use the connection).
    pub fn with_rows<R, T, P: Params, M, E>(
        &self,
        sql: &str,
        params: P,
        mut map: M,
        each: E,
    ) -> Result<T>
    where
        M: FnMut(&Row) -> Result<R>,
        E: FnOnce(&mut dyn Iterator<Item = Result<R>>) -> T,
    {
        let params = params.list();
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(&*sqlite_params(&params))?;
                let mut it = std::iter::from_fn(|| match rows.next() {
                    Ok(Some(r)) => Some(map(&Row::Sqlite(r))),
                    Ok(None) => None,
                    Err(e) => Some(Err(e.into())),
                });
                Ok(each(&mut it))
            }
            Conn::Postgres(p) => {
                let stmt = p.statement(sql)?;
                let values: Vec<Value> = params.iter().map(|p| p.value()).collect();
                let mut client = p.client()?;
                let mut rows = client.query_raw(&stmt, values.iter())?;
                use postgres::fallible_iterator::FallibleIterator;
                let mut it = std::iter::from_fn(|| match rows.next() {
                    Ok(Some(r)) => Some(map(&Row::Postgres(&r))),
                    Ok(None) => None,
                    Err(e) => Some(Err(e.into())),
                });
                Ok(each(&mut it))
            }
        }
    }

    /// Calls `f` on each row in turn (streamed on SQLite). `f` must not use
    /// the connection.
    pub fn query_each<P: Params, F>(&self, sql: &str, params: P, mut f: F) -> Result<()>
    where
        F: FnMut(&Row) -> Result<()>,
    {
        let params = params.list();
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(&*sqlite_params(&params))?;
                while let Some(r) = rows.next()? {
                    f(&Row::Sqlite(r))?;
                }
                Ok(())
            }
            Conn::Postgres(p) => {
                let stmt = p.statement(sql)?;
                let values: Vec<Value> = params.iter().map(|p| p.value()).collect();
                let mut client = p.client()?;
                let mut it = client.query_raw(&stmt, values.iter())?;
                use postgres::fallible_iterator::FallibleIterator;
                while let Some(r) = it.next()? {
                    f(&Row::Postgres(&r))?;
                }
                Ok(())
            }
        }
    }

    /// A prepared statement, for code written against rusqlite's shape
    /// (`prepare_cached(sql)?.query_row(params, f)`).
    /// `sql` to run many times in a row (an import's searches, block after
    /// block): on SQLite prepared once, then bound and stepped directly
    /// without the statement cache's look-up and the generic query path
    /// around each run; on PostgreSQL, [`Conn::query_each`].
    pub fn repeated<'c>(&'c self, sql: &'c str) -> Result<Repeated<'c>> {
        let sqlite = match self {
            Conn::Sqlite(c) => Some(c.prepare_cached(sql)?),
            Conn::Postgres(_) => None,
        };
        Ok(Repeated {
            conn: self,
            sql,
            sqlite,
        })
    }

    pub fn prepare_cached<'c>(&'c self, sql: &str) -> Result<Stmt<'c>> {
        Ok(Stmt {
            conn: self,
            sql: sql.to_string(),
        })
    }

    pub fn prepare<'c>(&'c self, sql: &str) -> Result<Stmt<'c>> {
        self.prepare_cached(sql)
    }
}

/// The rows of [`Stmt::query_map`], each a `Result` as rusqlite's are.
pub type MappedRows<T> = std::iter::Map<std::vec::IntoIter<T>, fn(T) -> Result<T>>;

/// A statement of a connection (prepared and cached by the connection).
pub struct Stmt<'c> {
    conn: &'c Conn,
    sql: String,
}

impl Stmt<'_> {
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        self.conn.execute(&self.sql, params)
    }

    pub fn query_row<T, P: Params, F>(&mut self, params: P, f: F) -> Result<T>
    where
        F: FnOnce(&Row) -> Result<T>,
    {
        self.conn.query_row(&self.sql, params, f)
    }

    /// Every row, mapped, as an iterator of results (collect it).
    pub fn query_map<T, P: Params, F>(&mut self, params: P, f: F) -> Result<MappedRows<T>>
    where
        F: FnMut(&Row) -> Result<T>,
    {
        let v = self.conn.query_map(&self.sql, params, f)?;
        Ok(v.into_iter().map(Ok as fn(T) -> Result<T>))
    }

    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        Ok(self
            .conn
            .query_opt(&self.sql, params, |_| Ok(()))?
            .is_some())
    }
}

/// A query held for many runs ([`Conn::repeated`]).
pub struct Repeated<'c> {
    conn: &'c Conn,
    sql: &'c str,
    sqlite: Option<rusqlite::CachedStatement<'c>>,
}

impl Repeated<'_> {
    /// Runs the query with `params` and calls `f` on each row in turn; `f`
    /// must not use the connection.
    pub fn each<F>(&mut self, params: &[&dyn Param], mut f: F) -> Result<()>
    where
        F: FnMut(&Row) -> Result<()>,
    {
        let Some(mut rows) = self.bind(params)? else {
            return self.conn.query_each(self.sql, params, f);
        };
        while let Some(r) = rows.next()? {
            f(&Row::Sqlite(r))?;
        }
        Ok(())
    }

    /// The first row, if any, mapped by `f` (the statement is not stepped
    /// further: a search by a unique key).
    pub fn first<T, F>(&mut self, params: &[&dyn Param], f: F) -> Result<Option<T>>
    where
        F: FnOnce(&Row) -> Result<T>,
    {
        let Some(mut rows) = self.bind(params)? else {
            return self.conn.query_opt(self.sql, params, f);
        };
        match rows.next()? {
            Some(r) => Ok(Some(f(&Row::Sqlite(r))?)),
            None => Ok(None),
        }
    }

    /// On SQLite, the statement's rows with `params` bound; None on PostgreSQL.
    fn bind(&mut self, params: &[&dyn Param]) -> Result<Option<rusqlite::Rows<'_>>> {
        let Some(stmt) = &mut self.sqlite else {
            return Ok(None);
        };
        for (i, p) in params.iter().enumerate() {
            stmt.raw_bind_parameter(i + 1, *p as &dyn rusqlite::ToSql)?;
        }
        Ok(Some(stmt.raw_query()))
    }
}

fn sqlite_params<'a>(params: &[&'a dyn Param]) -> Vec<&'a dyn rusqlite::ToSql> {
    params.iter().map(|p| *p as &dyn rusqlite::ToSql).collect()
}

/// One row of a result.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl Row<'_> {
    /// Column `i` (from 0) as `T`; PostgreSQL's integer, real, numeric and
    /// boolean columns convert to each other as SQLite's would.
    pub fn get<T: Col>(&self, i: usize) -> Result<T> {
        match self {
            Row::Sqlite(r) => Ok(r.get::<_, T>(i)?),
            Row::Postgres(r) => {
                let v: Any = r.try_get(i)?;
                T::from_any(v).map_err(|why| anyhow::anyhow!("column {i}: {why}"))
            }
        }
    }
}

/// A value read from PostgreSQL, of whatever column type.
#[derive(Debug, Clone, PartialEq)]
pub enum Any {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl<'a> FromSql<'a> for Any {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(match *ty {
            Type::INT2 => Any::Int(i16::from_sql(ty, raw)? as i64),
            Type::INT4 => Any::Int(i32::from_sql(ty, raw)? as i64),
            Type::INT8 => Any::Int(i64::from_sql(ty, raw)?),
            Type::OID => Any::Int(u32::from_sql(ty, raw)? as i64),
            Type::BOOL => Any::Int(bool::from_sql(ty, raw)? as i64),
            Type::FLOAT4 => Any::Real(f32::from_sql(ty, raw)? as f64),
            Type::FLOAT8 => Any::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            _ => Any::Text(String::from_sql(ty, raw)?),
        })
    }

    fn from_sql_null(
        _: &Type,
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Any::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// PostgreSQL's binary NUMERIC: an integer when it has no fraction (as SQLite
/// would hold a sum of integers), else a double.
fn numeric(raw: &[u8]) -> std::result::Result<Any, Box<dyn std::error::Error + Sync + Send>> {
    let word = |i: usize| -> std::result::Result<i16, Box<dyn std::error::Error + Sync + Send>> {
        raw.get(i..i + 2)
            .map(|b| i16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "truncated numeric".into())
    };
    let ndigits = word(0)? as usize;
    let weight = word(2)? as i32;
    let sign = word(4)? as u16;
    let dscale = word(6)?;
    if sign == 0xC000 {
        return Ok(Any::Real(f64::NAN));
    }
    let mut value = 0f64;
    let mut int: i128 = 0;
    let mut exact = dscale == 0;
    for d in 0..ndigits {
        let digit = word(8 + 2 * d)? as i128;
        let power = weight - d as i32;
        value += digit as f64 * 10000f64.powi(power);
        if power >= 0 {
            int = int.saturating_add(digit.saturating_mul(10000i128.saturating_pow(power as u32)));
        } else if digit != 0 {
            exact = false;
        }
    }
    let negative = sign == 0x4000;
    if exact && int <= i64::MAX as i128 {
        let i = int as i64;
        Ok(Any::Int(if negative { -i } else { i }))
    } else {
        Ok(Any::Real(if negative { -value } else { value }))
    }
}

impl rusqlite::types::FromSql for Any {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        use rusqlite::types::{FromSqlError, ValueRef};
        Ok(match v {
            ValueRef::Null => Any::Null,
            ValueRef::Integer(i) => Any::Int(i),
            ValueRef::Real(f) => Any::Real(f),
            ValueRef::Text(t) => Any::Text(
                std::str::from_utf8(t)
                    .map_err(|e| FromSqlError::Other(Box::new(e)))?
                    .to_string(),
            ),
            ValueRef::Blob(_) => return Err(FromSqlError::InvalidType),
        })
    }
}

impl rusqlite::ToSql for Any {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Any::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Any::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Any::Real(f) => ToSqlOutput::Borrowed(ValueRef::Real(*f)),
            Any::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
        })
    }
}

impl Param for Any {
    fn value(&self) -> Value<'_> {
        match self {
            Any::Null => Value::Null,
            Any::Int(i) => Value::Int(*i),
            Any::Real(f) => Value::Real(*f),
            Any::Text(t) => Value::Text(Cow::Borrowed(t)),
        }
    }
}

impl Col for Any {
    fn from_any(v: Any) -> std::result::Result<Self, String> {
        Ok(v)
    }
}

/// A Rust type a column reads into, on both stores.
pub trait Col: rusqlite::types::FromSql + Sized {
    fn from_any(v: Any) -> std::result::Result<Self, String>;
}

impl Col for i64 {
    fn from_any(v: Any) -> std::result::Result<Self, String> {
        match v {
            Any::Int(i) => Ok(i),
            Any::Real(f) if f.fract() == 0.0 => Ok(f as i64),
            other => Err(format!("expected an integer, found {other:?}")),
        }
    }
}

macro_rules! narrow_int {
    ($($t:ty),*) => {$(
        impl Col for $t {
            fn from_any(v: Any) -> std::result::Result<Self, String> {
                let i = i64::from_any(v)?;
                <$t>::try_from(i).map_err(|_| format!("{i} is out of range"))
            }
        }
    )*};
}
narrow_int!(i32, u32, u8, u16, i16);

impl Col for f64 {
    fn from_any(v: Any) -> std::result::Result<Self, String> {
        match v {
            Any::Int(i) => Ok(i as f64),
            Any::Real(f) => Ok(f),
            other => Err(format!("expected a number, found {other:?}")),
        }
    }
}

impl Col for bool {
    fn from_any(v: Any) -> std::result::Result<Self, String> {
        match v {
            Any::Int(i) => Ok(i != 0),
            other => Err(format!("expected a boolean, found {other:?}")),
        }
    }
}

impl Col for String {
    fn from_any(v: Any) -> std::result::Result<Self, String> {
        match v {
            Any::Text(s) => Ok(s),
            other => Err(format!("expected text, found {other:?}")),
        }
    }
}

impl<T: Col> Col for Option<T> {
    fn from_any(v: Any) -> std::result::Result<Self, String> {
        match v {
            Any::Null => Ok(None),
            v => T::from_any(v).map(Some),
        }
    }
}

/// A value bound to a placeholder, on both stores.
pub trait Param: rusqlite::ToSql {
    fn value(&self) -> Value<'_>;
}

/// A parameter as PostgreSQL receives it: converted to the type the server
/// inferred for the placeholder, as SQLite's dynamic typing would.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(Cow<'a, str>),
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let bad = || -> Box<dyn std::error::Error + Sync + Send> {
            format!("cannot send {self:?} as {ty}").into()
        };
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT2 => i16::try_from(*i).map_err(|_| bad())?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i).map_err(|_| bad())?.to_sql(ty, out),
                Type::INT8 => i.to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::NUMERIC => Err(bad()),
                _ => i.to_string().to_sql(ty, out),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::INT2 | Type::INT4 | Type::INT8 if f.fract() == 0.0 => {
                    Value::Int(*f as i64).to_sql(ty, out)
                }
                Type::INT2 | Type::INT4 | Type::INT8 | Type::BOOL | Type::NUMERIC => Err(bad()),
                _ => f.to_string().to_sql(ty, out),
            },
            Value::Text(s) => match *ty {
                Type::INT2 | Type::INT4 | Type::INT8 => {
                    Value::Int(s.trim().parse().map_err(|_| bad())?).to_sql(ty, out)
                }
                Type::FLOAT4 | Type::FLOAT8 => {
                    Value::Real(s.trim().parse().map_err(|_| bad())?).to_sql(ty, out)
                }
                Type::BOOL | Type::NUMERIC => Err(bad()),
                _ => s.as_ref().to_sql(ty, out),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl Param for i64 {
    fn value(&self) -> Value<'_> {
        Value::Int(*self)
    }
}

macro_rules! small_int_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn value(&self) -> Value<'_> {
                Value::Int(*self as i64)
            }
        }
    )*};
}
small_int_param!(i32, u32, u8, u16, i16);

impl Param for f64 {
    fn value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

impl Param for bool {
    fn value(&self) -> Value<'_> {
        Value::Int(*self as i64)
    }
}

impl Param for str {
    fn value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl Param for String {
    fn value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self.as_str()))
    }
}

impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}

impl<T: Param> Param for Option<T> {
    fn value(&self) -> Value<'_> {
        match self {
            Some(v) => v.value(),
            None => Value::Null,
        }
    }
}

impl<T: Param + ?Sized> Param for Box<T> {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}

/// What a statement's parameters may be given as: `params![a, b]`, `[a]`,
/// `[&a, &b]` (one type) or `()`.
pub trait Params {
    fn list(&self) -> Vec<&dyn Param>;
}

impl Params for () {
    fn list(&self) -> Vec<&dyn Param> {
        Vec::new()
    }
}

impl Params for &[&dyn Param] {
    fn list(&self) -> Vec<&dyn Param> {
        self.to_vec()
    }
}

impl<const N: usize> Params for &[&dyn Param; N] {
    fn list(&self) -> Vec<&dyn Param> {
        self.to_vec()
    }
}

impl<T: Param, const N: usize> Params for [T; N] {
    fn list(&self) -> Vec<&dyn Param> {
        self.iter().map(|p| p as &dyn Param).collect()
    }
}

impl<T: Param> Params for &Vec<T> {
    fn list(&self) -> Vec<&dyn Param> {
        self.iter().map(|p| p as &dyn Param).collect()
    }
}

/// Parameters of mixed types: `params![code, capacity, note]`.
#[macro_export]
macro_rules! params {
    () => {
        ()
    };
    ($($x:expr),+ $(,)?) => {
        &[$(&$x as &dyn $crate::store::conn::Param),+] as &[&dyn $crate::store::conn::Param]
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            to_dollars("SELECT '?1', \"a?\" FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', \"a?\" FROM t WHERE a = $1 AND b = $12"
        );
        assert_eq!(to_dollars("a = ? AND b = ?"), "a = $1 AND b = $2");
        // Comments are prose: an apostrophe or a `?` there changes nothing.
        assert_eq!(
            to_dollars("a = ?1 -- isn't it?\nAND b = ?2 /* why? */ AND c = ?3"),
            "a = $1 -- isn't it?\nAND b = $2 /* why? */ AND c = $3"
        );
        // A bare `?` after `?3` is `?4`, as SQLite numbers it.
        assert_eq!(to_dollars("?3, ?1, ?"), "$3, $1, $4");
        assert_eq!(
            to_postgres(
                "WHERE (?1 IS NULL OR a IN (SELECT x FROM t WHERE y = ?1)) AND (?2 IS NULL OR b = ?2)"
            ),
            "WHERE (a IN (SELECT x FROM t WHERE y = $1) OR $1 IS NULL) AND (b = $2 OR $2 IS NULL)"
        );
    }

    #[test]
    fn numerics_read_as_integers_or_reals() {
        // 12345 = digits [1, 2345], weight 1
        let raw = [0, 2, 0, 1, 0, 0, 0, 0, 0, 1, 9, 41];
        assert_eq!(numeric(&raw).unwrap(), Any::Int(12345));
        // -1.5 = digits [1, 5000], weight 0, scale 1
        let raw = [0, 2, 0, 0, 0x40, 0, 0, 1, 0, 1, 0x13, 0x88];
        assert_eq!(numeric(&raw).unwrap(), Any::Real(-1.5));
    }
}
