//! States, territories and organisations a Chinese official can meet, and name matching.

use super::names::{closest, fold, not_one_of};
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

/// The code systems `EntityTable::lookup` can translate a name into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSystem {
    /// The cisd code: ISO 3166-1 alpha-3 for a state or territory, e.g. `INTERPOL` otherwise.
    Iso3,
    /// ISO 3166-1 alpha-2.
    Iso2,
    /// Correlates of War state code.
    Cow,
    /// Gleditsch-Ward state code.
    Gw,
    /// The short English name.
    Name,
}

/// A code in one of the systems: text, or a number for the COW and GW state codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code<'a> {
    /// An ISO code or a name.
    Text(&'a str),
    /// A COW or GW state code.
    Number(u32),
}

impl CodeSystem {
    /// The names a user writes, in documentation order.
    pub const NAMES: [&'static str; 5] = ["iso3", "iso2", "cow", "gw", "name"];

    /// Reads a system name, or says which ones exist.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "iso3" => Ok(Self::Iso3),
            "iso2" => Ok(Self::Iso2),
            "cow" => Ok(Self::Cow),
            "gw" => Ok(Self::Gw),
            "name" => Ok(Self::Name),
            _ => Err(not_one_of("code system", text, &Self::NAMES)),
        }
    }
}

impl Entity {
    /// This entity's code in `system`; `None` where it has none (an organisation has no COW,
    /// GW or alpha-2 code, some territories no COW or GW code).
    pub fn code_in(&self, system: CodeSystem) -> Option<Code<'_>> {
        match system {
            CodeSystem::Iso3 => Some(Code::Text(&self.code)),
            CodeSystem::Iso2 => Some(Code::Text(&self.iso2)).filter(|_| !self.iso2.is_empty()),
            CodeSystem::Cow => self.cow_code.map(Code::Number),
            CodeSystem::Gw => self.gw_code.map(Code::Number),
            CodeSystem::Name => Some(Code::Text(&self.name)),
        }
    }
}

/// Whether the words of `part` occur, in order and adjacent, among the words of `whole`
/// (both folded): "congo" is part of "republic of the congo", "niger" is not part of "nigeria".
fn has_words(whole: &str, part: &str) -> bool {
    let whole: Vec<&str> = whole.split(' ').collect();
    let part: Vec<&str> = part.split(' ').collect();
    whole.windows(part.len()).any(|w| w == part.as_slice())
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

    /// The one entity `text` names, or why there is none: an unknown name gets the did-you-mean;
    /// a name that is no entity's spelling but a whole-word part of several ("Congo", "Korea")
    /// names those candidates, because guessing one would silently mislabel a merge.
    pub fn lookup(&self, text: &str) -> Result<&Entity, String> {
        if let Some(e) = self.resolve(text) {
            return Ok(e);
        }
        let key = fold(text);
        let mut candidates: Vec<usize> = if key.is_empty() {
            Vec::new()
        } else {
            self.by_key
                .iter()
                .filter(|(spelling, _)| has_words(spelling, &key))
                .map(|(_, &i)| i)
                .collect()
        };
        candidates.sort_unstable();
        candidates.dedup();
        if candidates.len() > 1 {
            let names: Vec<String> = candidates
                .iter()
                .map(|&i| format!("{} ({})", self.entities[i].name, self.entities[i].code))
                .collect();
            return Err(format!(
                "ambiguous name {text:?}: it could be {}; write one of these names or codes",
                names.join(" or ")
            ));
        }
        let hint = self
            .suggest(text)
            .map(|s| format!(" (did you mean {s}?)"))
            .unwrap_or_default();
        Err(format!(
            "unknown country, territory or organisation {text:?}{hint}"
        ))
    }

    /// The code in `system` of each name, `None` staying `None`; the first name that does not
    /// identify exactly one entity is an error (see `lookup`).
    pub fn codes<'a, 'n>(
        &'a self,
        names: impl IntoIterator<Item = Option<&'n str>>,
        system: CodeSystem,
    ) -> Result<Vec<Option<Code<'a>>>, String> {
        names
            .into_iter()
            .map(|name| match name {
                None => Ok(None),
                Some(text) => Ok(self.lookup(text)?.code_in(system)),
            })
            .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> &'static EntityTable {
        EntityTable::bundled().expect("bundled entities load")
    }

    fn one(text: &str, system: CodeSystem) -> Result<Option<Code<'static>>, String> {
        Ok(table().codes([Some(text)], system)?.remove(0))
    }

    #[test]
    fn translates_names_and_aliases_into_each_system() {
        assert_eq!(
            one("Viet Nam", CodeSystem::Iso3),
            Ok(Some(Code::Text("VNM")))
        );
        assert_eq!(one("Lao PDR", CodeSystem::Iso2), Ok(Some(Code::Text("LA"))));
        assert_eq!(
            one("Viet Nam", CodeSystem::Cow),
            Ok(Some(Code::Number(816)))
        );
        assert_eq!(one("DR Congo", CodeSystem::Gw), Ok(Some(Code::Number(490))));
        assert_eq!(one("LAO", CodeSystem::Name), Ok(Some(Code::Text("Laos"))));
        assert_eq!(
            one("  côte d’ivoire ", CodeSystem::Iso3),
            Ok(Some(Code::Text("CIV")))
        );
    }

    #[test]
    fn organisations_and_territories_lack_state_codes() {
        assert_eq!(
            one("Interpol", CodeSystem::Iso3),
            Ok(Some(Code::Text("INTERPOL")))
        );
        assert_eq!(one("Interpol", CodeSystem::Cow), Ok(None));
        assert_eq!(one("Interpol", CodeSystem::Gw), Ok(None));
        assert_eq!(one("Interpol", CodeSystem::Iso2), Ok(None));
        assert_eq!(one("Cook Islands", CodeSystem::Cow), Ok(None));
    }

    #[test]
    fn missing_names_stay_missing() {
        let out = table().codes([Some("Niger"), None, Some("Nigeria")], CodeSystem::Iso3);
        assert_eq!(
            out,
            Ok(vec![Some(Code::Text("NER")), None, Some(Code::Text("NGA"))])
        );
    }

    #[test]
    fn a_part_of_several_names_is_ambiguous() {
        let congo = one("Congo", CodeSystem::Iso3).unwrap_err();
        assert!(congo.starts_with("ambiguous name \"Congo\""), "{congo}");
        assert!(
            congo.contains("(COD)") && congo.contains("(COG)"),
            "{congo}"
        );
        let korea = one("korea", CodeSystem::Iso3).unwrap_err();
        assert!(
            korea.contains("(KOR)") && korea.contains("(PRK)"),
            "{korea}"
        );
        // An exact spelling wins over being part of longer ones.
        assert_eq!(one("Guinea", CodeSystem::Iso3), Ok(Some(Code::Text("GIN"))));
    }

    #[test]
    fn unknown_names_get_the_did_you_mean() {
        let e = one("Vietnan", CodeSystem::Iso3).unwrap_err();
        assert_eq!(
            e,
            "unknown country, territory or organisation \"Vietnan\" (did you mean Vietnam (VNM)?)"
        );
        assert!(one("", CodeSystem::Iso3)
            .unwrap_err()
            .starts_with("unknown"));
    }

    #[test]
    fn words_match_whole() {
        assert!(has_words("republic of the congo", "the congo"));
        assert!(!has_words("nigeria", "niger"));
        assert!(!has_words("congo", "republic of the congo"));
    }

    #[test]
    fn systems_parse_with_a_hint() {
        assert_eq!(CodeSystem::parse("gw"), Ok(CodeSystem::Gw));
        let e = CodeSystem::parse("iso").unwrap_err();
        assert!(e.contains("did you mean iso"), "{e}");
    }
}
