//! Officials and counterparts resolved on the parsing thread: the assembly thread is the slower
//! of the two, so rows reach it with their names already looked up.

use super::columns::{ColumnMap, Field};
use super::lookup::Lookups;
use super::record::Record;
use super::trim::trim;
use crate::model::{Entity, Official};

/// The columns holding a flat row's official and counterpart.
struct NameColumns {
    official: Option<usize>,
    counterpart: Option<usize>,
}

/// A row's official and counterpart found in the reference tables; `None` where the cell is
/// empty or names no one, which the assembly reports with the cell's text.
#[derive(Clone, Copy, Default)]
pub struct Names {
    /// The Chinese official.
    pub official: Option<&'static Official>,
    /// The foreign state or organisation.
    pub counterpart: Option<&'static Entity>,
}

/// Resolves the names of each row, remembering each spelling as the assembly's look-ups do.
pub struct Resolver {
    columns: NameColumns,
    lookups: Lookups,
}

impl Resolver {
    /// A resolver for a flat file's map; the counterpart column is the one the assembly reads.
    pub fn new(map: &ColumnMap, lookups: Lookups) -> Self {
        let columns = NameColumns {
            official: map.get(Field::Official),
            counterpart: map
                .get(Field::Counterpart)
                .or_else(|| map.get(Field::CounterpartName)),
        };
        Resolver { columns, lookups }
    }

    /// The names of one row.
    pub fn resolve(&mut self, cells: &Record) -> Names {
        let text = |column: Option<usize>| {
            let cell = trim(cells.get(column?)?);
            (!cell.is_empty()).then_some(cell)
        };
        let (official, counterpart) = (text(self.columns.official), text(self.columns.counterpart));
        Names {
            official: official.and_then(|t| self.lookups.official(t)),
            counterpart: counterpart.and_then(|t| self.lookups.entity(t)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityTable, OfficialTable};
    use crate::parse::columns::map_columns;
    use std::collections::BTreeMap;

    #[test]
    fn resolves_known_names_and_leaves_the_rest_to_the_assembly() {
        let headers = ["official", "counterpart_name"].map(String::from);
        let (map, _) = map_columns("t.csv", &headers, &BTreeMap::new(), &[]);
        let lookups = Lookups::new(
            EntityTable::bundled().unwrap(),
            OfficialTable::bundled().unwrap(),
        );
        let mut resolver = Resolver::new(&map, lookups);
        let names = resolver.resolve(&Record::from(vec![" Wang Xiaohong ", "Viet Nam"]));
        let official = names.official.map(|o| o.name.as_str());
        assert_eq!(official, Some("Wang Xiaohong"));
        assert_eq!(names.counterpart.map(|e| e.code.as_str()), Some("VNM"));
        let names = resolver.resolve(&Record::from(vec!["", "Atlantis"]));
        assert!(names.official.is_none() && names.counterpart.is_none());
    }
}
