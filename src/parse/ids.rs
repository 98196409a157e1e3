//! Event ids to positions, keyed by a 64-bit hash of the id.
//!
//! A table of millions of string keys is rehashed as it grows, and each rehash reads every key
//! again from wherever it sits in memory; eight-byte keys stay inside the table. Two different
//! ids with the same hash (for a million ids, about one chance in 10^7) go to a second,
//! string-keyed table, so a collision costs time, never correctness.

use crate::hash::FastMap;
use std::sync::Arc;

/// Where each event id was first seen.
#[derive(Default)]
pub struct EventIds {
    hasher: ahash::RandomState,
    by_hash: FastMap<u64, usize>,
    collided: FastMap<Arc<str>, usize>,
}

impl EventIds {
    /// The position of `id`; `id_at` gives the id stored at a position.
    pub fn get<'a>(&self, id: &str, id_at: impl Fn(usize) -> &'a str) -> Option<usize> {
        let hash = self.hasher.hash_one(id);
        match self.by_hash.get(&hash) {
            Some(&k) if id_at(k) == id => Some(k),
            Some(_) => self.collided.get(id).copied(),
            None => None,
        }
    }

    /// Notes that `id`, not seen before, is at position `k`.
    pub fn insert(&mut self, id: &Arc<str>, k: usize) {
        let hash = self.hasher.hash_one(&**id);
        if let std::collections::hash_map::Entry::Vacant(slot) = self.by_hash.entry(hash) {
            slot.insert(k);
        } else {
            self.collided.insert(id.clone(), k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_survives_a_forced_collision() {
        let stored: Vec<Arc<str>> = vec!["a".into(), "b".into(), "c".into()];
        let mut ids = EventIds::default();
        ids.insert(&stored[0], 0);
        ids.insert(&stored[1], 1);
        // Force "c" into the same hash slot as "a", as a real collision would.
        let hash_a = ids.hasher.hash_one("a");
        let hash_c = ids.hasher.hash_one("c");
        let at_a = ids.by_hash.remove(&hash_a).unwrap();
        ids.by_hash.insert(hash_c, at_a);
        ids.collided.insert(stored[2].clone(), 2);
        let id_at = |k: usize| &*stored[k];
        assert_eq!(ids.get("b", id_at), Some(1));
        assert_eq!(ids.get("c", id_at), Some(2));
        assert_eq!(ids.get("d", id_at), None);
    }
}
