//! Bounds what calamine will allocate for an .xls workbook, before calamine sees it.
//!
//! calamine parses every sheet of an .xls when the workbook is opened, and builds each sheet as
//! a dense grid spanning its cells (`Range::from_sparse`, calamine 0.38 lib.rs:1032), after
//! reserving room for the span its DIMENSIONS record declares (xls.rs:663-667). One cell at
//! row 65,536 or a lying DIMENSIONS record in a file of a few kilobytes would make it allocate
//! gigabytes, and a failed allocation aborts the process rather than panicking. Its compound
//! file reader also follows sector chains without a bound (cfb.rs:336), so a chain that loops
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::spreadsheet::read_spreadsheet;

    const FREE: u32 = 0xFFFF_FFFF;
    const FATSECT: u32 = 0xFFFF_FFFD;
    const BUDGET: u64 = 10_000_000;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn bof(kind: u16) -> Vec<u8> {
        let mut data = vec![0x00, 0x06];
        data.extend(kind.to_le_bytes());
        data.extend([0; 12]);
        record(0x0809, &data)
    }

    fn eof() -> Vec<u8> {
        record(0x000A, &[])
    }

    fn position(row: u16, column: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(column.to_le_bytes());
        data.extend([0, 0]); // format index
        data
    }

    fn label(row: u16, column: u16, text: &str) -> Vec<u8> {
        let mut data = position(row, column);
        data.extend((text.len() as u16).to_le_bytes());
        data.push(0); // one byte per character
        data.extend(text.as_bytes());
        record(0x0204, &data)
    }

    fn number(row: u16, column: u16, value: f64) -> Vec<u8> {
        let mut data = position(row, column);
        data.extend(value.to_le_bytes());
        record(0x0203, &data)
    }

    /// DIMENSIONS as BIFF8 writes it: first row, last row + 1, first column, last column + 1.
    fn dimensions(first_row: u32, rows_end: u32, first_column: u16, columns_end: u16) -> Vec<u8> {
        let mut data = first_row.to_le_bytes().to_vec();
        data.extend(rows_end.to_le_bytes());
        data.extend(first_column.to_le_bytes());
        data.extend(columns_end.to_le_bytes());
        data.extend([0, 0]);
        record(0x0200, &data)
    }

    /// A BIFF8 workbook stream of one sheet, "data", holding `cells`.
    fn biff(cells: &[Vec<u8>]) -> Vec<u8> {
        let sheet_record = |at: u32| {
            let mut data = at.to_le_bytes().to_vec();
            data.extend([0, 0, 4, 0]);
            data.extend(b"data");
            record(0x0085, &data)
        };
        let globals_len = bof(5).len() + sheet_record(0).len() + eof().len();
        let mut stream = bof(5);
        stream.extend(sheet_record(globals_len as u32));
        stream.extend(eof());
        stream.extend(bof(0x10));
        for cell in cells {
            stream.extend(cell);
        }
        stream.extend(eof());
        stream
    }

    fn put(bytes: &mut [u8], at: usize, value: u32) {
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    fn entry(name: &str, kind: u8, child: u32, start: u32, len: u32) -> [u8; 128] {
        let mut e = [0u8; 128];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            e[2 * i..2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&(2 * (units.len() as u16 + 1)).to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        put(&mut e, 68, FREE);
        put(&mut e, 72, FREE);
        put(&mut e, 76, child);
        put(&mut e, 116, start);
        put(&mut e, 120, len);
        e
    }

    /// A version 3 compound file holding `stream` as "Workbook". Sector 0 is the FAT (at byte
    /// 512), sector 1 the directory (byte 1024); a stream of 4096 bytes or more takes sectors
    /// 2 onwards, a smaller one goes in the mini stream (mini FAT at sector 2, the mini stream
    /// from sector 3), as the format requires.
    fn compound(stream: &[u8]) -> Vec<u8> {
        let mut fat = vec![FREE; 128];
        fat[0] = FATSECT;
        fat[1] = ENDOFCHAIN;
        let mut body: Vec<u8> = Vec::new();
        let chain = |fat: &mut Vec<u32>, first: usize, count: usize| {
            let last = first + count - 1;
            for (i, next) in fat.iter_mut().enumerate().skip(first).take(count) {
                *next = if i == last { ENDOFCHAIN } else { i as u32 + 1 };
            }
        };
        let (root, workbook, mini_fat_start, mini_fat_len);
        if stream.len() >= 4096 {
            let count = stream.len().div_ceil(512);
            chain(&mut fat, 2, count);
            body.extend(stream);
            root = entry("Root Entry", 5, 1, ENDOFCHAIN, 0);
            workbook = entry("Workbook", 2, FREE, 2, stream.len() as u32);
            (mini_fat_start, mini_fat_len) = (ENDOFCHAIN, 0);
        } else {
            let minis = stream.len().div_ceil(64);
            let mut mini_fat = vec![FREE; 128];
            chain(&mut mini_fat, 0, minis);
            fat[2] = ENDOFCHAIN;
            for v in mini_fat {
                body.extend(v.to_le_bytes());
            }
            let mut ministream = stream.to_vec();
            ministream.resize(minis * 64, 0);
            chain(&mut fat, 3, ministream.len().div_ceil(512));
            body.extend(&ministream);
            root = entry("Root Entry", 5, 1, 3, ministream.len() as u32);
            workbook = entry("Workbook", 2, FREE, 0, stream.len() as u32);
            (mini_fat_start, mini_fat_len) = (2, 1);
        }
        body.resize(body.len().div_ceil(512) * 512, 0);
        assert!(
            body.len() / 512 + 2 <= 128,
            "one FAT sector covers the file"
        );

        let mut file = vec![0u8; 512];
        file[..8].copy_from_slice(&MAGIC);
        file[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
        file[26..28].copy_from_slice(&3u16.to_le_bytes());
        file[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        file[30..32].copy_from_slice(&9u16.to_le_bytes());
        file[32..34].copy_from_slice(&6u16.to_le_bytes());
        put(&mut file, 44, 1);
        put(&mut file, 48, 1);
        put(&mut file, 56, 4096);
        put(&mut file, 60, mini_fat_start);
        put(&mut file, 64, mini_fat_len);
        put(&mut file, 68, ENDOFCHAIN);
        for i in 0..109 {
            put(&mut file, 76 + 4 * i, if i == 0 { 0 } else { FREE });
        }
        for v in fat {
            file.extend(v.to_le_bytes());
        }
        file.extend(root);
        file.extend(workbook);
        file.resize(file.len() + 256, 0);
        file.extend(body);
        file
    }

    fn small_sheet() -> Vec<Vec<u8>> {
        vec![
            dimensions(0, 2, 0, 2),
            label(0, 0, "date"),
            label(0, 1, "official"),
            label(1, 0, "2024-01-01"),
            label(1, 1, "Wang Xiaohong"),
        ]
    }

    #[test]
    fn a_small_sheet_passes_and_reads() {
        let book = compound(&biff(&small_sheet()));
        assert_eq!(check(&book, BUDGET), Ok(()));
        let table = read_spreadsheet(&book, "w.xls", None).unwrap();
        assert_eq!(&*table.file, "w.xls[data]");
        assert_eq!(table.headers, ["date", "official"]);
        assert_eq!(table.rows[0].cells, vec!["2024-01-01", "Wang Xiaohong"]);
    }

    #[test]
    fn a_stream_in_regular_sectors_passes_and_reads() {
        let mut cells = small_sheet();
        cells.extend((2..400).map(|r| number(r, 0, 45000.0)));
        let stream = biff(&cells);
        assert!(stream.len() >= 4096);
        let book = compound(&stream);
        assert_eq!(check(&book, BUDGET), Ok(()));
        let table = read_spreadsheet(&book, "w.xls", None).unwrap();
        assert_eq!(table.rows.len(), 399);
    }

    fn far_cell() -> Vec<Vec<u8>> {
        let mut cells = small_sheet();
        cells.push(number(65_535, 255, 1.0));
        cells
    }

    #[test]
    fn one_far_cell_is_refused_from_the_mini_stream_and_from_sectors() {
        let small = compound(&biff(&far_cell()));
        let mut padded = far_cell();
        padded.extend((2..400).map(|r| number(r, 0, 1.0)));
        let large = compound(&biff(&padded));
        for book in [small, large] {
            let refused = Refusal::Sheet {
                name: "data".into(),
                rows: 65_536,
                columns: 256,
                declared: false,
            };
            assert_eq!(check(&book, BUDGET), Err(refused));
            let p = read_spreadsheet(&book, "far.xls", None).unwrap_err();
            assert_eq!(p.rule, "unreadable_spreadsheet");
            assert_eq!(p.value, "sheet data: 65536 rows by 256 columns");
            assert_eq!(p.expected, "a sheet spanning at most 10000000 cells");
        }
    }

    #[test]
    fn a_lying_dimensions_record_is_refused() {
        // 4e9 rows by 256 columns: calamine would reserve about 40 TB for it on opening, which
        // aborts the process; reaching the assertions at all shows the check came first.
        let mut cells = small_sheet();
        cells[0] = dimensions(0, 4_000_000_000, 0, 256);
        let book = compound(&biff(&cells));
        let p = read_spreadsheet(&book, "liar.xls", None).unwrap_err();
        assert_eq!(
            p.value,
            "sheet data: 4000000000 rows by 256 columns (as its DIMENSIONS record declares)"
        );
        // A first row past the last wraps in calamine's arithmetic to about 2^32 rows.
        cells[0] = dimensions(5, 3, 0, 2);
        let book = compound(&biff(&cells));
        assert!(matches!(
            check(&book, BUDGET),
            Err(Refusal::Sheet {
                rows: 4_294_967_294,
                declared: true,
                ..
            })
        ));
    }

    #[test]
    fn the_budget_counts_the_span_not_the_cells() {
        // 2 cells 1000 rows by 100 columns apart: 100,000 cells in the grid calamine builds.
        let cells = vec![number(0, 0, 1.0), number(999, 99, 1.0)];
        let book = compound(&biff(&cells));
        assert_eq!(check(&book, 100_000), Ok(()));
        assert!(matches!(
            check(&book, 99_999),
            Err(Refusal::Sheet {
                rows: 1000,
                columns: 100,
                ..
            })
        ));
    }

    #[test]
    fn cells_after_an_embedded_chart_are_counted() {
        let mut cells = small_sheet();
        cells.extend([
            bof(0x20),
            number(9, 9, 1.0),
            eof(),
            number(60_000, 200, 1.0),
        ]);
        let book = compound(&biff(&cells));
        assert!(matches!(
            check(&book, BUDGET),
            Err(Refusal::Sheet {
                rows: 60_001,
                columns: 201,
                ..
            })
        ));
    }

    #[test]
    fn not_a_compound_file_is_left_to_calamine() {
        assert_eq!(check(b"PK\x03\x04 a zip", 0), Ok(()));
        assert_eq!(check(b"", 0), Ok(()));
    }

    /// Must come back as a refusal, quickly, without a panic.
    fn assert_broken(book: &[u8]) {
        assert!(matches!(check(book, BUDGET), Err(Refusal::Broken(_))));
        let p = read_spreadsheet(book, "broken.xls", None).unwrap_err();
        assert_eq!(p.rule, "unreadable_spreadsheet");
    }

    #[test]
    fn a_looping_directory_chain_is_refused() {
        // calamine follows this chain with no bound on its length: memory runs out.
        let mut book = compound(&biff(&small_sheet()));
        put(&mut book, 512 + 4, 1);
        assert_broken(&book);
    }

    #[test]
    fn a_looping_stream_chain_with_a_huge_declared_length_is_refused() {
        let mut cells = small_sheet();
        cells.extend((2..400).map(|r| number(r, 0, 1.0)));
        let mut book = compound(&biff(&cells));
        // The stream's last sector points back to its first; its length claims ~4 GB.
        let last = (book.len() / 512 - 2) as u32;
        put(&mut book, 512 + 4 * last as usize, 2);
        put(&mut book, 1024 + 128 + 120, 0xFFFF_FFF0);
        assert_broken(&book);
    }

    #[test]
    fn bad_sector_indexes_are_refused() {
        let book = compound(&biff(&small_sheet()));
        let mut past_end = book.clone();
        put(&mut past_end, 48, 0x7FFF_FFFF);
        assert_broken(&past_end);
        // The workbook stream's chain leaves the file after its first sector.
        let mut cells = small_sheet();
        cells.extend((2..400).map(|r| number(r, 0, 1.0)));
        let mut leaves = compound(&biff(&cells));
        put(&mut leaves, 512 + 4 * 2, 5000);
        assert_broken(&leaves);
        let mut no_stream = book;
        no_stream[1024 + 128] = b'X';
        assert_broken(&no_stream);
    }

    #[test]
    fn truncated_and_mutated_files_never_panic() {
        let small = compound(&biff(&far_cell()));
        let mut cells = small_sheet();
        cells.extend((2..400).map(|r| number(r, 0, 1.0)));
        let large = compound(&biff(&cells));
        for book in [&small, &large] {
            for cut in 0..book.len() {
                let _ = check(&book[..cut], BUDGET);
            }
            for at in 0..book.len().min(2048) {
                for value in [0x00, 0x01, 0x7F, 0xFF] {
                    let mut mutated = book.clone();
                    mutated[at] = value;
                    let _ = check(&mutated, BUDGET);
                }
            }
        }
        // Every cut of a refused file still refuses or reads, never more.
        for cut in (0..small.len()).step_by(97) {
            let _ = read_spreadsheet(&small[..cut], "cut.xls", None);
        }
    }
}
