//! States, territories and organisations a Chinese official can meet, and name matching.

use super::names::{closest, fold};
use super::reference::{read_bundled, split_list};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The reference table as shipped in `python/cisd/data/entities.csv`.
const ENTITIES_CSV: &str = include_str!("../../python/cisd/data/entities.csv");

/// One state, territory or international organisation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Entity {
    /// ISO 3166-1 alpha-3, or an organisation code such as `INTERPOL`.
    pub code: String,
    /// Short English name.
    pub name: String,
    /// `state`, `territory` or `organisation`.
    pub kind: String,
    /// Other spellings, `|`-separated.
    #[serde(default)]
    pub aliases: String,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub iso2: String,
    /// Correlates of War state code.
    pub cow_code: Option<u32>,
    /// Gleditsch-Ward state code.
    pub gw_code: Option<u32>,
    /// UN M49 region.
    #[serde(default)]
    pub un_region: String,
    /// UN M49 sub-region.
    #[serde(default)]
    pub un_subregion: String,
    /// The cisd region scheme (see CODEBOOK.md).
    pub region: String,
}

impl Entity {
    /// Whether this is an international organisation rather than a state or territory.
    pub fn is_organisation(&self) -> bool {
        self.kind == "organisation"
    }

    /// The region under a named scheme: `cisd`, `un_region` or `un_subregion`.
    pub fn region_in(&self, scheme: RegionScheme) -> &str {
        match scheme {
            RegionScheme::Cisd => &self.region,
            RegionScheme::UnRegion => &self.un_region,
            RegionScheme::UnSubregion => &self.un_subregion,
        }
    }
}

/// The region schemes the entities table can express.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionScheme {
    /// The project's scheme, able to express the paper's regions.
    Cisd,
    /// UN M49 regions.
    UnRegion,
    /// UN M49 sub-regions.
    UnSubregion,
}

impl RegionScheme {
    /// Reads a scheme name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "cisd" | "paper" => Some(Self::Cisd),
            "un_region" | "un" => Some(Self::UnRegion),
            "un_subregion" => Some(Self::UnSubregion),
            _ => None,
        }
    }
}

/// All entities with a folded-name index.
#[derive(Debug)]
pub struct EntityTable {
    entities: Vec<Entity>,
    by_key: HashMap<String, usize>,
    by_iso2: HashMap<String, usize>,
}

impl EntityTable {
    /// Builds a table and its index from records; two entities claiming one spelling is an
    /// error, because a lookup must never depend on row order.
    pub fn new(entities: Vec<Entity>) -> Result<Self, String> {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut by_iso2 = HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            let spellings = [e.code.as_str(), e.name.as_str()]
                .into_iter()
                .chain(split_list(&e.aliases));
            for spelling in spellings {
                let key = fold(spelling);
                if let Some(&j) = by_key.get(&key) {
                    if j != i {
                        return Err(format!(
                            "entities: spelling {spelling:?} names both {} and {}",
                            entities[j].code, e.code
                        ));
                    }
                }
                by_key.insert(key, i);
            }
            if !e.iso2.is_empty() {
                by_iso2.insert(e.iso2.clone(), i);
            }
        }
        Ok(Self {
            entities,
            by_key,
            by_iso2,
        })
    }

    /// The table bundled with the package.
    pub fn bundled() -> Result<&'static EntityTable, String> {
        static TABLE: OnceLock<Result<EntityTable, String>> = OnceLock::new();
        TABLE
            .get_or_init(|| read_bundled("entities.csv", ENTITIES_CSV).and_then(Self::new))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Finds an entity by code, name or alias; ISO alpha-2 codes only when written in capitals,
    /// so that an English word is never read as a code. An entity's own code wins over an
    /// alpha-2 code (`AU` is the African Union, Australia is `AUS`), so that every code this
    /// package writes reads back as itself.
    pub fn resolve(&self, text: &str) -> Option<&Entity> {
        let trimmed = text.trim();
        if let Some(e) = self.by_code(trimmed) {
            return Some(e);
        }
        if trimmed.len() == 2 && trimmed.chars().all(|c| c.is_ascii_uppercase()) {
            if let Some(&i) = self.by_iso2.get(trimmed) {
                return Some(&self.entities[i]);
            }
        }
        self.by_key.get(&fold(trimmed)).map(|&i| &self.entities[i])
    }

    /// Finds an entity by its exact code.
    pub fn by_code(&self, code: &str) -> Option<&Entity> {
        self.by_key
            .get(&fold(code))
            .map(|&i| &self.entities[i])
            .filter(|e| e.code == code)
    }

    /// The closest known spelling, for a "did you mean" hint.
    pub fn suggest(&self, text: &str) -> Option<String> {
        closest(
            text,
            self.by_key
                .iter()
                .map(|(k, &i)| (k.as_str(), self.entities[i].name.as_str())),
        )
        .and_then(|name| self.resolve(name))
        .map(|e| format!("{} ({})", e.name, e.code))
    }

    /// The regions of the cisd scheme, in order of first appearance in the file.
    pub fn regions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.entities {
            if !out.contains(&e.region.as_str()) {
                out.push(&e.region);
            }
        }
        out
    }

    /// Every entity, in file order.
    pub fn all(&self) -> &[Entity] {
        &self.entities
    }
}
