//! Reading and assembling on two cores: a second thread parses text into rows while the
//! caller's thread turns rows into records. Rows travel in batches whose buffers are sent
//! back for reuse, so the text of a row is copied once and no row allocates.

use super::delimited::{Delimited, Failure};
use super::names::{Names, Resolver};
use super::record::Record;
use super::rows::{NextRow, Rows};
use crate::validate::Problem;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

/// Rows per batch: large enough that channel traffic is noise, small enough to stay in cache.
const BATCH: usize = 1024;

/// Batches parsed ahead of the assembly; bounds the memory the parser may run ahead by.
const AHEAD: usize = 4;

/// Parsed rows, their lines and names, and the problems found while parsing them.
#[derive(Default)]
struct Batch {
    rows: Vec<(usize, Record)>,
    names: Vec<Names>,
    len: usize,
    problems: Vec<Problem>,
}

/// The consuming end: rows in file order.
pub struct Pipelined {
    file: Arc<str>,
    headers: Vec<String>,
    full: Receiver<Result<Batch, Failure>>,
    spent: SyncSender<Batch>,
    current: Batch,
    next: usize,
}

/// Runs `consume` on the rows of `reader`, parsed, and their names resolved by `resolver`, on a
/// second thread. When `consume` returns early the parser stops at its next batch.
pub fn run<T>(
    reader: Delimited<'_>,
    resolver: Resolver,
    consume: impl FnOnce(Pipelined) -> T,
) -> T {
    std::thread::scope(|scope| {
        let (full_in, full) = sync_channel(AHEAD);
        let (spent, spent_out) = sync_channel(AHEAD + 2);
        let rows = Pipelined {
            file: reader.file.clone(),
            headers: reader.headers.clone(),
            full,
            spent,
            current: Batch::default(),
            next: 0,
        };
        scope.spawn(move || produce(reader, resolver, &full_in, &spent_out));
        consume(rows)
    })
}

fn produce(
    mut reader: Delimited<'_>,
    mut resolver: Resolver,
    full: &SyncSender<Result<Batch, Failure>>,
    spent: &Receiver<Batch>,
) {
    loop {
        // Never wait for a spent batch: if the consumer has gone, a fresh one ends the loop at
        // the next send.
        let mut batch = spent.try_recv().unwrap_or_default();
        batch.len = 0;
        batch.problems.clear();
        let mut ended = false;
        while batch.len < BATCH {
            if batch.rows.len() == batch.len {
                batch.rows.push((0, Record::new()));
                batch.names.push(Names::default());
            }
            let slot = &mut batch.rows[batch.len];
            match reader.next_into(&mut slot.1, &mut batch.problems) {
                Ok(Some(line)) => {
                    slot.0 = line;
                    batch.names[batch.len] = resolver.resolve(&slot.1);
                    batch.len += 1;
                }
                Ok(None) => {
                    ended = true;
                    break;
                }
                Err(failure) => {
                    // Rows before the failure are still delivered, then the failure.
                    if full.send(Ok(batch)).is_ok() {
                        let _ = full.send(Err(failure));
                    }
                    return;
                }
            }
        }
        if full.send(Ok(batch)).is_err() || ended {
            return;
        }
    }
}

impl Rows for Pipelined {
    fn file(&self) -> Arc<str> {
        self.file.clone()
    }

    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_row(&mut self, problems: &mut Vec<Problem>) -> Result<Option<NextRow<'_>>, Failure> {
        while self.next >= self.current.len {
            match self.full.recv() {
                Ok(Ok(mut batch)) => {
                    problems.append(&mut batch.problems);
                    let spent = std::mem::replace(&mut self.current, batch);
                    // A full return channel only means the parser already has buffers.
                    let _ = self.spent.try_send(spent);
                    self.next = 0;
                }
                Ok(Err(failure)) => return Err(failure),
                Err(_) => return Ok(None),
            }
        }
        let (line, record) = &self.current.rows[self.next];
        let names = &self.current.names[self.next];
        self.next += 1;
        Ok(Some((*line, record, Some(names))))
    }
}
