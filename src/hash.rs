//! Hash maps for the per-row paths. The standard SipHash costs more than the rest of a row's
//! look-ups together; aHash with a random seed per process is several times faster and still
//! keeps a hostile file from choosing colliding keys.

/// A hash map keyed per process with aHash.
pub type FastMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;

/// A hash set keyed per process with aHash.
pub type FastSet<K> = std::collections::HashSet<K, ahash::RandomState>;
