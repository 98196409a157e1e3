//! The closed vocabularies of the codebook.

/// Declares an enum whose variants each have one canonical spelling, plus extra spellings
/// accepted on input.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every variant, in codebook order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical spelling used in files and tables.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Reads a spelling, ignoring case, spaces, hyphens and underscores.
            pub fn parse(text: &str) -> Option<Self> {
                // Canonical spellings are by far the most common; they need no folding.
                $(
                    if text == $text {
                        return Some($name::$variant);
                    }
                )+
                let key: String = text
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '-' | '_' | '/' | '.'))
                    .flat_map(char::to_lowercase)
                    .collect();
                $(
                    if key == $text.to_lowercase().replace(['_', '-', ' '], "") $(|| key == $alias)* {
                        return Some($name::$variant);
                    }
                )+
                None
            }

            /// Reads a query argument: a canonical spelling, ignoring case, spaces, hyphens and
            /// underscores, but none of the abbreviations files may use (`b`, `vm`): an argument
            /// that is a prefix of a value is more likely a slip than a choice.
            pub fn from_argument(text: &str) -> Option<Self> {
                let key = |t: &str| -> String {
                    t.chars()
                        .filter(|c| !matches!(c, ' ' | '-' | '_'))
                        .flat_map(char::to_lowercase)
                        .collect()
                };
                let wanted = key(text);
                Self::ALL.iter().copied().find(|v| key(v.as_str()) == wanted)
            }

            /// The canonical spellings, in codebook order.
            pub fn names() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }

            /// The canonical spellings joined for an error message.
            pub fn expected() -> String {
                let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                format!("one of {}", names.join(", "))
            }
        }
    };
}

// Query parameters (panel units, frequencies) are closed vocabularies too.
pub(crate) use vocabulary;

vocabulary!(
    /// The Chinese organ an official belongs to.
    Agency {
        /// Ministry of Public Security.
        Mps => "MPS" | "ministryofpublicsecurity",
        /// Ministry of State Security.
        Mss => "MSS" | "ministryofstatesecurity",
        /// CCP Central Political and Legal Affairs Commission.
        Cplc => "CPLC" | "centralpoliticallegalcommission" | "centralpoliticalandlegalaffairscommission",
    }
);

vocabulary!(
    /// An official's level; ministers and the CPLC head count as "ministerial".
    Rank {
        /// Minister (MPS, MSS).
        Minister => "minister" | "m",
        /// Vice minister (MPS).
        ViceMinister => "vice_minister" | "vm" | "deputyminister",
        /// Assistant minister (MPS).
        AssistantMinister => "assistant_minister" | "am",
        /// Head of the CPLC (a party post).
        PartyHead => "party_head" | "secretary" | "head",
    }
);

vocabulary!(
    /// How many foreign parties an event had.
    Format {
        /// Exactly one foreign state or organisation.
        Bilateral => "bilateral" | "bi" | "b",
        /// More than one foreign party.
        Multilateral => "multilateral" | "multi" | "m",
    }
);

vocabulary!(
    /// Whether an event was held on its own or alongside a multilateral one.
    Setting {
        /// Held on its own.
        Standalone => "standalone" | "stand_alone" | "s",
        /// Held on the sidelines of a multilateral event.
        Sideline => "sideline" | "sidelines" | "side",
    }
);

vocabulary!(
    /// How exactly an event's date is known.
    DatePrecision {
        /// The day is known.
        Day => "day" | "d",
        /// Only the month is known; the date is stored as the first of the month.
        Month => "month" | "m",
    }
);

vocabulary!(
    /// Who wrote a source's text, whatever site carries it (CODEBOOK.md, sources).
    SourceKind {
        /// A government, ministry, embassy, police force, or the forum itself.
        Official => "official" | "government",
        /// A state-owned or state-funded outlet or agency (Xinhua, TASS, VNA, VOA).
        StateMedia => "state_media" | "state",
        /// A privately owned outlet or agency.
        Independent => "independent" | "private",
        /// An international organisation (Interpol, the SCO secretariat, a UN body).
        InternationalOrganisation => "international_organisation" | "internationalorganization" | "io",
        /// A copy on an unrelated site, a bare address or a scraping aggregator.
        Mirror => "mirror" | "copy",
    }
);

vocabulary!(
    /// Whose side a source's text comes from, relative to its event.
    SourceSide {
        /// Written in China (its government or media).
        Chinese => "chinese" | "china" | "prc",
        /// Written by one of the event's counterparts (a state or organisation met).
        Partner => "partner",
        /// Written by anyone else.
        Third => "third" | "thirdparty",
    }
);

impl Rank {
    /// Ministers and the CPLC head are "ministerial" in the paper's maps.
    pub fn is_ministerial(self) -> bool {
        matches!(self, Rank::Minister | Rank::PartyHead)
    }
}
