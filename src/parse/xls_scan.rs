//! Bounds what calamine will allocate for an .xls workbook, before calamine sees it.
//!
//! calamine parses every sheet of an .xls when the workbook is opened, and builds each sheet as
//! a dense grid spanning its cells (`Range::from_sparse`, calamine 0.38 lib.rs:1032), after
//! reserving room for the span its DIMENSIONS record declares (xls.rs:663-667). One cell at
//! row 65,536 or a lying DIMENSIONS record in a file of a few kilobytes would make it allocate
//! gigabytes, and a failed allocation aborts the process rather than panicking. Its compound
//! file reader also follows sector chains without a bound (cfb.rs:335), so a chain that loops
//! grows a buffer until memory runs out.
//!
//! So this module reads the compound file the way calamine does (same quirks: sectors past
//! the end of the file, the mini stream, the "Book" fallback), walks the BIFF records calamine
//! walks, and works out each sheet's span as calamine would. Anything that would make calamine
//! loop, panic or allocate past the budget is refused here. Where in doubt it counts more than
//! calamine would, never less: a refused broken file costs nothing, a missed one the process.

/// The signature every compound file (and so every .xls) starts with.
const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;

/// Why a workbook is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The container or its records cannot be read the way calamine reads them.
    Broken(String),
    /// One sheet spans more cells than the budget.
    Sheet {
        name: String,
        rows: u64,
        columns: u64,
        /// The span is the one its DIMENSIONS record declares, not that of its cells.
        declared: bool,
    },
    /// calamine keeps every sheet in memory at once, so their spans add up.
    Workbook { sheets: usize, cells: u64 },
}

fn broken(reason: impl Into<String>) -> Refusal {
    Refusal::Broken(reason.into())
}

/// Why reading the container stopped: calamine either reports an error (and may then try the
/// "Book" stream) or never comes back (a chain that loops, a panic).
struct Stop {
    fatal: bool,
    why: String,
}

fn error(why: impl Into<String>) -> Stop {
    Stop {
        fatal: false,
        why: why.into(),
    }
}

fn fatal(why: impl Into<String>) -> Stop {
    Stop {
        fatal: true,
        why: why.into(),
    }
}

impl From<Stop> for Refusal {
    fn from(stop: Stop) -> Self {
        Refusal::Broken(stop.why)
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// Little-endian u32s; calamine asserts (panics) when the length is not a multiple of 4.
fn u32s(bytes: &[u8]) -> Result<Vec<u32>, Stop> {
    if !bytes.len().is_multiple_of(4) {
        return Err(fatal(
            "a sector table of a length that is not a multiple of 4",
        ));
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// calamine reads the file through one cursor shared by all its sector buffers.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn read(&mut self, into: &mut [u8]) -> usize {
        let available = &self.bytes[self.at.min(self.bytes.len())..];
        let n = into.len().min(available.len());
        into[..n].copy_from_slice(&available[..n]);
        self.at += n;
        n
    }
}

/// calamine's `Sectors` (cfb.rs:282): a buffer filled from the cursor as sectors are asked
/// for, zero-padded past the end of the file. Mirrored because what a chain reads depends on
/// this state, and a different reading of the same bytes could hide a far-away cell.
struct Sectors {
    data: Vec<u8>,
    size: usize,
    max_id: u32,
}

impl Sectors {
    fn get(&mut self, id: u32, cursor: &mut Cursor<'_>) -> Result<&[u8], Stop> {
        if id > self.max_id {
            return Err(error(format!("sector {id} lies past the end of the file")));
        }
        // max_id is at most the file's length over the sector size, so this stays within
        // about one file's length.
        let start = id as usize * self.size;
        let end = start + self.size;
        if end > self.data.len() {
            let mut len = self.data.len();
            self.data.resize(end, 0);
            while len < end {
                let read = cursor.read(&mut self.data[len..end]);
                if read == 0 {
                    // calamine slices `start..len` here, which panics when len < start.
                    return self.data.get(start..len).ok_or_else(|| {
                        fatal(format!("sector {id} lies past the end of the file"))
                    });
                }
                len += read;
            }
        }
        Ok(&self.data[start..end])
    }

    /// A chain of sectors up to `len` bytes. calamine bounds this by `len` alone, which the
    /// file declares (up to 2^64 bytes); a chain longer than the sectors there are must loop.
    fn chain(
        &mut self,
        first: u32,
        table: &[u32],
        cursor: &mut Cursor<'_>,
        len: usize,
    ) -> Result<Vec<u8>, Stop> {
        let mut chain = Vec::new();
        let mut id = first;
        let mut visited = 0u64;
        while id != ENDOFCHAIN {
            visited += 1;
            if visited > u64::from(self.max_id) + 1 {
                return Err(fatal(format!(
                    "a sector chain from sector {first} that loops"
                )));
            }
            let sector = self.get(id, cursor)?;
            let take = sector.len().min(len - chain.len());
            chain.extend_from_slice(&sector[..take]);
            if chain.len() >= len {
                break;
            }
            // calamine indexes its table here and panics past its end.
            id = *table.get(id as usize).ok_or_else(|| {
                fatal(format!(
                    "sector {id}, which the allocation table does not cover"
                ))
            })?;
        }
        Ok(chain)
    }
}

struct Entry {
    name: String,
    start: u32,
    len: usize,
}

/// The compound file as calamine's `Cfb::new` (cfb.rs:107) leaves it.
struct Compound<'a> {
    cursor: Cursor<'a>,
    sectors: Sectors,
    fat: Vec<u32>,
    mini: Sectors,
    mini_fat: Vec<u32>,
    entries: Vec<Entry>,
}

impl<'a> Compound<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self, Stop> {
        let header = bytes
            .get(..512)
            .ok_or_else(|| error(format!("a compound file of {} bytes", bytes.len())))?;
        let field = |at| u32_at(header, at).unwrap_or_default();
        let version = u16_at(header, 26).unwrap_or_default();
        let size: usize = match u16_at(header, 30) {
            Some(9) => 512,
            Some(12) => 4096,
            other => {
                return Err(error(format!(
                    "sector shift {:#x}",
                    other.unwrap_or_default()
                )))
            }
        };
        if size == 4096 && bytes.len() < 4096 {
            return Err(error("a compound file cut short in its header"));
        }
        if u16_at(header, 32) != Some(6) {
            return Err(error("a mini sector shift other than 6"));
        }
        let dir_start = field(48);
        let mini_fat_start = field(60);
        let mini_fat_len = field(64) as usize;
        let difat_start = field(68);
        let mut difat = u32s(&header[76..512])?;

        let max_id = (bytes.len() / size) as u32;
        let mut cursor = Cursor { bytes, at: size };
        let mut sectors = Sectors {
            data: Vec::new(),
            size,
            max_id,
        };

        let mut difat_sectors = 0u64;
        let mut id = difat_start;
        while id < RESERVED_SECTORS {
            difat_sectors += 1;
            if difat_sectors > u64::from(max_id) + 1 {
                return Err(fatal("a DIFAT chain that loops"));
            }
            difat.extend(u32s(sectors.get(id, &mut cursor)?)?);
            id = difat.pop().ok_or_else(|| error("an empty DIFAT sector"))?;
        }

        // calamine appends one sector of table per listed FAT sector, repeats included; the
        // header's 109 entries plus one per sector of the file is all a file can mean.
        let listed: Vec<u32> = difat.into_iter().filter(|&id| id < DIFSECT).collect();
        if listed.len() as u64 > u64::from(max_id) + 110 {
            return Err(error(format!(
                "{} FAT sectors in a file of {} sectors",
                listed.len(),
                max_id
            )));
        }
        let mut fat = Vec::new();
        for id in listed {
            fat.extend(u32s(sectors.get(id, &mut cursor)?)?);
        }

        let directory = sectors.chain(dir_start, &fat, &mut cursor, usize::MAX)?;
        let entries: Vec<Entry> = directory
            .chunks_exact(128)
            .map(|e| {
                let units: Vec<u16> = e[..64]
                    .chunks_exact(2)
                    .map(|u| u16::from_le_bytes([u[0], u[1]]))
                    .collect();
                let mut name = String::from_utf16_lossy(&units);
                if let Some(nul) = name.find('\0') {
                    name.truncate(nul);
                }
                let len = if size == 512 {
                    u64::from(field_of(e, 120))
                } else {
                    u64_at(e, 120).unwrap_or_default()
                };
                Entry {
                    name,
                    start: field_of(e, 116),
                    len: usize::try_from(len).unwrap_or(usize::MAX),
                }
            })
            .collect();
        let Some(root) = entries.first() else {
            return Err(error("an empty directory"));
        };
        if version != 3 && root.start == ENDOFCHAIN {
            return Err(error("an empty root directory"));
        }

        let (mini_fat, ministream) = if mini_fat_len > 0 {
            let ministream = sectors.chain(root.start, &fat, &mut cursor, root.len)?;
            let table = sectors.chain(mini_fat_start, &fat, &mut cursor, mini_fat_len * size)?;
            (u32s(&table)?, ministream)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Compound {
            cursor,
            sectors,
            fat,
            mini: Sectors {
                data: ministream,
                size: 64,
                max_id: max_id.saturating_mul(8),
            },
            mini_fat,
            entries,
        })
    }

    /// calamine's `get_stream` (cfb.rs:184).
    fn stream(&mut self, name: &str) -> Result<Vec<u8>, Stop> {
        let Some(entry) = self
            .entries
            .iter()
            .find(|e| e.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
        else {
            return Err(error(format!("no {name} stream")));
        };
        if entry.len < 4096 {
            self.mini
                .chain(entry.start, &self.mini_fat, &mut self.cursor, entry.len)
        } else {
            self.sectors
                .chain(entry.start, &self.fat, &mut self.cursor, entry.len)
        }
    }

    /// The workbook stream, as calamine picks it (xls.rs:502).
    fn workbook(&mut self) -> Result<Vec<u8>, Stop> {
        match self.stream("Workbook") {
            Err(stop) if !stop.fatal => self.stream("Book").map_err(|book| {
                if book.fatal {
                    book
                } else {
                    error(format!("{}; {}", stop.why, book.why))
                }
            }),
            read => read,
        }
    }
}

fn field_of(entry: &[u8], at: usize) -> u32 {
    u32_at(entry, at).unwrap_or_default()
}

/// One BIFF record with its CONTINUE records absorbed, as calamine's `RecordIter`
/// (xls.rs:1387) yields them; iteration ends where calamine's would fail.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let kind = u16_at(self.stream, 0)?;
        let len = usize::from(u16_at(self.stream, 2)?);
        let data = self.stream.get(4..4 + len)?;
        self.stream = &self.stream[4 + len..];
        while self.stream.len() > 4 && u16_at(self.stream, 0) == Some(0x003C) {
            let len = usize::from(u16_at(self.stream, 2)?);
            if self.stream.len() < len + 4 {
                self.stream = &[];
                return None;
            }
            self.stream = &self.stream[len + 4..];
        }
        Some((kind, data))
    }
}

/// The rows and columns calamine reserves for a DIMENSIONS record (xls.rs:1114 and 663):
/// its u32 arithmetic wraps in release builds, so a first row past the last declares ~2^32.
fn declared_span(data: &[u8]) -> Option<(u64, u64)> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)?),
            u32::from(u16_at(data, 2)?),
            u32::from(u16_at(data, 4)?),
            u32::from(u16_at(data, 6)?),
        ),
        14 | 16 => (
            u32_at(data, 0)?,
            u32_at(data, 4)?,
            u32::from(u16_at(data, 8)?),
            u32::from(u16_at(data, 10)?),
        ),
        _ => return None,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Some((1, 1));
    }
    let rows = (last_row - 1).wrapping_sub(first_row).wrapping_add(1);
    let columns = (last_col - 1).wrapping_sub(first_col).wrapping_add(1);
    Some((u64::from(rows), u64::from(columns)))
}

/// The smallest box holding a set of cells.
#[derive(Default)]
struct Span(Option<(u32, u32, u32, u32)>);

impl Span {
    fn add(&mut self, row: u32, column: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, column, column),
            Some((top, bottom, left, right)) => (
                top.min(row),
                bottom.max(row),
                left.min(column),
                right.max(column),
            ),
        });
    }

    fn size(&self) -> (u64, u64) {
        self.0.map_or((0, 0), |(top, bottom, left, right)| {
            (u64::from(bottom - top) + 1, u64::from(right - left) + 1)
        })
    }
}

/// The cells calamine places for one sheet, and the most it reserves (xls.rs:636-722).
/// Records are counted whenever they carry a position, even where calamine would reject them
/// as too short: it would then fail, which only makes this count generous.
fn sheet_spans(stream: &[u8]) -> ((u64, u64), (u64, u64)) {
    let mut cells = Span::default();
    let mut declared = (0u64, 0u64);
    let mut formula_at = (0u32, 0u32);
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (kind, data) in (Records { stream }) {
        // calamine skips nested substreams (embedded charts) by depth; mirrored exactly,
        // since stopping at a nested EOF would miss the cells after it.
        if depth > 0 {
            match kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => (),
            }
            continue;
        }
        let at = || Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
        match kind {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => {
                if let Some((rows, columns)) = declared_span(data) {
                    if rows.saturating_mul(columns) > declared.0.saturating_mul(declared.1) {
                        declared = (rows, columns);
                    }
                }
            }
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST (BLANK and MULBLANK are skipped
            // by calamine, so they place nothing).
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some((row, column)) = at() {
                    cells.add(row, column);
                }
            }
            0x0006 => {
                if let Some((row, column)) = at() {
                    formula_at = (row, column);
                    cells.add(row, column);
                }
            }
            // STRING: a formula's text result, placed at the last formula (or A1 if none).
            0x0207 => cells.add(formula_at.0, formula_at.1),
            0x00BD if data.len() >= 6 => {
                if let Some((row, first)) = at() {
                    let count = (data.len() - 6).div_ceil(6) as u32;
                    if count > 0 {
                        cells.add(row, first);
                        cells.add(row, first + count - 1);
                    }
                }
            }
            _ => (),
        }
    }
    (cells.size(), declared)
}

/// The BoundSheet8 name, for messages only.
fn sheet_name(data: &[u8], biff8: bool, index: usize) -> String {
    let fallback = || format!("sheet {}", index + 1);
    let Some(&count) = data.get(6) else {
        return fallback();
    };
    let count = usize::from(count);
    let name = if biff8 {
        match data.get(7) {
            Some(flags) if flags & 1 == 1 => data.get(8..8 + 2 * count).map(|b| {
                let units: Vec<u16> = b
                    .chunks_exact(2)
                    .map(|u| u16::from_le_bytes([u[0], u[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            }),
            Some(_) => data
                .get(8..8 + count)
                .map(|b| b.iter().map(|&c| char::from(c)).collect()),
            None => None,
        }
    } else {
        data.get(7..7 + count)
            .map(|b| b.iter().map(|&c| char::from(c)).collect())
    };
    name.map(|n| n.replace('\0', ""))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(fallback)
}

/// Refuses a compound file that calamine could not read within `max_cells` cells per sheet and
/// in all. Bytes that are not a compound file are left alone: calamine's .xls reader refuses
/// them on their signature.
pub fn check(bytes: &[u8], max_cells: u64) -> Result<(), Refusal> {
    if !bytes.starts_with(&MAGIC) {
        return Ok(());
    }
    let stream = Compound::open(bytes)?.workbook()?;

    // The globals substream, up to its EOF: where calamine finds the sheets (xls.rs:527-585).
    let mut sheets = Vec::new();
    let mut biff8 = true;
    for (kind, data) in (Records { stream: &stream }) {
        match kind {
            // An encrypted workbook: calamine stops here with an error, before any sheet.
            0x002F if u16_at(data, 0).is_some_and(|v| v != 0) => return Ok(()),
            0x0809 => biff8 = u16_at(data, 0) == Some(0x0600),
            0x0085 => {
                if let Some(at) = u32_at(data, 0) {
                    sheets.push((at as usize, sheet_name(data, biff8, sheets.len())));
                }
            }
            0x000A => break,
            _ => (),
        }
    }

    let mut total = 0u64;
    for (at, name) in &sheets {
        // calamine slices the stream at the position and panics past its end.
        let Some(sheet) = stream.get(*at..) else {
            return Err(broken(format!(
                "sheet {name} placed at byte {at} of a {}-byte workbook stream",
                stream.len()
            )));
        };
        let (used, declared) = sheet_spans(sheet);
        let used_cells = used.0.saturating_mul(used.1);
        let declared_cells = declared.0.saturating_mul(declared.1);
        let (rows, columns, is_declared) = if declared_cells > used_cells {
            (declared.0, declared.1, true)
        } else {
            (used.0, used.1, false)
        };
        let cells = used_cells.max(declared_cells);
        if cells > max_cells {
            return Err(Refusal::Sheet {
                name: name.clone(),
                rows,
                columns,
                declared: is_declared,
            });
        }
        total = total.saturating_add(cells);
    }
    if total > max_cells {
        return Err(Refusal::Workbook {
            sheets: sheets.len(),
            cells: total,
        });
    }
    Ok(())
}
