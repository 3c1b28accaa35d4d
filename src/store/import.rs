//! Import batches: provenance of every imported value, the fast path that
//! writes observations, and what `import undo` needs to put things back.

use crate::fasthash::FastMap;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use crate::params;
use crate::store::{Conn, OptionalExtension};
use anyhow::Result;
use serde::Serialize;
use serde_json::{Value, json};

use super::audit::{Entity, Key};
use super::{Writer, association, house, plan, target};
use crate::domain::period::Period;
use crate::store::association::Association;
use crate::store::house::House;
use crate::store::plan::{Action, Assessment};
use crate::store::target::Target;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
}

/// Opens a batch and makes it the writer's: every row written after this
/// knows the batch it came from.
pub fn begin(w: &mut Writer, kind: &str, file: &str, sha256: &str) -> Result<i64> {
    // The rows this batch inserts get the next row ids, one after the other
    // (one writer, one transaction): the range is kept for `import undo`.
    // On PostgreSQL the ids come from the table's sequence and writers follow
    // one another (see `Writer::begin`); the range is read from the sequence,
    // not from `max(id)`, which under row-level security counts only the rows
    // the login may see (another region's newer rows would fall in the range).
    let id: i64 = w.tx.query_row(
        w.tx.pick(
            "INSERT INTO batch (kind, file, sha256, at, by, first_observation)
             VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(id), 0) + 1 FROM observation))
             RETURNING id",
            "INSERT INTO batch (kind, file, sha256, at, by, first_observation)
             VALUES (?1, ?2, ?3, ?4, ?5,
                     nextval(pg_get_serial_sequence('observation', 'id')) + 1)
             RETURNING id",
        ),
        params![kind, file, sha256, w.at, w.author],
        |r| r.get(0),
    )?;
    w.batch = Some(id);
    Ok(id)
}

/// Records the batch's counts, with one audit entry for the whole batch. The
/// sink's pending rows must be written first ([`ObservationSink::flush`]).
pub fn finish(w: &Writer, id: i64, kind: &str, file: &str, c: &Counts) -> Result<()> {
    w.tx.execute(
        w.tx.pick(
            "UPDATE batch SET inserted = ?2, updated = ?3, unchanged = ?4, rejected = ?5,
                last_observation = (SELECT max(id) FROM observation) WHERE id = ?1",
            // The last id this session took (at least the one `begin` took).
            "UPDATE batch SET inserted = ?2, updated = ?3, unchanged = ?4, rejected = ?5,
                last_observation = currval(pg_get_serial_sequence('observation', 'id'))
             WHERE id = ?1",
        ),
        params![
            id,
            c.inserted as i64,
            c.updated as i64,
            c.unchanged as i64,
            c.rejected as i64
        ],
    )?;
    w.log(
        "import",
        "batch",
        &id.to_string(),
        None,
        None,
        Some(&json!({"kind": kind, "file": file, "counts": c})),
    )
}

/// What happened to one imported observation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Upsert {
    Inserted,
    Updated {
        old: f64,
    },
    Unchanged,
    /// The same house, indicator and period came earlier in this file with another value.
    Duplicate {
        earlier: f64,
    },
    /// The value would be new (`old` None) or change `old`, in a locked period:
    /// nothing was written. An unchanged value is `Unchanged`, locked or not.
    Locked {
        old: Option<f64>,
    },
}

/// Writes imported observations in the writer's transaction, with as few
/// statements as the file allows.
///
/// - A house with no stored observation when the batch first meets it (a new
///   house, a first import) can only get new keys, unless the file repeats one:
///   a Bloom filter of the keys seen tells which rows cannot be repeats.
/// - For a house with observations, the sink reads what is stored for the
///   row's indicator from the row's period on, a few periods at a time (more
///   while the file keeps going forward): the rows that follow in a file sorted
///   like the index are then answered from memory, new keys as well as known
///   ones, and a file of a few values per house costs a search per value.
/// - New values wait in the sink to be written 64 to an INSERT statement (a
///   COPY per block on PostgreSQL); changed ones wait too, and are written
///   [`CHANGES_PER_STATEMENT`] at a time, their old values kept for undo.
///
/// Observations left unchanged are remembered by id, one bit each, so that a
/// later row of the same file with another value is caught as a duplicate.
/// Memory stays flat however long the file: the filter is 8 MiB, the bits of
/// unchanged ids 1.25 MB for ids up to 10 million, the window at most 512 rows.
///
/// Every value the sink answered for is in the database once [`ObservationSink::flush`] has run.
pub struct ObservationSink {
    batch: i64,
    unchanged: IdSet,
    /// House id → whether it had no observation when this batch first met it.
    fresh: FastMap<i64, bool>,
    /// The previous row's house and its entry in `fresh`.
    last_house: Option<(i64, bool)>,
    /// Keys given to houses without observations, in this batch.
    seen: Bloom,
    window: Window,
    /// New observations not written yet.
    pending: Vec<NewRow>,
    /// Packed keys of the pending rows ([`pack`]) → their place in `pending`.
    pending_at: FastMap<u64, usize>,
    /// Places in `pending`, in the order the rows are written.
    order: Vec<usize>,
    /// [`index_key`] of each pending row, to sort them.
    sort_keys: Vec<u128>,
    /// What is stored under the keys of the rows ahead, read at once by
    /// [`ObservationSink::prefetch`]: packed key → the stored row, or None.
    ahead: FastMap<u64, Option<Stored>>,
    /// Pending rows that wait before they are sorted and written: a few
    /// statements' worth, or (after a prefetch) a whole block of rows.
    pending_max: usize,
    /// Whether new rows may go in by COPY (PostgreSQL), once known.
    may_copy: Option<bool>,
    /// Changed values of stored observations not written yet.
    changed: Vec<Changed>,
    /// Whether the sink checks that the houses and indicators of its new rows
    /// exist, the connection's foreign keys being off for the import
    /// ([`ObservationSink::check_references`]); and those checked already.
    references: Option<References>,
}

/// Houses and indicators found in the database during this batch's
/// transaction (which no other writer can change meanwhile).
#[derive(Default)]
struct References {
    houses: crate::fasthash::FastSet<i64>,
    indicators: crate::fasthash::FastSet<i64>,
}

/// A new value for a stored observation, waiting to be written.
struct Changed {
    id: i64,
    value: f64,
    /// None keeps the stored comment.
    comment: Option<String>,
}

/// Changed observations a statement writes at once (3 parameters each).
const CHANGES_PER_STATEMENT: usize = 500;

/// What is stored (or pending) under a key.
struct Stored {
    /// None while the row waits in the sink's pending rows.
    id: Option<i64>,
    value: f64,
    comment: Option<String>,
    batch: Option<i64>,
}

impl Stored {
    /// A stored observation from a row whose first columns are its id,
    /// value, comment and batch id.
    fn read(r: &super::conn::Row) -> Result<Stored> {
        Ok(Stored {
            id: Some(r.get(0)?),
            value: r.get(1)?,
            comment: r.get(2)?,
            batch: r.get(3)?,
        })
    }
}

/// Every stored observation of one house and indicator whose period sorts from
/// `from` to `to` (inclusive; `None`: to the last one), as the index orders them.
#[derive(Default)]
struct Window {
    house_id: i64,
    indicator_id: i64,
    from: String,
    to: Option<String>,
    /// By period.
    rows: Vec<(String, Stored)>,
    /// Rows asked for at the last read.
    limit: usize,
}

impl Window {
    /// The smallest read; each read past the window reads 8 times more, up to
    /// the largest.
    const FIRST: usize = 8;
    const MAX: usize = 512;

    fn covers(&self, house_id: i64, indicator_id: i64, period: &str) -> bool {
        self.limit > 0
            && self.house_id == house_id
            && self.indicator_id == indicator_id
            && period >= self.from.as_str()
            && self.to.as_deref().is_none_or(|t| period <= t)
    }

    fn find(&self, period: &str) -> std::result::Result<usize, usize> {
        self.rows.binary_search_by(|(p, _)| p.as_str().cmp(period))
    }
}

impl References {
    /// Fails as a foreign key would when a house or indicator of `rows` is
    /// not in the database.
    fn check(&mut self, w: &Writer, rows: &[NewRow]) -> Result<()> {
        for r in rows {
            exists(w, &mut self.houses, "house", r.house_id)?;
            exists(w, &mut self.indicators, "indicator", r.indicator_id)?;
        }
        Ok(())
    }
}

/// Fails with SQLite's error of a broken foreign key unless row `id` of
/// `table` exists; looked up once, then remembered in `known`.
fn exists(
    w: &Writer,
    known: &mut crate::fasthash::FastSet<i64>,
    table: &str,
    id: i64,
) -> Result<()> {
    if known.contains(&id) {
        return Ok(());
    }
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)");
    let found: bool = w.tx.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?;
    if found {
        known.insert(id);
        return Ok(());
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
        Some("FOREIGN KEY constraint failed".to_string()),
    )
    .into())
}

/// A new observation not yet written.
struct NewRow {
    house_id: i64,
    indicator_id: i64,
    period: PeriodText,
    first_month: i32,
    last_month: i32,
    value: f64,
    comment: Option<String>,
}

/// A canonical period's text (at most 9 bytes: `2024-2025`) kept inline, so
/// that a pending row allocates nothing for it.
#[derive(Clone, Copy)]
struct PeriodText {
    len: u8,
    bytes: [u8; 15],
}

impl PeriodText {
    fn new(s: &str) -> Option<PeriodText> {
        let mut bytes = [0u8; 15];
        bytes.get_mut(..s.len())?.copy_from_slice(s.as_bytes());
        Some(PeriodText {
            len: s.len() as u8,
            bytes,
        })
    }

    fn as_str(&self) -> &str {
        // Built from a &str, cut at its end.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or_default()
    }
}

/// The page cache of an import of observations, in KiB: peak memory stays
/// under 64 MiB with the block of rows the engine reads ahead.
const PAGE_CACHE_KIB: usize = 12 * 1024;

/// Rows an INSERT statement writes at once (7 parameters each).
const ROWS_PER_INSERT: usize = 64;

impl ObservationSink {
    pub fn new(batch: i64) -> ObservationSink {
        ObservationSink {
            batch,
            unchanged: IdSet::default(),
            fresh: FastMap::default(),
            last_house: None,
            seen: Bloom::default(),
            window: Window::default(),
            pending: Vec::new(),
            pending_at: FastMap::default(),
            order: Vec::new(),
            sort_keys: Vec::new(),
            ahead: FastMap::default(),
            pending_max: ROWS_PER_INSERT,
            may_copy: None,
            changed: Vec::new(),
            references: None,
        }
    }

    /// Makes the sink check, before it inserts new rows, that their houses and
    /// indicators exist, as SQLite's foreign keys do, once per house and
    /// indicator: for an import that turned them off (three searches a row
    /// otherwise). A missing one fails the import with SQLite's own error.
    pub fn check_references(&mut self) {
        self.references = Some(References::default());
    }

    /// Writes the pending new observations: call it before the batch commits.
    /// They are written in the order of the index, so that a file in any
    /// order adds to the index's pages one after the other.
    pub fn flush(&mut self, w: &Writer) -> Result<()> {
        if !self.changed.is_empty() {
            write_changes(w, self.batch, &self.changed)?;
            self.changed.clear();
        }
        if !self.pending.is_empty() {
            // In the index's order: each insert lands next to the one
            // before, and a file sorted by house adds at the index's end. The
            // rows' places are sorted by a key of 16 bytes each, not the rows
            // (no copy of them); a stable sort merges the few runs of a file
            // sorted by period.
            let pending = &self.pending;
            self.sort_keys.clear();
            self.sort_keys
                .extend(pending.iter().map(|r| index_key(r).unwrap_or(u128::MAX)));
            let keys = &self.sort_keys;
            self.order.clear();
            self.order.extend(0..pending.len());
            self.order.sort_by(|&a, &b| {
                keys[a].cmp(&keys[b]).then_with(|| {
                    let full = |r: &NewRow| (r.house_id, r.indicator_id, r.period.bytes);
                    full(&pending[a]).cmp(&full(&pending[b]))
                })
            });
            if let Some(refs) = &mut self.references {
                refs.check(w, &self.pending)?;
            }
            let may_copy = match self.may_copy {
                Some(m) => m,
                None => *self.may_copy.insert(may_copy(w)?),
            };
            let rows: Vec<&NewRow> = self.order.iter().map(|&i| &self.pending[i]).collect();
            write_new(w, self.batch, &rows, may_copy)?;
            self.pending.clear();
            self.pending_at.clear();
        }
        Ok(())
    }

    /// Writes the pending rows and frees what the sink kept to read and
    /// write the file's rows (none come after): the rule checks after an
    /// import have that memory to themselves.
    pub fn end_of_rows(&mut self, w: &Writer) -> Result<()> {
        self.flush(w)?;
        self.seen = Bloom::default();
        self.window = Window::default();
        self.pending = Vec::new();
        self.pending_at = FastMap::default();
        self.order = Vec::new();
        self.sort_keys = Vec::new();
        self.ahead = FastMap::default();
        Ok(())
    }

    /// Reads at once what is stored under the keys of the rows about to be
    /// given (house id, indicator id, period, canonical period): one search per
    /// key in the order of the index, or one range read per house and
    /// indicator when the keys are dense, whatever the order of the file.
    /// Until the next prefetch, rows with these keys are answered from memory
    /// and new rows wait to be written in index order. Pending rows are
    /// written first.
    pub fn prefetch<'k>(
        &mut self,
        w: &Writer,
        keys: impl IntoIterator<Item = (i64, i64, Period, &'k str)>,
    ) -> Result<()> {
        if self.pending_max == ROWS_PER_INSERT && !w.tx.is_postgres() {
            // The first block: a page cache of 12 MiB (SQLite's default is 2)
            // for the rest of this import, so that a block's searches and
            // inserts in index order find most pages of the previous ones.
            // (PostgreSQL's cache is the server's.)
            w.tx.execute_batch(&format!("PRAGMA cache_size = -{PAGE_CACHE_KIB}"))?;
        }
        self.flush(w)?;
        self.ahead.clear();
        self.window.limit = 0;
        // Keys of houses that had no observation are not looked up (a first
        // import reads nothing).
        let mut count = 0;
        let mut wanted: Vec<(i64, i64, &str, u64, i32)> = Vec::new();
        for (house_id, indicator_id, period, canonical) in keys {
            count += 1;
            if self.is_fresh(w, house_id)? {
                continue;
            }
            if let Some(k) = pack(house_id, indicator_id, &period) {
                wanted.push((house_id, indicator_id, canonical, k, period.first_month()));
            }
        }
        self.pending_max = count.max(ROWS_PER_INSERT);
        // By packed key: house, indicator, then months (the index's order but
        // for periods of different kinds, which a range read below covers).
        wanted.sort_unstable_by_key(|k| k.3);
        wanted.dedup_by_key(|k| k.3);
        // Stored rows are read with the columns of `Stored::read` first.
        let mut point = w.tx.repeated(
            "SELECT id, value, comment, batch_id FROM observation
             WHERE house_id = ?1 AND indicator_id = ?2 AND period = ?3",
        )?;
        let mut range = w.tx.repeated(
            "SELECT id, value, comment, batch_id, first_month, last_month FROM observation
             WHERE house_id = ?1 AND indicator_id = ?2 AND period >= ?3 AND period <= ?4",
        )?;
        let ahead = &mut self.ahead;
        ahead.reserve(wanted.len());
        for group in wanted.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
            let (house_id, indicator_id) = (group[0].0, group[0].1);
            let (lo, hi) = group.iter().fold((i32::MAX, i32::MIN), |(lo, hi), k| {
                (lo.min(k.4), hi.max(k.4))
            });
            // A range read fetches every stored row between the first and the
            // last key; one the block does not want is most often on a page
            // of another block, a read from the file: cheaper to search key
            // by key unless nearly every month between them is wanted.
            let months = (hi - lo + 1) as usize;
            if group.len() > 1 && months <= group.len() + group.len() / 8 {
                for k in group {
                    ahead.insert(k.3, None);
                }
                let first = group.iter().map(|k| k.2).min().unwrap_or_default();
                let last = group.iter().map(|k| k.2).max().unwrap_or_default();
                range.each(params![house_id, indicator_id, first, last], |r| {
                    let Some(period) = Period::from_months(r.get(4)?, r.get(5)?) else {
                        return Ok(());
                    };
                    let Some(k) = pack(house_id, indicator_id, &period) else {
                        return Ok(());
                    };
                    if let Some(slot) = ahead.get_mut(&k) {
                        *slot = Some(Stored::read(r)?);
                    }
                    Ok(())
                })?;
            } else {
                for k in group {
                    let stored = point.first(params![house_id, indicator_id, k.2], Stored::read)?;
                    ahead.insert(k.3, stored);
                }
            }
        }
        Ok(())
    }

    /// Writes one value, unless it is unchanged or (`locked`: the period is
    /// locked and the import not forced) it would change what is stored.
    #[allow(clippy::too_many_arguments)]
    pub fn upsert(
        &mut self,
        w: &Writer,
        house_id: i64,
        indicator_id: i64,
        period: &Period,
        canonical: &str,
        value: f64,
        comment: Option<&str>,
        locked: bool,
    ) -> Result<Upsert> {
        if self.is_fresh(w, house_id)? {
            return self.upsert_fresh(
                w,
                house_id,
                indicator_id,
                period,
                canonical,
                value,
                comment,
                locked,
            );
        }
        if let Some(k) = pack(house_id, indicator_id, period)
            && let Some(slot) = self.ahead.get_mut(&k)
        {
            let Some(stored) = slot else {
                if locked {
                    return Ok(Upsert::Locked { old: None });
                }
                *slot = Some(Stored {
                    id: None,
                    value,
                    comment: comment.map(str::to_string),
                    batch: Some(self.batch),
                });
                self.pend(w, house_id, indicator_id, period, canonical, value, comment)?;
                return Ok(Upsert::Inserted);
            };
            return decide(
                self.batch,
                &mut self.unchanged,
                &mut self.changed,
                stored,
                house_id,
                indicator_id,
                canonical,
                value,
                comment,
                locked,
            );
        }
        if !self.window.covers(house_id, indicator_id, canonical) {
            self.read_window(w, house_id, indicator_id, canonical)?;
        }
        let at = match self.window.find(canonical) {
            Ok(i) => i,
            Err(_) if locked => return Ok(Upsert::Locked { old: None }),
            Err(i) => {
                self.pend(w, house_id, indicator_id, period, canonical, value, comment)?;
                let stored = Stored {
                    id: None,
                    value,
                    comment: comment.map(str::to_string),
                    batch: Some(self.batch),
                };
                self.window.rows.insert(i, (canonical.to_string(), stored));
                return Ok(Upsert::Inserted);
            }
        };
        let stored = &mut self.window.rows[at].1;
        decide(
            self.batch,
            &mut self.unchanged,
            &mut self.changed,
            stored,
            house_id,
            indicator_id,
            canonical,
            value,
            comment,
            locked,
        )
    }

    /// Reads what is stored for the house and indicator from `period` on: more
    /// rows than last time when the file went past the window, as a sorted file
    /// does, the smallest read otherwise. Pending rows in the range join them.
    fn read_window(
        &mut self,
        w: &Writer,
        house_id: i64,
        indicator_id: i64,
        period: &str,
    ) -> Result<()> {
        // Many pending rows (a prefetched block), or changed values: written
        // first, they are read back below like any row of this batch.
        if self.pending.len() > ROWS_PER_INSERT || !self.changed.is_empty() {
            self.flush(w)?;
        }
        let win = &mut self.window;
        let onward = win.limit > 0
            && win.house_id == house_id
            && win.indicator_id == indicator_id
            && win.to.as_deref().is_some_and(|t| period > t);
        let limit = if onward {
            (win.limit * 8).min(Window::MAX)
        } else {
            Window::FIRST
        };
        win.rows.clear();
        // The limit is written in the SQL: SQLite prepares a statement again
        // when a bound LIMIT changes, which would cost more than the read.
        w.tx.query_each(
            &format!(
                "SELECT id, period, value, comment, batch_id FROM observation
                 WHERE house_id = ?1 AND indicator_id = ?2 AND period >= ?3 ORDER BY period LIMIT {limit}"
            ),
            params![house_id, indicator_id, period],
            |r| {
                win.rows.push((
                    r.get(1)?,
                    Stored {
                        id: Some(r.get(0)?),
                        value: r.get(2)?,
                        comment: r.get(3)?,
                        batch: r.get(4)?,
                    },
                ));
                Ok(())
            },
        )?;
        win.house_id = house_id;
        win.indicator_id = indicator_id;
        win.from.clear();
        win.from.push_str(period);
        win.to = if win.rows.len() < limit {
            None
        } else {
            win.rows.last().map(|(p, _)| p.clone())
        };
        win.limit = limit;
        for r in &self.pending {
            if win.covers(r.house_id, r.indicator_id, r.period.as_str())
                && let Err(i) = win.find(r.period.as_str())
            {
                let stored = Stored {
                    id: None,
                    value: r.value,
                    comment: r.comment.clone(),
                    batch: Some(self.batch),
                };
                win.rows.insert(i, (r.period.as_str().to_string(), stored));
            }
        }
        Ok(())
    }

    /// Queues a new observation, writing the queue when it is full.
    #[allow(clippy::too_many_arguments)]
    fn pend(
        &mut self,
        w: &Writer,
        house_id: i64,
        indicator_id: i64,
        period: &Period,
        canonical: &str,
        value: f64,
        comment: Option<&str>,
    ) -> Result<()> {
        let Some(text) = PeriodText::new(canonical) else {
            anyhow::bail!("period {canonical} is longer than any canonical period");
        };
        let row = NewRow {
            house_id,
            indicator_id,
            period: text,
            first_month: period.first_month(),
            last_month: period.last_month(),
            value,
            comment: comment.map(str::to_string),
        };
        if let Some(k) = pack(house_id, indicator_id, period) {
            self.pending_at.insert(k, self.pending.len());
        }
        self.pending.push(row);
        if self.pending.len() >= self.pending_max {
            self.flush(w)?;
        }
        Ok(())
    }

    /// Whether the house had no observation when this batch first met it.
    fn is_fresh(&mut self, w: &Writer, house_id: i64) -> Result<bool> {
        if let Some((h, f)) = self.last_house
            && h == house_id
        {
            return Ok(f);
        }
        if let Some(&f) = self.fresh.get(&house_id) {
            self.last_house = Some((house_id, f));
            return Ok(f);
        }
        let any: bool =
            w.tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM observation WHERE house_id = ?1)")?
                .query_row([house_id], |r| r.get(0))?;
        self.fresh.insert(house_id, !any);
        self.last_house = Some((house_id, !any));
        Ok(!any)
    }

    /// A row of a house that had no observation: new, unless this file gave
    /// the key before (in the pending rows or written already).
    #[allow(clippy::too_many_arguments)]
    fn upsert_fresh(
        &mut self,
        w: &Writer,
        house_id: i64,
        indicator_id: i64,
        period: &Period,
        canonical: &str,
        value: f64,
        comment: Option<&str>,
        locked: bool,
    ) -> Result<Upsert> {
        let key = ((house_id as u64 & 0xFF_FFFF) << 40)
            | ((indicator_id as u64 & 0xFFFF) << 24)
            | ((period.first_month() as u64 & 0xFFFF) << 8)
            | (period.span() as u64 & 0xFF);
        if self.seen.insert(key) {
            let earlier = match pack(house_id, indicator_id, period) {
                Some(k) => self.pending_at.get(&k).map(|&i| &self.pending[i]),
                None => self.pending.iter().rev().find(|r| {
                    r.house_id == house_id
                        && r.indicator_id == indicator_id
                        && r.period.as_str() == canonical
                }),
            }
            .map(|r| (r.value, r.comment.clone()));
            let earlier = match earlier {
                Some(e) => Some(e),
                None => lookup(w, house_id, indicator_id, canonical)?.map(|s| (s.value, s.comment)),
            };
            if let Some((old, old_comment)) = earlier {
                let same = old == value && (comment.is_none() || comment == old_comment.as_deref());
                return Ok(if same {
                    Upsert::Unchanged
                } else {
                    Upsert::Duplicate { earlier: old }
                });
            }
        }
        if locked {
            return Ok(Upsert::Locked { old: None });
        }
        self.pend(w, house_id, indicator_id, period, canonical, value, comment)?;
        Ok(Upsert::Inserted)
    }
}

/// The answer for a row whose key is stored (or pending): unchanged, a
/// duplicate of an earlier row of this batch, refused by a lock, or updated
/// (its old value kept for undo).
#[allow(clippy::too_many_arguments)]
fn decide(
    batch: i64,
    unchanged: &mut IdSet,
    changed: &mut Vec<Changed>,
    stored: &mut Stored,
    house_id: i64,
    indicator_id: i64,
    canonical: &str,
    value: f64,
    comment: Option<&str>,
    locked: bool,
) -> Result<Upsert> {
    let same = stored.value == value && (comment.is_none() || comment == stored.comment.as_deref());
    if stored.batch == Some(batch) || stored.id.is_some_and(|id| unchanged.contains(id)) {
        return Ok(if same {
            Upsert::Unchanged
        } else {
            Upsert::Duplicate {
                earlier: stored.value,
            }
        });
    }
    let Some(id) = stored.id else {
        anyhow::bail!(
            "observation {house_id}/{indicator_id}/{canonical} is pending outside its batch"
        );
    };
    if same {
        unchanged.insert(id);
        return Ok(Upsert::Unchanged);
    }
    if locked {
        return Ok(Upsert::Locked {
            old: Some(stored.value),
        });
    }
    changed.push(Changed {
        id,
        value,
        comment: comment.map(str::to_string),
    });
    let old = stored.value;
    stored.value = value;
    if let Some(c) = comment {
        stored.comment = Some(c.to_string());
    }
    stored.batch = Some(batch);
    Ok(Upsert::Updated { old })
}

/// The index's order of a new row in one number: house id (32 bits),
/// indicator id (16) and the period's text (9 bytes, zero-padded: a shorter
/// text sorts first, as it does as text). None when they do not fit: such
/// rows sort last, by their fields.
fn index_key(r: &NewRow) -> Option<u128> {
    let house = u32::try_from(r.house_id).ok()?;
    let indicator = u16::try_from(r.indicator_id).ok()?;
    if r.period.len > 9 {
        return None;
    }
    let mut period = [0u8; 16];
    period[..9].copy_from_slice(&r.period.bytes[..9]);
    let period = u128::from_be_bytes(period) >> 56;
    Some((u128::from(house) << 96) | (u128::from(indicator) << 80) | (period << 8))
}

/// A key in one word: house id (28 bits), indicator id (16), first month (15)
/// and length in months (4) name one period of one indicator of one house
/// (no two kinds of period share a first month and a length). None for ids
/// too large to pack: those keys take the slower paths.
fn pack(house_id: i64, indicator_id: i64, period: &Period) -> Option<u64> {
    let (first, span) = (period.first_month(), period.span());
    let fits = (0..1 << 28).contains(&house_id)
        && (0..1 << 16).contains(&indicator_id)
        && (0..1 << 15).contains(&first)
        && (1..16).contains(&span);
    fits.then_some(
        ((house_id as u64) << 35)
            | ((indicator_id as u64) << 19)
            | ((first as u64) << 4)
            | span as u64,
    )
}

/// Whether new observations may go in by `COPY` (PostgreSQL): not for a login
/// under row-level security (an analyst with roles set up), which PostgreSQL
/// refuses COPY; asked once per import.
fn may_copy(w: &Writer) -> Result<bool> {
    if !w.tx.is_postgres() {
        return Ok(false);
    }
    let limited: bool =
        w.tx.query_row("SELECT row_security_active('observation')", (), |r| {
            r.get(0)
        })?;
    Ok(!limited)
}

/// Inserts new observations, up to [`ROWS_PER_INSERT`] to a statement; the
/// batch, time and author are bound once per statement.
fn write_new(w: &Writer, batch: i64, rows: &[&NewRow], may_copy: bool) -> Result<()> {
    let c = match &*w.tx {
        Conn::Sqlite(c) => c,
        Conn::Postgres(pg) if may_copy => return copy_new(&mut *pg.client()?, w, batch, rows),
        // Under row-level security: INSERTs, and the server checks each row.
        Conn::Postgres(_) => return insert_new(w, batch, rows),
    };
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut stmt = c.prepare_cached(&sqlite_insert_sql(chunk.len()))?;
        stmt.raw_bind_parameter(1, batch)?;
        stmt.raw_bind_parameter(2, &w.at)?;
        stmt.raw_bind_parameter(3, &w.author)?;
        for (i, r) in chunk.iter().enumerate() {
            let b = 4 + 7 * i;
            stmt.raw_bind_parameter(b, r.house_id)?;
            stmt.raw_bind_parameter(b + 1, r.indicator_id)?;
            stmt.raw_bind_parameter(b + 2, r.period.as_str())?;
            stmt.raw_bind_parameter(b + 3, r.first_month)?;
            stmt.raw_bind_parameter(b + 4, r.last_month)?;
            stmt.raw_bind_parameter(b + 5, r.value)?;
            stmt.raw_bind_parameter(b + 6, &r.comment)?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

/// [`write_new`] on PostgreSQL under row-level security: multi-row INSERTs
/// through the store API.
fn insert_new(w: &Writer, batch: i64, rows: &[&NewRow]) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let periods: Vec<&str> = chunk.iter().map(|r| r.period.as_str()).collect();
        let mut list: Vec<&dyn super::conn::Param> = vec![&batch, &w.at, &w.author];
        for (r, period) in chunk.iter().zip(&periods) {
            list.extend_from_slice(&[
                &r.house_id as &dyn super::conn::Param,
                &r.indicator_id,
                period,
                &r.first_month,
                &r.last_month,
                &r.value,
                &r.comment,
            ]);
        }
        w.tx.execute(&insert_sql(chunk.len()), list.as_slice())?;
    }
    Ok(())
}

/// Writes changed values of stored observations, [`CHANGES_PER_STATEMENT`] to
/// a statement: what they held goes to `observation_previous` (for undo),
/// then the new values in, with the batch, time and author.
fn write_changes(w: &Writer, batch: i64, changes: &[Changed]) -> Result<()> {
    let sqlite = !w.tx.is_postgres();
    for chunk in changes.chunks(CHANGES_PER_STATEMENT) {
        let sql = changes_sql(chunk.len(), sqlite);
        let (keep, change) = &*sql;
        let mut ids: Vec<&dyn super::conn::Param> = vec![&batch];
        ids.extend(chunk.iter().map(|c| &c.id as &dyn super::conn::Param));
        w.tx.execute(keep, ids.as_slice())?;
        let mut list: Vec<&dyn super::conn::Param> = vec![&batch, &w.at, &w.author];
        for c in chunk {
            list.extend_from_slice(&[&c.id as &dyn super::conn::Param, &c.value, &c.comment]);
        }
        w.tx.execute(change, list.as_slice())?;
    }
    Ok(())
}

/// The two statements of [`write_changes`] for `n` changes; the full-size
/// ones are built once. On SQLite they fail rather than abort (`OR FAIL`),
/// as [`sqlite_insert_sql`] does: no statement journal.
fn changes_sql(n: usize, sqlite: bool) -> Cow<'static, (String, String)> {
    static FULL: OnceLock<(String, String)> = OnceLock::new();
    static SQLITE_FULL: OnceLock<(String, String)> = OnceLock::new();
    if sqlite {
        sized_sql(n, CHANGES_PER_STATEMENT, &SQLITE_FULL, |n| {
            let (keep, change) = build_changes_sql(n);
            (
                keep.replacen("INSERT INTO", "INSERT OR FAIL INTO", 1),
                change.replacen("UPDATE observation", "UPDATE OR FAIL observation", 1),
            )
        })
    } else {
        sized_sql(n, CHANGES_PER_STATEMENT, &FULL, build_changes_sql)
    }
}

fn build_changes_sql(n: usize) -> (String, String) {
    let ids: Vec<String> = (0..n).map(|i| format!("?{}", i + 2)).collect();
    let keep = format!(
        "INSERT INTO observation_previous (batch_id, observation_id, value, comment, prev_batch_id,
            recorded_at, recorded_by)
         SELECT CAST(?1 AS BIGINT), id, value, comment, batch_id, recorded_at, recorded_by
         FROM observation WHERE id IN ({})",
        ids.join(",")
    );
    // The values typed in the first row, for PostgreSQL, which cannot tell a
    // parameter's type inside VALUES.
    let rows: Vec<String> = (0..n)
        .map(|i| {
            let b = 4 + 3 * i;
            if i == 0 {
                format!(
                    "(CAST(?{b} AS BIGINT), CAST(?{} AS DOUBLE PRECISION), CAST(?{} AS TEXT))",
                    b + 1,
                    b + 2
                )
            } else {
                format!("(?{b}, ?{}, ?{})", b + 1, b + 2)
            }
        })
        .collect();
    let change = format!(
        "UPDATE observation SET value = v.column2, comment = coalesce(v.column3, observation.comment),
            batch_id = ?1, recorded_at = ?2, recorded_by = ?3
         FROM (VALUES {}) AS v WHERE observation.id = v.column1",
        rows.join(",")
    );
    (keep, change)
}

/// The PostgreSQL side of [`write_new`]: the rows in one `COPY`, the fastest
/// way into the server (one round trip for a whole block).
fn copy_new(client: &mut postgres::Client, w: &Writer, batch: i64, rows: &[&NewRow]) -> Result<()> {
    use std::fmt::Write as _;
    use std::io::Write as _;
    let (at, author) = (copy_text(Some(&w.at)), copy_text(Some(&w.author)));
    let mut text = String::with_capacity(rows.len() * 64);
    for r in rows {
        let value = if r.value.is_finite() {
            r.value.to_string()
        } else if r.value.is_nan() {
            "NaN".to_string()
        } else if r.value > 0.0 {
            "Infinity".to_string()
        } else {
            "-Infinity".to_string()
        };
        let _ = writeln!(
            text,
            "{}\t{}\t{}\t{}\t{}\t{value}\t{}\t{batch}\t{at}\t{author}",
            r.house_id,
            r.indicator_id,
            copy_text(Some(r.period.as_str())),
            r.first_month,
            r.last_month,
            copy_text(r.comment.as_deref()),
        );
    }
    let mut copy = client.copy_in(
        "COPY observation (house_id, indicator_id, period, first_month, last_month, value, \
         comment, batch_id, recorded_at, recorded_by) FROM STDIN",
    )?;
    copy.write_all(text.as_bytes())?;
    copy.finish()?;
    Ok(())
}

/// A field of COPY's text format: `\N` for NULL, backslash escapes for the
/// characters that separate fields and rows.
fn copy_text(v: Option<&str>) -> String {
    let Some(v) = v else {
        return "\\N".to_string();
    };
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// `INSERT ... VALUES (...), (...)` for `rows` rows: ?1 batch, ?2 time, ?3
/// author, then 7 parameters a row.
/// The INSERT of `rows` new observations; the full-size one is built once.
#[allow(clippy::owned_cow)] // the one cache of `sized_sql` holds Strings
fn insert_sql(rows: usize) -> Cow<'static, String> {
    static FULL: OnceLock<String> = OnceLock::new();
    sized_sql(rows, ROWS_PER_INSERT, &FULL, build_insert_sql)
}

/// The statement(s) `build` makes for `n` rows: built once for the full size
/// `full` (every chunk but the last), each time for the others.
fn sized_sql<T: Clone>(
    n: usize,
    full: usize,
    cache: &'static OnceLock<T>,
    build: fn(usize) -> T,
) -> Cow<'static, T> {
    if n == full {
        Cow::Borrowed(cache.get_or_init(|| build(full)))
    } else {
        Cow::Owned(build(n))
    }
}

/// [`insert_sql`] for SQLite: `INSERT OR FAIL`, so that SQLite keeps no
/// statement journal (a copy of every page the statement changes, written to
/// a temporary file to undo the statement alone). The sink has checked keys
/// and references; a row that still fails fails the import, whose
/// transaction is rolled back whole.
#[allow(clippy::owned_cow)]
fn sqlite_insert_sql(rows: usize) -> Cow<'static, String> {
    static FULL: OnceLock<String> = OnceLock::new();
    sized_sql(rows, ROWS_PER_INSERT, &FULL, |n| {
        build_insert_sql(n).replacen("INSERT INTO", "INSERT OR FAIL INTO", 1)
    })
}

fn build_insert_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO observation (house_id, indicator_id, period, first_month, last_month, \
         value, comment, batch_id, recorded_at, recorded_by) VALUES ",
    );
    for i in 0..rows {
        let b = 4 + 7 * i;
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&format!(
            "(?{},?{},?{},?{},?{},?{},?{},?1,?2,?3)",
            b,
            b + 1,
            b + 2,
            b + 3,
            b + 4,
            b + 5,
            b + 6
        ));
    }
    sql
}

fn lookup(w: &Writer, house_id: i64, indicator_id: i64, canonical: &str) -> Result<Option<Stored>> {
    w.tx.prepare_cached(
        "SELECT id, value, comment, batch_id FROM observation
             WHERE house_id = ?1 AND indicator_id = ?2 AND period = ?3",
    )?
    .query_row(params![house_id, indicator_id, canonical], |r| {
        Ok(Stored {
            id: Some(r.get(0)?),
            value: r.get(1)?,
            comment: r.get(2)?,
            batch: r.get(3)?,
        })
    })
    .optional()
}

/// A set of row ids: a bitmap for the ids SQLite hands out (1, 2, 3, ...), a
/// hash set for the odd id beyond it.
#[derive(Default)]
struct IdSet {
    bits: Vec<u64>,
    others: HashSet<i64>,
}

impl IdSet {
    /// Ids below this go in the bitmap (at most 32 MiB of it).
    const DENSE: i64 = 1 << 28;

    fn insert(&mut self, id: i64) {
        if (0..Self::DENSE).contains(&id) {
            let (word, bit) = ((id / 64) as usize, id % 64);
            if word >= self.bits.len() {
                self.bits.resize(word + 1, 0);
            }
            self.bits[word] |= 1 << bit;
        } else {
            self.others.insert(id);
        }
    }

    fn contains(&self, id: i64) -> bool {
        if (0..Self::DENSE).contains(&id) {
            self.bits
                .get((id / 64) as usize)
                .is_some_and(|w| w & (1 << (id % 64)) != 0)
        } else {
            self.others.contains(&id)
        }
    }
}

/// A Bloom filter of 64-bit keys, 8 MiB allocated at the first key, its three
/// bits in one word so that a key costs one cache miss: no false negatives,
/// false positives under 0.01 % up to a million keys, about 7 % at ten million
/// (each costs one lookup).
#[derive(Default)]
struct Bloom {
    words: Vec<u64>,
}

impl Bloom {
    const WORDS: usize = 1 << 20;

    /// Adds a key; true when it may have been added before.
    fn insert(&mut self, key: u64) -> bool {
        if self.words.is_empty() {
            self.words = vec![0; Self::WORDS];
        }
        let h = crate::fasthash::mix(key);
        let word = &mut self.words[(h as usize) & (Self::WORDS - 1)];
        let mask =
            (1u64 << ((h >> 32) & 63)) | (1u64 << ((h >> 40) & 63)) | (1u64 << ((h >> 48) & 63));
        let present = *word & mask == mask;
        *word |= mask;
        present
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Batch {
    pub id: i64,
    pub kind: String,
    pub file: String,
    pub sha256: String,
    pub at: String,
    pub by: String,
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub rejected: i64,
    pub undone: Option<String>,
}

pub fn batches(conn: &Conn) -> Result<Vec<Batch>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, file, sha256, at, by, inserted, updated, unchanged, rejected, undone_at
         FROM batch ORDER BY id",
    )?;
    let rows = stmt.query_map((), |r| {
        Ok(Batch {
            id: r.get(0)?,
            kind: r.get(1)?,
            file: r.get(2)?,
            sha256: r.get(3)?,
            at: r.get(4)?,
            by: r.get(5)?,
            inserted: r.get(6)?,
            updated: r.get(7)?,
            unchanged: r.get(8)?,
            rejected: r.get(9)?,
            undone: r.get(10)?,
        })
    })?;
    rows.collect::<Result<_>>()
}

pub fn batch(conn: &Conn, id: i64) -> Result<Option<Batch>> {
    Ok(batches(conn)?.into_iter().find(|b| b.id == id))
}

/// The latest batch that imported a file with this content, if any.
pub fn same_content(conn: &Conn, kind: &str, sha256: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT max(id) FROM batch WHERE kind = ?1 AND sha256 = ?2 AND undone_at IS NULL",
        )?
        .query_row(params![kind, sha256], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Observations a batch touched that something else changed since, as
/// (house, indicator, period) keys.
pub fn observation_conflicts(conn: &Conn, batch: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.code || ' ' || i.code || ' ' || o.period FROM observation o
           JOIN house h ON h.id = o.house_id JOIN indicator i ON i.id = o.indicator_id
         WHERE (o.id IN (SELECT observation_id FROM observation_previous WHERE batch_id = ?1)
                AND (o.batch_id IS DISTINCT FROM ?1))
            OR o.id IN (SELECT observation_id FROM observation_previous WHERE prev_batch_id = ?1 AND batch_id > ?1)
            OR (o.id BETWEEN (SELECT first_observation FROM batch WHERE id = ?1)
                         AND (SELECT last_observation FROM batch WHERE id = ?1)
                AND o.batch_id IS DISTINCT FROM ?1)
         ORDER BY 1",
    )?;
    let rows = stmt.query_map([batch], |r| r.get(0))?;
    rows.collect::<Result<_>>()
}

/// The periods (month spans) of the observations a batch touched.
pub fn observation_periods(conn: &Conn, batch: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT o.period FROM observation o WHERE o.batch_id = ?1
            OR o.id IN (SELECT observation_id FROM observation_previous WHERE batch_id = ?1)
            OR o.id BETWEEN (SELECT first_observation FROM batch WHERE id = ?1)
                        AND (SELECT last_observation FROM batch WHERE id = ?1)",
    )?;
    let rows = stmt.query_map([batch], |r| r.get(0))?;
    rows.collect::<Result<_>>()
}

/// Puts back the observations a batch changed: previous values of what it
/// updated, removal of what it inserted. Returns (restored, removed).
pub fn undo_observations(w: &Writer, batch: i64) -> Result<(usize, usize)> {
    let restored = w.tx.execute(
        "UPDATE observation SET (value, comment, batch_id, recorded_at, recorded_by) =
            (SELECT p.value, p.comment, p.prev_batch_id, p.recorded_at, p.recorded_by
             FROM observation_previous p WHERE p.batch_id = ?1 AND p.observation_id = observation.id)
         WHERE id IN (SELECT observation_id FROM observation_previous WHERE batch_id = ?1)",
        [batch],
    )?;
    // What the batch inserted, even if changed since (a forced undo).
    let removed = w.tx.execute(
        "DELETE FROM observation WHERE batch_id = ?1
            OR id BETWEEN (SELECT first_observation FROM batch WHERE id = ?1)
                      AND (SELECT last_observation FROM batch WHERE id = ?1)",
        [batch],
    )?;
    w.tx.execute(
        "DELETE FROM observation_previous WHERE batch_id = ?1",
        [batch],
    )?;
    Ok((restored, removed))
}

/// One change a batch made to a record, read back from the audit log with
/// its before- and after-image, typed: what undo puts back.
// A batch holds a few hundred such changes at most: boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum AuditedChange {
    House {
        code: String,
        before: Option<House>,
        after: Option<House>,
    },
    Association {
        code: String,
        before: Option<Association>,
        after: Option<Association>,
    },
    Target {
        house: String,
        indicator: String,
        before: Option<Target>,
        after: Option<Target>,
    },
    Action {
        id: i64,
        before: Option<Action>,
        after: Option<Action>,
    },
    Assessment {
        house: String,
        period: String,
        dimension: String,
        before: Option<f64>,
        after: Option<f64>,
    },
}

impl AuditedChange {
    /// The record, as people read it in messages (`target DT01/boarders`).
    pub fn what(&self) -> String {
        let key = self.key();
        format!("{} {}", key.entity().as_str(), key.text())
    }

    pub fn key(&self) -> Key {
        match self {
            AuditedChange::House { code, .. } => Key::House { code: code.clone() },
            AuditedChange::Association { code, .. } => Key::Association { code: code.clone() },
            AuditedChange::Target {
                house, indicator, ..
            } => Key::Target {
                house: house.clone(),
                indicator: indicator.clone(),
            },
            AuditedChange::Action { id, .. } => Key::Action { id: *id },
            AuditedChange::Assessment {
                house,
                period,
                dimension,
                ..
            } => Key::Assessment {
                house: house.clone(),
                period: period.clone(),
                dimension: dimension.clone(),
            },
        }
    }
}

/// Reads an image the log keeps (JSON text), or says which one cannot be read.
fn image<T: serde::de::DeserializeOwned>(
    text: Option<&str>,
    batch: i64,
    which: &str,
    what: &str,
) -> Result<Option<T>> {
    let Some(text) = text else {
        return Ok(None);
    };
    serde_json::from_str(text).map(Some).map_err(|e| {
        crate::messages::err(crate::messages::Msg::UndoImageUnreadable {
            batch,
            which: which.to_string(),
            what: what.to_string(),
            why: e.to_string(),
        })
    })
}

/// A score image (`{"score": 3}`).
fn score(text: Option<&str>, batch: i64, which: &str, what: &str) -> Result<Option<f64>> {
    let Some(v) = image::<Value>(text, batch, which, what)? else {
        return Ok(None);
    };
    match v.get("score").and_then(Value::as_f64) {
        Some(s) => Ok(Some(s)),
        None => Err(crate::messages::err(
            crate::messages::Msg::UndoImageUnreadable {
                batch,
                which: which.to_string(),
                what: what.to_string(),
                why: v.to_string(),
            },
        )),
    }
}

/// The records a batch changed, newest change first, with their images. An
/// entry that cannot be read (an unknown entity, a malformed key, an image
/// that does not parse) is an error: undo stops before writing anything.
pub fn audited_changes(conn: &Conn, batch: i64) -> Result<Vec<AuditedChange>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entity, key, before, after FROM audit WHERE batch_id = ?1 AND entity != 'batch' ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([batch], |r| {
        Ok((
            r.get::<String>(0)?,
            r.get::<String>(1)?,
            r.get::<Option<String>>(2)?,
            r.get::<Option<String>>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (entity, key, before, after) = row?;
        let Some(e) = Entity::parse(&entity) else {
            return Err(crate::messages::err(
                crate::messages::Msg::UndoUnknownEntity { batch, entity, key },
            ));
        };
        let key = Key::parse(e, &key).map_err(|m| {
            crate::messages::err(crate::messages::Msg::UndoBadKey {
                batch,
                why: m.to_string(),
            })
        })?;
        let what = format!("{entity} {}", key.text());
        let (b, a) = (before.as_deref(), after.as_deref());
        out.push(match key {
            Key::House { code } => AuditedChange::House {
                code,
                before: image(b, batch, "before", &what)?,
                after: image(a, batch, "after", &what)?,
            },
            Key::Association { code } => AuditedChange::Association {
                code,
                before: image(b, batch, "before", &what)?,
                after: image(a, batch, "after", &what)?,
            },
            Key::Target { house, indicator } => AuditedChange::Target {
                house,
                indicator,
                before: image(b, batch, "before", &what)?,
                after: image(a, batch, "after", &what)?,
            },
            Key::Action { id } => AuditedChange::Action {
                id,
                before: image(b, batch, "before", &what)?,
                after: image(a, batch, "after", &what)?,
            },
            Key::Assessment {
                house,
                period,
                dimension,
            } => AuditedChange::Assessment {
                house,
                period,
                dimension,
                before: score(b, batch, "before", &what)?,
                after: score(a, batch, "after", &what)?,
            },
        });
    }
    Ok(out)
}

/// The same record as the log keeps it (fields the log does not keep, such
/// as an action's plan, are not compared).
fn same<T: Serialize>(a: &Option<T>, b: &Option<T>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => serde_json::to_value(a).ok() == serde_json::to_value(b).ok(),
        (None, Some(_)) | (Some(_), None) => false,
    }
}

/// Ids of a house and an indicator, by code.
fn target_ids(conn: &Conn, house_code: &str, indicator_code: &str) -> Result<Option<(i64, i64)>> {
    let Some(hid) = house::id(conn, house_code)? else {
        return Ok(None);
    };
    let iid: Option<i64> = conn
        .prepare_cached("SELECT id FROM indicator WHERE code = ?1")?
        .query_row([indicator_code], |r| r.get(0))
        .optional()?;
    Ok(iid.map(|iid| (hid, iid)))
}

fn current_assessment(
    conn: &Conn,
    house_code: &str,
    period: &str,
    dimension: &str,
) -> Result<Option<(i64, Assessment)>> {
    let Some(hid) = house::id(conn, house_code)? else {
        return Ok(None);
    };
    Ok(plan::assessments(conn, Some(hid))?
        .into_iter()
        .find(|a| a.period == period && a.dimension == dimension)
        .map(|a| (hid, a)))
}

/// Whether the record is still as the batch left it.
fn unchanged_since(conn: &Conn, c: &AuditedChange) -> Result<bool> {
    Ok(match c {
        AuditedChange::House { code, after, .. } => same(&house::get(conn, code)?, after),
        AuditedChange::Association { code, after, .. } => {
            same(&association::get(conn, code)?, after)
        }
        AuditedChange::Target {
            house,
            indicator,
            after,
            ..
        } => {
            let now = match target_ids(conn, house, indicator)? {
                Some((hid, iid)) => target::get(conn, hid, iid)?,
                None => None,
            };
            same(&now, after)
        }
        AuditedChange::Action { id, after, .. } => same(&plan::action(conn, *id)?, after),
        AuditedChange::Assessment {
            house,
            period,
            dimension,
            after,
            ..
        } => {
            let now = current_assessment(conn, house, period, dimension)?.map(|(_, a)| a.score);
            now == *after
        }
    })
}

/// What undoing a batch would overwrite: observations and records that
/// something changed after the batch, as people read them.
pub fn undo_conflicts(conn: &Conn, batch: i64, changes: &[AuditedChange]) -> Result<Vec<String>> {
    let mut conflicts = observation_conflicts(conn, batch)?;
    for c in changes {
        if !unchanged_since(conn, c)? {
            conflicts.push(c.what());
        }
    }
    Ok(conflicts)
}

/// Puts one record back as it was before the batch (`None`: it did not
/// exist). A record that cannot be put back is an error: the undo stops and
/// its transaction writes nothing.
pub fn restore(w: &Writer, c: &AuditedChange) -> Result<()> {
    match c {
        AuditedChange::House { code, before, .. } => match (house::get(&w.tx, code)?, before) {
            (Some(now), None) => house::delete(w, &now)?,
            (Some(now), Some(b)) => house::update(w, &now, b)?,
            (None, Some(b)) => house::insert(w, b)?,
            // Gone already, as before the batch.
            (None, None) => {}
        },
        AuditedChange::Association { code, before, .. } => {
            match (association::get(&w.tx, code)?, before) {
                (Some(now), None) => association::delete(w, &now)?,
                (Some(now), Some(b)) => association::update(w, &now, b)?,
                (None, Some(b)) => association::insert(w, b)?,
                (None, None) => {}
            }
        }
        AuditedChange::Target {
            house,
            indicator,
            before,
            ..
        } => {
            match (target_ids(&w.tx, house, indicator)?, before) {
                (Some((hid, iid)), Some(b)) => {
                    target::set(w, hid, iid, b)?;
                }
                (Some((hid, iid)), None) => {
                    if let Some(now) = target::get(&w.tx, hid, iid)? {
                        target::delete(w, hid, iid, &now)?;
                    }
                }
                (None, Some(_)) => {
                    return Err(crate::messages::err(crate::messages::Msg::UndoTargetGone {
                        house: house.to_string(),
                        indicator: indicator.to_string(),
                    }));
                }
                // The house or the indicator is gone, and so is the target
                // the batch added.
                (None, None) => {}
            }
        }
        AuditedChange::Action { id, before, .. } => match (plan::action(&w.tx, *id)?, before) {
            (Some(now), None) => plan::delete_action(w, &now)?,
            (Some(now), Some(b)) => {
                let axes = plan::axes(&w.tx, now.plan_id)?;
                let Some(axis) = axes.iter().find(|x| x.code == b.axis) else {
                    return Err(crate::messages::err(crate::messages::Msg::UndoAxisGone {
                        id: *id,
                        axis: b.axis.clone(),
                    }));
                };
                let b = Action {
                    plan_id: now.plan_id,
                    superseded: now.superseded,
                    ..b.clone()
                };
                plan::update_action(w, axis.id, &now, &b)?;
            }
            (None, Some(_)) => {
                return Err(crate::messages::err(
                    crate::messages::Msg::UndoActionRemoved { id: *id },
                ));
            }
            (None, None) => {}
        },
        AuditedChange::Assessment {
            house,
            period,
            dimension,
            before,
            ..
        } => match (current_assessment(&w.tx, house, period, dimension)?, before) {
            (Some((hid, now)), None) => plan::delete_assessment(w, hid, &now)?,
            (Some((hid, now)), Some(score)) => {
                plan::assess(
                    w,
                    hid,
                    &Assessment {
                        score: *score,
                        ..now
                    },
                )?;
            }
            (None, Some(score)) => {
                let Some(hid) = house::id(&w.tx, house)? else {
                    return Err(crate::messages::err(crate::messages::Msg::UndoHouseGone {
                        house: house.clone(),
                        dimension: dimension.to_string(),
                    }));
                };
                let p = Period::parse(period)
                    .map_err(|e| anyhow::anyhow!("period {period} of an assessment: {e}"))?;
                let a = Assessment {
                    house: house.clone(),
                    period: period.clone(),
                    dimension: dimension.clone(),
                    score: *score,
                    first_month: p.first_month(),
                };
                plan::assess(w, hid, &a)?;
            }
            (None, None) => {}
        },
    }
    Ok(())
}

/// What an undo did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Undone {
    pub observations_restored: usize,
    pub observations_removed: usize,
    pub records_restored: usize,
}

/// Undoes a batch in the writer's transaction: its observations, then its
/// records newest change first; marks it undone and logs it. A record that
/// cannot be put back stops the undo (the caller does not commit).
pub fn undo(w: &Writer, batch: i64, changes: &[AuditedChange]) -> Result<Undone> {
    let (restored, removed) = undo_observations(w, batch)?;
    for c in changes {
        restore(w, c).map_err(|e| {
            crate::messages::rejected(crate::messages::Msg::UndoRestoreFailed {
                batch,
                what: c.what(),
                why: e.to_string(),
            })
        })?;
    }
    let done = Undone {
        observations_restored: restored,
        observations_removed: removed,
        records_restored: changes.len(),
    };
    mark_undone(w, batch, serde_json::to_value(done)?)?;
    Ok(done)
}

pub fn mark_undone(w: &Writer, batch: i64, detail: serde_json::Value) -> Result<()> {
    w.tx.execute(
        "UPDATE batch SET undone_at = ?2 WHERE id = ?1",
        params![batch, w.at],
    )?;
    w.log(
        "undo",
        "batch",
        &batch.to_string(),
        None,
        None,
        Some(&detail),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Db, observation, seed};

    fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::create(&dir.path().join("t.db")).unwrap();
        let w = db.writer("tester").unwrap();
        seed::reference_data(&w).unwrap();
        w.commit().unwrap();
        (dir, db)
    }

    fn house(code: &str, name: &str) -> House {
        House {
            code: code.into(),
            name: name.into(),
            name_ar: None,
            kind: "dar-talib".into(),
            region: "Tanger-Tétouan-Al Hoceïma".into(),
            region_code: "01".into(),
            province: None,
            commune: None,
            milieu: None,
            capacity: 80,
            association: None,
            cohort: "pilot".into(),
            opened: None,
            status: "active".into(),
            legal_basis: None,
            authorisation_no: None,
            authorisation_date: None,
        }
    }

    /// Registers house DT01; its id and the id of the `boarders` indicator.
    fn dt01_boarders(db: &mut Db) -> (i64, i64) {
        batch(db, |w, _| house::insert(w, &house("DT01", "Un")).unwrap());
        let hid = house::id(&db.conn, "DT01").unwrap().unwrap();
        let iid = db
            .conn
            .query_row(
                "SELECT id FROM indicator WHERE code = 'boarders'",
                (),
                |r| r.get(0),
            )
            .unwrap();
        (hid, iid)
    }

    /// Runs `f` as one import batch; returns the batch id.
    fn batch(db: &mut Db, f: impl FnOnce(&Writer, &mut ObservationSink)) -> i64 {
        let mut w = db.writer("tester").unwrap();
        let id = begin(&mut w, "test", "f.csv", "sha").unwrap();
        let mut sink = ObservationSink::new(id);
        f(&w, &mut sink);
        sink.flush(&w).unwrap();
        finish(&w, id, "test", "f.csv", &Counts::default()).unwrap();
        w.commit().unwrap();
        id
    }

    fn undo_now(db: &mut Db, id: i64) -> Result<Undone> {
        let changes = audited_changes(&db.conn, id)?;
        let w = db.writer("tester")?;
        let done = undo(&w, id, &changes)?;
        w.commit()?;
        Ok(done)
    }

    #[test]
    fn undo_puts_records_back_newest_first_then_removes_what_the_batch_added() {
        let (_d, mut db) = db();
        let b1 = batch(&mut db, |w, _| {
            house::insert(w, &house("DT01", "Un")).unwrap()
        });
        let b2 = batch(&mut db, |w, _| {
            let before = house::get(&w.tx, "DT01").unwrap().unwrap();
            house::update(w, &before, &house("DT01", "Un bis")).unwrap();
        });
        let changes = audited_changes(&db.conn, b2).unwrap();
        assert_eq!(
            changes,
            vec![AuditedChange::House {
                code: "DT01".into(),
                before: Some(house("DT01", "Un")),
                after: Some(house("DT01", "Un bis")),
            }]
        );
        assert!(undo_conflicts(&db.conn, b2, &changes).unwrap().is_empty());
        // Batch 1 is not the last to touch DT01: undoing it first is a conflict.
        let c1 = audited_changes(&db.conn, b1).unwrap();
        assert_eq!(
            undo_conflicts(&db.conn, b1, &c1).unwrap(),
            vec!["house DT01"]
        );
        let done = undo_now(&mut db, b2).unwrap();
        assert_eq!(done.records_restored, 1);
        assert_eq!(house::get(&db.conn, "DT01").unwrap().unwrap().name, "Un");
        assert!(batch_undone(&db, b2));
        undo_now(&mut db, b1).unwrap();
        assert_eq!(house::get(&db.conn, "DT01").unwrap(), None);
    }

    fn batch_undone(db: &Db, id: i64) -> bool {
        super::batch(&db.conn, id)
            .unwrap()
            .unwrap()
            .undone
            .is_some()
    }

    #[test]
    fn a_before_image_that_cannot_be_read_stops_the_undo_and_deletes_nothing() {
        let (_d, mut db) = db();
        batch(&mut db, |w, _| {
            house::insert(w, &house("DT01", "Un")).unwrap()
        });
        let b2 = batch(&mut db, |w, _| {
            let before = house::get(&w.tx, "DT01").unwrap().unwrap();
            house::update(w, &before, &house("DT01", "Un bis")).unwrap();
        });
        for bad in ["{not json", "{\"code\": \"DT01\"}"] {
            db.conn
                .execute(
                    "UPDATE audit SET before = ?2 WHERE batch_id = ?1 AND entity = 'house'",
                    params![b2, bad],
                )
                .unwrap();
            let e = undo_now(&mut db, b2).unwrap_err().to_string();
            assert!(e.contains("before-image of house DT01"), "{e}");
            assert!(e.contains("nothing was undone"), "{e}");
            let now = house::get(&db.conn, "DT01").unwrap();
            assert_eq!(now.map(|h| h.name).as_deref(), Some("Un bis"));
            assert!(!batch_undone(&db, b2));
        }
    }

    #[test]
    fn an_entry_undo_does_not_know_stops_the_undo() {
        let (_d, mut db) = db();
        let b = batch(&mut db, |w, _| {
            house::insert(w, &house("DT01", "Un")).unwrap();
            w.log(
                "insert",
                "plan",
                "DT01/v1",
                Some("DT01"),
                None,
                Some(&json!({})),
            )
            .unwrap();
        });
        let e = audited_changes(&db.conn, b).unwrap_err().to_string();
        assert!(e.contains("plan") && e.contains("cannot put back"), "{e}");
        db.conn
            .execute(
                "UPDATE audit SET entity = 'action', key = 'DT01' WHERE batch_id = ?1 AND entity = 'plan'",
                [b],
            )
            .unwrap();
        let e = audited_changes(&db.conn, b).unwrap_err().to_string();
        assert!(e.contains("malformed action key"), "{e}");
        assert!(house::get(&db.conn, "DT01").unwrap().is_some());
    }

    #[test]
    fn many_changed_values_are_written_in_chunks_and_undone_whole() {
        let (_d, mut db) = db();
        let (hid, iid) = dt01_boarders(&mut db);
        // More months than one statement changes (CHANGES_PER_STATEMENT).
        let months: Vec<Period> = (0..2 * CHANGES_PER_STATEMENT + 7)
            .map(|i| Period::parse(&format!("{}-{:02}", 1900 + i / 12, i % 12 + 1)).unwrap())
            .collect();
        let write = |db: &mut Db, value: &dyn Fn(usize) -> f64, comment: Option<&str>| {
            batch(db, |w, s| {
                for (i, p) in months.iter().enumerate() {
                    s.upsert(w, hid, iid, p, &p.canonical(), value(i), comment, false)
                        .unwrap();
                }
            })
        };
        write(&mut db, &|i| i as f64, Some("first"));
        let b2 = write(&mut db, &|i| (i * 10 + 1) as f64, None);
        let stored = |db: &Db| -> Vec<(f64, Option<String>, Option<i64>)> {
            db.conn
                .query_map(
                    "SELECT value, comment, batch_id FROM observation ORDER BY period",
                    (),
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .unwrap()
        };
        let now = stored(&db);
        assert_eq!(now.len(), months.len());
        for (i, (v, c, b)) in now.iter().enumerate() {
            // New values and batch; the comment kept where the file gave none.
            assert_eq!(
                (*v, c.as_deref(), *b),
                ((i * 10 + 1) as f64, Some("first"), Some(b2))
            );
        }
        let kept: i64 = db
            .conn
            .query_row(
                "SELECT count(*) FROM observation_previous WHERE batch_id = ?1",
                [b2],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept as usize, months.len());
        let done = undo_now(&mut db, b2).unwrap();
        assert_eq!(done.observations_restored, months.len());
        for (i, (v, _, _)) in stored(&db).iter().enumerate() {
            assert_eq!(*v, i as f64);
        }
    }

    #[test]
    fn with_foreign_keys_off_the_sink_refuses_a_missing_house_or_indicator_as_they_would() {
        let (_d, mut db) = db();
        let (hid, iid) = dt01_boarders(&mut db);
        let jan = Period::parse("2025-01").unwrap();
        // What SQLite answers with its foreign keys on.
        let sqlite_says = {
            let mut w = db.writer("tester").unwrap();
            let id = begin(&mut w, "test", "f.csv", "sha").unwrap();
            let mut sink = ObservationSink::new(id);
            sink.upsert(&w, hid + 1000, iid, &jan, "2025-01", 1.0, None, false)
                .unwrap();
            sink.flush(&w).unwrap_err().to_string()
        };
        db.conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        for (house_id, indicator_id) in [(hid + 1000, iid), (hid, iid + 1000)] {
            let mut w = db.writer("tester").unwrap();
            let id = begin(&mut w, "test", "f.csv", "sha").unwrap();
            let mut sink = ObservationSink::new(id);
            sink.check_references();
            // Known ones go in, checked once.
            sink.upsert(&w, hid, iid, &jan, "2025-01", 1.0, None, false)
                .unwrap();
            sink.flush(&w).unwrap();
            let feb = Period::parse("2025-02").unwrap();
            sink.upsert(
                &w,
                house_id,
                indicator_id,
                &feb,
                "2025-02",
                1.0,
                None,
                false,
            )
            .unwrap();
            let e = sink.flush(&w).unwrap_err().to_string();
            assert_eq!(e, sqlite_says);
            assert_eq!(e, "FOREIGN KEY constraint failed");
        }
    }

    #[test]
    fn the_sink_inserts_updates_and_tells_repeats_from_duplicates() {
        let (_d, mut db) = db();
        let (hid, iid) = dt01_boarders(&mut db);
        let jan = Period::parse("2025-01").unwrap();
        let feb = Period::parse("2025-02").unwrap();
        let b1 = batch(&mut db, |w, s| {
            let mut up = |p: &Period, v: f64| {
                s.upsert(w, hid, iid, p, &p.canonical(), v, None, false)
                    .unwrap()
            };
            assert_eq!(up(&jan, 40.0), Upsert::Inserted);
            assert_eq!(up(&jan, 40.0), Upsert::Unchanged);
            assert_eq!(up(&jan, 41.0), Upsert::Duplicate { earlier: 40.0 });
        });
        let value = |db: &Db, p: &str| -> Option<f64> {
            db.conn
                .query_row(
                    "SELECT value FROM observation WHERE house_id = ?1 AND indicator_id = ?2 AND period = ?3",
                    params![hid, iid, p],
                    |r| r.get(0),
                )
                .optional()
                .unwrap()
        };
        assert_eq!(value(&db, "2025-01"), Some(40.0));
        let b2 = batch(&mut db, |w, s| {
            let mut up = |p: &Period, v: f64| {
                s.upsert(w, hid, iid, p, &p.canonical(), v, None, false)
                    .unwrap()
            };
            assert_eq!(up(&jan, 42.0), Upsert::Updated { old: 40.0 });
            assert_eq!(up(&feb, 43.0), Upsert::Inserted);
            assert_eq!(up(&jan, 42.0), Upsert::Unchanged);
            assert_eq!(up(&feb, 44.0), Upsert::Duplicate { earlier: 43.0 });
        });
        assert_eq!(value(&db, "2025-01"), Some(42.0));
        assert_eq!(value(&db, "2025-02"), Some(43.0));
        let b2_batch: Option<i64> = db
            .conn
            .query_row(
                "SELECT batch_id FROM observation WHERE period = '2025-02'",
                (),
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(b2_batch, Some(b2));
        // Batch 1's value was changed by batch 2: undoing batch 1 first is a conflict.
        assert_eq!(
            undo_conflicts(&db.conn, b1, &[]).unwrap(),
            vec!["DT01 boarders 2025-01"]
        );
        let done = undo_now(&mut db, b2).unwrap();
        assert_eq!(
            (done.observations_restored, done.observations_removed),
            (1, 1)
        );
        assert_eq!(value(&db, "2025-01"), Some(40.0));
        assert_eq!(value(&db, "2025-02"), None);
    }

    #[test]
    fn prefetched_keys_are_answered_like_the_others_in_any_order() {
        let (_d, mut db) = db();
        let (hid, iid) = dt01_boarders(&mut db);
        let p = |s: &str| Period::parse(s).unwrap();
        let (jan, feb, mar, q1) = (p("2025-01"), p("2025-02"), p("2025-03"), p("2025-Q1"));
        batch(&mut db, |w, s| {
            for (q, v) in [(&jan, 40.0), (&feb, 41.0), (&q1, 120.0)] {
                s.upsert(w, hid, iid, q, &q.canonical(), v, None, false)
                    .unwrap();
            }
        });
        batch(&mut db, |w, s| {
            let keys: Vec<(i64, i64, Period, String)> = [&q1, &mar, &jan, &feb]
                .into_iter()
                .map(|q| (hid, iid, *q, q.canonical()))
                .collect();
            s.prefetch(w, keys.iter().map(|(h, i, p, c)| (*h, *i, *p, c.as_str())))
                .unwrap();
            let up = |s: &mut ObservationSink, q: &Period, v: f64, locked: bool| {
                s.upsert(w, hid, iid, q, &q.canonical(), v, None, locked)
                    .unwrap()
            };
            assert_eq!(up(s, &mar, 42.0, true), Upsert::Locked { old: None });
            assert_eq!(up(s, &q1, 120.0, false), Upsert::Unchanged);
            assert_eq!(up(s, &mar, 42.0, false), Upsert::Inserted);
            assert_eq!(up(s, &feb, 45.0, true), Upsert::Locked { old: Some(41.0) });
            assert_eq!(up(s, &jan, 39.0, false), Upsert::Updated { old: 40.0 });
            assert_eq!(
                up(s, &mar, 43.0, false),
                Upsert::Duplicate { earlier: 42.0 }
            );
            assert_eq!(
                up(s, &q1, 121.0, false),
                Upsert::Duplicate { earlier: 120.0 }
            );
            // A second block: what the first wrote is read back as this batch's.
            s.prefetch(w, keys.iter().map(|(h, i, p, c)| (*h, *i, *p, c.as_str())))
                .unwrap();
            assert_eq!(up(s, &mar, 42.0, false), Upsert::Unchanged);
            assert_eq!(
                up(s, &jan, 40.0, false),
                Upsert::Duplicate { earlier: 39.0 }
            );
            assert_eq!(up(s, &q1, 120.0, false), Upsert::Unchanged);
        });
        let stored: Vec<(String, f64)> = db
            .conn
            .prepare("SELECT period, value FROM observation ORDER BY period")
            .unwrap()
            .query_map((), |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_>>()
            .unwrap();
        let want = [
            ("2025-01", 39.0),
            ("2025-02", 41.0),
            ("2025-03", 42.0),
            ("2025-Q1", 120.0),
        ];
        assert_eq!(stored, want.map(|(p, v)| (p.to_string(), v)).to_vec());
    }

    #[test]
    fn a_locked_period_refuses_changes_but_not_unchanged_values() {
        let (_d, mut db) = db();
        let (hid, iid) = dt01_boarders(&mut db);
        let (jan, feb) = (
            Period::parse("2025-01").unwrap(),
            Period::parse("2025-02").unwrap(),
        );
        // A house without observations takes the fresh path: locked, nothing new.
        batch(&mut db, |w, s| {
            let got = s.upsert(w, hid, iid, &jan, "2025-01", 40.0, None, true);
            assert_eq!(got.unwrap(), Upsert::Locked { old: None });
        });
        batch(&mut db, |w, s| {
            s.upsert(w, hid, iid, &jan, "2025-01", 40.0, None, false)
                .unwrap();
        });
        batch(&mut db, |w, s| {
            let mut up = |p: &Period, v: f64| {
                s.upsert(w, hid, iid, p, &p.canonical(), v, None, true)
                    .unwrap()
            };
            assert_eq!(up(&jan, 40.0), Upsert::Unchanged);
            assert_eq!(up(&jan, 41.0), Upsert::Duplicate { earlier: 40.0 });
            assert_eq!(up(&feb, 43.0), Upsert::Locked { old: None });
        });
        batch(&mut db, |w, s| {
            let got = s.upsert(w, hid, iid, &jan, "2025-01", 41.0, None, true);
            assert_eq!(got.unwrap(), Upsert::Locked { old: Some(40.0) });
        });
        let stored: Vec<(String, f64)> = db
            .conn
            .prepare("SELECT period, value FROM observation ORDER BY period")
            .unwrap()
            .query_map((), |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(stored, vec![("2025-01".to_string(), 40.0)]);
    }

    #[test]
    fn the_index_key_sorts_new_rows_as_the_index_does() {
        let row = |house_id: i64, indicator_id: i64, period: &str| NewRow {
            house_id,
            indicator_id,
            period: PeriodText::new(period).unwrap(),
            first_month: 0,
            last_month: 0,
            value: 0.0,
            comment: None,
        };
        let mut rows = Vec::new();
        for house in [1, 2, 70_000, 4_000_000_000] {
            for indicator in [1, 3, 300] {
                for period in [
                    "2024-2025",
                    "2024-01",
                    "2024",
                    "2024-Q1",
                    "2024-S2",
                    "2023-12",
                ] {
                    rows.push(row(house, indicator, period));
                }
            }
        }
        let mut by_key: Vec<&NewRow> = rows.iter().rev().collect();
        by_key.sort_by_key(|r| index_key(r));
        let mut by_text: Vec<&NewRow> = rows.iter().collect();
        by_text.sort_by(|a, b| {
            (a.house_id, a.indicator_id, a.period.as_str()).cmp(&(
                b.house_id,
                b.indicator_id,
                b.period.as_str(),
            ))
        });
        let fields = |v: &[&NewRow]| -> Vec<(i64, i64, String)> {
            v.iter()
                .map(|r| (r.house_id, r.indicator_id, r.period.as_str().to_string()))
                .collect()
        };
        // Keys that fit sort as the index does; a house id past 32 bits has none.
        let fits = |r: &&NewRow| r.house_id < 1 << 32;
        let key_order: Vec<&NewRow> = by_key.iter().copied().filter(fits).collect();
        let text_order: Vec<&NewRow> = by_text.iter().copied().filter(fits).collect();
        assert_eq!(fields(&key_order), fields(&text_order));
        assert!(
            rows.iter()
                .filter(|r| !fits(r))
                .all(|r| index_key(r).is_none())
        );
    }

    #[test]
    fn copy_fields_escape_what_separates_fields_and_rows() {
        assert_eq!(
            super::copy_text(Some("a\tb\\c\nd\re")),
            "a\\tb\\\\c\\nd\\re"
        );
        assert_eq!(super::copy_text(None), "\\N");
        assert_eq!(super::copy_text(Some("N")), "N");
    }

    #[test]
    fn a_value_recorded_by_hand_after_a_batch_is_a_conflict() {
        let (_d, mut db) = db();
        let (hid, iid) = dt01_boarders(&mut db);
        let jan = Period::parse("2025-01").unwrap();
        let b = batch(&mut db, |w, s| {
            s.upsert(w, hid, iid, &jan, "2025-01", 40.0, None, false)
                .unwrap();
        });
        let w = db.writer("tester").unwrap();
        observation::record(&w, hid, "DT01", iid, "boarders", &jan, 50.0, None).unwrap();
        w.commit().unwrap();
        assert_eq!(
            undo_conflicts(&db.conn, b, &[]).unwrap(),
            vec!["DT01 boarders 2025-01"]
        );
    }
}
